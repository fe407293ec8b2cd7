#!/usr/bin/env bash
# Builds the tag into www/micromoment/ — the folder a site copies as is:
# the wasm core (release, size-optimized with binaryen's wasm-opt), its JS
# glue, the loader, the single-file build, the debug overlay and the
# pre-hide snippet. Prints each file's size (raw and gzip) and its
# Subresource Integrity hash.
set -euo pipefail
cd "$(dirname "$0")/.."
out=www/micromoment
web=pkg/web
nm=pkg/no-modules
opt() {
  node_modules/binaryen/bin/wasm-opt "$1" -Oz \
    --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-multivalue --enable-mutable-globals -o "$2"
}

wasm-pack --quiet build --release --target web --out-dir "$web" --out-name micromoment_core --no-pack
wasm-bindgen --target no-modules --out-dir "$nm" --out-name micromoment_core \
  target/wasm32-unknown-unknown/release/micromoment.wasm
# Short import/export names in the wasm and its glue, before wasm-opt (which
# then also drops the code only the unused exports reached).
node scripts/shortnames.mjs "$web"
node scripts/shortnames.mjs "$nm"
node scripts/trimglue.mjs "$web"
node scripts/trimglue.mjs "$nm"
opt "$web/micromoment_core_bg.wasm" "$web/micromoment_core_bg.wasm"
opt "$nm/micromoment_core_bg.wasm" "$nm/micromoment_core_bg.wasm"
rm -rf "$out"
node scripts/assemble.mjs "$web" "$nm" "$out"
