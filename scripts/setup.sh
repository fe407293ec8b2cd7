#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already
# there: the wasm32 target, Chromium, and the npm tools (wasm-opt from the
# binaryen package — never Debian's binaryen — terser, TypeScript and
# playwright-core, which drives Debian's Chromium). The tag's wasm exports
# are plain C-ABI functions with a few lines of hand-written glue, so no
# wasm-bindgen CLI or wasm-pack is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c"
done

if ! [ -x /usr/bin/chromium ]; then
  say "installing Chromium"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
fi

if ! [ -x node_modules/binaryen/bin/wasm-opt ] || ! [ -d node_modules/playwright-core ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm tools (binaryen wasm-opt, terser, typescript, playwright-core)"
  npm ci --no-audit --no-fund
fi
