#!/usr/bin/env bash
# Builds the tag into www/micromoment/ — the folder a site copies as is (the
# npm package carries the same files under dist/): the first part
# (micromoment.js, and micromoment.<lang>.js per language), the second part
# (micromoment-more.js), the debug overlay and the slot hold. Each part's
# wasm is built from this crate with its own feature (tag, tag-more),
# without the standard library, and size-optimized with binaryen's
# wasm-opt. Prints each file's size (raw and gzip) and its Subresource
# Integrity hash.
set -euo pipefail
cd "$(dirname "$0")/.."
out=www/micromoment
build=pkg/build
mkdir -p "$build"
opt() {
  node_modules/binaryen/bin/wasm-opt "$1" -Oz --strip-debug --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    -o "$2"
}
for part in first:tag more:tag-more; do
  name=${part%%:*}
  feature=${part#*:}
  cargo build --quiet --release --lib --target wasm32-unknown-unknown --no-default-features --features "$feature"
  opt target/wasm32-unknown-unknown/release/micromoment.wasm "$build/$name.wasm"
done
cargo run --quiet --example blobs -- "$build/blobs"
cargo run --quiet --example typescript > "$build/features.ts"
node scripts/assemble.mjs "$build" "$out"
