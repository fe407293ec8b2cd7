// End-to-end reliability: the tag must fail open. Whatever breaks (no
// WebAssembly, a missing or corrupt wasm file, a strict CSP, a bad config,
// odd markup, blocked storage, geolocation trouble, a hostile page), the
// site's default content stays, the page's own scripts keep working, the tag
// logs exactly one `console.warn` starting with "micromoment:" and nothing
// is thrown at the page. Run `make build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, tagWarnings, PAGES, REPO } from './harness.mjs';

const h = setup({ root: PAGES.reliability });

const BUY = '?utm_term=buy+running+shoes';
const WASM_WARNING = /WebAssembly core/;
const STORE = { name: 'Trailhead Nørrebro', lat: 55.6872, lon: 12.5537, address: 'Nørrebrogade 52' };

/**
 * A page with a hero slot (default + know/go/do/buy), a site button wired
 * by the page's own script (/page.js, after the tag) and a search box.
 * `config`: object or raw string for #micromoment-config (none when
 * undefined). `tags`: the tag's script URLs. `slots`: extra slot markup.
 */
function pageHtml({ config, tags = ['/micromoment/micromoment.js'], slots = '', head = '', blocking = true } = {}) {
  const cfg = config === undefined
    ? ''
    : `<script type="application/json" id="micromoment-config">${typeof config === 'string' ? config : JSON.stringify(config)}</script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<title>Reliability fixture</title>
${cfg}
${tags.map((src) => `<script async${blocking ? ' blocking="render"' : ''} src="${src}"></script>`).join('\n')}
${head}
</head>
<body>
<input type="search" name="q" aria-label="Search">
<button id="site-button" type="button">Site button</button>
<output id="site-output"></output>
<main>
<section data-mm-slot="hero">
  <div data-block="hero-default"><h1>Default hero</h1></div>
  <template data-mm-moment="know"><div data-block="hero-know">Know</div></template>
  <template data-mm-moment="go"><div data-block="hero-go">Go</div></template>
  <template data-mm-moment="do"><div data-block="hero-do">Do</div></template>
  <template data-mm-moment="buy"><div data-block="hero-buy">Buy</div></template>
</section>
${slots}
</main>
<script type="module" src="/page.js"></script>
</body>
</html>`;
}

/**
 * Loads `url` on a new page in a fresh context, waits for the tag (see
 * settle, `settleMs`), runs `fn(page, log)` and closes the context.
 * `init`: init scripts (run before any page script). `routes`: [glob,
 * Playwright route handler] pairs, e.g. for the wasm file.
 */
function onPage({ url, init = [], contextOptions, routes = [], settleMs }, fn) {
  return h.withPage({ context: contextOptions, init }, async ({ page, log }) => {
    for (const [glob, handler] of routes) await page.route(glob, handler);
    await page.goto(h.url(url));
    await settle(page, settleMs);
    await fn(page, log);
  });
}

/** Waits until the tag has started or given up, then a little for async warnings. */
async function settle(page, ms = 200) {
  await page.waitForFunction(() => window.__pageOk === true, null, { timeout: 5000 });
  await page.evaluate(() => window.micromoment && window.micromoment.ready);
  await page.waitForTimeout(ms);
}

/** The site's own script ran and its button handler works. */
async function assertPageWorks(page) {
  assert.equal(await page.evaluate(() => window.__pageOk), true, 'page script ran');
  await page.click('#site-button');
  assert.equal(await page.textContent('#site-output'), 'clicked 1', 'site button handler works');
}

/** Exactly one console.warn, from the tag, matching `re`. */
function assertOneWarning(log, re) {
  const detail = '\nconsole:\n  ' + log.messages.join('\n  ') + '\npage errors:\n  ' + log.pageErrors.join('\n  ');
  assert.equal(log.warnings.length, 1, `expected exactly one console.warn, got ${log.warnings.length}${detail}`);
  assert.ok(log.warnings[0].startsWith('micromoment: '), `warning is prefixed "micromoment:"${detail}`);
  if (re) assert.match(log.warnings[0], re);
}

function assertNoPageError(log) {
  assert.deepEqual(log.pageErrors, [], 'no uncaught error reaches the page');
}

/** The default hero shows, nothing is inserted, no moment is set, slots are not hidden. */
async function assertDefaultContent(page) {
  assert.ok(await page.isVisible('[data-block="hero-default"]'), 'default hero visible');
  assert.equal(await page.locator('[data-mm-slot="hero"] > div:not([data-block="hero-default"])').count(), 0,
    'no variant inserted');
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), null, '<html> carries no moment');
  assert.equal(await page.getAttribute('html', 'data-mm-prehide'), null, 'slots are not pre-hidden');
}

/** A tag that could not start: every API call is harmless and silent. */
async function assertApiInert(page) {
  const r = await page.evaluate(async () => {
    const mm = window.micromoment;
    if (!mm) return { missing: true };
    const out = { ready: await mm.ready, moment: mm.moment(), explain: mm.explain() };
    mm.setCue('query', 'buy running shoes');
    mm.force('buy');
    mm.consent(true);
    mm.forget();
    mm.destroy();
    mm.destroy();
    out.after = mm.moment();
    return out;
  });
  assert.notEqual(r.missing, true, 'window.micromoment exists even when the tag cannot run');
  assert.equal(r.ready, false, 'ready resolves to false');
  assert.equal(r.moment, null);
  assert.equal(r.explain, null);
  assert.equal(r.after, null);
  await assertDefaultContent(page);
}

/** Runs a case in which the tag cannot start at all. */
async function fatalCase({ url, init, routes = [], warn, contextOptions }) {
  await onPage({ url, init, contextOptions, routes, settleMs: 150 }, async (page, log) => {
    await assertDefaultContent(page);
    await assertPageWorks(page);
    assertOneWarning(log, warn);
    assertNoPageError(log);
    // Calling the API of a tag that could not start adds no warning.
    await assertApiInert(page);
    await page.waitForTimeout(100);
    assertOneWarning(log, warn);
    assertNoPageError(log);
  });
}

/**
 * One test per [name, case]: fatalCase on pageHtml(`html`) + BUY, served
 * with the response `headers`.
 */
function fatalTests(cases) {
  for (const [name, { html, headers, ...rest }] of cases) {
    test(name, () => fatalCase({ url: h.serve(pageHtml(html), headers) + BUY, ...rest }));
  }
}

const NO_WASM = 'delete window.WebAssembly;';
const NO_WASM_CSP = { 'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'" };

// The first part with its wasm's magic number broken: the browser refuses
// to compile it.
const corruptFirst = async (route) => {
  const body = fs.readFileSync(path.join(REPO, 'www/micromoment/micromoment.js'));
  const at = body.indexOf(Buffer.from([0x00, 0x61, 0x73, 0x6d]));
  body[at + 1] = 0x78;
  await route.fulfill({ status: 200, contentType: 'text/javascript', body });
};

fatalTests([
  ['WebAssembly unavailable: default content, one warning', { init: [NO_WASM], warn: /WebAssembly/ }],
  ["the first part's wasm does not compile: default content, one warning", {
    routes: [['**/micromoment/micromoment.js', corruptFirst]],
    warn: WASM_WARNING,
  }],
]);

// The second part is missing or is something else: the first decision
// stays, everything it alone does keeps working, one warning.
for (const [name, response] of [
  ['answers 404', { status: 404, contentType: 'text/plain', body: 'not found' }],
  ['is answered by an HTML page (200 text/html)', {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: '<!doctype html><title>Not here</title><p>Page not found</p>',
  }],
]) {
  test(`the second part ${name}: the first decision stays, page works, one warning`, async () => {
    const routes = [['**/micromoment/micromoment-more.js', (route) => route.fulfill(response)]];
    await onPage({ url: h.serve(pageHtml()) + BUY, routes }, async (page, log) => {
      assert.equal(await page.evaluate(() => window.micromoment.ready), true, 'the first part runs');
      assert.ok(await page.isVisible('[data-block="hero-buy"]'), 'the first decision is on the page');
      assert.equal(await page.evaluate(() => window.micromoment.moment()), 'buy');
      assert.equal(await page.evaluate(() => window.micromoment.setCue('query', 'how to clean suede')), true);
      await assertPageWorks(page);
      assertOneWarning(log, /could not load the rest of the tag/);
      assertNoPageError(log);
    });
  });
}

fatalTests([
  ['the slot hold is lifted when the tag cannot start', {
    html: { head: '<script src="/micromoment/micromoment-hold.js" data-timeout="1000"></script>', blocking: false },
    init: [NO_WASM],
    warn: /WebAssembly/,
  }],
  ["CSP without 'wasm-unsafe-eval': default content, one warning", { headers: NO_WASM_CSP, warn: /wasm|WebAssembly/i }],
  ['config that is not valid JSON: default content, one warning', {
    html: { config: '{"threshold": 0.5,, "stores": [' },
    warn: /#micromoment-config.*JSON/,
  }],
  ['config with wrong types: the warning names each JSON path and what was expected', {
    html: { config: { threshold: 'high', consent: 'yes' } },
    warn: /\$\.threshold: expected a number above 0, at most 1, found "high".*\$\.consent: expected true or false, found "yes"/,
  }],
  ['config whose root is not an object: one warning naming $', {
    html: { config: '["threshold", 0.5]' },
    warn: /\$: expected an object, found an array/,
  }],
  ['config naming an unknown moment: the warning names the path and the known moments', {
    html: { config: { priors: { shopping: 1 } } },
    warn: /\$\.priors\.shopping: expected a known moment.*found "shopping"/,
  }],
  ['config with a negative threshold: the warning names $.threshold and the range', {
    html: { config: { threshold: -1 } },
    warn: /\$\.threshold: expected a number above 0, at most 1, found -1/,
  }],
]);

/** Runs a case in which the tag starts but one part of the page or browser misbehaves. */
async function degradedCase({ url, init = [], contextOptions, warn, check }) {
  await onPage({ url, init, contextOptions, settleMs: 300 }, async (page, log) => {
    assert.equal(await page.evaluate(() => window.micromoment.ready), true, 'the tag runs');
    await assertPageWorks(page);
    if (check) await check(page, log);
    await page.waitForTimeout(100);
    assertOneWarning(log, warn);
    assertNoPageError(log);
  });
}

const THROWING_STORAGE = `
for (const name of ['localStorage', 'sessionStorage']) {
  Object.defineProperty(window, name, {
    configurable: true,
    get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
  });
}`;

const GEOLOCATION_TIMEOUT = `
Geolocation.prototype.getCurrentPosition = function (ok, fail) {
  setTimeout(() => fail({ code: 3, message: 'Timeout expired', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 }), 50);
};`;

const REJECTING_PERMISSIONS = `
Permissions.prototype.query = function () {
  return Promise.reject(new TypeError("Failed to execute 'query' on 'Permissions': not supported"));
};`;

// One test per [name, case]: degradedCase on pageHtml(`html`) + BUY.
for (const [name, { html, ...rest }] of [
  ['a template for an undeclared moment: that slot keeps its default, one warning', {
    html: {
      slots: `<section data-mm-slot="promo">
  <p data-block="promo-default">Default promo</p>
  <template data-mm-moment="shopping"><p data-block="promo-shopping">Shopping promo</p></template>
</section>`,
    },
    warn: /"promo".*"shopping"/,
    check: async (page) => {
      assert.ok(await page.isVisible('[data-block="promo-default"]'));
      assert.equal(await page.locator('[data-block="promo-shopping"]').count(), 0);
      // The rest of the page still follows the moment.
      assert.ok(await page.isVisible('[data-block="hero-buy"]'));
    },
  }],
  ['a slot with no templates: it keeps its default, one warning naming it', {
    html: { slots: `<section data-mm-slot="empty-slot"><p data-block="empty-default">Only default content</p></section>` },
    warn: /empty-slot/,
    check: async (page) => {
      assert.ok(await page.isVisible('[data-block="empty-default"]'));
      assert.ok(await page.isVisible('[data-block="hero-buy"]'));
    },
  }],
  ['localStorage and sessionStorage throw: the tag works in memory, one warning', {
    init: [THROWING_STORAGE],
    warn: /storage/i,
    check: async (page) => {
      assert.ok(await page.isVisible('[data-block="hero-buy"]'));
      const r = await page.evaluate(() => {
        const mm = window.micromoment;
        mm.consent(true);
        mm.forget();
        mm.consent(false);
        mm.consent(true);
        return { moment: mm.moment(), pagesSeen: mm.explain().cues.pagesSeen };
      });
      assert.deepEqual(r, { moment: 'buy', pagesSeen: 1 });
    },
  }],
  ['geolocation permission denied (geolocation "ask"): one warning, the tag keeps working', {
    html: { config: { stores: [STORE], geolocation: 'ask' } },
    contextOptions: { permissions: [] },
    warn: /location/i,
    check: async (page) => {
      assert.ok(await page.isVisible('[data-block="hero-buy"]'));
      assert.equal(await page.evaluate(() => window.micromoment.explain().cues.storeKm), null);
    },
  }],
  ['geolocation times out (error code 3): one warning, the tag keeps working', {
    html: { config: { stores: [STORE], geolocation: 'ask' } },
    init: [GEOLOCATION_TIMEOUT],
    warn: /timed out/,
    check: async (page) => {
      assert.ok(await page.isVisible('[data-block="hero-buy"]'));
    },
  }],
  ['Permissions API missing (default geolocation): one warning, the tag keeps working', {
    html: { config: { stores: [STORE] } },
    init: ['delete Navigator.prototype.permissions;'],
    warn: /Permissions API/,
    check: async (page) => {
      assert.equal(await page.evaluate(() => navigator.permissions), undefined);
      assert.ok(await page.isVisible('[data-block="hero-buy"]'));
    },
  }],
  ['Permissions API query() rejects (default geolocation): one warning, no unhandled rejection', {
    html: { config: { stores: [STORE] } },
    init: [REJECTING_PERMISSIONS],
    warn: /Permissions API|location/,
    check: async (page) => {
      assert.ok(await page.isVisible('[data-block="hero-buy"]'));
    },
  }],
  ['window.dataLayer is not an array: nothing pushed, one warning, swaps still happen', {
    init: ['window.dataLayer = { note: "not an array" };'],
    warn: /dataLayer is not an array/,
    check: async (page) => {
      assert.ok(await page.isVisible('[data-block="hero-buy"]'));
      await page.evaluate(() => window.micromoment.force('know'));
      await page.click('[data-block="hero-know"]');
      assert.deepEqual(await page.evaluate(() => window.dataLayer), { note: 'not an array' });
    },
  }],
]) {
  test(name, () => degradedCase({ url: h.serve(pageHtml(html)) + BUY, ...rest }));
}

test('a site listener of micromoment:change that throws: the swap happens and the tag keeps working', async () => {
  const listener = `
window.__changes = 0;
document.addEventListener('micromoment:change', () => {
  window.__changes += 1;
  throw new Error('site listener bug ' + window.__changes);
});`;
  await onPage({ url: h.serve(pageHtml({ config: { swapInView: true } })) + BUY, init: [listener] }, async (page, log) => {
    assert.ok(await page.isVisible('[data-block="hero-buy"]'), 'swap happened');
    assert.equal(await page.evaluate(() => window.micromoment.moment()), 'buy');
    assert.equal(await page.evaluate(() => window.micromoment.setCue('query', 'how to clean suede')), true);
    // The challenger takes over once it has kept its lead for hysteresis.minMs.
    await page.waitForFunction(() => window.micromoment.moment() === 'do', null, { timeout: 5000 });
    assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'do');
    assert.ok(await page.isVisible('[data-block="hero-do"]'), 'later swaps happen');
    assert.equal(await page.evaluate(() => window.__changes), 2);
    await assertPageWorks(page);
    // The only errors are the site's own, one per change event.
    assert.equal(log.pageErrors.length, 2, log.pageErrors.join('\n'));
    for (const e of log.pageErrors) assert.match(e, /site listener bug/);
    assert.deepEqual(tagWarnings(log), []);
  });
});

test('a browser API that throws during scroll work: the tag stops with one warning and leaves no scroll listener', async () => {
  const breakable = `
Object.defineProperty(Element.prototype, 'scrollHeight', {
  configurable: true,
  get() {
    if (window.__breakScroll) throw new Error('scrollHeight is broken');
    return 4000;
  },
});`;
  const tall = '<div style="height: 4000px"></div>';
  await onPage({ url: h.serve(pageHtml({ slots: tall })) + BUY, init: [breakable] }, async (page, log) => {
    assert.ok(await page.isVisible('[data-block="hero-buy"]'));
    await page.evaluate(() => {
      window.__breakScroll = true;
      window.scrollTo(0, 800);
    });
    for (let i = 0; i < 40 && log.warnings.length === 0; i += 1) await page.waitForTimeout(50);
    assertOneWarning(log, /internal error in scrolled\(\).*scrollHeight is broken.*the tag stopped/);
    assertNoPageError(log);
    assert.equal(await page.evaluate(() => window.micromoment.moment()), null, 'the tag stopped');
    const cdp = await page.context().newCDPSession(page);
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    await cdp.detach();
    assert.deepEqual(listeners.filter((l) => l.type === 'scroll'), [], 'no scroll listener left');
    // Scrolling on does nothing more.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(200);
    assertOneWarning(log);
    assertNoPageError(log);
    await assertPageWorks(page);
  });
});

test('destroy() called twice: default content back, no warning, no error', async () => {
  await onPage({ url: h.serve(pageHtml()) + BUY }, async (page, log) => {
    assert.ok(await page.isVisible('[data-block="hero-buy"]'));
    await page.evaluate(() => {
      window.micromoment.destroy();
      window.micromoment.destroy();
    });
    await assertDefaultContent(page);
    assert.equal(await page.evaluate(() => window.micromoment.moment()), null);
    assert.equal(await page.evaluate(() => window.micromoment.explain()), null);
    // Nothing of the tag is left listening: typing in the search box changes nothing.
    await page.fill('input[type=search]', 'buy running shoes');
    await page.waitForTimeout(400);
    await assertDefaultContent(page);
    await assertPageWorks(page);
    assert.deepEqual(log.warnings, []);
    assertNoPageError(log);
  });
});

test('after destroy() or a failed start, setCue() and force() report false and change nothing', async () => {
  await onPage({ url: h.serve(pageHtml()) + BUY }, async (page, log) => {
    const afterDestroy = await page.evaluate(() => {
      const mm = window.micromoment;
      mm.destroy();
      return { setCue: mm.setCue('query', 'how to clean suede'), force: mm.force('know'), moment: mm.moment() };
    });
    assert.deepEqual(afterDestroy, { setCue: false, force: false, moment: null });
    await assertDefaultContent(page);
    assertNoPageError(log);
  });
  await onPage({ url: h.serve(pageHtml()) + BUY, init: [NO_WASM] }, async (page, log) => {
    const r = await page.evaluate(() => {
      const mm = window.micromoment;
      return { setCue: mm.setCue('query', 'how to clean suede'), force: mm.force('know') };
    });
    assert.deepEqual(r, { setCue: false, force: false });
    assertNoPageError(log);
  });
});

test('the tag included twice: only one copy runs, one warning', async () => {
  const counter = `
window.__changes = 0;
document.addEventListener('micromoment:change', () => { window.__changes += 1; });`;
  const tags = ['/micromoment/micromoment.js', '/micromoment/micromoment.da.js'];
  await onPage({ url: h.serve(pageHtml({ tags })) + BUY, init: [counter] }, async (page, log) => {
    assert.equal(await page.evaluate(() => window.micromoment.ready), true, 'the first copy runs');
    assert.ok(await page.isVisible('[data-block="hero-buy"]'));
    assert.equal(await page.locator('[data-block="hero-buy"]').count(), 1, 'the variant is inserted once');
    assert.equal(await page.evaluate(() => window.__changes), 1, 'one change event');
    assert.equal(await page.evaluate(() => window.micromoment === window[Symbol.for('micromoment')]), true);
    await assertPageWorks(page);
    assertOneWarning(log, /more than once/);
    assertNoPageError(log);
  });
});

// --- lifecycle: the tag owns every pending callback ------------------------------

test('destroy() while a location request is pending: no error, the late position changes nothing', async () => {
  // The position arrives 400 ms after it was asked for.
  const slowGeo = `
window.__asked = 0;
navigator.geolocation.getCurrentPosition = function (ok) {
  window.__asked += 1;
  setTimeout(() => ok({ coords: { latitude: 55.68, longitude: 12.55, accuracy: 10 } }), 400);
};`;
  const counter = `
window.__changes = 0;
document.addEventListener('micromoment:change', () => { window.__changes += 1; });`;
  const contextOptions = { permissions: ['geolocation'] };
  const config = { stores: [STORE, { name: 'Aarhus', lat: 56.15, lon: 10.2 }] };
  await onPage({ url: h.serve(pageHtml({ config })) + BUY, init: [slowGeo, counter], contextOptions }, async (page, log) => {
    await page.waitForFunction(() => window.__asked > 0, null, { timeout: 5000 });
    const changes = await page.evaluate(() => {
      window.micromoment.destroy();
      return window.__changes;
    });
    await page.waitForTimeout(700);
    await assertDefaultContent(page);
    assert.equal(await page.evaluate(() => window.__changes), changes, 'no decision after destroy()');
    assert.equal(await page.evaluate(() => window.micromoment.explain()), null);
    assertNoPageError(log);
    assert.deepEqual(log.warnings, []);
  });
});

test('destroy() before the second part arrives: it never attaches, nothing is thrown', async () => {
  const routes = [['**/micromoment/micromoment-more.js', async (route) => {
    await new Promise((r) => setTimeout(r, 500));
    await route.continue();
  }]];
  await onPage({ url: h.serve(pageHtml()) + BUY, routes, settleMs: 0 }, async (page, log) => {
    assert.ok(await page.isVisible('[data-block="hero-buy"]'));
    await page.evaluate(() => window.micromoment.destroy());
    await page.waitForTimeout(900);
    await assertDefaultContent(page);
    // Nothing of the second part listens: scrolling and typing change nothing.
    await page.fill('input[type=search]', 'how to clean suede');
    await page.evaluate(() => window.scrollTo(0, 400));
    await page.waitForTimeout(400);
    await assertDefaultContent(page);
    await assertPageWorks(page);
    assertNoPageError(log);
    assert.deepEqual(log.warnings, []);
  });
});

test('a second part from another release: the first decision stays, one warning naming both versions', async () => {
  const file = fs.readFileSync(path.join(REPO, 'www/micromoment/micromoment-more.js'), 'utf8');
  const swapped = file.replace(/(\.version\s*=\s*)(["'])[^"']*\2/, '$1"9.9.9"');
  assert.notEqual(swapped, file, 'the second part carries its version');
  const routes = [['**/micromoment/micromoment-more.js', (route) => route.fulfill({ contentType: 'text/javascript', body: swapped })]];
  await onPage({ url: h.serve(pageHtml()) + BUY, routes }, async (page, log) => {
    assert.ok(await page.isVisible('[data-block="hero-buy"]'));
    assertOneWarning(log, /could not load the rest of the tag \(its version 9\.9\.9 is not the first part's \d+\.\d+\.\d+\)/);
    assertNoPageError(log);
  });
});
