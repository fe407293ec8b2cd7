// End-to-end: the built tag (www/micromoment/) on the demo site in headless
// Chromium. Run `make build` first (`make test` does).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launch, openPage } from './browser.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'www');
let server;
let browser;

before(async () => {
  server = await startServer({ root });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function load(query) {
  const p = await openPage(browser);
  await p.page.goto(server.url + '/' + query);
  await p.page.evaluate(() => window.micromoment.ready);
  return p;
}

const EXAMPLES = [
  ['?utm_term=what+is+gore-tex', 'know'],
  ['?utm_term=shoe+store+near+me', 'go'],
  ['?q=how+to+clean+suede', 'do'],
  ['?utm_term=buy+running+shoes', 'buy'],
];

for (const [query, moment] of EXAMPLES) {
  test(`demo ${query} shows the ${moment} hero and logs no error`, async () => {
    const { page, log, context } = await load(query);
    assert.equal(await page.getAttribute('html', 'data-mm-moment'), moment);
    assert.ok(await page.isVisible(`[data-block="hero-${moment}"]`), `hero-${moment} visible`);
    assert.equal(await page.locator('[data-block="hero-default"]').count(), 0, 'default hero is not shown');
    assert.equal(await page.evaluate(() => window.micromoment.moment()), moment);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.warnings, []);
    // No request leaves the site: every request goes to the demo server.
    for (const r of log.requests) assert.ok(r.startsWith(server.url), `unexpected request ${r}`);
    await context.close();
  });
}

test('without cues the default content stays and <html> has no moment', async () => {
  const { page, log, context } = await load('');
  assert.ok(await page.isVisible('[data-block="hero-default"]'));
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), null);
  assert.equal(await page.evaluate(() => window.micromoment.moment()), null);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('placeholders show the visitor query as text', async () => {
  const { page, context } = await load('?q=how+to+clean+suede');
  const text = await page.textContent('[data-block="hero-do"] p');
  assert.ok(text.includes('“how to clean suede”'), text);
  await context.close();
});

test('?mm_moment forces a moment with confidence 1', async () => {
  const { page, context } = await load('?mm_moment=go&utm_term=buy+running+shoes');
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'go');
  const ex = await page.evaluate(() => window.micromoment.explain());
  assert.equal(ex.moment, 'go');
  assert.equal(ex.confidence, 1);
  assert.equal(ex.forced, true);
  await context.close();
});

test('explain() reports scores per moment and each cue contribution', async () => {
  const { page, context } = await load('?utm_term=buy+running+shoes');
  const ex = await page.evaluate(() => window.micromoment.explain());
  assert.deepEqual(Object.keys(ex.scores), ['know', 'go', 'do', 'buy']);
  const sum = Object.values(ex.scores).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 0.01, `probabilities sum to 1, got ${sum}`);
  assert.ok(ex.scores.buy > 0.5);
  assert.equal(ex.query.text, 'buy running shoes');
  assert.equal(ex.query.source, 'utm_term');
  assert.ok(ex.query.terms.some((t) => t.moment === 'buy'));
  const top = ex.moments.buy.top[0];
  assert.equal(top.cue, 'query');
  assert.ok(top.amount > 1);
  assert.equal(ex.cues.query, 'buy running shoes');
  await context.close();
});

test('setCue re-decides; a visible slot waits until it leaves the viewport; force and destroy', async () => {
  const { page, context } = await load('');
  // The in-view rule holds from the first paint after the tag started.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  await page.evaluate(() => {
    window.__changes = [];
    document.addEventListener('micromoment:change', (e) => window.__changes.push(e.detail));
  });
  assert.equal(await page.evaluate(() => window.micromoment.setCue('query', 'how to clean suede')), true);
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'do');
  const detail = await page.evaluate(() => window.__changes[0]);
  assert.equal(detail.moment, 'do');
  assert.ok(detail.confidence >= 0.5 && detail.confidence <= 1);
  assert.deepEqual(Object.keys(detail.scores), ['know', 'go', 'do', 'buy']);
  assert.equal(detail.cues.query, 'how to clean suede');
  // The hero is in view: it keeps what the visitor is looking at...
  assert.ok(await page.isVisible('[data-block="hero-default"]'));
  // ...and switches once it has left the viewport.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForSelector('[data-block="hero-do"]', { state: 'attached', timeout: 3000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  assert.ok(await page.isVisible('[data-block="hero-do"]'));

  await page.evaluate(() => window.micromoment.force('buy'));
  assert.ok(await page.isVisible('[data-block="hero-buy"]'), 'force() shows at once');
  assert.equal(await page.locator('[data-block="hero-do"]').count(), 0);

  await page.evaluate(() => window.micromoment.destroy());
  assert.ok(await page.isVisible('[data-block="hero-default"]'));
  assert.equal(await page.locator('[data-block="hero-buy"]').count(), 0);
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), null);
  assert.equal(await page.evaluate(() => window.micromoment.moment()), null);
  assert.equal(await page.locator('[data-mm-slot="hero"] template[data-mm-default]').count(), 0);
  await page.evaluate(() => window.micromoment.destroy());
  await context.close();
});


test('the demo cue simulator reloads with simulated cues: a phone from maps near the store is go', async () => {
  const { page, log, context } = await load('');
  await page.selectOption('select[name=sim_device]', 'mobile');
  await page.selectOption('select[name=sim_referrer]', 'maps');
  await page.selectOption('select[name=sim_km]', '0.6');
  await Promise.all([page.waitForNavigation(), page.click('#sim button[type=submit]')]);
  await page.evaluate(() => window.micromoment.ready);
  await page.waitForFunction(() => window.micromoment.moment() === 'go');
  const cues = await page.evaluate(() => window.micromoment.explain().cues);
  assert.equal(cues.device, 'mobile');
  assert.equal(cues.referrer, 'maps');
  assert.equal(cues.storeKm, 0.6);
  assert.ok(await page.isVisible('[data-block="hero-go"]'));
  assert.equal(await page.inputValue('select[name=sim_device]'), 'mobile');
  assert.deepEqual(log.errors, []);
  await context.close();
});
