// The size of the hand-written glue between the JavaScript and the wasm:
// `glue()` (and `decode()`, which turns the wasm carried as text into
// bytes) from js/tag.js, minified on its own with scripts/assemble.mjs's
// terser options, raw and after gzip -9 (docs/benchmarks.md).
//
// Usage: node bench/glue.mjs        (from the repository root)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = fs.readFileSync(path.join(root, 'js/tag.js'), 'utf8');
/** The source of top-level `function name(…) { … }`. */
function fn(name) {
  const a = src.indexOf(`\nfunction ${name}(`);
  if (a < 0) throw new Error(`js/tag.js has no function ${name}`);
  return src.slice(a, src.indexOf('\n}\n', a) + 3);
}
const options = { module: true, ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false } };
for (const names of [['glue'], ['glue', 'decode']]) {
  const code = (await minify(names.map(fn).join('') + `export { ${names.join(', ')} };`, options)).code;
  console.log(`${names.join(' + ')}: ${Buffer.byteLength(code)} B, gzip -9 ${zlib.gzipSync(code, { level: 9 }).length} B`);
}
