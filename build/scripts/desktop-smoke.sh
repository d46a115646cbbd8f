#!/usr/bin/env bash
# desktop-smoke.sh first starts the built Weft Studio with no reachable
# display and checks it says so (exit 1, no Go stack). Then it starts the
# window under Xvfb with a temporary data dir, takes a screenshot, checks
# that it is not blank and that the bbolt file was created; then edits the
# flow name with the Edit menu's accelerators (select all, copy, paste,
# which the menus take from the page) and saves it with Ctrl+S; then
# presses the native menu accelerator View ▸ Theme ▸ Dark (Ctrl+Alt+D)
# with xdotool and checks the window turned dark but not blank
# (desktop-dark.png), and quits with the File ▸ Quit accelerator (Ctrl+Q), which
# remembers the window's place in the data file; the data file must then
# hold the pasted name.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=desktop-lib.sh
source "$ROOT/build/scripts/desktop-lib.sh"
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
fail() { echo "desktop smoke: FAIL: $*" >&2; [[ -f "$TMP/app.log" ]] && cp "$TMP/app.log" "$ART/desktop-app.log" && tail -20 "$TMP/app.log" >&2; echo "0 passed, 1 failed"; exit 1; }

[[ -x "$APP" ]] || fail "$APP is not built (make desktop)"
# Without a reachable display the app must say so and exit 1, not panic.
set +e
nodisp="$(DISPLAY=":$((300 + RANDOM % 100))" WAYLAND_DISPLAY='' WEFT_DATA="$TMP/nodisplay/weft.db" timeout 60 "$APP" 2>&1)"
rc=$?
set -e
[[ $rc -eq 1 && "$nodisp" == *"cannot open the window"* && "$nodisp" != *"goroutine "* ]] ||
  fail "without a display: exit $rc, said: $nodisp"
echo "desktop smoke: without a display it says so and exits 1: ${nodisp##*: }"
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

# luma prints the mean brightness of a screenshot, 0-255.
luma() { convert "$1" -colorspace Gray -format '%[fx:int(255*mean)]' info:; }
# spread prints the standard deviation of its brightness, 0-255.
spread() { convert "$1" -colorspace Gray -format '%[fx:int(255*standard_deviation)]' info:; }
light="$(luma "$shot")"
win="$(DISPLAY="$DISP" xdotool search --name '^Weft Studio$' 2>/dev/null | head -1 || true)"
[[ -n "$win" ]] || fail "no Weft Studio window to send keys to"
export DISPLAY="$DISP"
xdotool windowfocus --sync "$win"
top="$(page_top "$win" "$TMP/win.png")" || fail "the toolbar is not in the window"
# The flow name field sits at x 250 in the toolbar (22 px high from its top).
xdotool mousemove --window "$win" 250 $((top + 22)) click 1
sleep 0.3
xdotool key End; sleep 0.2
xdotool type --delay 60 "XYZ"; sleep 0.3
for k in ctrl+a ctrl+c End ctrl+v ctrl+s; do xdotool key "$k"; sleep 0.4; done
dark_shot="$ART/desktop-dark.png"
dark=255
# Choosing the dark theme twice changes nothing, so a key press the page
# was not ready for yet is simply sent again.
for i in $(seq 40); do
  (( i % 8 == 1 )) && DISPLAY="$DISP" xdotool key ctrl+alt+d
  sleep 0.25
  import -display "$DISP" -window root "$dark_shot" 2>/dev/null || continue
  dark="$(luma "$dark_shot")"
  (( dark * 2 < light )) && break
done
(( dark * 2 < light )) || fail "Ctrl+Alt+D (View ▸ Theme ▸ Dark) did not darken the window: brightness $light → $dark — see $dark_shot"
dark_colors="$(convert "$dark_shot" -format '%k' info:)"
dark_spread="$(spread "$dark_shot")"
[[ "$dark_colors" -gt 50 && "$dark_spread" -gt 8 ]] || fail "the dark window looks blank ($dark_colors colours, spread $dark_spread) — see $dark_shot"
echo "desktop smoke: native accelerator Ctrl+Alt+D turned the theme dark (brightness $light → $dark, $dark_colors colours, spread $dark_spread, $dark_shot)"

DISPLAY="$DISP" xdotool windowfocus --sync "$win" key ctrl+q
for _ in $(seq 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.2; done
kill -0 "$app" 2>/dev/null && fail "Ctrl+Q (File ▸ Quit) did not quit the app"
wait "$app" || fail "the app exited with an error after Ctrl+Q"
grep -q 'desktop.window' "$WEFT_DATA" || fail "the window's place was not remembered in $WEFT_DATA"
echo "desktop smoke: Ctrl+Q quit the app and the window's place was kept in the data file"
grep -qa 'Untitled flowXYZUntitled flowXYZ' "$WEFT_DATA" || fail "Ctrl+A, Ctrl+C, Ctrl+V and Ctrl+S in the flow name did not save the pasted name"
echo "desktop smoke: Edit ▸ Select all, Copy, Paste and File ▸ Save worked in a text field through their accelerators"
echo "1 passed, 0 failed"
