// Assembles the npm package `micromoment` in pkg/npm/ from the wasm-bindgen
// output of the release build (pkg/web/, --target web, wasm-opt applied) and
// the package entry (js/npm-entry.js with the tag runtime js/tag.js inside),
// its types (js/npm-entry.d.ts, re-exporting the shapes that
// src/web/types.rs adds to micromoment_core.d.ts) and the debug overlay.
// package.json takes its metadata from Cargo.toml.
//
// Usage: node scripts/package.mjs [--web pkg/web] [--out pkg/npm] [--pack DIR]
//   --pack DIR   also runs `npm pack` into DIR (e.g. pkg/micromoment-0.1.0.tgz)
// Run `make build` (scripts/build.sh) first.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const web = path.resolve(root, arg('--web', 'pkg/web'));
const out = path.resolve(root, arg('--out', 'pkg/npm'));
const packDir = arg('--pack', null);

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

const read = (file) => fs.readFileSync(file, 'utf8');
const need = (file) => {
  if (!fs.existsSync(file)) fail(`${path.relative(root, file)} is missing: run make build first`);
  return file;
};

const glueTypes = read(need(path.join(web, 'micromoment_core.d.ts')));
if (!/export interface MicromomentConfig\b/.test(glueTypes)) {
  fail(`${path.relative(root, web)}/micromoment_core.d.ts has no MicromomentConfig: `
    + 'the build must include src/web/types.rs (mod types; in src/web/mod.rs)');
}

// The runtime loads the debug overlay from a URL next to the tag's files;
// here it becomes a static dynamic import, so bundlers emit it as a lazy
// chunk and plain ES-module hosting finds it next to index.js.
const tag = read(path.join(root, 'js/tag.js'));
const overlayLoad = "import(new URL('micromoment-debug.js', base).href)";
if (tag.split(overlayLoad).length !== 2) {
  fail(`js/tag.js: expected exactly one ${overlayLoad}`);
}
const entrySource = read(path.join(root, 'js/npm-entry.js'));
if (entrySource.split('//@tag').length !== 2 || !entrySource.includes("'@VERSION@'")) {
  fail('js/npm-entry.js: expected one //@tag line and one @VERSION@');
}
const entry = entrySource
  .replace('//@tag', () => tag.replace(overlayLoad, "import('./micromoment-debug.js')"))
  .replace("'@VERSION@'", () => JSON.stringify(meta.version));

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const write = (name, body) => fs.writeFileSync(path.join(out, name), body);

write('index.js', entry);
write('index.d.ts', read(path.join(root, 'js/npm-entry.d.ts')));
write('micromoment_core.js', read(need(path.join(web, 'micromoment_core.js'))));
write('micromoment_core.d.ts', glueTypes);
fs.copyFileSync(need(path.join(web, 'micromoment_core_bg.wasm')), path.join(out, 'micromoment_core_bg.wasm'));
write('micromoment-debug.js', read(path.join(root, 'js/micromoment-debug.js')));
write('README.md', read(path.join(root, 'README.md')));
for (const f of ['LICENSE-MIT', 'LICENSE-APACHE', 'CHANGELOG.md']) write(f, read(path.join(root, f)));

const files = [
  'index.js',
  'index.d.ts',
  'micromoment_core.js',
  'micromoment_core.d.ts',
  'micromoment_core_bg.wasm',
  'micromoment-debug.js',
  'LICENSE-MIT',
  'LICENSE-APACHE',
  'CHANGELOG.md',
];
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
    './micromoment_core_bg.wasm': './micromoment_core_bg.wasm',
    './package.json': './package.json',
  },
  sideEffects: false,
  files,
};
write('package.json', JSON.stringify(pkg, null, 2) + '\n');

let size = 0;
for (const f of files) size += fs.statSync(path.join(out, f)).size;
console.log(`${path.relative(root, out)}/: ${pkg.name}@${pkg.version}, ${files.length} files, ${size} bytes`);

if (packDir) {
  const dest = path.resolve(root, packDir);
  fs.mkdirSync(dest, { recursive: true });
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dest], {
    cwd: out,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }));
  console.log(`${path.relative(root, path.join(dest, info.filename))}: ${info.size} bytes packed, ${info.unpackedSize} unpacked`);
}
