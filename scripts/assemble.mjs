// Assembles the script-tag folder from the two wasm files and the lexicon
// data the build wrote to BUILD_DIR (first.wasm, more.wasm, blobs/<code>.txt):
//   micromoment.js          the first part with English (load it in <head>)
//   micromoment.<lang>.js   the same with English and <lang> (pages in <lang>)
//   micromoment-more.js     the second part, loaded by the first after first paint
//   micromoment-debug.js    debug overlay, loaded only on demand
//   micromoment-hold.js     the slot hold for browsers without blocking="render"
// JS is minified with terser; each wasm is carried inside its script as one
// character per byte. Prints sizes (raw, gzip -9), SRI hashes, the CSP hash
// of the inline hold snippet, and writes sizes.json for the size budget.
// Usage: node scripts/assemble.mjs BUILD_DIR OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { minify } from 'terser';

const [buildDir, out] = process.argv.slice(2);
const js = (f) => fs.readFileSync(path.join('js', f), 'utf8');
const version = (() => {
  const m = fs.readFileSync('Cargo.toml', 'utf8').match(/^version = "(.*)"$/m);
  if (!m) throw new Error('Cargo.toml has no version');
  return m[1];
})();
const tag = js('tag.js').replace("'@VERSION@'", JSON.stringify(version));
const moreSource = js('tag-more.js');

/** Languages whose data the first part can carry besides English; `no` is both Norwegian written forms. */
export const LANGS = ['en', 'da', 'nb', 'nn', 'sv', 'de', 'nl', 'af', 'it', 'es', 'fr', 'pt', 'ru'];
const VARIANTS = { ...Object.fromEntries(LANGS.slice(1).map((l) => [l, [l]])), no: ['nb', 'nn'] };
const blob = (code) => fs.readFileSync(path.join(buildDir, 'blobs', code + '.txt'), 'utf8');

async function minified(source, module) {
  const result = await minify(source, {
    module,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  return result.code;
}

// A single-quoted JS string literal holding one character per byte.
// Only the quote, the backslash and the two line breaks are escaped. NUL
// stays a raw character, which a JS string literal may hold: as `\x00` it
// cost 3.3 KB of gzip.
function latin1Literal(bytes) {
  const esc = { 0x0a: '\\n', 0x0d: '\\r', 0x27: "\\'", 0x5c: '\\\\' };
  let s = "'";
  for (const b of bytes) s += esc[b] ?? String.fromCharCode(b);
  return s + "'";
}

// V8's compile hint: compile every function while the file streams in,
// off the main thread, instead of each on its first call.
const HINT = '//# allFunctionsCalledOnLoad\n';

/** Puts the wasm into minified code in place of its placeholder (after minifying, so the minifier never rewrites its characters). */
function withWasm(code, wasm) {
  const at = code.search(/(["'])@WASM@\1/);
  if (at < 0) throw new Error('wasm placeholder not found in the minified code');
  return '\ufeff' + HINT + code.slice(0, at) + latin1Literal(wasm) + code.slice(at + '"@WASM@"'.length);
}

/** The script source of a part: `entry` with the runtime, language data and wasm length in place. */
function source(entry, marker, runtime, languages, wasm) {
  const text = js(entry);
  for (const m of [marker, '@LANGUAGES@', '@WASM_LENGTH@']) {
    if (text.split(m).length !== 2) throw new Error(`${entry}: expected one ${m}`);
  }
  return text
    .replace("'@VERSION@'", () => JSON.stringify(version))
    .replace(marker, () => runtime)
    .replace('@LANGUAGES@', () => JSON.stringify(languages))
    .replace('@WASM_LENGTH@', String(wasm.length));
}

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const first = fs.readFileSync(path.join(buildDir, 'first.wasm'));
const second = fs.readFileSync(path.join(buildDir, 'more.wasm'));

// The first part: one minified runtime, then one file per language set.
const firstCode = await minified(source('entry-script.js', '//@tag', tag, ['@LANG0@', '@LANG1@'], first), false);
function firstFile(langs) {
  const code = firstCode.replace(/\[(["'])@LANG0@\1,\s*(["'])@LANG1@\2\]/, () =>
    JSON.stringify(langs.map(blob)),
  );
  if (code === firstCode) throw new Error('language placeholder not found in the minified first part');
  return withWasm(code, first);
}
const files = [['micromoment.js', firstFile(['en']), 'first part (English)']];
for (const [v, langs] of Object.entries(VARIANTS)) {
  files.push([`micromoment.${v}.js`, firstFile(['en', ...langs]), `first part (English + ${langs.join(', ')})`]);
}
const moreCode = await minified(
  source('entry-more-script.js', '//@more', moreSource, LANGS.slice(1).map(blob), second),
  true,
);
files.push(['micromoment-more.js', withWasm(moreCode, second), 'second part, after first paint']);
files.push(['micromoment-debug.js', await minified(js('micromoment-debug.js'), true), 'on demand']);
const hold = await minified(js('hold.js'), false);
files.push(['micromoment-hold.js', hold, 'optional']);

const gzip = (body) => zlib.gzipSync(body, { level: 9 }).length;
const sizes = {};
console.log(`${'file'.padEnd(26)} ${'bytes'.padStart(8)} ${'gzip'.padStart(7)}  sri`);
for (const [name, body, kind] of files) {
  fs.writeFileSync(path.join(out, name), body);
  const bytes = Buffer.from(body);
  const z = gzip(bytes);
  sizes[name] = { bytes: bytes.length, gzip: z };
  const sri = 'sha384-' + crypto.createHash('sha384').update(bytes).digest('base64');
  if (!name.startsWith('micromoment.') || name === 'micromoment.js' || name === 'micromoment.da.js') {
    console.log(`${name.padEnd(26)} ${String(bytes.length).padStart(8)} ${String(z).padStart(7)}  ${sri}  (${kind})`);
  }
}
const firsts = Object.entries(sizes).filter(([n]) => /^micromoment(\.[a-z]+)?\.js$/.test(n));
const largestFirst = Math.max(...firsts.map(([, s]) => s.gzip));
const total = largestFirst + sizes['micromoment-more.js'].gzip;
console.log(`(${firsts.length} first-part files; the largest is ${largestFirst} B gzip)`);
console.log(`${'everything a page loads'.padEnd(26)} ${''.padStart(8)} ${String(total).padStart(7)}  (largest first part + second part)`);
const csp = "'sha256-" + crypto.createHash('sha256').update(hold).digest('base64') + "'";
console.log(`inline hold snippet: <script>${hold.length > 60 ? '…' : hold}</script> — CSP script-src ${csp}`);
fs.writeFileSync(
  path.join(buildDir, 'sizes.json'),
  JSON.stringify({ files: sizes, critical: largestFirst, total, holdCsp: csp }, null, 2) + '\n',
);
