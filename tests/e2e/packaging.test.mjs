// End-to-end: the npm package. Assembles pkg/npm/ and packs it
// (scripts/package.mjs), checks its types with `tsc --noEmit -p tests/types`,
// then installs the packed tarball into both example apps (examples/vite-vanilla,
// examples/react), builds them with Vite and loads each build in headless
// Chromium. Run `make build` first (`make test` does).
//
// The examples are built in copies under pkg/examples/ (so the committed
// folders stay untouched); a copy's node_modules is kept while its lock file
// and the tarball are unchanged, so a second run skips the install.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launch, openPage } from './browser.mjs';
import { htmlRoute } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const npmDir = path.join(root, 'pkg', 'npm');
const work = path.join(root, 'pkg', 'examples');
const BUY = '/?utm_term=buy+running+shoes';

let browser;
let tarball;

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${path.relative(root, cwd) || '.'}) failed:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

const sha256 = (...parts) => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/**
 * Copies examples/NAME to pkg/examples/NAME pointing at the fresh tarball,
 * installs it (unless nothing changed since the last install) and builds
 * it. Returns the dist/ folder.
 */
function buildExample(name) {
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
  entry.resolved = rel;
  // The tarball changes with every build: without a recorded integrity npm
  // reads the file itself instead of a cached copy of an older build.
  delete entry.integrity;
  fs.writeFileSync(lockFile, JSON.stringify(lock, null, 2) + '\n');

  const stampFile = path.join(dir, '.install-stamp');
  const stamp = sha256(fs.readFileSync(lockFile), fs.readFileSync(tarball));
  const installed = fs.existsSync(path.join(dir, 'node_modules'))
    && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
  if (!installed) {
    fs.rmSync(stampFile, { force: true });
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], dir);
    fs.writeFileSync(stampFile, stamp);
  }
  run('npm', ['run', 'build', '--silent'], dir);
  return path.join(dir, 'dist');
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

async function open(server, url) {
  const p = await openPage(browser);
  await p.page.goto(server.url + url);
  return p;
}

function assertQuiet(log, server) {
  assert.deepEqual(log.errors, [], 'no console errors');
  assert.deepEqual(log.warnings, [], 'no console warnings');
  for (const r of log.requests) assert.ok(r.startsWith(server.url), `unexpected request ${r}`);
}

before(async () => {
  run(process.execPath, ['scripts/package.mjs', '--pack', 'pkg'], root);
  const { version } = JSON.parse(fs.readFileSync(path.join(npmDir, 'package.json'), 'utf8'));
  tarball = path.join(root, 'pkg', `micromoment-${version}.tgz`);
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('package.json has the metadata, exports and files of the package', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(npmDir, 'package.json'), 'utf8'));
  const cargo = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
  assert.equal(pkg.name, 'micromoment');
  assert.equal(pkg.version, cargo.match(/^version = "(.*)"$/m)[1]);
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  assert.match(pkg.description, /micro-moment/);
  assert.match(pkg.repository.url, /^git\+https:\/\/.+\.git$/);
  assert.ok(pkg.keywords.includes('wasm'));
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.types, './index.d.ts');
  assert.equal(pkg.sideEffects, false);
  assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', default: './index.js' });
  const packed = run('tar', ['tzf', tarball], root).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  assert.deepEqual(packed, [...pkg.files, 'README.md', 'package.json'].sort());
  const entry = fs.readFileSync(path.join(npmDir, 'index.js'), 'utf8');
  assert.ok(entry.includes("new URL('./micromoment_core_bg.wasm', import.meta.url)"), 'the wasm URL is bundler-visible');
  assert.ok(entry.includes("import('./micromoment-debug.js')"), 'the overlay is a static dynamic import');
  assert.ok(!entry.includes('@VERSION@') && !entry.includes('//@tag'));
  const types = fs.readFileSync(path.join(npmDir, 'micromoment_core.d.ts'), 'utf8');
  for (const name of ['MicromomentConfig', 'MicromomentExplanation', 'MicromomentCues', 'MicromomentApi']) {
    assert.match(types, new RegExp(`export interface ${name}\\b`));
  }
});

test('tsc --noEmit -p tests/types accepts the typed example and rejects its @ts-expect-error lines', () => {
  const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
  assert.ok(fs.existsSync(tsc), 'typescript is a devDependency of the workspace (npm ci)');
  run(tsc, ['--noEmit', '-p', 'tests/types'], root);
});

test('unbundled ES module: calls before start() are queued, start() runs once', async () => {
  const page = `<!doctype html><html lang="en"><head><link rel="icon" href="data:,"></head><body>
    <section data-mm-slot="hero"><h1 data-block="hero-default">Shoes</h1>
      <template data-mm-moment="do"><h1 data-block="hero-do">Care for your shoes</h1></template></section>
    <script type="module">
      import * as mm from '/npm/index.js';
      const before = { moment: mm.moment(), explain: mm.explain(), queued: mm.setCue('query', 'how to clean suede') };
      const debugShown = mm.debug(true);
      const first = mm.start({ threshold: 0.5 });
      const second = mm.start({ threshold: 0.9 });
      window.result = Promise.all([first, mm.ready, debugShown]).then(([ok, ready, shown]) => ({
        before, ok, ready, shown, same: first === second, moment: mm.moment(), version: mm.version,
        global: window.micromoment.moment(),
      }));
    </script></body></html>`;
  await withServer(npmPage(page), async (server) => {
    const { page: p, log, context } = await open(server, '/');
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
    assert.match(r.version, /^\d+\.\d+\.\d+/);
    assertQuiet(log, server);
    await context.close();
  });
});

test('unbundled ES module: a server that sends the wasm without application/wasm still works, quietly', async () => {
  const page = `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
    <section data-mm-slot="hero"><h1 data-block="hero-default">Shoes</h1>
      <template data-mm-moment="buy"><h1 data-block="hero-buy">Buy</h1></template></section>
    <script type="module">
      import { start } from '/npm/index.js';
      window.result = start({});
    </script></body></html>`;
  const wasm = fs.readFileSync(path.join(npmDir, 'micromoment_core_bg.wasm'));
  await withServer(npmPage(page), async (server) => {
    const { page: p, log, context } = await openPage(browser);
    await context.route('**/micromoment_core_bg.wasm', (route) =>
      route.fulfill({ status: 200, contentType: 'application/octet-stream', body: wasm }));
    await p.goto(server.url + BUY);
    assert.equal(await p.evaluate(() => window.result), true);
    assert.ok(await p.isVisible('[data-block="hero-buy"]'));
    assertQuiet(log, server);
    await context.close();
  });
});

test('unbundled ES module: an invalid config keeps the default content and says why', async () => {
  const page = `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
    <section data-mm-slot="hero"><h1 data-block="hero-default">Shoes</h1>
      <template data-mm-moment="buy"><h1 data-block="hero-buy">Buy</h1></template></section>
    <script type="module">
      import { start } from '/npm/index.js';
      window.result = start({ threshold: 5 });
    </script></body></html>`;
  await withServer(npmPage(page), async (server) => {
    const { page: p, log, context } = await open(server, BUY);
    assert.equal(await p.evaluate(() => window.result), false);
    assert.ok(await p.isVisible('[data-block="hero-default"]'));
    assert.equal(log.warnings.length, 1);
    assert.match(log.warnings[0], /^micromoment: invalid config.*\$\.threshold/);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

test('examples/vite-vanilla: installed from the tarball, built by Vite, swaps the hero to buy', async () => {
  await withServer({ root: buildExample('vite-vanilla') }, async (server) => {
    const { page, log, context } = await open(server, BUY);
    await page.waitForSelector('html[data-mm-example="running"]');
    assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'buy');
    assert.ok(await page.isVisible('[data-block="hero-buy"]'));
    assert.equal(await page.locator('[data-block="hero-default"]').count(), 0);
    assert.match(await page.textContent('[data-block="hero-buy"] + p'), /“buy running shoes”/);
    assert.equal(await page.textContent('#moment'), 'buy');
    assert.ok(log.requests.some((r) => /\/assets\/micromoment_core_bg-[\w-]+\.wasm$/.test(r)),
      'the wasm is a bundler-emitted asset');
    assertQuiet(log, server);
    await context.close();

    // ?mm_debug=1 loads the overlay chunk the bundler split off.
    const d = await open(server, BUY + '&mm_debug=1');
    await d.page.waitForSelector('[data-mm-debug]', { state: 'attached' });
    assert.ok(d.log.requests.some((r) => /\/assets\/micromoment-debug-[\w-]+\.js$/.test(r)));
    assertQuiet(d.log, server);
    await d.context.close();
  });
});

test('examples/react: useMicromoment() re-renders on micromoment:change', async () => {
  await withServer({ root: buildExample('react') }, async (server) => {
    const { page, log, context } = await open(server, BUY);
    await page.waitForSelector('main[data-moment="buy"]');
    assert.ok(await page.isVisible('[data-block="buy"]'));
    assert.equal(await page.locator('[data-block="default"]').count(), 0);
    assert.match(await page.textContent('main p'), /Current moment: buy/);
    // A new decision re-renders the component.
    await page.evaluate(() => window.micromoment.force('go'));
    await page.waitForSelector('main[data-moment="go"] [data-block="go"]');
    await page.evaluate(() => window.micromoment.force(null));
    await page.waitForSelector('main[data-moment="buy"] [data-block="buy"]');
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
  });
});
