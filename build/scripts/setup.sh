#!/usr/bin/env bash
# setup.sh installs what Weft needs to build, run and test, and nothing else.
# It is idempotent: every step first checks whether its part is present.
#
#   build/scripts/setup.sh          apt packages, Wails CLI, npm packages
#
# Environment: WEFT_SKIP_APT=1 skips the apt step (for machines where the
# packages are managed elsewhere).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WAILS_VERSION="v2.10.2"
APT_PACKAGES=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev
  xvfb xauth x11-utils imagemagick chromium fonts-liberation postgresql wrk xdotool curl)

log() { printf '==> %s\n' "$*"; }

missing_apt() {
  local p
  for p in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      printf '%s ' "$p"
    fi
  done
}

setup_apt() {
  [[ "${WEFT_SKIP_APT:-}" == 1 ]] && { log "apt: skipped (WEFT_SKIP_APT=1)"; return; }
  local missing
  missing="$(missing_apt)"
  if [[ -z "$missing" ]]; then
    log "apt: all packages present"
    return
  fi
  local sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: $missing" >&2; exit 1; }
    sudo="sudo"
  fi
  log "apt: installing $missing"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}

setup_wails() {
  local bin
  bin="$(go env GOPATH)/bin/wails"
  if [[ -x "$bin" ]] && "$bin" version 2>/dev/null | grep -q "^${WAILS_VERSION}"; then
    log "wails: ${WAILS_VERSION} present"
    return
  fi
  log "wails: installing ${WAILS_VERSION}"
  go install "github.com/wailsapp/wails/v2/cmd/wails@${WAILS_VERSION}"
}

setup_npm() {
  local fe="$ROOT/frontend"
  if [[ -f "$fe/node_modules/.package-lock.json" ]] &&
    cmp -s "$fe/package-lock.json" "$fe/node_modules/.weft-lock-stamp"; then
    log "npm: packages present"
    return
  fi
  log "npm: npm ci"
  (cd "$fe" && npm_config_audit=false npm_config_fund=false npm ci --no-audit --no-fund)
  cp "$fe/package-lock.json" "$fe/node_modules/.weft-lock-stamp"
}

setup_go() {
  log "go: downloading modules"
  (cd "$ROOT" && go mod download)
}

setup_apt
setup_go
setup_wails
setup_npm
log "setup complete"
