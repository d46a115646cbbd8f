#!/usr/bin/env bash
# desktop-bundles.sh drives the native bundle dialogs of the built Weft
# Studio window under Xvfb with xdotool: it exports the open flow through
# the GTK save dialog, checks the written .weft with `weft inspect`, imports
# another bundle through the GTK open dialog as a copy, and checks that the
# data file then holds both flows.
#
# Where to click is measured first in Chromium at the window's size
# (frontend/e2e/desktop-points.mjs, which also saves the flow into the data
# file) and moved down by the window's native menu bar, measured on the
# window; the dialogs are driven by their titles and the keyboard.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=desktop-lib.sh
source "$ROOT/build/scripts/desktop-lib.sh"
APP="$ROOT/build/bin/weft-studio"
WEFT="$ROOT/bin/weft"
ART="${WEFT_ARTIFACTS:-$ROOT/bin/artifacts}"
mkdir -p "$ART"
TMP="$(mktemp -d)"
DISP=":$((190 + RANDOM % 100))"
DATA="$TMP/data/weft.db"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() {
  echo "desktop bundles: FAIL: $*" >&2
  import -display "$DISP" -window root "$ART/desktop-bundles-failure.png" 2>/dev/null || true
  [[ -f "$TMP/app.log" ]] && tail -20 "$TMP/app.log" >&2
  echo "0 passed, 1 failed"
  exit 1
}

[[ -x "$APP" && -x "$WEFT" ]] || fail "build $APP and $WEFT first (make build)"
mkdir -p "$TMP/data"
printf '{"formatVersion": 2, "id": "sample", "name": "Sample", "nodes": [{"id": "a", "type": "core.manual"}], "edges": []}\n' >"$TMP/sample.flow.json"
"$WEFT" bundle "$TMP/sample.flow.json" --name sample --version 1.0.0 -o "$TMP/sample.weft" >/dev/null

points="$(cd "$ROOT/frontend" && WEFT_BIN="$WEFT" node e2e/desktop-points.mjs "$DATA" "$TMP/sample.weft")" ||
  fail "measuring the page in Chromium"
# at prints where to click for a measured point: below the menu bar ($top
# pixels), and for a dialog's controls centered in the shorter page.
at() {
  node -e 'const p = JSON.parse(process.argv[1])[process.argv[2]]; const top = Number(process.argv[3]);
    console.log(p.x, Math.round(p.centered ? top + p.y - 430 + (860 - top) / 2 : top + p.y))' "$points" "$1" "$top"
}

Xvfb "$DISP" -screen 0 1360x900x24 -nolisten tcp >"$TMP/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do xdpyinfo -display "$DISP" >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY="$DISP"
WEFT_DATA="$DATA" WEFT_HOOKS_ADDR="127.0.0.1:0" "$APP" >"$TMP/app.log" 2>&1 &
app=$!
pids+=("$app")

win=""
for _ in $(seq 100); do
  win="$(xdotool search --name '^Weft Studio$' 2>/dev/null | head -1 || true)"
  [[ -n "$win" ]] && break
  sleep 0.2
done
[[ -n "$win" ]] || fail "no Weft Studio window"
# The page is up once the window stops being one colour.
for _ in $(seq 60); do
  import -window root "$TMP/shot.png" 2>/dev/null || true
  [[ "$(convert "$TMP/shot.png" -format '%k' info: 2>/dev/null || echo 0)" -gt 50 ]] && break
  sleep 0.5
done

# The page starts where the dark toolbar (#171C26) does, below the menu bar.
top="$(page_top "$win" "$TMP/win.png")" ||
  { cp "$TMP/win.png" "$ART/desktop-bundles-window.png"; fail "the toolbar is not in the window — see $ART/desktop-bundles-window.png"; }

click() { read -r x y <<<"$(at "$1")"; xdotool mousemove --window "$win" "$x" "$y" click 1; sleep 0.5; }

# dialog waits for the native dialog titled $1 and prints its window id.
dialog() {
  local id=""
  for _ in $(seq 100); do
    id="$(xdotool search --name "^$1\$" 2>/dev/null | head -1 || true)"
    [[ -n "$id" ]] && { echo "$id"; return; }
    sleep 0.1
  done
  fail "the native \"$1\" dialog never opened"
}

# answer types a path into the dialog and presses Return until it closes.
answer() {
  local id="$1" title="$2" path="$3" key="$4"
  xdotool windowfocus --sync "$id" key --window "$id" "$key"
  xdotool type --window "$id" --delay 15 "$path"
  sleep 0.5
  for _ in $(seq 10); do
    xdotool search --name "^$title\$" >/dev/null 2>&1 || return 0
    xdotool windowfocus "$id" key --window "$id" Return 2>/dev/null || true
    sleep 0.7
  done
  fail "the \"$title\" dialog did not take $path"
}

click flow
click export
click exportConfirm
answer "$(dialog 'Export bundle')" 'Export bundle' "$TMP/exported.weft" ctrl+a
for _ in $(seq 50); do [[ -s "$TMP/exported.weft" ]] && break; sleep 0.1; done
[[ -s "$TMP/exported.weft" ]] || fail "the save dialog wrote no bundle"
"$WEFT" inspect "$TMP/exported.weft" >"$TMP/inspect.txt" || fail "weft inspect refused the exported bundle: $(cat "$TMP/inspect.txt")"
grep -q 'desktop-hello' "$TMP/inspect.txt" || fail "the exported bundle lacks the flow: $(cat "$TMP/inspect.txt")"

click import
answer "$(dialog 'Import bundle')" 'Import bundle' "$TMP/sample.weft" ctrl+l
sleep 1
click importAsCopy
click importConfirm
sleep 1
import -window root "$ART/desktop-bundles.png" 2>/dev/null || true
kill "$app"
for _ in $(seq 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
kill -9 "$app" 2>/dev/null || true

# The data file now holds the flow and the imported copy.
port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
"$WEFT" studio --addr "127.0.0.1:$port" --data "$DATA" >/dev/null 2>&1 &
pids+=($!)
flows=""
for _ in $(seq 100); do
  flows="$(curl -sf -X POST "http://127.0.0.1:$port/api/ListFlows" -d '[]' 2>/dev/null || true)"
  [[ -n "$flows" ]] && break
  sleep 0.1
done
grep -q '"Sample (copy)"' <<<"$flows" || fail "the imported copy is not in the data file: $flows"
grep -q '"Desktop hello"' <<<"$flows" || fail "the original flow is gone: $flows"
echo "desktop bundles: exported $(stat -c %s "$TMP/exported.weft") bytes through the save dialog, imported a copy through the open dialog ($ART/desktop-bundles.png)"
echo "1 passed, 0 failed"
