// End-to-end privacy: the tag sends nothing anywhere (its only requests are
// its own files), sets no cookie, stores nothing without consent or under
// Global Privacy Control / Do Not Track, stores its journey once consent is
// given, erases it on forget(), and counts pages and returning visitors
// from what it stored. Run `make build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, withConfig, ready, cues, PAGES } from './harness.mjs';

const INDEX = fs.readFileSync(path.join(PAGES.reliability, 'index.html'), 'utf8');

const SESSION_KEY = 'micromoment:session';
const VISITOR_KEY = 'micromoment:visitor';
const TAG_FILES = ['/micromoment/micromoment.js', '/micromoment/micromoment-more.js'];
const SITE_FILES = ['/page.js', '/page.css', '/favicon.svg'];

const CONFIGURED = {
  '/no-consent.html': withConfig(INDEX, { consent: false }),
  '/stores.html': withConfig(INDEX, {
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

const h = setup({ root: PAGES.reliability });
for (const [p, html] of Object.entries(CONFIGURED)) h.route(p, html);

/**
 * Runs `fn({ context, page, log })` on a fresh context and page that record
 * every request, socket, warning and page error, then closes the context.
 */
function visitor(contextOptions, init, fn) {
  return h.withPage({ context: contextOptions, init }, ({ context, page, log }) => {
    log.requests = [];
    log.sockets = [];
    context.on('request', (r) => log.requests.push(r.url()));
    page.on('websocket', (ws) => log.sockets.push(ws.url()));
    return fn({ context, page, log });
  });
}

/** Loads `url` from the fixture server and returns what `micromoment.ready` resolved to. */
async function visit(page, url) {
  await page.goto(h.url(url));
  return ready(page);
}

/** The tag's keys in both storage areas (null when absent). */
function stored(page) {
  return page.evaluate(([s, v]) => ({
    session: sessionStorage.getItem(s),
    visitor: localStorage.getItem(v),
    otherKeys: [...Object.keys(sessionStorage), ...Object.keys(localStorage)].filter((k) => k !== s && k !== v),
  }), [SESSION_KEY, VISITOR_KEY]);
}

/** Neither storage area holds anything of the tag, nor anything else. */
async function assertNothingStored(page, message) {
  assert.deepEqual(await stored(page), { session: null, visitor: null, otherKeys: [] }, message);
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
  const contextOptions = { permissions: ['geolocation'], geolocation: { latitude: 55.68, longitude: 12.56 } };
  await visitor(contextOptions, [], async ({ page, log }) => {
    const { server } = h;
    for (const url of ['/index.html?utm_term=buy+running+shoes&utm_source=google&gclid=abc', '/stores.html?q=shoe+store+near+me']) {
      log.requests.length = 0;
      const before = server.requests.length;
      assert.equal(await visit(page, url), true);
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
  });
});

test('the tag sets no cookie', async () => {
  await visitor({}, [], async ({ context, page }) => {
    await visit(page, '/index.html?utm_term=buy+running+shoes&utm_campaign=spring');
    await activity(page);
    await visit(page, '/second.html');
    assert.equal(await page.evaluate(() => document.cookie), '');
    assert.deepEqual(await context.cookies(), []);
  });
});

const GPC = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true });";
const DNT = "Object.defineProperty(Navigator.prototype, 'doNotTrack', { configurable: true, get: () => '1' });";

for (const [name, init, url] of [
  ['Global Privacy Control (navigator.globalPrivacyControl = true)', [GPC], '/index.html'],
  ['Do Not Track (navigator.doNotTrack = "1")', [DNT], '/index.html'],
  ['config "consent": false', [], '/no-consent.html'],
]) {
  test(`${name}: nothing is written to localStorage or sessionStorage`, async () => {
    await visitor({}, init, async ({ context, page, log }) => {
      assert.equal(await visit(page, url + '?utm_term=buy+running+shoes&utm_source=newsletter&utm_campaign=spring'), true);
      assert.ok(await page.isVisible('[data-block="hero-buy"]'), 'the tag still works in memory');
      await activity(page);
      await visit(page, url.replace('/index.html', '/second.html'));
      await assertNothingStored(page);
      const c = await cues(page);
      assert.equal(c.pagesSeen, 1, 'without storage each page view stands alone');
      assert.equal(c.returning, false);
      if (init.length) {
        // The browser's privacy signal wins over a site's consent(true).
        await page.evaluate(() => window.micromoment.consent(true));
        await assertNothingStored(page, 'consent(true) under GPC/DNT');
      }
      assert.deepEqual(await context.cookies(), []);
      assert.deepEqual(log.pageErrors, []);
    });
  });
}

test('consent(true) starts storing; forget() erases both keys and nothing comes back', async () => {
  await visitor({}, [], async ({ page, log }) => {
    await visit(page, '/no-consent.html?utm_term=buy+running+shoes');
    await assertNothingStored(page);
    await page.evaluate(() => window.micromoment.consent(true));
    const written = await stored(page);
    assert.notEqual(written.session, null, 'consent(true) writes the session record');
    assert.notEqual(written.visitor, null, 'consent(true) writes the visitor record');
    // What is stored is bounded and holds no more than the journey.
    assert.ok(written.session.length < 2000, `session record is small (${written.session.length} chars)`);
    assert.ok(written.visitor.length < 100, `visitor record is small (${written.visitor.length} chars)`);

    await page.evaluate(() => window.micromoment.forget());
    await assertNothingStored(page, 'forget() erases both');
    // Later activity must not write the journey back.
    await activity(page);
    await assertNothingStored(page, 'nothing comes back after forget()');

    // consent(false) erases too.
    await page.evaluate(() => window.micromoment.consent(true));
    assert.notEqual((await stored(page)).session, null);
    await page.evaluate(() => window.micromoment.consent(false));
    await assertNothingStored(page, 'consent(false) erases both');
    await activity(page);
    await assertNothingStored(page);
    assert.deepEqual(log.pageErrors, []);
  });
});

test('with consent, a second page view in the same tab counts pagesSeen 2; a new tab after that is returning', async () => {
  await visitor({}, [], async ({ context, page, log }) => {
    await visit(page, '/index.html?utm_term=buy+running+shoes');
    let c = await cues(page);
    assert.equal(c.pagesSeen, 1);
    assert.equal(c.returning, false, 'a first visit is not returning');
    const first = await stored(page);
    assert.notEqual(first.session, null);
    assert.notEqual(first.visitor, null);

    await visit(page, '/second.html');
    c = await cues(page);
    assert.equal(c.pagesSeen, 2, 'second page view in the same tab');
    assert.equal(c.returning, false, 'the same session is not returning');

    await visit(page, '/index.html');
    assert.equal((await cues(page)).pagesSeen, 3);

    // A new tab has a new sessionStorage: a new session by a known visitor.
    const tab = await context.newPage();
    await visit(tab, '/index.html');
    c = await cues(tab);
    assert.equal(c.returning, true, 'a new session after a previous visit is returning');
    assert.equal(c.pagesSeen, 1, 'a new session starts counting again');
    await visit(tab, '/second.html');
    c = await cues(tab);
    assert.equal(c.returning, true, 'returning holds for the whole session');
    assert.equal(c.pagesSeen, 2);

    // After forget() the next session is a new visitor again.
    await tab.evaluate(() => window.micromoment.forget());
    const fresh = await context.newPage();
    await page.evaluate(() => window.micromoment.forget());
    await visit(fresh, '/index.html');
    c = await cues(fresh);
    assert.equal(c.returning, false, 'forget() makes the next visit a first visit');
    assert.deepEqual(log.pageErrors, []);
  });
});

// Counts reads of window.localStorage (the tag opens it through this getter).
function countLocalStorage() {
  const own = Object.getOwnPropertyDescriptor(window, 'localStorage')
    || Object.getOwnPropertyDescriptor(Window.prototype, 'localStorage');
  window.__localStorageReads = 0;
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get() {
      window.__localStorageReads++;
      return own.get.call(window);
    },
  });
}

test('later pages of a session keep the journey without touching localStorage', async () => {
  await visitor({}, [countLocalStorage], async ({ page, log }) => {
    await visit(page, '/index.html?utm_term=buy+running+shoes');
    const reads = () => page.evaluate(() => window.__localStorageReads);
    assert.ok((await reads()) > 0, 'the first page of a session reads the visitor record');
    const first = await stored(page);
    assert.notEqual(first.visitor, null);

    await visit(page, '/second.html');
    assert.equal(await reads(), 0, 'the second page opens sessionStorage only');
    const c = await cues(page);
    assert.equal(c.pagesSeen, 2);
    assert.equal(c.returning, false);
    // Activity on a later page updates the session record, not the visitor record.
    await visit(page, '/index.html');
    assert.equal((await cues(page)).pagesSeen, 3);
    await activity(page);
    assert.equal(await reads(), 0);
    const later = await stored(page);
    assert.equal(later.visitor, first.visitor, 'the visitor record (holdout bucket) is unchanged');
    assert.notEqual(later.session, first.session);
    assert.deepEqual(log.pageErrors, []);
  });
});

test('a new browser context (another visitor) is not returning', async () => {
  await visitor({}, [], (a) => visitor({}, [], async (b) => {
    await visit(a.page, '/index.html');
    await visit(b.page, '/index.html');
    const c = await cues(b.page);
    assert.equal(c.returning, false);
    assert.equal(c.pagesSeen, 1);
  }));
});
