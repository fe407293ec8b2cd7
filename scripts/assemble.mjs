// Assembles the script-tag folder from the wasm-bindgen outputs:
//   micromoment.js            ES module loader (+ micromoment_core.js glue + micromoment_core_bg.wasm)
//   micromoment.inline.js     one classic script with the wasm inside (starts synchronously)
//   micromoment-debug.js      debug overlay, loaded only on demand
//   micromoment-prehide.js    optional slot pre-hide snippet
// JS is minified with terser. Prints sizes (raw, gzip -9) and SRI hashes.
// Usage: node scripts/assemble.mjs WEB_DIR NO_MODULES_DIR OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { minify } from 'terser';

const [webDir, nmDir, out] = process.argv.slice(2);
const js = (f) => fs.readFileSync(path.join('js', f), 'utf8');
const tag = js('tag.js');

async function write(name, source, module, finish = (code) => code) {
  const result = await minify(source, {
    module,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  fs.writeFileSync(path.join(out, name), finish(result.code));
}

// A single-quoted JS string literal holding one character per byte.
// Only the quote, the backslash and the two line breaks are escaped. NUL (8%
// of the wasm's bytes) stays a raw character, which a JS string literal may
// hold: as `\x00` it cost 3.3 KB of gzip.
function latin1Literal(bytes) {
  const esc = { 0x0a: '\\n', 0x0d: '\\r', 0x27: "\\'", 0x5c: '\\\\' };
  let s = "'";
  for (const b of bytes) s += esc[b] ?? String.fromCharCode(b);
  return s + "'";
}

// V8's compile hint: compile every function while the file streams in,
// off the main thread, instead of each on its first call (about 140 lazy
// compiles on the main thread during start; at 4x CPU throttling the
// single file ran 16% shorter on the main thread with the hint).
const HINT = '//# allFunctionsCalledOnLoad\n';
const hinted = (code) => HINT + code;

fs.mkdirSync(out, { recursive: true });
fs.copyFileSync(path.join(webDir, 'micromoment_core_bg.wasm'), path.join(out, 'micromoment_core_bg.wasm'));
await write('micromoment_core.js', fs.readFileSync(path.join(webDir, 'micromoment_core.js'), 'utf8'), true, hinted);
await write('micromoment.js', js('esm-entry.js').replace('//@tag', tag), true, hinted);
const wasm = fs.readFileSync(path.join(nmDir, 'micromoment_core_bg.wasm'));
const inline = js('inline-entry.js')
  .replace('//@glue', fs.readFileSync(path.join(nmDir, 'micromoment_core.js'), 'utf8'))
  .replace('//@tag', tag)
  .replace('@WASM_LENGTH@', String(wasm.length));
await write('micromoment.inline.js', inline, false, (code) => {
  // After minifying, so the minifier never rewrites the wasm's characters.
  const at = code.search(/(["'])@WASM@\1/);
  if (at < 0) throw new Error('wasm placeholder not found in the minified single file');
  return '\ufeff' + HINT + code.slice(0, at) + latin1Literal(wasm) + code.slice(at + '"@WASM@"'.length);
});
await write('micromoment-debug.js', js('micromoment-debug.js'), true);
await write('micromoment-prehide.js', js('micromoment-prehide.js'), false);

const rows = [
  ['micromoment.js', 'module script'],
  ['micromoment_core.js', 'module script'],
  ['micromoment_core_bg.wasm', 'module script'],
  ['micromoment.inline.js', 'single file'],
  ['micromoment-debug.js', 'on demand'],
  ['micromoment-prehide.js', 'optional'],
];
let raw = 0;
let gz = 0;
console.log(`${'file'.padEnd(26)} ${'bytes'.padStart(8)} ${'gzip'.padStart(7)}  sri`);
for (const [f, kind] of rows) {
  const file = path.join(out, f);
  const body = fs.readFileSync(file);
  const z = execFileSync('gzip', ['-9', '-c', file]).length;
  const sri = 'sha384-' + crypto.createHash('sha384').update(body).digest('base64');
  console.log(`${f.padEnd(26)} ${String(body.length).padStart(8)} ${String(z).padStart(7)}  ${sri}  (${kind})`);
  if (kind === 'module script') {
    raw += body.length;
    gz += z;
  }
}
console.log(`${'module script total'.padEnd(26)} ${String(raw).padStart(8)} ${String(gz).padStart(7)}`);
