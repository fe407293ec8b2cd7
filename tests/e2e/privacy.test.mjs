// End-to-end privacy: the tag sends nothing anywhere (its only requests are
// its own files), sets no cookie, stores nothing without consent or under
// Global Privacy Control / Do Not Track, stores its journey once consent is
// given, erases it on forget(), and counts pages and returning visitors
// from what it stored. Run `make build` first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launch } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..', '..');
const fixtures = path.join(here, 'pages', 'reliability');
const INDEX = fs.readFileSync(path.join(fixtures, 'index.html'), 'utf8');

const SESSION_KEY = 'micromoment:session';
const VISITOR_KEY = 'micromoment:visitor';
const TAG_FILES = ['/micromoment/micromoment.js', '/micromoment/micromoment_core.js', '/micromoment/micromoment_core_bg.wasm'];
const SITE_FILES = ['/page.js', '/page.css', '/favicon.svg'];

/** index.html with a #micromoment-config holding `config`. */
function withConfig(config) {
  return INDEX.replace(
    '<script type="module" src="/micromoment/micromoment.js"></script>',
    `<script type="application/json" id="micromoment-config">${JSON.stringify(config)}</script>\n  <script type="module" src="/micromoment/micromoment.js"></script>`,
  );
}

const PAGES = {
  '/no-consent.html': withConfig({ consent: false }),
  '/stores.html': withConfig({
    stores: [
      { name: 'Trailhead Nørrebro', lat: 55.6872, lon: 12.5537, address: 'Nørrebrogade 52', phone: '+45 33 12 34 56',
        hours: { mon: '10:00-18:00', tue: '10:00-18:00', wed: '10:00-18:00', thu: '10:00-18:00', fri: '10:00-18:00', sat: '10:00-16:00', sun: 'closed' },
        timezone: 'Europe/Copenhagen' },
      { name: 'Trailhead Aarhus', lat: 56.1572, lon: 10.2107 },
    ],
    geolocation: 'granted',
    dataLayer: true,
  }),
};

const routes = {};
for (const [p, html] of Object.entries(PAGES)) {
  routes[p] = (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
    return true;
  };
}

let server;
let browser;

before(async () => {
  server = await startServer({
    root: fixtures,
    routes,
    mounts: { '/micromoment/': path.join(repo, 'www', 'micromoment') },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh context and page that records every request, socket and page error. */
async function open(contextOptions = {}, init = []) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const log = { requests: [], sockets: [], pageErrors: [], warnings: [] };
  context.on('request', (r) => log.requests.push(r.url()));
  page.on('websocket', (ws) => log.sockets.push(ws.url()));
  page.on('pageerror', (e) => log.pageErrors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'warning') log.warnings.push(m.text()); });
  for (const s of init) await page.addInitScript(s);
  return { context, page, log };
}

async function ready(page) {
  return page.evaluate(() => window.micromoment.ready);
}

/** The tag's keys in both storage areas (null when absent). */
function stored(page) {
  return page.evaluate(([s, v]) => ({
    session: sessionStorage.getItem(s),
    visitor: localStorage.getItem(v),
    otherKeys: [...Object.keys(sessionStorage), ...Object.keys(localStorage)].filter((k) => k !== s && k !== v),
  }), [SESSION_KEY, VISITOR_KEY]);
}

/** Everything a visitor and the site do on a page: scroll, type, click, setCue, force. */
async function activity(page) {
  await page.mouse.wheel(0, 800);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(100);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.fill('input[type=search]', 'shoe store near me');
  await page.waitForTimeout(400); // past the 250 ms search-box debounce
  await page.click('#site-button');
  await page.evaluate(() => {
    window.micromoment.setCue('query', 'buy trail shoes');
    window.micromoment.setCue('custom.loyal', 1);
    window.micromoment.force('buy');
  });
  await page.click('[data-block="hero-buy"] .add-to-cart');
  await page.evaluate(() => window.micromoment.force(null));
  await page.waitForTimeout(200);
}

const pathOf = (u) => new URL(u).pathname;

test('the tag requests only its own files: nothing during scroll, typing, clicks, setCue, or with stores and location', async () => {
  const { context, page, log } = await open({
    permissions: ['geolocation'],
    geolocation: { latitude: 55.68, longitude: 12.56 },
  });
  try {
    for (const url of ['/index.html?utm_term=buy+running+shoes&utm_source=google&gclid=abc', '/stores.html?q=shoe+store+near+me']) {
      log.requests.length = 0;
      const before = server.requests.length;
      await page.goto(server.url + url);
      assert.equal(await ready(page), true);
      await activity(page);
      const doc = url.split('?')[0];
      const allowed = new Set([doc, ...TAG_FILES, ...SITE_FILES]);
      const unexpected = log.requests.filter((r) => !r.startsWith(server.url) || !allowed.has(pathOf(r)));
      assert.deepEqual(unexpected, [], `requests beyond the site's and the tag's own files on ${url}`);
      const tagRequests = log.requests.filter((r) => TAG_FILES.includes(pathOf(r)));
      assert.deepEqual(tagRequests.map(pathOf).sort(), [...TAG_FILES].sort(), 'each tag file is fetched once');
      const serverSide = server.requests.slice(before).map((r) => r.split('?')[0]).filter((r) => !allowed.has(r));
      assert.deepEqual(serverSide, [], 'the server saw no other request');
    }
    // What the tag hands to the page's dataLayer carries no search text.
    const layer = await page.evaluate(() => JSON.stringify(window.dataLayer || []));
    assert.ok(layer.includes('micromoment'), 'the stores page pushes to its dataLayer');
    for (const text of ['shoe store near me', 'buy trail shoes', 'shoe+store']) {
      assert.ok(!layer.includes(text), `dataLayer carries no query text (${text})`);
    }
    assert.deepEqual(log.sockets, [], 'no WebSocket');
    assert.deepEqual(log.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('the tag sets no cookie', async () => {
  const { context, page } = await open();
  try {
    await page.goto(server.url + '/index.html?utm_term=buy+running+shoes&utm_campaign=spring');
    await ready(page);
    await activity(page);
    await page.goto(server.url + '/second.html');
    await ready(page);
    assert.equal(await page.evaluate(() => document.cookie), '');
    assert.deepEqual(await context.cookies(), []);
  } finally {
    await context.close();
  }
});

const GPC = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true });";
const DNT = "Object.defineProperty(Navigator.prototype, 'doNotTrack', { configurable: true, get: () => '1' });";

for (const [name, init, url] of [
  ['Global Privacy Control (navigator.globalPrivacyControl = true)', [GPC], '/index.html'],
  ['Do Not Track (navigator.doNotTrack = "1")', [DNT], '/index.html'],
  ['config "consent": false', [], '/no-consent.html'],
]) {
  test(`${name}: nothing is written to localStorage or sessionStorage`, async () => {
    const { context, page, log } = await open({}, init);
    try {
      await page.goto(server.url + url + '?utm_term=buy+running+shoes&utm_source=newsletter&utm_campaign=spring');
      assert.equal(await ready(page), true);
      assert.ok(await page.isVisible('[data-block="hero-buy"]'), 'the tag still works in memory');
      await activity(page);
      await page.goto(server.url + url.replace('/index.html', '/second.html'));
      await ready(page);
      assert.deepEqual(await stored(page), { session: null, visitor: null, otherKeys: [] });
      const ex = await page.evaluate(() => window.micromoment.explain());
      assert.equal(ex.cues.pagesSeen, 1, 'without storage each page view stands alone');
      assert.equal(ex.cues.returning, false);
      if (init.length) {
        // The browser's privacy signal wins over a site's consent(true).
        await page.evaluate(() => window.micromoment.consent(true));
        assert.deepEqual(await stored(page), { session: null, visitor: null, otherKeys: [] }, 'consent(true) under GPC/DNT');
      }
      assert.deepEqual(await context.cookies(), []);
      assert.deepEqual(log.pageErrors, []);
    } finally {
      await context.close();
    }
  });
}

test('consent(true) starts storing; forget() erases both keys and nothing comes back', async () => {
  const { context, page, log } = await open();
  try {
    await page.goto(server.url + '/no-consent.html?utm_term=buy+running+shoes');
    await ready(page);
    assert.deepEqual(await stored(page), { session: null, visitor: null, otherKeys: [] });
    await page.evaluate(() => window.micromoment.consent(true));
    const written = await stored(page);
    assert.notEqual(written.session, null, 'consent(true) writes the session record');
    assert.notEqual(written.visitor, null, 'consent(true) writes the visitor record');
    // What is stored is bounded and holds no more than the journey.
    assert.ok(written.session.length < 2000, `session record is small (${written.session.length} chars)`);
    assert.ok(written.visitor.length < 100, `visitor record is small (${written.visitor.length} chars)`);

    await page.evaluate(() => window.micromoment.forget());
    assert.deepEqual(await stored(page), { session: null, visitor: null, otherKeys: [] }, 'forget() erases both');
    // Later activity must not write the journey back.
    await activity(page);
    assert.deepEqual(await stored(page), { session: null, visitor: null, otherKeys: [] }, 'nothing comes back after forget()');

    // consent(false) erases too.
    await page.evaluate(() => window.micromoment.consent(true));
    assert.notEqual((await stored(page)).session, null);
    await page.evaluate(() => window.micromoment.consent(false));
    assert.deepEqual(await stored(page), { session: null, visitor: null, otherKeys: [] }, 'consent(false) erases both');
    await activity(page);
    assert.deepEqual(await stored(page), { session: null, visitor: null, otherKeys: [] });
    assert.deepEqual(log.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('with consent, a second page view in the same tab counts pagesSeen 2; a new tab after that is returning', async () => {
  const { context, page, log } = await open();
  try {
    await page.goto(server.url + '/index.html?utm_term=buy+running+shoes');
    await ready(page);
    let cues = (await page.evaluate(() => window.micromoment.explain())).cues;
    assert.equal(cues.pagesSeen, 1);
    assert.equal(cues.returning, false, 'a first visit is not returning');
    const first = await stored(page);
    assert.notEqual(first.session, null);
    assert.notEqual(first.visitor, null);

    await page.goto(server.url + '/second.html');
    await ready(page);
    cues = (await page.evaluate(() => window.micromoment.explain())).cues;
    assert.equal(cues.pagesSeen, 2, 'second page view in the same tab');
    assert.equal(cues.returning, false, 'the same session is not returning');

    await page.goto(server.url + '/index.html');
    await ready(page);
    assert.equal((await page.evaluate(() => window.micromoment.explain())).cues.pagesSeen, 3);

    // A new tab has a new sessionStorage: a new session by a known visitor.
    const tab = await context.newPage();
    await tab.goto(server.url + '/index.html');
    await ready(tab);
    cues = (await tab.evaluate(() => window.micromoment.explain())).cues;
    assert.equal(cues.returning, true, 'a new session after a previous visit is returning');
    assert.equal(cues.pagesSeen, 1, 'a new session starts counting again');
    await tab.goto(server.url + '/second.html');
    await ready(tab);
    cues = (await tab.evaluate(() => window.micromoment.explain())).cues;
    assert.equal(cues.returning, true, 'returning holds for the whole session');
    assert.equal(cues.pagesSeen, 2);

    // After forget() the next session is a new visitor again.
    await tab.evaluate(() => window.micromoment.forget());
    const fresh = await context.newPage();
    await page.evaluate(() => window.micromoment.forget());
    await fresh.goto(server.url + '/index.html');
    await ready(fresh);
    cues = (await fresh.evaluate(() => window.micromoment.explain())).cues;
    assert.equal(cues.returning, false, 'forget() makes the next visit a first visit');
    assert.deepEqual(log.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('a new browser context (another visitor) is not returning', async () => {
  const a = await open();
  const b = await open();
  try {
    await a.page.goto(server.url + '/index.html');
    await ready(a.page);
    await b.page.goto(server.url + '/index.html');
    await ready(b.page);
    const cues = (await b.page.evaluate(() => window.micromoment.explain())).cues;
    assert.equal(cues.returning, false);
    assert.equal(cues.pagesSeen, 1);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
