// Assembles the npm package `micromoment` in pkg/npm/ from what `make build`
// wrote (pkg/build/: first.wasm, more.wasm, blobs/<code>.txt, features.ts;
// www/micromoment/: the script-tag files), and packs it with --pack:
//
//   index.js             the entry: the first part (js/npm-entry.js around
//                        js/tag.js) with its wasm and the English lexicon inside
//   more.js              the second part (js/npm-more.js around js/tag-more.js)
//                        with its wasm and the other languages; index.js loads
//                        it with import(), so bundlers make it a lazy chunk
//   micromoment-debug.js the debug overlay, imported by more.js on demand
//   languages/<code>.js  one language's lexicon data for start()'s
//                        options.languages (`no` = nb + nn)
//   index.d.ts, types.d.ts, languages/<code>.d.ts   the types
//   dist/                the script-tag build, exactly www/micromoment/, for
//                        CDNs: <script src=".../micromoment@X.Y.Z/dist/micromoment.js">
//
// package.json takes its metadata from Cargo.toml. Prints each dist/ file's
// Subresource Integrity hash and the script tag to paste.
//
// Usage: node scripts/package.mjs [--build pkg/build] [--www www/micromoment] [--out pkg/npm] [--pack DIR]
//   --pack DIR   also runs `npm pack` into DIR (e.g. pkg/micromoment-0.2.0.tgz)
// Run `make build` first (`make package` does both).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const build = path.resolve(root, arg('--build', 'pkg/build'));
const www = path.resolve(root, arg('--www', 'www/micromoment'));
const out = path.resolve(root, arg('--out', 'pkg/npm'));
const packDir = arg('--pack', null);

/** Languages besides English, each with its lexicon files; `no` is both Norwegian written forms. */
const LANGUAGES = {
  da: ['da'], nb: ['nb'], nn: ['nn'], no: ['nb', 'nn'], sv: ['sv'], de: ['de'], nl: ['nl'],
  af: ['af'], it: ['it'], es: ['es'], fr: ['fr'], pt: ['pt'], ru: ['ru'],
};
const NAMES = {
  da: 'Danish', nb: 'Norwegian Bokmål', nn: 'Norwegian Nynorsk', no: 'Norwegian (Bokmål and Nynorsk)',
  sv: 'Swedish', de: 'German', nl: 'Dutch', af: 'Afrikaans', it: 'Italian', es: 'Spanish', fr: 'French',
  pt: 'Portuguese', ru: 'Russian',
};

function fail(msg) {
  console.error('package.mjs: ' + msg);
  process.exit(1);
}

/** The [package] table of Cargo.toml: strings and arrays of strings. */
function cargoPackage() {
  const text = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  const table = text.split(/^\[/m).find((t) => t.startsWith('package]'));
  if (!table) fail('Cargo.toml has no [package] table');
  const meta = {};
  for (const m of table.matchAll(/^([a-z_-]+)\s*=\s*(".*?"|\[.*?\])\s*$/gms)) {
    meta[m[1]] = JSON.parse(m[2].replace(/,\s*\]$/, ']'));
  }
  return meta;
}

const meta = cargoPackage();
for (const key of ['name', 'version', 'description', 'license', 'repository']) {
  if (typeof meta[key] !== 'string') fail(`Cargo.toml: [package] ${key} is missing`);
}

const rel = (file) => path.relative(root, file);
const need = (file) => {
  if (!fs.existsSync(file)) fail(`${rel(file)} is missing: run make build first`);
  return file;
};
const read = (file) => fs.readFileSync(need(file), 'utf8');
const js = (name) => read(path.join(root, 'js', name));
const blob = (code) => read(path.join(build, 'blobs', code + '.txt'));

// A single-quoted JS string literal holding one character per byte, as in
// scripts/assemble.mjs: only the quote, the backslash and the two line
// breaks are escaped (raw NUL is a valid character in a string literal).
function latin1Literal(bytes) {
  const esc = { 0x0a: '\\n', 0x0d: '\\r', 0x27: "\\'", 0x5c: '\\\\' };
  let s = "'";
  for (const b of bytes) s += esc[b] ?? String.fromCharCode(b);
  return s + "'";
}

/**
 * `template` with each [placeholder, text] of `parts` put in, in order;
 * each placeholder must occur exactly once. The wasm goes last, so no
 * later replacement can touch its characters.
 */
function fill(name, template, parts) {
  let text = template;
  for (const [marker, value] of parts) {
    if (text.split(marker).length !== 2) fail(`${name}: expected exactly one ${marker}`);
    text = text.replace(marker, () => value);
  }
  return text;
}

const version = JSON.stringify(meta.version);
const withVersion = (name, text) => {
  if (!text.includes("'@VERSION@'")) fail(`${name}: expected '@VERSION@'`);
  return text.replaceAll("'@VERSION@'", () => version);
};

const more = js('tag-more.js');

const first = fs.readFileSync(need(path.join(build, 'first.wasm')));
const second = fs.readFileSync(need(path.join(build, 'more.wasm')));
const features = read(path.join(build, 'features.ts')).trim();

const index = withVersion('js/npm-entry.js', fill('js/npm-entry.js', js('npm-entry.js'), [
  ['//@tag', withVersion('js/tag.js', js('tag.js'))],
  ["'@ENGLISH@'", JSON.stringify(blob('en'))],
  ["'@WASM_LENGTH@'", String(first.length)],
]));
const moreModule = withVersion('js/npm-more.js', fill('js/npm-more.js', js('npm-more.js'), [
  ['//@more', more],
  ["'@LANGUAGES@'", JSON.stringify(Object.keys(NAMES).filter((c) => c !== 'no').map(blob))],
  ["'@WASM_LENGTH@'", String(second.length)],
]));

const types = fill('js/types.d.ts', js('types.d.ts'), [['@FEATURES@', features]]);

// dist/: the script-tag build, byte for byte. It must be the build of this
// version (Cargo.toml bumped without `make build` would pack an old tag).
const distFiles = fs.readdirSync(need(www)).filter((f) => fs.statSync(path.join(www, f)).isFile()).sort();
if (!distFiles.includes('micromoment.js') || !distFiles.includes('micromoment-more.js')) {
  fail(`${rel(www)} has no micromoment.js / micromoment-more.js: run make build first`);
}
const built = fs.readFileSync(path.join(www, 'micromoment.js'), 'latin1');
if (!built.includes(version) && !built.includes(`'${meta.version}'`)) {
  fail(`${rel(www)}/micromoment.js is not the build of version ${meta.version}: run make build`);
}

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'languages'), { recursive: true });
fs.mkdirSync(path.join(out, 'dist'), { recursive: true });
const files = [];
const write = (name, body) => {
  fs.writeFileSync(path.join(out, name), body);
  files.push(name);
};

write('index.js', fill('index.js', index, [["'@WASM@'", latin1Literal(first)]]));
write('more.js', fill('more.js', moreModule, [["'@WASM@'", latin1Literal(second)]]));
write('micromoment-debug.js', js('micromoment-debug.js'));
write('index.d.ts', js('npm-entry.d.ts'));
write('types.d.ts', types);
for (const [code, parts] of Object.entries(LANGUAGES)) {
  write(`languages/${code}.js`,
    `// micromoment: ${NAMES[code]} lexicon data, for start(config, { languages: [...] }).\n`
    + `export default { code: ${JSON.stringify(code)}, data: ${JSON.stringify(parts.map(blob))} };\n`);
  write(`languages/${code}.d.ts`,
    `import type { MicromomentLanguage } from '../index.js';\n`
    + `/** ${NAMES[code]} lexicon data, for \`start(config, { languages: [...] })\`. */\n`
    + `declare const language: MicromomentLanguage<${JSON.stringify(code)}>;\n`
    + `export default language;\n`);
}
for (const f of distFiles) {
  fs.copyFileSync(path.join(www, f), path.join(out, 'dist', f));
  files.push('dist/' + f);
}
write('README.md', read(path.join(root, 'README.md')));
for (const f of ['LICENSE-MIT', 'LICENSE-APACHE', 'CHANGELOG.md']) write(f, read(path.join(root, f)));

const repo = meta.repository.replace(/\/$/, '');
const pkg = {
  name: meta.name,
  version: meta.version,
  description: meta.description,
  license: meta.license,
  repository: { type: 'git', url: 'git+' + repo + '.git' },
  homepage: meta.homepage || repo,
  bugs: { url: repo + '/issues' },
  keywords: meta.keywords || [],
  type: 'module',
  main: './index.js',
  module: './index.js',
  types: './index.d.ts',
  exports: {
    '.': { types: './index.d.ts', default: './index.js' },
    './languages/*.js': { types: './languages/*.d.ts', default: './languages/*.js' },
    './languages/*': { types: './languages/*.d.ts', default: './languages/*.js' },
    './dist/*': './dist/*',
    './package.json': './package.json',
  },
  sideEffects: false,
  files: [...new Set(files.filter((f) => f !== 'README.md').map((f) => f.replace(/\/.*/, '/')))].sort(),
};
fs.writeFileSync(path.join(out, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');

const gzip = (file) => zlib.gzipSync(fs.readFileSync(path.join(out, file)), { level: 9 }).length;
let size = 0;
for (const f of files) size += fs.statSync(path.join(out, f)).size;
console.log(`${rel(out)}/: ${pkg.name}@${pkg.version}, ${files.length + 1} files, ${size} bytes`);
console.log(`  index.js ${gzip('index.js')} B gzip (first part), more.js ${gzip('more.js')} B gzip (lazy chunk)`);
console.log(`dist/ (the script-tag build for CDNs), Subresource Integrity:`);
const sri = (f) => 'sha384-' + crypto.createHash('sha384').update(fs.readFileSync(path.join(out, 'dist', f))).digest('base64');
for (const f of distFiles) {
  if (/^micromoment\.[a-z]{2}\.js$/.test(f) && f !== 'micromoment.da.js') continue;
  console.log(`  ${f.padEnd(24)} ${sri(f)}`);
}
console.log(`  (and ${distFiles.filter((f) => /^micromoment\.[a-z]{2}\.js$/.test(f)).length - 1} more language files)`);
console.log(`  <script async blocking="render" src="https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/dist/micromoment.js"`
  + ` integrity="${sri('micromoment.js')}" crossorigin="anonymous"></script>`);

if (packDir) {
  const dest = path.resolve(root, packDir);
  fs.mkdirSync(dest, { recursive: true });
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dest], {
    cwd: out,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }));
  console.log(`${rel(path.join(dest, info.filename))}: ${info.size} bytes packed, ${info.unpackedSize} unpacked`);
}
