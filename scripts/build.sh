#!/usr/bin/env bash
# Builds the tag: the wasm core (release, size-optimized with binaryen's
# wasm-opt), its JS glue and the loader, into www/micromoment/ — the folder a
# site copies as is. Prints each file's size (raw and gzip) and its
# Subresource Integrity hash.
set -euo pipefail
cd "$(dirname "$0")/.."
out=www/micromoment
pkg=pkg/web

wasm-pack build --release --target web --out-dir "$pkg" --out-name micromoment_core --no-pack >/dev/null
mkdir -p "$out"
node_modules/binaryen/bin/wasm-opt "$pkg/micromoment_core_bg.wasm" -Oz \
  --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-multivalue --enable-mutable-globals \
  -o "$out/micromoment_core_bg.wasm"
cp "$pkg/micromoment_core.js" "$out/micromoment_core.js"
cp js/micromoment.js "$out/micromoment.js"

total_raw=0
total_gz=0
printf '%-28s %9s %9s  %s\n' file bytes gzip sri
for f in "$out"/micromoment.js "$out"/micromoment_core.js "$out"/micromoment_core_bg.wasm; do
  raw=$(wc -c < "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  sri="sha384-$(openssl dgst -sha384 -binary "$f" | openssl base64 -A)"
  printf '%-28s %9d %9d  %s\n' "$(basename "$f")" "$raw" "$gz" "$sri"
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
done
printf '%-28s %9d %9d\n' total "$total_raw" "$total_gz"
echo "$total_gz" > target/script-tag-gzip-bytes
