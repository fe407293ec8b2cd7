#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already
# there: the wasm32 target, wasm-pack, wasm-bindgen-cli (the exact version in
# Cargo.lock), Chromium with ChromeDriver, and the npm tools (wasm-opt from
# the binaryen package, playwright-core).
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

if ! command -v wasm-pack >/dev/null 2>&1; then
  say "installing wasm-pack (a few minutes, once)"
  cargo install --locked wasm-pack
fi

# wasm-bindgen-cli must match the wasm-bindgen version in Cargo.lock exactly.
[ -f Cargo.lock ] || cargo generate-lockfile
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (a few minutes, once)"
  # --locked first; if the registry lacks one of its pinned dependencies,
  # resolve them afresh (same wasm-bindgen-cli version).
  cargo install --locked wasm-bindgen-cli --version "$want" \
    || cargo install --force wasm-bindgen-cli --version "$want"
fi

if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  say "installing Chromium and ChromeDriver"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium chromium-driver
fi

if ! [ -x node_modules/binaryen/bin/wasm-opt ] || ! [ -d node_modules/playwright-core ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm tools (binaryen wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund
fi
