// Keeps the build's figures in the docs equal to the build's output. A doc
// marks each such figure with a pair of comments,
//
//   <!-- build:NAME -->…<!-- /build:NAME -->
//
// and this script writes what goes between them from what `make build` left:
// pkg/build/sizes.json (gzip bytes of every file, `critical`, `total`, the
// hold snippet's CSP hash) and the files in www/micromoment/ (SRI hashes).
//
//   sizes      table of every file's bytes and gzip bytes, and the toolchain
//   critical   gzip bytes before the first paint (the largest first part)
//   total      gzip bytes a page loads (largest first part + second part)
//   hold-csp   the CSP source of the inline hold snippet
//   cdn        the CDN script tag with the integrity of micromoment.js
//
// Usage (after make build):
//   node scripts/docs-figures.mjs           lists the blocks that differ (exit 1 if any)
//   node scripts/docs-figures.mjs --write   rewrites them
// `make test` runs the check (tests/e2e/docs.test.mjs).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MARK = /<!-- build:([a-z-]+) -->([\s\S]*?)<!-- \/build:\1 -->/g;

/** The Markdown files that may hold build figures. */
export function docFiles(root = ROOT) {
  const docs = fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => 'docs/' + f);
  return ['README.md', ...docs.sort()];
}

const LANGUAGE_NAMES = {
  da: 'Danish', nb: 'Norwegian Bokmål', nn: 'Norwegian Nynorsk', no: 'Norwegian (Bokmål and Nynorsk)',
  sv: 'Swedish', de: 'German', nl: 'Dutch', af: 'Afrikaans', it: 'Italian', es: 'Spanish', fr: 'French',
  pt: 'Portuguese', ru: 'Russian',
};

/** 105538 → "105,538". */
const n = (x) => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function what(file) {
  if (file === 'micromoment.js') return 'first part, English';
  const m = file.match(/^micromoment\.([a-z]+)\.js$/);
  if (m) return `first part, English + ${LANGUAGE_NAMES[m[1]] || m[1]}`;
  return {
    'micromoment-more.js': 'second part, loaded after the first paint',
    'micromoment-debug.js': 'debug panel, loaded on demand',
    'micromoment-hold.js': 'slot hold, optional',
  }[file] || '';
}

function version(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch (e) {
    return `${cmd}: not found`;
  }
}
const npmVersion = (root, name) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch (e) {
    return 'not installed';
  }
};

/** The text of every block, from the build's output under `root`. Throws when the build is missing. */
export function blocks(root = ROOT) {
  const sizesPath = path.join(root, 'pkg/build/sizes.json');
  if (!fs.existsSync(sizesPath)) throw new Error('pkg/build/sizes.json is missing: run make build');
  const sizes = JSON.parse(fs.readFileSync(sizesPath, 'utf8'));
  const cargo = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8').match(/^version = "(.*)"$/m)[1];
  const first = fs.readFileSync(path.join(root, 'www/micromoment/micromoment.js'));
  const sri = 'sha384-' + crypto.createHash('sha384').update(first).digest('base64');

  const rows = Object.entries(sizes.files).map(
    ([file, s]) => `| \`${file}\` | ${what(file)} | ${n(s.bytes)} | ${n(s.gzip)} |`,
  );
  const sizesTable = [
    '',
    '| file | what | bytes | gzip -9 |',
    '|---|---|--:|--:|',
    ...rows,
    `| **before the first paint** | the largest first part | | **${n(sizes.critical)}** |`,
    `| **everything a page loads** | the largest first part + the second part | | **${n(sizes.total)}** |`,
    '',
    `Toolchain: ${version('rustc', ['--version'])}; binaryen ${npmVersion(root, 'binaryen')} (wasm-opt); ` +
      `terser ${npmVersion(root, 'terser')}; micromoment ${cargo}.`,
    '',
  ].join('\n');

  const cdn = [
    '',
    '```html',
    '<script async blocking="render"',
    `        src="https://cdn.jsdelivr.net/npm/micromoment@${cargo}/dist/micromoment.js"`,
    `        integrity="${sri}"`,
    '        crossorigin="anonymous"></script>',
    '```',
    '',
  ].join('\n');

  return {
    sizes: sizesTable,
    critical: `${n(sizes.critical)} B`,
    total: `${n(sizes.total)} B`,
    'hold-csp': `\`${sizes.holdCsp}\``,
    cdn,
  };
}

/** Every block of the docs whose text differs from the build's: [{ file, name, found, expected }]. */
export function stale(root = ROOT) {
  const want = blocks(root);
  const out = [];
  for (const file of docFiles(root)) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const [, name, found] of text.matchAll(MARK)) {
      if (!(name in want)) out.push({ file, name, found, expected: '(no such block: ' + Object.keys(want).join(', ') + ')' });
      else if (found !== want[name]) out.push({ file, name, found, expected: want[name] });
    }
  }
  return out;
}

/** Rewrites every block; returns the files changed. */
export function write(root = ROOT) {
  const want = blocks(root);
  const changed = [];
  for (const file of docFiles(root)) {
    const p = path.join(root, file);
    const text = fs.readFileSync(p, 'utf8');
    const next = text.replace(MARK, (all, name) =>
      name in want ? `<!-- build:${name} -->${want[name]}<!-- /build:${name} -->` : all,
    );
    if (next !== text) {
      fs.writeFileSync(p, next);
      changed.push(file);
    }
  }
  return changed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--write')) {
    const changed = write();
    console.log(changed.length ? 'updated: ' + changed.join(', ') : 'the docs already match the build');
  } else {
    const list = stale();
    for (const s of list) console.log(`${s.file}: block "${s.name}" differs from the build`);
    if (list.length) {
      console.log('run `node scripts/docs-figures.mjs --write` and commit the result');
      process.exit(1);
    }
    console.log('the docs match the build');
  }
}
