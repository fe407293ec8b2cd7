// End-to-end: loading the tag. The README's include — the first part as
// `<script async blocking="render">` in <head> — decides before first paint
// (no flicker), also on a slow phone network; the second part arrives after
// first paint; where the script is not render-blocking, the hold snippet
// keeps the slots unseen until the decision.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launch, openPage, wasmMemories } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const page = fs.readFileSync(path.join(here, 'pages/loading/hero.html'), 'utf8');
const FIRST = '/micromoment/micromoment.js';
const HOLD = fs.readFileSync(path.join(here, '../../www/micromoment/micromoment-hold.js'), 'utf8');
const TAGS = {
  none: '',
  // The README's include.
  blocking: `<script async blocking="render" src="${FIRST}"></script>`,
  // A browser without blocking="render" (simulated by leaving the
  // attribute out), with the hold snippet inline after the tag.
  held: `<script async src="${FIRST}"></script><script>${HOLD}</script>`,
  // A plain classic script in <head> (blocks the parser: works, but costs
  // the page its first paint while it loads).
  classic: `<script src="${FIRST}"></script>`,
};
let server;
let browser;

before(async () => {
  const routes = {};
  for (const [name, tag] of Object.entries(TAGS)) {
    routes[`/${name}.html`] = (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page.replace('<!--TAG-->', tag));
      return true;
    };
  }
  // A route that sends the first part of a page (padded with a comment so
  // the browser parses it at once), pauses, then sends the rest.
  const paused = (split, ms) => (req, res) => {
    const [first, rest] = split(new URL(req.url, 'http://x').searchParams);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.write(first + '<!--' + ' '.repeat(2048) + '-->');
    setTimeout(() => res.end(rest), ms);
    return true;
  };
  const streamed = page.replace('<!--TAG-->', TAGS.blocking);
  const at = (i) => [streamed.slice(0, i), streamed.slice(i)];
  const open = '<template data-mm-moment="buy">';
  // The hero slot arrives in two parts, 400 ms apart: its default content,
  // then its templates. The browser paints in between.
  routes['/streamed.html'] = paused(() => at(streamed.indexOf(open)), 400);
  // The hero's buy template arrives in two parts: the parser has added the
  // template element (still empty) when it pauses.
  routes['/streamed-template.html'] = paused(() => at(streamed.indexOf(open) + open.length), 400);
  // A document whose last node is the slot's template: nothing follows
  // it, so only the end of parsing says it is complete.
  routes['/template-last.html'] = paused(() => [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Last</title>'
      + '<link rel="icon" href="data:,">' + TAGS.blocking + '</head><body><section data-mm-slot="hero">'
      + '<h1 data-block="hero-default">Shoes for every trail</h1>' + open,
    '<h1 data-block="hero-buy">Running shoes in stock</h1></template></section></body></html>',
  ], 400);
  // The page with a 150 ms pause at byte `cut` of its markup.
  routes['/cut.html'] = paused((q) => at(Number(q.get('cut'))), 150);
  server = await startServer({
    root: path.join(here, 'pages/loading'),
    mounts: { '/micromoment/': path.join(here, '../../www/micromoment') },
    routes,
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// Records, at every animation frame (frame callbacks run just before the
// browser paints), whether the default hero would be painted (in the page
// and visible), whether it is in the page but held unseen (by the tag: the
// parser paused inside its slot before the template arrived, data-mm-pending
// + visibility: hidden; or by the hold snippet, html[data-mm-prehide]), and
// whether the swapped hero is on the page.
const FRAME_PROBE = `
  window.__frames = [];
  (function tick() {
    const d = document.querySelector('[data-block="hero-default"]');
    const b = document.querySelector('[data-block="hero-buy"]');
    const shown = !!d && d.checkVisibility({ visibilityProperty: true });
    const held = !!d && !shown && (!!d.closest('[data-mm-slot][data-mm-pending]')
      || document.documentElement.hasAttribute('data-mm-prehide'));
    window.__frames.push({ d: shown, held, inPage: !!d, b: !!b });
    // Until a few frames after the swap (or about 20 s on a slow machine).
    const swappedAt = window.__frames.findIndex((f) => f.b);
    const done = swappedAt >= 0 ? window.__frames.length > swappedAt + 5 : window.__frames.length > 1200;
    if (!done) requestAnimationFrame(tick);
  })();
`;

// Lighthouse's mobile profile: 150 ms round trips, 1.6 Mbps down, 750 kbps
// up, CPU 4x slower.
async function mobileProfile(p) {
  const cdp = await p.context.newCDPSession(p.page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

async function loadWithProbe(name, throttle) {
  const p = await openPage(browser);
  await p.page.addInitScript(FRAME_PROBE);
  if (throttle === 'mobile') {
    await mobileProfile(p);
  } else if (throttle) {
    const cdp = await p.context.newCDPSession(p.page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  await p.page.goto(`${server.url}/${name}.html?utm_term=buy+running+shoes`);
  await p.page.waitForFunction(() => {
    const i = window.__frames.findIndex((f) => f.b);
    return (i >= 0 && window.__frames.length > i + 5) || window.__frames.length > 1200;
  }, null, { timeout: 30000 });
  return p;
}

/** Checks the frames of a load: no default hero painted, a default in the page only while held, the buy hero shown. */
async function assertNoFlicker(page, log, label) {
  const frames = await page.evaluate(() => window.__frames);
  assert.ok(frames.length > 0);
  const painted = frames.findIndex((f) => f.d);
  assert.ok(painted < 0, `default hero painted in frame ${painted} of ${frames.length} (${label}): ${JSON.stringify(frames.slice(Math.max(0, painted - 2), painted + 2))}`);
  // A default still in the page during a frame is one the tag holds unseen.
  assert.ok(frames.every((f) => !f.inPage || f.held),
    `default hero in a frame without the tag's hold (${label}): ${JSON.stringify(frames.slice(0, 5))}`);
  assert.ok(frames.some((f) => f.b), 'buy hero shown');
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'buy');
  assert.equal(await page.evaluate(() => window.__pageOk), true);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.warnings, []);
}

test('the README include (async, blocking="render") swaps before the first paint: no default hero in any frame', async () => {
  for (let run = 0; run < 5; run++) {
    const { page, log, context } = await loadWithProbe('blocking', true);
    await assertNoFlicker(page, log, `run ${run}, CPU 4x`);
    await context.close();
  }
});

test('on a phone network (150 ms RTT, 1.6 Mbps, CPU 4x) the decision is still made before the first paint', async () => {
  for (let run = 0; run < 2; run++) {
    const { page, log, context } = await loadWithProbe('blocking', 'mobile');
    await assertNoFlicker(page, log, `run ${run}, mobile profile`);
    await context.close();
  }
});

test('without blocking="render" the hold snippet keeps the slot unseen until the decision; a plain classic script works too', async () => {
  for (const name of ['held', 'classic']) {
    const { page, log, context } = await loadWithProbe(name, 'mobile');
    await assertNoFlicker(page, log, name);
    assert.equal(await page.getAttribute('html', 'data-mm-prehide'), null, 'the hold is lifted');
    await context.close();
  }
});

test('the hold is bounded: when the first part cannot load, the slots show their default content', async () => {
  const p = await openPage(browser);
  await p.page.route('**/micromoment/micromoment.js', (route) => setTimeout(() => route.abort(), 2500));
  const html = page.replace('<!--TAG-->', TAGS.held.replace('<script>', '<script data-timeout="300">'));
  await p.page.route('**/held-bound.html*', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await p.page.goto(`${server.url}/held-bound.html?utm_term=buy+running+shoes`, { waitUntil: 'domcontentloaded' });
  await p.page.waitForTimeout(600);
  assert.ok(await p.page.isVisible('[data-block="hero-default"]'), 'the default hero shows after the bound');
  assert.equal(await p.page.getAttribute('html', 'data-mm-prehide'), null);
  await p.context.close();
});

test('the second part is fetched after the first paint, and the first part alone is enough to decide', async () => {
  const p = await openPage(browser);
  await mobileProfile(p);
  const order = [];
  p.page.on('request', (r) => {
    if (r.url().includes('/micromoment/')) order.push(new URL(r.url()).pathname);
  });
  await p.page.goto(`${server.url}/blocking.html?utm_term=buy+running+shoes`);
  assert.equal(await p.page.evaluate(() => window.micromoment.ready), true);
  const t = await p.page.evaluate(() => {
    const paint = performance.getEntriesByName('first-paint')[0];
    const more = performance.getEntriesByType('resource').find((e) => e.name.includes('micromoment-more.js'));
    return { paint: paint && paint.startTime, more: more && more.startTime };
  });
  assert.ok(t.paint > 0 && t.more > 0, JSON.stringify(t));
  assert.ok(t.more > t.paint, `the second part was requested at ${t.more} ms, before the first paint at ${t.paint} ms`);
  assert.deepEqual(order, ['/micromoment/micromoment.js', '/micromoment/micromoment-more.js']);
  // What only the second part brings works once it is there.
  const ex = await p.page.evaluate(() => window.micromoment.explain());
  assert.equal(typeof ex.journey.pagesSeen, 'number');
  assert.ok(await p.page.isVisible('[data-block="hero-buy"]'));
  assert.deepEqual(p.log.warnings, []);
  await p.context.close();
});

test('before the first paint the tag reads nothing that forces a layout (innerWidth, sizes, scroll position)', async () => {
  const p = await openPage(browser);
  // Every layout-forcing getter the first part might read records whether
  // the page had painted by then.
  await p.page.addInitScript(() => {
    window.__forced = [];
    const note = (name) => {
      if (!performance.getEntriesByName('first-paint').length) window.__forced.push(name);
    };
    const wrap = (proto, name) => {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (!d || !d.get) return;
      Object.defineProperty(proto, name, { ...d, get() { note(name); return d.get.call(this); } });
    };
    for (const n of ['innerWidth', 'innerHeight', 'scrollY', 'pageYOffset', 'scrollX', 'outerWidth']) wrap(window, n);
    for (const n of ['clientWidth', 'clientHeight', 'scrollTop', 'scrollHeight', 'offsetWidth']) wrap(Element.prototype, n);
    for (const n of ['offsetWidth', 'offsetHeight', 'offsetTop']) wrap(HTMLElement.prototype, n);
    const rect = Element.prototype.getBoundingClientRect;
    Element.prototype.getBoundingClientRect = function () { note('getBoundingClientRect'); return rect.call(this); };
  });
  await p.page.goto(`${server.url}/blocking.html?utm_term=buy+running+shoes`);
  assert.equal(await p.page.evaluate(() => window.micromoment.ready), true);
  assert.ok(await p.page.isVisible('[data-block="hero-buy"]'));
  assert.deepEqual(await p.page.evaluate(() => window.__forced), []);
  // The viewport's width is still reported, read after the paint.
  assert.ok((await p.page.evaluate(() => window.micromoment.explain().cues.viewportWidth)) > 0);
  assert.deepEqual(p.log.warnings, []);
  await p.context.close();
});

test('a slot whose templates arrive after a paint never shows its default content, then shows the moment', async () => {
  const p = await openPage(browser);
  await p.page.addInitScript(() => {
    window.__seen = [];
    (function tick() {
      const d = document.querySelector('[data-block="hero-default"]');
      const b = document.querySelector('[data-block="hero-buy"]');
      window.__seen.push({
        d: !!d && d.checkVisibility({ visibilityProperty: true }),
        b: !!b && b.checkVisibility({ visibilityProperty: true }),
      });
      if (!b || window.__seen.length < 5) requestAnimationFrame(tick);
    })();
  });
  await p.page.goto(`${server.url}/streamed.html?utm_term=buy+running+shoes`);
  await p.page.waitForFunction(() => window.__seen.some((f) => f.b), null, { timeout: 10000 });
  const seen = await p.page.evaluate(() => window.__seen);
  const waited = seen.findIndex((f) => f.b);
  assert.ok(waited > 5, `frames were painted while the templates were on their way (${waited})`);
  assert.ok(seen.every((f) => !f.d), `default hero visible in a frame: ${JSON.stringify(seen.slice(0, 8))}`);
  assert.equal(await p.page.evaluate(() => document.querySelector('[data-mm-slot="hero"]').style.visibility), '');
  assert.equal(await p.page.evaluate(() => document.querySelector('[data-mm-pending]')), null);
  assert.deepEqual(p.log.errors, []);
  await p.context.close();
});

// Opens `url` with a probe noting, at every frame while the document loads
// (and a few after), whether the default hero is visible; waits for the load.
async function loadWatchingDefault(url) {
  const p = await openPage(browser);
  await p.page.addInitScript(() => {
    window.__seen = [];
    (function tick() {
      const d = document.querySelector('[data-block="hero-default"]');
      window.__seen.push(!!d && d.checkVisibility({ visibilityProperty: true }));
      if (document.readyState === 'loading' || window.__seen.length < 5) requestAnimationFrame(tick);
    })();
  });
  await p.page.goto(`${server.url}${url}`);
  await p.page.waitForFunction(() => document.readyState === 'complete');
  return { ...p, seen: await p.page.evaluate(() => window.__seen) };
}

test('a template still being parsed is not shown half-made: the slot shows it once it is complete', async () => {
  const p = await loadWatchingDefault('/streamed-template.html?utm_term=buy+running+shoes');
  assert.ok(await p.page.isVisible('[data-block="hero-buy"]'), 'the buy hero is shown');
  assert.equal(await p.page.evaluate(() => document.querySelector('[data-mm-slot="hero"]').getAttribute('data-mm-variant')), 'buy');
  assert.ok(p.seen.length > 5, `frames were painted while the template was on its way (${p.seen.length})`);
  assert.ok(p.seen.every((v) => !v), 'the default hero was never visible');
  assert.deepEqual(p.log.errors, []);
  assert.deepEqual(p.log.warnings, []);
  await p.context.close();
});

test('a template that is the last thing in the document is shown once parsing ends', async () => {
  const p = await openPage(browser);
  await p.page.goto(`${server.url}/template-last.html?utm_term=buy+running+shoes`);
  await p.page.waitForFunction(() => document.readyState === 'complete');
  assert.ok(await p.page.isVisible('[data-block="hero-buy"]'), 'the buy hero is shown');
  assert.equal(await p.page.evaluate(() => document.querySelector('[data-mm-pending]')), null);
  assert.deepEqual(p.log.warnings, []);
  await p.context.close();
});

test('wherever the network pauses inside a slot, the default is never seen and the moment is shown', async () => {
  // Every tag boundary of the hero slot (the page as the route serves it).
  const streamed = page.replace('<!--TAG-->', TAGS.blocking);
  const from = streamed.indexOf('<section data-mm-slot="hero">');
  const to = streamed.indexOf('</section>', from) + '</section>'.length;
  const cuts = [];
  for (let i = from; i <= to; i++) {
    if (streamed[i] === '<' || streamed[i - 1] === '>') cuts.push(i);
  }
  const bad = [];
  for (const cut of cuts) {
    const p = await loadWatchingDefault(`/cut.html?utm_term=buy+running+shoes&cut=${cut}`);
    const shown = await p.page.isVisible('[data-block="hero-buy"]');
    const seen = p.seen.some(Boolean);
    if (!shown || seen || p.log.warnings.length || p.log.errors.length) {
      bad.push(`pause before ${JSON.stringify(streamed.slice(cut, cut + 24))}: buy hero ${shown ? 'shown' : 'missing'}, default ${seen ? 'seen' : 'unseen'} ${p.log.warnings.join(' ')}`);
    }
    await p.context.close();
  }
  assert.ok(cuts.length >= 10, `${cuts.length} pause points`);
  assert.deepEqual(bad, []);
});

// Functions V8 compiled lazily (at their first call) on the main thread
// while `name`.html loaded.
async function lazyCompiles(name) {
  const { page, context } = await openPage(browser);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-v8.compile'] });
  await page.goto(`${server.url}/${name}.html?utm_term=buy+running+shoes`, { waitUntil: 'load' });
  // No script of the test's own runs in the page while tracing: it would
  // compile functions lazily too.
  await page.waitForTimeout(300);
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  if (name !== 'none') assert.equal(await page.evaluate(() => window.micromoment.ready), true);
  await context.close();
  // The renderer that parsed this page (a trace may hold other renderers).
  const parsed = events.find((e) => e.name === 'ParseHTML' && JSON.stringify(e.args).includes(`/${name}.html`));
  assert.ok(parsed, 'the trace holds the page being parsed');
  return events.filter((e) => e.pid === parsed.pid && e.tid === parsed.tid && e.name === 'V8.ParseFunction').length;
}

for (const name of ['blocking']) {
  test(`the first part's JS is compiled off the main thread while it loads`, async () => {
    // Without V8's compile hint each function of the loader and glue is
    // compiled on the main thread at its first call (about 140 of them).
    const page = await lazyCompiles('none');
    const tag = await lazyCompiles(name);
    assert.ok(tag - page <= 10, `${tag - page} functions of the tag compiled lazily on the main thread`);
  });
}

test('the tag keeps no second copy of its wasm in memory after it starts', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(`${server.url}/blocking.html?utm_term=buy+running+shoes`);
  assert.equal(await page.evaluate(() => window.micromoment.ready), true);
  const cdp = await context.newCDPSession(page);
  let chunks = '';
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => { chunks += e.chunk; });
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await context.close();
  // Strings in the JS heap over 16 KB. The browser keeps the scripts'
  // source outside it; the wasm text (most of each file) must not stay
  // alive in the heap once decoded.
  const snap = JSON.parse(chunks);
  const { node_fields: fields, node_types: [types] } = snap.snapshot.meta;
  const [type, size] = [fields.indexOf('type'), fields.indexOf('self_size')];
  const big = [];
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const t = types[snap.nodes[i + type]];
    if ((t === 'string' || t === 'concatenated string' || t === 'sliced string') && snap.nodes[i + size] > 16 * 1024) {
      big.push(snap.nodes[i + size]);
    }
  }
  assert.deepEqual(big, [], `strings of ${big.map((b) => Math.round(b / 1024) + ' KB').join(', ')} in the JS heap`);
});

test('the wasm memory of a running tag stays small (no megabyte stack, no tables left behind by growth)', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(`${server.url}/blocking.html?utm_term=buy+running+shoes`);
  assert.equal(await page.evaluate(() => window.micromoment.ready), true);
  // Some work for the tag: re-decisions and an explanation.
  await page.evaluate(() => {
    for (let i = 0; i < 50; i++) window.micromoment.setCue('query', `how to clean suede shoes ${i}`);
    return window.micromoment.explain();
  });
  const sizes = await wasmMemories(await context.newCDPSession(page));
  await context.close();
  assert.equal(sizes.length, 2, 'one wasm memory per part');
  const total = sizes.reduce((a, b) => a + b, 0);
  assert.ok(total <= 768 * 1024, `wasm memory is ${sizes.map((m) => m / 1024).join(' + ')} KB`);
});

// Opens the hero page with `attrs` on the tag's script element.
async function loadWithAttributes(attrs) {
  const tag = `<script async blocking="render" src="/micromoment/micromoment.js" ${attrs}></script>`;
  const p = await openPage(browser);
  await p.page.route('**/attrs.html*', (route) => route.fulfill({
    contentType: 'text/html', body: page.replace('<!--TAG-->', tag),
  }));
  await p.page.goto(`${server.url}/attrs.html?utm_term=buy+running+shoes`);
  return p;
}

test('data-* options on the script tag set threshold, holdout and debug', async () => {
  const p = await loadWithAttributes('data-threshold="0.999" data-debug');
  await p.page.evaluate(() => window.micromoment.ready);
  const ex = await p.page.evaluate(() => window.micromoment.explain());
  assert.equal(ex.threshold, 0.999);
  assert.equal(ex.moment, null, 'a 0.999 threshold leaves the buy query undecided');
  await p.page.waitForFunction(() => document.querySelector('micromoment-debug'));
  assert.deepEqual(p.log.errors, []);
  await p.context.close();
});

test('an invalid data-threshold is a config error with its JSON path', async () => {
  const p = await loadWithAttributes('data-threshold="lots"');
  assert.equal(await p.page.evaluate(() => window.micromoment.ready), false);
  assert.ok(await p.page.isVisible('[data-block="hero-default"]'));
  assert.equal(p.log.warnings.length, 1);
  assert.match(p.log.warnings[0], /^micromoment: invalid config.*\$\.threshold/);
  await p.context.close();
});

// Opens the hero page in `charset` with the first part served by `script`
// (a function of the built file's bytes returning the response to send).
async function loadSingleFile({ charset, script, init }) {
  const p = await openPage(browser);
  if (init) await p.page.addInitScript(init);
  const html = page.replace('<meta charset="utf-8">', `<meta charset="${charset}">`).replace('<!--TAG-->', TAGS.blocking);
  await p.page.route('**/charset.html*', (route) => route.fulfill({
    headers: { 'content-type': `text/html; charset=${charset}` }, body: Buffer.from(html, 'latin1'),
  }));
  const file = fs.readFileSync(path.join(here, '../../www/micromoment/micromoment.js'));
  await p.page.route('**/micromoment/micromoment.js', (route) => route.fulfill(script(file)));
  await p.page.goto(`${server.url}/charset.html?utm_term=buy+running+shoes`);
  return p;
}

for (const type of ['text/javascript', 'text/javascript; charset=windows-1252']) {
  test(`the first part works on a page in another character encoding, served as ${type}`, async () => {
    // Its byte order mark wins over the page's encoding and the header's.
    const p = await loadSingleFile({
      charset: 'windows-1252',
      script: (body) => ({ headers: { 'content-type': type }, body }),
    });
    assert.equal(await p.page.evaluate(() => window.micromoment.ready), true);
    assert.ok(await p.page.isVisible('[data-block="hero-buy"]'));
    assert.deepEqual(p.log.warnings, []);
    assert.deepEqual(p.log.errors, []);
    await p.context.close();
  });
}

test('the first part decodes its wasm without Uint8Array.fromBase64 (older browsers)', async () => {
  const p = await loadSingleFile({
    charset: 'utf-8',
    init: () => { delete Uint8Array.fromBase64; },
    script: (body) => ({ headers: { 'content-type': 'text/javascript; charset=utf-8' }, body }),
  });
  assert.equal(await p.page.evaluate(() => typeof Uint8Array.fromBase64), 'undefined');
  assert.equal(await p.page.evaluate(() => window.micromoment.ready), true);
  assert.ok(await p.page.isVisible('[data-block="hero-buy"]'));
  assert.deepEqual(p.log.warnings, []);
  await p.context.close();
});

test('a first part read in the wrong character encoding keeps the default content and says why', async () => {
  // Without its byte order mark and served as windows-1252, the wasm's
  // characters come out wrong: the tag must notice, not run broken code.
  const p = await loadSingleFile({
    charset: 'windows-1252',
    script: (body) => ({ headers: { 'content-type': 'text/javascript; charset=windows-1252' }, body: body.subarray(3) }),
  });
  assert.equal(await p.page.evaluate(() => window.micromoment.ready), false);
  assert.ok(await p.page.isVisible('[data-block="hero-default"]'));
  assert.equal(p.log.warnings.length, 1, p.log.warnings.join('\n'));
  assert.match(p.log.warnings[0], /^micromoment: could not load the WebAssembly core .*not read as UTF-8/);
  assert.equal(await p.page.evaluate(() => window.__pageOk), true);
  await p.context.close();
});
