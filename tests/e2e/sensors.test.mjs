// End-to-end: the cue sensors of the built tag (www/micromoment/) on the
// fixture pages in tests/e2e/pages/swapping/, in headless Chromium: device,
// referrer, campaign, scrolling, visible time, search box, clicks, video,
// site cues and the per-session journey. Run `make build` first. Runs alone:
//   node --test --test-concurrency=1 tests/e2e/sensors.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { devices } from 'playwright-core';
import { setup, openIn, frames, cues, problems, ready, PAGES, DESKTOP_UA } from './harness.mjs';
import { dataBytes } from './heap.mjs';

const h = setup({ root: PAGES.swapping });
const fixture = (file, config) => h.fixture(file, config);

// Records every micromoment:change event with the page time it came at.
function recordEvents() {
  window.__mm = { changes: [] };
  document.addEventListener('micromoment:change', (e) =>
    window.__mm.changes.push({ at: performance.now(), ...JSON.parse(JSON.stringify(e.detail)) }),
  );
}

const newContext = (options = {}) => h.newContext({ userAgent: DESKTOP_UA, ...options }, [recordEvents]);

async function open(url, { context: options, ...how } = {}) {
  const context = await newContext(options);
  return { context, ...(await openIn(context, url, how)) };
}

/** Scrolls to `y` and waits until the page has rendered it. */
async function scrollTo(page, y) {
  await page.evaluate((top) => window.scrollTo(0, top), y);
  await frames(page, 3);
}

const ignorable = (log) => problems(log, 'Failed to load resource');

// --- device ---------------------------------------------------------------------

test('device: a phone is mobile with a coarse pointer, a desktop browser is desktop', async () => {
  const url = fixture('sensors.html');
  let { context, page, log } = await open(url, { context: devices['Pixel 7'] });
  let c = await cues(page);
  assert.equal(c.device, 'mobile');
  assert.equal(c.coarsePointer, true);
  assert.equal(c.hoverNone, true);
  assert.equal(c.viewportWidth, 412);
  assert.deepEqual(ignorable(log), []);
  await context.close();

  ({ context, page } = await open(url, { context: { viewport: { width: 1366, height: 768 } } }));
  c = await cues(page);
  assert.equal(c.device, 'desktop');
  assert.equal(c.coarsePointer, false);
  assert.equal(c.hoverNone, false);
  assert.equal(c.viewportWidth, 1366);
  await context.close();
});

test('device: User-Agent Client Hints decide over the reduced User-Agent string', async () => {
  // Chrome's reduced UA on Android: "Android 10; K", no model.
  const reduced = 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
  const metadata = (mobile, platform) => ({
    brands: [{ brand: 'Chromium', version: '124' }, { brand: 'Google Chrome', version: '124' }],
    fullVersion: '124.0.0.0',
    platform,
    platformVersion: '14.0.0',
    architecture: '',
    model: '',
    mobile,
  });
  // Touch points as a tablet or phone has them; an Android device without
  // touch that does not say "mobile" is an Android PC or TV box.
  const phone = [412, 915];
  const tablet = [800, 1280];
  const cases = [
    [reduced.replace('Safari', 'Mobile Safari'), metadata(true, 'Android'), 5, phone, 'mobile'],
    [reduced, metadata(true, 'Android'), 5, phone, 'mobile'],
    [reduced, metadata(false, 'Android'), 5, tablet, 'tablet'],
    [reduced, metadata(false, 'Android'), 0, tablet, 'desktop'],
  ];
  const url = fixture('sensors.html');
  const context = await newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  for (const [userAgent, userAgentMetadata, touch, [w, h], device] of cases) {
    await cdp.send('Emulation.setUserAgentOverride', { userAgent, userAgentMetadata });
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: touch > 0, maxTouchPoints: touch || 1 });
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      width: w, height: h, deviceScaleFactor: 2, mobile: touch > 0, screenWidth: w, screenHeight: h,
    });
    await page.goto(url);
    assert.equal(await ready(page), true);
    const seen = await page.evaluate(() => navigator.userAgentData && navigator.userAgentData.mobile);
    assert.equal(seen, userAgentMetadata.mobile, 'the browser reports the hints');
    assert.equal((await cues(page)).device, device, `${userAgent} mobile=${userAgentMetadata.mobile}`);
  }
  await context.close();
});

// --- arrival ----------------------------------------------------------------------

test('referrer: a Google Maps referrer is "maps" and decides go', async () => {
  const { context, page, log } = await open(fixture('sensors.html'), { referer: 'https://www.google.com/maps/place/x' });
  const c = await cues(page);
  assert.equal(c.referrer, 'maps');
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'go');
  const ex = await page.evaluate(() => window.micromoment.explain());
  assert.ok(ex.moments.go.top.some((t) => t.cue === 'referrer.maps'), JSON.stringify(ex.moments.go.top));
  assert.deepEqual(ignorable(log), []);
  await context.close();
});

test('referrer: a search engine referrer with q= gives the query, source "referrer"', async () => {
  const cases = [
    ['https://www.google.com/search?q=how+to+lace+shoes', 'how to lace shoes', 'do'],
    ['https://duckduckgo.com/?q=buy+running+shoes&ia=web', 'buy running shoes', 'buy'],
  ];
  for (const [referer, query, moment] of cases) {
    const { context, page } = await open(fixture('sensors.html'), { referer });
    const ex = await page.evaluate(() => window.micromoment.explain());
    assert.equal(ex.cues.referrer, 'search');
    assert.equal(ex.cues.query, query);
    assert.equal(ex.cues.querySource, 'referrer');
    assert.equal(ex.query.source, 'referrer');
    assert.equal(ex.query.text, query);
    assert.equal(ex.moment, moment);
    await context.close();
  }
});

test('campaign: utm_medium=cpc and gclid mark a paid arrival; an e-mail campaign does not', async () => {
  const url = fixture('sensors.html');
  const cases = [
    ['?utm_source=google&utm_medium=cpc&utm_campaign=spring_sale', true, 'spring sale'],
    ['?gclid=EAIaIQobChMI', true, ''],
    ['?utm_source=newsletter&utm_medium=email&utm_campaign=june', false, 'june'],
    ['', false, ''],
  ];
  const { context, page } = await open(url);
  for (const [query, paid, campaign] of cases) {
    await page.goto(url + query);
    await ready(page);
    const c = await cues(page);
    assert.equal(c.paid, paid, `paid for ${query}`);
    assert.equal(c.campaign, campaign, `campaign for ${query}`);
    if (paid) {
      const ex = await page.evaluate(() => window.micromoment.explain());
      assert.ok(ex.contributions.some((x) => x.cue === 'arrival.paid'), 'arrival.paid contributes');
    }
  }
  await context.close();
});

// --- scrolling ----------------------------------------------------------------------

test('scroll: depth, velocity and reversals after down / up / down; reachedEnd at the bottom', async () => {
  const { context, page, log } = await open(fixture('sensors.html'));
  let c = await cues(page);
  assert.equal(c.reversals, 0);
  assert.equal(c.reachedEnd, false);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);

  await scrollTo(page, 800);
  await scrollTo(page, 300);
  await scrollTo(page, 1200);
  c = await cues(page);
  assert.equal(c.reversals, 2, 'down → up → down is two reversals');
  assert.ok(Math.abs(c.scrollDepth - (1200 + 720) / height) < 0.01, `scrollDepth ${c.scrollDepth}`);
  assert.ok(c.scrollVelocity > 0, `scrollVelocity ${c.scrollVelocity}`);
  assert.equal(c.reachedEnd, false);

  // Back up does not lower the deepest point.
  await scrollTo(page, 0);
  c = await cues(page);
  assert.equal(c.reversals, 3);
  assert.ok(Math.abs(c.scrollDepth - (1200 + 720) / height) < 0.01);

  await scrollTo(page, height);
  c = await cues(page);
  assert.equal(c.reversals, 4);
  assert.equal(c.scrollDepth, 1);
  assert.equal(c.reachedEnd, true);
  assert.deepEqual(ignorable(log), []);
  await context.close();
});

test('scroll: a move back of less than 40 px is not a reversal', async () => {
  const { context, page } = await open(fixture('sensors.html'));
  await scrollTo(page, 1200);
  await scrollTo(page, 1185);
  await scrollTo(page, 1200);
  assert.equal((await cues(page)).reversals, 0, 'a 15 px jitter is not a change of direction');
  await context.close();
});

test('scroll: a fast fling is reported as a high velocity', async () => {
  const { context, page } = await open(fixture('sensors.html'));
  for (let y = 300; y <= 3000; y += 300) await scrollTo(page, y);
  const c = await cues(page);
  assert.ok(c.scrollVelocity >= 1500, `scrollVelocity ${c.scrollVelocity}`);
  await context.close();
});

// --- visible time ---------------------------------------------------------------------

// Makes the page report itself hidden or visible, as a tab switch does.
function setHidden(hidden) {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  document.dispatchEvent(new Event('visibilitychange'));
  return performance.now();
}

test('visible time does not count the time the page was hidden', async () => {
  const { context, page } = await open(fixture('sensors.html'));
  const readyAt = await page.evaluate(() => performance.now());
  await page.waitForTimeout(400);
  const hiddenAt = await page.evaluate(setHidden, true);
  await page.waitForTimeout(1500);
  const shownAt = await page.evaluate(setHidden, false);
  await page.waitForTimeout(300);
  // Re-decide so the cues are current.
  const { now, visibleMs } = await page.evaluate(() => {
    window.micromoment.setCue('probe', 1);
    return { now: performance.now(), visibleMs: window.micromoment.explain().cues.visibleMs };
  });
  const hidden = shownAt - hiddenAt;
  assert.ok(hidden >= 1400, `hidden for ${hidden} ms`);
  // The tag started before `ready` resolved and after navigation start (0).
  assert.ok(visibleMs <= now - hidden + 50, `visibleMs ${visibleMs} counts hidden time (now ${now}, hidden ${hidden})`);
  assert.ok(visibleMs >= now - readyAt - hidden - 50, `visibleMs ${visibleMs} too low (ready at ${readyAt}, now ${now})`);
  await context.close();
});

test('visible time keeps counting while the page stays visible', async () => {
  const { context, page } = await open(fixture('sensors.html'));
  const readyAt = await page.evaluate(() => performance.now());
  await page.waitForTimeout(1000);
  const { now, visibleMs } = await page.evaluate(() => {
    window.micromoment.setCue('probe', 1);
    return { now: performance.now(), visibleMs: window.micromoment.explain().cues.visibleMs };
  });
  assert.ok(visibleMs >= now - readyAt - 50 && visibleMs <= now + 50, `visibleMs ${visibleMs}, ready ${readyAt}, now ${now}`);
  await context.close();
});

// --- search box -----------------------------------------------------------------------

test('search box: typing into input[type=search] re-decides with the typed query', async () => {
  const { context, page, log } = await open(fixture('sensors.html'));
  assert.equal(await page.evaluate(() => window.micromoment.moment()), null);
  // Another text field is not the search box.
  await page.type('#other-input', 'buy running shoes', { delay: 10 });
  await page.waitForTimeout(400);
  assert.equal((await cues(page)).querySource, '');
  assert.equal(await page.evaluate(() => window.micromoment.moment()), null);

  await page.type('#search', 'how to lace shoes', { delay: 20 });
  await page.waitForFunction(() => window.micromoment.explain().query.text === 'how to lace shoes', null, { timeout: 3000 });
  await page.waitForFunction(() => window.micromoment.moment() === 'do', null, { timeout: 3000 });
  const ex = await page.evaluate(() => window.micromoment.explain());
  assert.equal(ex.query.source, 'searchbox');
  assert.equal(ex.cues.querySource, 'searchbox');
  assert.deepEqual(ignorable(log), []);
  await context.close();
});

test('search box: keystrokes closer than 250 ms give one decision, 250 ms after the last one', async () => {
  const { context, page } = await open(fixture('sensors.html'));
  // Types in the page itself, one character every 30 ms, so that a busy
  // test machine cannot stretch the gaps between keystrokes.
  const { lastInput, duringTyping } = await page.evaluate(
    (text) =>
      new Promise((resolve) => {
        const box = document.getElementById('search');
        box.focus();
        let i = 0;
        const next = () => {
          i += 1;
          box.value = text.slice(0, i);
          box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text[i - 1] }));
          if (i < text.length) setTimeout(next, 30);
          else resolve({ lastInput: performance.now(), duringTyping: window.__mm.changes.length });
        };
        next();
      }),
    'how to lace shoes',
  );
  assert.equal(duringTyping, 0, 'no decision while typing');
  await page.waitForFunction(() => window.micromoment.moment() === 'do', null, { timeout: 3000 });
  const changes = await page.evaluate(() => window.__mm.changes);
  assert.equal(changes.length, 1, `one decision for the whole query: ${changes.map((c) => c.cues.query)}`);
  assert.equal(changes[0].cues.query, 'how to lace shoes');
  assert.equal(changes[0].cues.querySource, 'searchbox');
  assert.ok(changes[0].at - lastInput >= 245, `decided ${changes[0].at - lastInput} ms after the last keystroke`);
  await context.close();
});

test('search box: a long session of typing keeps no memory per keystroke', async () => {
  const { context, page } = await open(fixture('sensors.html'));
  const cdp = await context.newCDPSession(page);
  // Keystrokes closer than the debounce: each one cancels the last one's timer.
  const type = (n) =>
    page.evaluate((n) => {
      const box = document.getElementById('search');
      for (let i = 0; i < n; i++) {
        box.value = 'how to lace shoes'.slice(0, 1 + (i % 17));
        box.dispatchEvent(new InputEvent('input', { bubbles: true }));
      }
    }, n);
  await type(2000);
  const before = await dataBytes(cdp);
  await type(6000);
  const grown = (await dataBytes(cdp)) - before;
  // It was about 100 KB (every cancelled timer stayed listed).
  assert.ok(grown < 24 * 1024, `6000 keystrokes kept ${grown} bytes`);
  await page.waitForFunction(() => window.micromoment.moment() === 'do', null, { timeout: 3000 });
  await context.close();
});

// --- clicks and video ----------------------------------------------------------------------

test('clicks: a tel: link sets clickedGo, an add-to-cart button clickedBuy', async () => {
  let { context, page, log } = await open(fixture('sensors.html'));
  await page.click('#plain');
  let c = await cues(page);
  assert.equal(c.clickedGo, false);
  assert.equal(c.clickedBuy, false);
  await page.click('#call');
  c = await cues(page);
  assert.equal(c.clickedGo, true);
  assert.equal(c.clickedBuy, false);
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'go');
  assert.deepEqual(ignorable(log), []);
  await context.close();

  ({ context, page } = await open(fixture('sensors.html')));
  await page.click('#cart-label');
  c = await cues(page);
  assert.equal(c.clickedBuy, true);
  assert.equal(c.clickedGo, false);
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'buy');
  await context.close();
});

test('video: starting a video sets playedVideo', async () => {
  const { context, page } = await open(fixture('sensors.html'));
  assert.equal((await cues(page)).playedVideo, false);
  const played = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const v = document.getElementById('video');
        v.addEventListener('play', () => resolve(true), { once: true });
        v.play().catch(() => {});
        setTimeout(() => resolve(false), 2000);
      }),
  );
  assert.equal(played, true, 'the video fired play');
  assert.equal((await cues(page)).playedVideo, true);
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'do');
  await context.close();
});

// --- site cues -------------------------------------------------------------------------------

test('setCue: a custom cue with a configured weight decides and is explained', async () => {
  const config = { weights: { 'custom.logged_in': { buy: 3 } } };
  const { context, page, log } = await open(fixture('sensors.html', config));
  assert.equal(await page.evaluate(() => window.micromoment.moment()), null);
  assert.equal(await page.evaluate(() => window.micromoment.setCue('logged_in', true)), true);
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'buy');
  const ex = await page.evaluate(() => window.micromoment.explain());
  assert.equal(ex.cues.custom.logged_in, 1);
  const contribution = ex.contributions.find((x) => x.cue === 'custom.logged_in');
  assert.ok(contribution, JSON.stringify(ex.contributions));
  assert.equal(contribution.amounts.buy, 3);
  assert.equal(ex.moments.buy.top[0].cue, 'custom.logged_in');
  const changes = await page.evaluate(() => window.__mm.changes);
  assert.equal(changes.at(-1).moment, 'buy');
  assert.equal(changes.at(-1).cues.custom.logged_in, 1);
  assert.deepEqual(log.warnings, []);
  await context.close();
});

// --- explain() ---------------------------------------------------------------------------------

const CUE_KEYS = [
  'device', 'coarsePointer', 'hoverNone', 'viewportWidth', 'saveData', 'slowConnection', 'standalone',
  'reducedMotion', 'referrer', 'query', 'querySource', 'paid', 'campaign', 'pageText', 'lang', 'scrollDepth',
  'scrollVelocity', 'reversals', 'visibleMs', 'idleMs', 'reachedEnd', 'storeKm', 'storeState', 'hour',
  'weekday', 'returning', 'pagesSeen', 'clickedGo', 'clickedBuy', 'playedVideo', 'custom',
];

test('explain().cues lists every cue', async () => {
  const { context, page } = await open(fixture('sensors.html'), { context: { reducedMotion: 'reduce' } });
  const c = await cues(page);
  for (const key of CUE_KEYS) assert.ok(key in c, `explain().cues.${key} is missing`);
  assert.equal(c.reducedMotion, true);
  assert.equal(c.lang, 'en');
  assert.equal(typeof c.hour, 'number');
  assert.equal(typeof c.weekday, 'number');
  assert.deepEqual(c.custom, {});
  // The change event carries the same cues.
  await page.evaluate(() => window.micromoment.setCue('query', 'buy running shoes'));
  const detail = await page.evaluate(() => window.__mm.changes.at(-1));
  for (const key of CUE_KEYS) assert.ok(key in detail.cues, `change event cues.${key} is missing`);
  await context.close();
});

test('explain().cues reports the time zone and the region', async () => {
  const { context, page } = await open(fixture('sensors.html'), {
    context: { locale: 'da-DK', timezoneId: 'Europe/Copenhagen' },
  });
  const c = await cues(page);
  assert.equal(c.timezone, 'Europe/Copenhagen');
  assert.equal(c.region, 'DK');
  await context.close();
});

test('setCue("region", "DK") sets the region', async () => {
  const { context, page, log } = await open(fixture('sensors.html'));
  assert.equal(await page.evaluate(() => window.micromoment.setCue('region', 'DK')), true);
  assert.equal((await cues(page)).region, 'DK');
  assert.deepEqual(log.warnings, []);
  await context.close();
});

// --- journey -----------------------------------------------------------------------------------

test('journey: the second page view of a session has pagesSeen 2; a new browser starts at 1', async () => {
  const context = await newContext();
  const url = fixture('sensors.html');
  const { page } = await openIn(context, url);
  assert.equal((await cues(page)).pagesSeen, 1);
  await page.goto(url + '?page=2');
  await ready(page);
  let c = await cues(page);
  assert.equal(c.pagesSeen, 2);
  assert.equal(c.returning, false);
  await page.goto(url + '?page=3');
  await ready(page);
  assert.equal((await cues(page)).pagesSeen, 3);
  await context.close();

  const fresh = await open(url);
  c = await cues(fresh.page);
  assert.equal(c.pagesSeen, 1);
  assert.equal(c.returning, false);
  await fresh.context.close();
});
