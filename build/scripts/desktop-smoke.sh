#!/usr/bin/env bash
# desktop-smoke.sh starts the built Weft Studio window under Xvfb with a
# temporary data dir, takes a screenshot, checks that it is not blank and
# that the bbolt file was created, then stops the app.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP="$ROOT/build/bin/weft-studio"
ART="${WEFT_ARTIFACTS:-$ROOT/bin/artifacts}"
mkdir -p "$ART"
TMP="$(mktemp -d)"
DISP=":$((90 + RANDOM % 100))"
export WEFT_DATA="$TMP/data/weft.db"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "desktop smoke: FAIL: $*" >&2; [[ -f "$TMP/app.log" ]] && tail -20 "$TMP/app.log" >&2; echo "0 passed, 1 failed"; exit 1; }

[[ -x "$APP" ]] || fail "$APP is not built (make desktop)"
Xvfb "$DISP" -screen 0 1360x900x24 -nolisten tcp >"$TMP/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do xdpyinfo -display "$DISP" >/dev/null 2>&1 && break; sleep 0.1; done

DISPLAY="$DISP" "$APP" >"$TMP/app.log" 2>&1 &
app=$!
pids+=("$app")

for _ in $(seq 300); do [[ -s "$WEFT_DATA" ]] && break; sleep 0.1; done
[[ -s "$WEFT_DATA" ]] || fail "the app did not create its data file $WEFT_DATA"

# Wait until the page has rendered: the screenshot stops being one colour.
shot="$ART/desktop.png"
for _ in $(seq 60); do
  kill -0 "$app" 2>/dev/null || fail "the app exited early"
  import -display "$DISP" -window root "$shot" 2>/dev/null || true
  colors="$(convert "$shot" -format '%k' info: 2>/dev/null || echo 0)"
  [[ "$colors" -gt 50 ]] && break
  sleep 0.5
done
[[ "$colors" -gt 50 ]] || fail "the window looks blank ($colors colours) — see $shot"
kill -0 "$app" 2>/dev/null || fail "the app exited"
echo "desktop smoke: window rendered ($colors colours, $shot), data file $(stat -c %s "$WEFT_DATA") bytes"
echo "1 passed, 0 failed"
