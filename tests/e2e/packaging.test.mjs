// End-to-end: the npm package. Assembles pkg/npm/ and packs it
// (scripts/package.mjs --pack pkg), then checks:
// - package.json, the packed file list, dist/ = www/micromoment/;
// - Node: importing has no side effects, start() resolves false (SSR), the
//   exports map resolves the entry and micromoment/languages/*;
// - the types (`tsc --noEmit -p tests/types`);
// - the package as plain ES modules in headless Chromium (queue before
//   start, one start, an invalid config, languages for the first decision,
//   destroy() and a fresh start);
// - the CDN path: the unpacked tarball served from a second origin under
//   /npm/micromoment@VERSION/, the demo shop loading dist/micromoment.js
//   with integrity= and crossorigin;
// - both example apps installed from the tarball and built by Vite
//   (examples/react also in development mode, where StrictMode mounts,
//   unmounts and mounts again).
// Run `make build` first (`make test` does).
//
// The examples are built in copies under pkg/examples/ (so the committed
// folders stay untouched); a copy's node_modules is kept while its lock file
// and the tarball are unchanged, so a second run skips the install. Costs
// on the reference machine: packing 1 s, each example's `npm ci` 10-15 s
// (registry) when the tarball changed, each Vite build 2-6 s (with tsc),
// browser checks under 1 s each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from './server.mjs';
import { launch, openPage } from './browser.mjs';
import { htmlRoute } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const npmDir = path.join(root, 'pkg', 'npm');
const work = path.join(root, 'pkg', 'examples');
const www = path.join(root, 'www', 'micromoment');
const BUY = '/?utm_term=buy+running+shoes';
const DANISH_BUY = '/?utm_term=k%C3%B8b+l%C3%B8besko';
const DANISH_SEARCH = '/?q=k%C3%B8b+l%C3%B8besko';

let browser;
let tarball;
let version;

/** Runs a command; throws with its output when it fails. Returns stdout. */
function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${path.relative(root, cwd) || '.'}) failed:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/** Runs `fn`, logging how long it took (the test's costs, for CI). */
function timed(what, fn) {
  const t = performance.now();
  const result = fn();
  console.log(`# ${what}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return result;
}

const sha256 = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};
const sri = (file) => 'sha384-' + crypto.createHash('sha384').update(fs.readFileSync(file)).digest('base64');

const installed = new Map();

/**
 * Copies examples/NAME to pkg/examples/NAME pointing at the fresh tarball
 * and installs it (unless nothing changed since the last install), once per
 * run. Returns the copy's folder.
 */
function installExample(name) {
  if (!installed.has(name)) installed.set(name, copyAndInstall(name));
  return installed.get(name);
}

function copyAndInstall(name) {
  const src = path.join(root, 'examples', name);
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const keep = new Set(['node_modules', '.install-stamp']);
  for (const entry of fs.readdirSync(dir)) {
    if (!keep.has(entry)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
  fs.cpSync(src, dir, {
    recursive: true,
    filter: (f) => !/[\\/](node_modules|dist)$/.test(f),
  });
  // The example refers to ../../pkg/micromoment-X.tgz; from the copy it is ../../.
  const rel = 'file:../../' + path.basename(tarball);
  const pkgJson = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  assert.equal(pkgJson.dependencies.micromoment, 'file:../../pkg/' + path.basename(tarball),
    `examples/${name}/package.json must depend on the packed tarball`);
  pkgJson.dependencies.micromoment = rel;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkgJson, null, 2) + '\n');
  const lockFile = path.join(dir, 'package-lock.json');
  const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
  lock.packages[''].dependencies.micromoment = rel;
  const entry = lock.packages['node_modules/micromoment'];
  assert.ok(entry, `examples/${name}/package-lock.json has no micromoment`);
  assert.equal(entry.version, version, `examples/${name}/package-lock.json: micromoment ${version}`);
  assert.equal(entry.integrity, undefined, `examples/${name}/package-lock.json: no integrity for the tarball`);
  entry.resolved = rel;
  fs.writeFileSync(lockFile, JSON.stringify(lock, null, 2) + '\n');

  const stampFile = path.join(dir, '.install-stamp');
  const stamp = sha256(fs.readFileSync(lockFile), fs.readFileSync(tarball));
  const installed = fs.existsSync(path.join(dir, 'node_modules'))
    && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
  if (!installed) {
    fs.rmSync(stampFile, { force: true });
    timed(`examples/${name}: npm ci`, () => run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], dir));
    fs.writeFileSync(stampFile, stamp);
  }
  return dir;
}

/** Starts a server with `options`, runs `fn(server)` and stops the server. */
async function withServer(options, fn) {
  const server = await startServer(options);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

/** A server for the unbundled package (at /npm/) with `html` at /. */
const npmPage = (html) => ({ root: npmDir, mounts: { '/npm/': npmDir }, routes: { '/': htmlRoute(html) } });

async function open(server, url, init) {
  const p = await openPage(browser);
  if (init) await p.page.addInitScript(init);
  await p.page.goto(server.url + url);
  return p;
}

/** No console errors, no uncaught errors, no warnings, and requests only to `servers`. */
function assertQuiet(log, ...servers) {
  assert.deepEqual(log.errors, [], 'no console errors');
  assert.deepEqual(log.warnings, [], 'no console warnings');
  for (const r of log.requests) assert.ok(servers.some((s) => r.startsWith(s.url)), `unexpected request ${r}`);
}

// Counts the tags the page starts (each makes one first-part core with
// `new WebAssembly.Instance`) and the listeners of micromoment:change.
const COUNT = `
  window.__tags = 0;
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (module, imports) {
    window.__tags++;
    return new Instance(module, imports);
  };
  window.__subscriptions = 0;
  const add = document.addEventListener;
  document.addEventListener = function (type, ...rest) {
    if (type === 'micromoment:change') window.__subscriptions++;
    return add.call(this, type, ...rest);
  };`;

before(async () => {
  timed('scripts/package.mjs --pack pkg', () => run(process.execPath, ['scripts/package.mjs', '--pack', 'pkg'], root));
  ({ version } = JSON.parse(fs.readFileSync(path.join(npmDir, 'package.json'), 'utf8')));
  tarball = path.join(root, 'pkg', `micromoment-${version}.tgz`);
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('package.json has the metadata, exports and files; dist/ is the script-tag build', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(npmDir, 'package.json'), 'utf8'));
  const cargo = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  assert.equal(pkg.name, 'micromoment');
  assert.equal(pkg.version, cargo.match(/^version = "(.*)"$/m)[1]);
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  assert.match(pkg.description, /micro-moment/);
  assert.match(pkg.repository.url, /^git\+https:\/\/.+\.git$/);
  assert.ok(pkg.keywords.includes('wasm'));
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.main, './index.js');
  assert.equal(pkg.types, './index.d.ts');
  assert.equal(pkg.sideEffects, false);
  assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', default: './index.js' });
  assert.deepEqual(pkg.exports['./languages/*'], { types: './languages/*.d.ts', default: './languages/*.js' });
  assert.deepEqual(pkg.exports['./languages/*.js'], { types: './languages/*.d.ts', default: './languages/*.js' });
  assert.equal(pkg.exports['./dist/*'], './dist/*');
  assert.equal(pkg.dependencies, undefined, 'no dependencies');

  // The tarball: exactly these files.
  const packed = run('tar', ['tzf', tarball], root).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  const tagFiles = fs.readdirSync(www).sort();
  const codes = ['af', 'da', 'de', 'es', 'fr', 'it', 'nb', 'nl', 'nn', 'no', 'pt', 'ru', 'sv'];
  const expected = [
    'CHANGELOG.md', 'LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'package.json',
    'index.js', 'index.d.ts', 'types.d.ts', 'more.js', 'micromoment-debug.js',
    ...codes.flatMap((c) => [`languages/${c}.js`, `languages/${c}.d.ts`]),
    ...tagFiles.map((f) => 'dist/' + f),
  ].sort();
  assert.deepEqual(packed, expected);
  // dist/ is www/micromoment/ byte for byte: the first part, one per
  // language, the second part, the overlay and the hold.
  for (const f of ['micromoment.js', 'micromoment.da.js', 'micromoment.no.js', 'micromoment-more.js',
    'micromoment-debug.js', 'micromoment-hold.js']) {
    assert.ok(tagFiles.includes(f), `www/micromoment/${f}`);
  }
  for (const f of tagFiles) {
    assert.ok(fs.readFileSync(path.join(npmDir, 'dist', f)).equals(fs.readFileSync(path.join(www, f))), `dist/${f}`);
  }

  const entry = fs.readFileSync(path.join(npmDir, 'index.js'), 'utf8');
  const more = fs.readFileSync(path.join(npmDir, 'more.js'), 'utf8');
  assert.ok(entry.includes("import('./more.js')"), 'the second part is a static dynamic import (a lazy chunk)');
  assert.ok(entry.includes("import('./micromoment-debug.js')"), 'the overlay is a static dynamic import');
  assert.ok(!/import\.meta/.test(entry + more), 'no asset URLs for bundlers to handle');
  for (const text of [entry, more]) {
    assert.ok(!/@(VERSION|WASM|WASM_LENGTH|ENGLISH|LANGUAGES)@|\/\/@(tag|more)\b/.test(text), 'every marker filled');
    assert.ok(!text.startsWith('\ufeff'), 'ES modules are UTF-8 without a byte order mark');
  }
  assert.ok(entry.includes(`export const version = ${JSON.stringify(version)};`));
  const types = fs.readFileSync(path.join(npmDir, 'types.d.ts'), 'utf8');
  assert.ok(!types.includes('@FEATURES@'));
  assert.match(types, /export type MicromomentBuiltinFeature =\s+"query" \| /);
  for (const name of ['MicromomentConfig', 'MicromomentExplanation', 'MicromomentCues', 'MicromomentApi']) {
    assert.match(types, new RegExp(`export interface ${name}\\b`));
  }
});

test('Node: importing has no side effects; start() resolves false outside a browser; the exports resolve', () => {
  // The package as an installed dependency of a folder, so that Node
  // resolves it through package.json's exports.
  const dir = path.join(root, 'pkg', 'node-check');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(npmDir, path.join(dir, 'node_modules', 'micromoment'), 'dir');
  const script = `
    const names = Object.getOwnPropertyNames(globalThis).length;
    const mm = await import('micromoment');
    const da = (await import('micromoment/languages/da')).default;
    const no = (await import('micromoment/languages/no.js')).default;
    const queued = mm.setCue('query', 'x');
    const started = await mm.start({}, { languages: [da] });
    console.log(JSON.stringify({
      exports: Object.keys(mm).sort(), version: mm.version, globals: Object.getOwnPropertyNames(globalThis).length - names,
      queued, started, again: await mm.start(), moment: mm.moment(), explain: mm.explain(),
      da: [da.code, da.data.length], no: [no.code, no.data.length],
    }));`;
  const out = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], dir));
  assert.deepEqual(out.exports,
    ['consent', 'debug', 'destroy', 'explain', 'force', 'forget', 'moment', 'ready', 'setCue', 'start', 'version']);
  assert.equal(out.version, version);
  assert.equal(out.globals, 0, 'importing adds no globals');
  assert.equal(out.queued, true);
  assert.equal(out.started, false);
  assert.equal(out.again, false);
  assert.equal(out.moment, null);
  assert.equal(out.explain, null);
  assert.deepEqual(out.da, ['da', 1]);
  assert.deepEqual(out.no, ['no', 2], 'no = nb + nn');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('tsc --noEmit -p tests/types accepts the typed example and rejects its @ts-expect-error lines', () => {
  const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
  assert.ok(fs.existsSync(tsc), 'typescript is a devDependency of the workspace (npm ci)');
  timed('tsc -p tests/types', () => run(tsc, ['--noEmit', '-p', 'tests/types'], root));
});

test('unbundled ES module: importing does nothing; calls before start() are queued; start() runs once', async () => {
  // The queued setCue reaches the tag with its second part, after first
  // paint: the slot is below the fold, where the in-view rule lets it change.
  const page = `<!doctype html><html lang="en"><head><link rel="icon" href="data:,"></head><body>
    <div style="height: 150vh"></div>
    <section data-mm-slot="hero"><h1 data-block="hero-default">Shoes</h1>
      <template data-mm-moment="do"><h1 data-block="hero-do">Care for your shoes</h1></template></section>
    <script type="module">
      import * as mm from '/npm/index.js';
      window.imported = { global: 'micromoment' in window, html: document.documentElement.getAttributeNames() };
      window.mm = mm;
    </script></body></html>`;
  const go = `
    const mm = window.mm;
    const before = { moment: mm.moment(), explain: mm.explain(), queued: mm.setCue('query', 'how to clean suede') };
    const debugShown = mm.debug(true);
    const first = mm.start({ threshold: 0.5 });
    const second = mm.start({ threshold: 0.9 });
    window.result = Promise.all([first, mm.ready, debugShown]).then(([ok, ready, shown]) => ({
      before, ok, ready, shown, same: first === second, moment: mm.moment(), version: mm.version,
      global: window.micromoment.moment(),
    }));`;
  await withServer(npmPage(page), async (server) => {
    const { page: p, log, context } = await open(server, '/');
    await p.waitForFunction(() => window.mm);
    assert.deepEqual(await p.evaluate(() => window.imported), { global: false, html: ['lang'] });
    await p.waitForTimeout(100);
    assert.deepEqual(log.requests.map((r) => r.slice(server.url.length)), ['/', '/npm/index.js'],
      'nothing loads before start()');
    await p.evaluate(go);
    const r = await p.evaluate(() => window.result);
    assert.deepEqual(r.before, { moment: null, explain: null, queued: true });
    assert.equal(r.ok, true);
    assert.equal(r.ready, true);
    assert.equal(r.same, true, 'a second start() returns the same promise');
    assert.equal(r.moment, 'do', 'the queued setCue was applied');
    assert.equal(r.global, 'do');
    assert.equal(r.shown, true, 'debug(true) before start opens the panel once running');
    assert.equal(await p.locator('[data-mm-debug]').count(), 1);
    assert.ok(await p.isVisible('[data-block="hero-do"]'));
    assert.equal(r.version, version);
    assert.ok(log.requests.includes(server.url + '/npm/more.js'), 'the second part is the sibling module');
    assertQuiet(log, server);
    await context.close();
  });
});

test('unbundled ES module: an invalid config keeps the default content and says why, once', async () => {
  const page = `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
    <section data-mm-slot="hero"><h1 data-block="hero-default">Shoes</h1>
      <template data-mm-moment="buy"><h1 data-block="hero-buy">Buy</h1></template></section>
    <script type="module">
      import { start, moment } from '/npm/index.js';
      window.result = start({ threshold: 5 }).then((ok) => ({ ok, moment: moment() }));
    </script></body></html>`;
  await withServer(npmPage(page), async (server) => {
    const { page: p, log, context } = await open(server, BUY);
    assert.deepEqual(await p.evaluate(() => window.result), { ok: false, moment: null });
    assert.ok(await p.isVisible('[data-block="hero-default"]'));
    assert.equal(await p.locator('[data-block="hero-buy"]').count(), 0);
    assert.equal(log.warnings.length, 1, log.warnings.join('\n'));
    assert.match(log.warnings[0], /^micromoment: invalid config.*\$\.threshold/);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

test('unbundled ES module: options.languages puts Danish into the first decision', async () => {
  // On a Danish page, "køb løbesko" (buy running shoes) is a buy query; with
  // English alone the first decision cannot read it.
  const page = (withDanish) => `<!doctype html><html lang="da"><head><link rel="icon" href="data:,"></head><body>
    <section data-mm-slot="hero"><h1 data-block="hero-default">Sko</h1>
      <template data-mm-moment="buy"><h1 data-block="hero-buy">Køb</h1></template></section>
    <script type="module">
      import { start, moment } from '/npm/index.js';
      import da from '/npm/languages/da.js';
      const started = start(undefined, ${withDanish ? '{ languages: [da] }' : '{}'});
      const first = moment();
      window.result = started.then((ok) => ({ ok, first }));
    </script></body></html>`;
  for (const [withDanish, first] of [[true, 'buy'], [false, 'know']]) {
    await withServer(npmPage(page(withDanish)), async (server) => {
      // From the site's own search (a bare query there reads as know).
      const { page: p, log, context } = await open(server, DANISH_SEARCH);
      assert.deepEqual(await p.evaluate(() => window.result), { ok: true, first },
        withDanish ? 'decided buy at start()' : 'English alone does not read the Danish query');
      if (withDanish) assert.ok(await p.isVisible('[data-block="hero-buy"]'));
      assertQuiet(log, server);
      await context.close();
    });
  }
});

test('unbundled ES module: destroy() restores the page, and start() then starts a fresh tag', async () => {
  const page = `<!doctype html><html lang="en"><head><link rel="icon" href="data:,"></head><body>
    <section data-mm-slot="hero"><h1 data-block="hero-default">Shoes</h1>
      <template data-mm-moment="buy"><h1 data-block="hero-buy">Buy</h1></template></section>
    <script type="module">
      import * as mm from '/npm/index.js';
      const hero = () => document.querySelector('[data-mm-slot=hero] h1').dataset.block;
      const steps = [];
      // At once, as React's StrictMode does: start, destroy, start.
      const first = mm.start({});
      steps.push(['started', hero(), mm.moment()]);
      mm.destroy();
      steps.push(['destroyed', hero(), mm.moment(), 'micromoment' in window,
        document.documentElement.hasAttribute('data-mm-moment')]);
      mm.destroy();
      const second = mm.start({});
      steps.push(['restarted', hero(), mm.moment(), first === second]);
      window.result = Promise.all([first, second, mm.ready]).then(async ([a, b, ready]) => {
        steps.push(['running', a, b, ready, mm.setCue('query', 'how to clean suede'), mm.explain().cues.query]);
        // Later, once everything runs: destroy and start again.
        mm.destroy();
        steps.push(['destroyed', hero(), mm.moment(), mm.explain()]);
        const third = await mm.start({});
        steps.push(['restarted', hero(), third, mm.moment(), window.micromoment.moment()]);
        return steps;
      });
    </script></body></html>`;
  await withServer(npmPage(page), async (server) => {
    const { page: p, log, context } = await open(server, BUY, COUNT);
    assert.deepEqual(await p.evaluate(() => window.result), [
      ['started', 'hero-buy', 'buy'],
      ['destroyed', 'hero-default', null, false, false],
      ['restarted', 'hero-buy', 'buy', false],
      ['running', false, true, true, true, 'how to clean suede'],
      ['destroyed', 'hero-default', null, null],
      ['restarted', 'hero-buy', true, 'buy', 'buy'],
    ]);
    assert.equal(await p.evaluate(() => window.__tags), 3, 'three tags, one after the other');
    assertQuiet(log, server);
    await context.close();
  });
});

test('CDN: the unpacked tarball under /npm/micromoment@VERSION/dist/ runs the shop page (integrity=, crossorigin)', async () => {
  // The tarball as jsDelivr serves it: unpacked under a versioned path, on
  // another origin (another port), with CORS.
  const cdnRoot = path.join(root, 'pkg', 'cdn');
  const at = path.join(cdnRoot, 'npm', `micromoment@${version}`);
  fs.rmSync(cdnRoot, { recursive: true, force: true });
  fs.mkdirSync(at, { recursive: true });
  run('tar', ['xzf', tarball, '-C', at, '--strip-components=1'], root);
  const dist = `/npm/micromoment@${version}/dist/`;
  const integrity = sri(path.join(at, 'dist', 'micromoment.js'));
  assert.equal(integrity, sri(path.join(www, 'micromoment.js')));
  const shop = fs.readFileSync(path.join(root, 'www', 'index.html'), 'utf8');
  const local = '<script async blocking="render" src="/micromoment/micromoment.js"></script>';
  assert.ok(shop.includes(local), 'www/index.html loads /micromoment/micromoment.js');
  const cdn = await startServer({
    root: cdnRoot,
    headers: { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' },
  });
  try {
    const tag = (hash) => `<script async blocking="render" src="${cdn.url}${dist}micromoment.js" `
      + `integrity="${hash}" crossorigin="anonymous"></script>`;
    const site = (hash) => ({
      root: path.join(root, 'www'),
      routes: { '/': htmlRoute(shop.replace(local, () => tag(hash))) },
    });
    await withServer(site(integrity), async (server) => {
      const { page, log, context } = await open(server, BUY);
      assert.equal(await page.evaluate(() => window.micromoment.ready), true);
      assert.ok(await page.isVisible('[data-block="hero-buy"]'));
      assert.equal(await page.locator('[data-block="hero-default"]').count(), 0);
      assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'buy');
      // The page's config asks for the debug panel: the overlay module
      // comes from the CDN too.
      await page.waitForSelector('[data-mm-debug]', { state: 'attached' });
      for (const f of ['micromoment.js', 'micromoment-more.js', 'micromoment-debug.js']) {
        assert.ok(log.requests.includes(cdn.url + dist + f), `${f} from the CDN`);
      }
      assert.equal(await page.evaluate(() => window.micromoment.version), version);
      assertQuiet(log, server, cdn);
      await context.close();
    });
    // A file that does not match its integrity does not run: the page keeps
    // its default content.
    const wrong = 'sha384-' + crypto.createHash('sha384').update('not the tag').digest('base64');
    await withServer(site(wrong), async (server) => {
      const { page, log, context } = await open(server, BUY);
      await page.waitForLoadState('load');
      assert.equal(await page.evaluate(() => 'micromoment' in window), false);
      assert.ok(await page.isVisible('[data-block="hero-default"]'));
      assert.ok(log.errors.some((e) => /integrity/i.test(e)), 'the browser reports the integrity mismatch');
      await context.close();
    });
  } finally {
    await cdn.close();
  }
});

test('examples/vite-vanilla: installed from the tarball, built by Vite, swaps the hero to buy', async () => {
  const dir = installExample('vite-vanilla');
  timed('examples/vite-vanilla: tsc + vite build', () => run('npm', ['run', 'build', '--silent'], dir));
  const assets = fs.readdirSync(path.join(dir, 'dist', 'assets'));
  assert.deepEqual(assets.filter((f) => !/\.(js|css)$/.test(f)), [], 'no .wasm or other asset to serve');
  // The chunk sizes docs/npm.md quotes (gzip -9 of each chunk Vite wrote).
  const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(dir, 'dist', 'assets', f)), { level: 9 }).length;
  console.log(`# examples/vite-vanilla chunks (gzip): ${assets.filter((f) => f.endsWith('.js')).map((f) => `${f} ${gz(f)} B`).join(', ')}`);
  await withServer({ root: path.join(dir, 'dist') }, async (server) => {
    const { page, log, context } = await open(server, BUY);
    await page.waitForSelector('html[data-mm-example="running"]');
    assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'buy');
    assert.ok(await page.isVisible('[data-block="hero-buy"]'));
    assert.equal(await page.locator('[data-block="hero-default"]').count(), 0);
    assert.match(await page.textContent('[data-block="hero-buy"] + p'), /“buy running shoes”/);
    assert.equal(await page.textContent('#moment'), 'buy');
    assert.ok(log.requests.some((r) => /\/assets\/more-[\w-]+\.js$/.test(r)), 'the second part is a lazy chunk');
    assertQuiet(log, server);
    await context.close();

    // Danish is in the first part (options.languages).
    const dk = await open(server, DANISH_BUY);
    await dk.page.waitForSelector('html[data-mm-example="running"]');
    assert.ok(await dk.page.isVisible('[data-block="hero-buy"]'));
    assertQuiet(dk.log, server);
    await dk.context.close();

    // ?mm_debug=1 loads the overlay chunk the bundler split off.
    const d = await open(server, BUY + '&mm_debug=1');
    await d.page.waitForSelector('[data-mm-debug]', { state: 'attached' });
    assert.ok(d.log.requests.some((r) => /\/assets\/micromoment-debug-[\w-]+\.js$/.test(r)));
    assertQuiet(d.log, server);
    await d.context.close();
  });
});

/**
 * The React example's checks, on `server` (its `url`); `strict`: React's
 * development build, where StrictMode mounts, unmounts and mounts again.
 */
async function checkReact(server, strict) {
  {
    const { page, log, context } = await open(server, BUY, COUNT);
    await page.waitForSelector('main[data-moment="buy"]');
    assert.ok(await page.isVisible('[data-block="buy"]'));
    assert.equal(await page.locator('[data-block="default"]').count(), 0);
    assert.match(await page.textContent('main p'), /Current moment: buy/);
    assert.equal(await page.evaluate(() => window.micromoment.ready), true);
    // StrictMode mounted, unmounted and mounted the hook (two subscriptions
    // in development); the tag kept running through it: one tag.
    assert.equal(await page.evaluate(() => window.__subscriptions), strict ? 2 : 1);
    assert.equal(await page.evaluate(() => window.__tags), 1);
    // A new decision re-renders the component.
    await page.evaluate(() => window.micromoment.force('go'));
    await page.waitForSelector('main[data-moment="go"] [data-block="go"]');
    await page.evaluate(() => window.micromoment.force('buy'));
    await page.waitForSelector('main[data-moment="buy"] [data-block="buy"]');

    // Personalisation off: the hook's last user unmounts and the tag stops.
    await page.evaluate(() => {
      window.__first = window.micromoment;
    });
    await page.uncheck('input[name=personalised]');
    await page.waitForSelector('main[data-moment="undecided"] [data-block="default"]');
    await page.waitForFunction(() => !('micromoment' in window) && !document.documentElement.hasAttribute('data-mm-moment'));
    assert.equal(await page.evaluate(() => window.__first.explain()), null, 'the first tag stopped');
    // On again: a fresh tag decides again.
    await page.check('input[name=personalised]');
    await page.waitForSelector('main[data-moment="buy"] [data-block="buy"]');
    assert.equal(await page.evaluate(() => window.micromoment.ready), true);
    assert.equal(await page.evaluate(() => window.__tags), 2);
    assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'buy');
    await page.evaluate(() => window.micromoment.force('do'));
    await page.waitForSelector('main[data-moment="do"] [data-block="do"]');
    assertQuiet(log, server);
    await context.close();

    // Without cues the default block stays.
    const d = await open(server, '/');
    await d.page.waitForFunction(() => window.micromoment);
    assert.equal(await d.page.evaluate(() => window.micromoment.ready), true);
    assert.equal(await d.page.getAttribute('main', 'data-moment'), 'undecided');
    assert.ok(await d.page.isVisible('[data-block="default"]'));
    assertQuiet(d.log, server);
    await d.context.close();
  }
}

test('examples/react: useMicromoment() re-renders on micromoment:change; the tag stops with its last user', async () => {
  const dir = installExample('react');
  timed('examples/react: tsc + vite build', () => run('npm', ['run', 'build', '--silent'], dir));
  await withServer({ root: path.join(dir, 'dist') }, (server) => checkReact(server, false));
});

test('examples/react under `vite` (dev server, StrictMode mount → unmount → mount): no error, no warning, the swap happens', async () => {
  // What `npm run dev` serves: React's development build, and the package
  // pre-bundled by Vite's dependency optimizer.
  const dir = installExample('react');
  const t = performance.now();
  const { createServer } = await import(pathToFileURL(path.join(dir, 'node_modules', 'vite', 'dist', 'node', 'index.js')).href);
  const vite = await createServer({
    root: dir,
    configFile: path.join(dir, 'vite.config.ts'),
    server: { host: '127.0.0.1', port: 0 },
    logLevel: 'error',
    clearScreen: false,
  });
  try {
    await vite.listen();
    const url = vite.resolvedUrls.local[0].replace(/\/$/, '');
    await checkReact({ url }, true);
    console.log(`# examples/react under vite: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    await vite.close();
  }
});
