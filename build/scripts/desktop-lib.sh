# desktop-lib.sh: helpers the desktop checks source (DISPLAY must be set).

# page_top prints how far below the window's top the page starts (under
# the native menu bar): the first row of the light theme's dark toolbar
# (#171C26) in the window's screenshot, saved at $2. It waits up to 10 s.
page_top() {
  local win="$1" shot="$2" top=""
  for _ in $(seq 40); do
    import -window "$win" "$shot" 2>/dev/null || true
    top="$(convert "$shot" -crop 1x200+4+0 txt:- 2>/dev/null | awk -F'[:,]' '/#171C26/ && !found { print $2; found = 1 }')"
    [[ -n "$top" ]] && { echo "$top"; return 0; }
    sleep 0.25
  done
  return 1
}
