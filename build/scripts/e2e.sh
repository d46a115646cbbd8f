#!/usr/bin/env bash
# e2e.sh starts `weft studio` on a free loopback port with a temporary data
# file and runs the Playwright journey (frontend/e2e) against it in Debian's
# Chromium.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TMP="$(mktemp -d)"
export WEFT_ARTIFACTS="${WEFT_ARTIFACTS:-$ROOT/bin/artifacts}"
mkdir -p "$WEFT_ARTIFACTS"
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

"$ROOT/bin/weft" studio --addr 127.0.0.1:0 --data "$TMP/weft.db" >"$TMP/studio.log" 2>"$TMP/studio.err" &
pid=$!
url=""
for _ in $(seq 100); do
  url="$(sed -n 's/^Weft Studio is ready: \(http[^ ]*\).*/\1/p' "$TMP/studio.log")"
  [[ -n "$url" ]] && break
  sleep 0.1
done
if [[ -z "$url" ]]; then
  echo "e2e: weft studio did not start" >&2
  cat "$TMP/studio.log" "$TMP/studio.err" >&2
  exit 1
fi
echo "e2e: weft studio at $url"
cd "$ROOT/frontend"
WEFT_URL="$url" npm run --silent e2e
