// End-to-end: content swapping by the built tag (www/micromoment/) on the
// fixture pages in tests/e2e/pages/swapping/, in headless Chromium.
// Run `make build` first. Runs alone:
//   node --test --test-concurrency=1 tests/e2e/swapping.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { devices } from 'playwright-core';
import { setup, openIn as openTag, frames, problems, ready, PAGES, DESKTOP_UA } from './harness.mjs';

const h = setup({ root: PAGES.swapping });
const fixture = (file, config) => h.fixture(file, config);

// Records every micromoment event from the very first one.
function recordEvents() {
  window.__mm = { changes: [], swaps: [] };
  document.addEventListener('micromoment:change', (e) => window.__mm.changes.push(JSON.parse(JSON.stringify(e.detail))));
  document.addEventListener('micromoment:swap', (e) => window.__mm.swaps.push({ ...e.detail }));
}

const newContext = (options = {}) => h.newContext({ userAgent: DESKTOP_UA, ...options }, [recordEvents]);

/** Opens `url` in a new page of `context` (at a fixed `clock`, after `initScript`) and waits for the tag. */
function openIn(context, url, { clock, initScript, started } = {}) {
  const prepare = async (page) => {
    if (clock) await page.clock.setFixedTime(clock);
    if (initScript) await page.addInitScript(initScript);
  };
  return openTag(context, url, { prepare, started });
}

async function open(url, { context: options, ...how } = {}) {
  const context = await newContext(options);
  return { context, ...(await openIn(context, url, how)) };
}

const blocks = (page, slot) =>
  page.$$eval(`[data-mm-slot="${slot}"] > [data-block]`, (els) => els.map((e) => e.dataset.block));

const ignorable = (log) => problems(log, 'favicon', 'Failed to load resource');

// ---------------------------------------------------------------------------

const MOMENTS = [
  ['?utm_term=what+is+gore-tex', 'know'],
  ['?utm_term=shoe+store+near+me', 'go'],
  ['?q=how+to+clean+suede', 'do'],
  ['?utm_term=buy+running+shoes', 'buy'],
];

for (const [query, moment] of MOMENTS) {
  test(`${moment}: every slot swaps to its ${moment} block, with change and swap events`, async () => {
    const { context, page, log } = await open(fixture('slots.html') + query);
    assert.equal(await page.getAttribute('html', 'data-mm-moment'), moment);
    assert.deepEqual(await blocks(page, 'hero'), [`hero-${moment}`]);
    assert.deepEqual(await blocks(page, 'below'), [`below-${moment}`]);
    assert.equal(await page.getAttribute('#hero', 'data-mm-variant'), moment);
    const ev = await page.evaluate(() => window.__mm);
    assert.equal(ev.changes.length, 1, 'one change event');
    assert.equal(ev.changes[0].moment, moment);
    assert.ok(ev.changes[0].confidence >= 0.5 && ev.changes[0].confidence <= 1);
    assert.deepEqual(Object.keys(ev.changes[0].scores), ['know', 'go', 'do', 'buy']);
    assert.equal(typeof ev.changes[0].cues, 'object');
    assert.deepEqual(
      ev.swaps.map((s) => [s.slot, s.moment, s.variant]).sort(),
      [['below', moment, moment], ['hero', moment, moment]],
    );
    assert.deepEqual(ignorable(log), []);
    assert.deepEqual(log.warnings, []);
    await context.close();
  });
}

test('a site-defined moment swaps to its own template', async () => {
  const config = { moments: { compare: { terms: { '*': ['versus', 'compare'] } } } };
  const { context, page, log } = await open(fixture('custom-moment.html', config) + '?q=compare+trail+versus+road');
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'compare');
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'compare');
  assert.deepEqual(await blocks(page, 'hero'), ['hero-compare']);
  assert.equal(await page.textContent('[data-block="hero-compare"]'), 'Side by side: “compare trail versus road”');
  const ex = await page.evaluate(() => window.micromoment.explain());
  assert.deepEqual(Object.keys(ex.scores), ['know', 'go', 'do', 'buy', 'compare']);
  assert.deepEqual(await page.evaluate(() => window.__mm.swaps), [{ slot: 'hero', moment: 'compare', variant: 'compare' }]);
  assert.deepEqual(log.warnings, []);
  await context.close();
});

test('without a decision every slot keeps its default content', async () => {
  const { context, page } = await open(fixture('slots.html'));
  assert.deepEqual(await blocks(page, 'hero'), ['hero-default']);
  assert.deepEqual(await blocks(page, 'below'), ['below-default']);
  assert.equal(await page.getAttribute('#hero', 'data-mm-shown'), null);
  assert.deepEqual(await page.evaluate(() => window.__mm), { changes: [], swaps: [] });
  await context.close();
});

// --- data-mm-when ------------------------------------------------------------

test('data-mm-when: a phone gets the mobile template, a desktop the desktop one, a tablet the unconditioned one', async () => {
  const url = fixture('when.html') + '?utm_term=shoe+store+near+me';
  const cases = [
    [devices['Pixel 7'], 'mobile', 'cta-go-mobile', 'mobile'],
    [{ userAgent: DESKTOP_UA, viewport: { width: 1366, height: 768 } }, 'desktop', 'cta-go-desktop', 'desktop'],
    [devices['iPad (gen 7)'], 'tablet', 'cta-go', 'go'],
  ];
  for (const [options, device, block, variant] of cases) {
    const { context, page } = await open(url, { context: options });
    const ex = await page.evaluate(() => window.micromoment.explain());
    assert.equal(ex.cues.device, device, `device for ${options.userAgent}`);
    assert.equal(ex.moment, 'go');
    assert.deepEqual(await blocks(page, 'cta'), [block], `cta for ${device}`);
    const swap = await page.evaluate(() => window.__mm.swaps.find((s) => s.slot === 'cta'));
    assert.equal(swap.variant, variant);
    await context.close();
  }
});

// One store in Copenhagen; the visitor's browser is in New York, so the
// opening state must follow the store's own time zone.
const STORE = {
  name: 'Trailhead Nørrebro',
  lat: 55.6892,
  lon: 12.55,
  phone: '+4533123456',
  hours: {
    mon: '10:00-18:00', tue: '10:00-18:00', wed: '10:00-18:00', thu: '10:00-18:00',
    fri: '10:00-18:00', sat: '10:00-16:00', sun: 'closed',
  },
  timezone: 'Europe/Copenhagen',
};
const STORE_CONFIG = { stores: [STORE] };
// About 1.2 km north of the store (on the tag's 0.01° grid).
const NEAR = { latitude: 55.7, longitude: 12.55 };
const NEW_YORK = { timezoneId: 'America/New_York', locale: 'en-US' };
const WED_NOON = new Date('2025-06-04T12:00:00+02:00');
const WED_CLOSING = new Date('2025-06-04T17:30:00+02:00');
const WED_NIGHT = new Date('2025-06-04T21:00:00+02:00');
const SUN_NOON = new Date('2025-06-08T12:00:00+02:00');

test('store open: the open template with store name, distance, hours today and a directions link', async () => {
  // The moment is decided after the location is known, so the block is
  // filled with the distance.
  const { context, page, log } = await open(fixture('when.html', STORE_CONFIG), {
    context: { ...NEW_YORK, geolocation: NEAR, permissions: ['geolocation'] },
    clock: WED_NOON,
  });
  await page.waitForFunction(() => window.micromoment.explain().cues.storeKm != null, null, { timeout: 5000 });
  const cues = await page.evaluate(() => window.micromoment.explain().cues);
  assert.equal(cues.storeState, 'open');
  assert.ok(Math.abs(cues.storeKm - 1.2) < 0.05, `storeKm ${cues.storeKm}`);
  assert.equal(await page.evaluate(() => window.micromoment.setCue('query', 'shoe store near me')), true);
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'go');
  assert.deepEqual(await blocks(page, 'visit'), ['visit-open']);
  assert.equal(await page.textContent('#visit .name'), 'Trailhead Nørrebro');
  assert.equal(await page.textContent('#visit .distance'), '1.2 km');
  assert.equal(await page.textContent('#visit .hours'), '10:00–18:00');
  const directions = await page.getAttribute('#visit .directions', 'href');
  assert.match(directions, /^https:\/\/www\.google\.com\/maps\/dir\/\?api=1&destination=55\.6892\d*,12\.55\d*$/);
  assert.equal(await page.getAttribute('#visit .call', 'href'), 'tel:+4533123456');
  assert.deepEqual(ignorable(log), []);
  assert.deepEqual(log.warnings, []);
  await context.close();
});

test('store open: the distance appears once the location arrives after the first decision', async () => {
  // The go moment is decided at load, before the location is known; the
  // store block is below the fold, so it can still show the distance when
  // the visitor scrolls to it.
  const { context, page } = await open(fixture('when.html', STORE_CONFIG) + '?utm_term=shoe+store+near+me', {
    context: { ...NEW_YORK, geolocation: NEAR, permissions: ['geolocation'] },
    clock: WED_NOON,
  });
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'go');
  await page.waitForFunction(() => window.micromoment.explain().cues.storeKm != null, null, { timeout: 5000 });
  await page.locator('#visit').scrollIntoViewIfNeeded();
  await frames(page);
  assert.deepEqual(await blocks(page, 'visit'), ['visit-open']);
  assert.equal(await page.textContent('#visit .distance'), '1.2 km');
  await context.close();
});

test('store without location permission: name and hours shown, distance uses its fallback', async () => {
  const { context, page, log } = await open(fixture('when.html', STORE_CONFIG) + '?utm_term=shoe+store+near+me', {
    context: NEW_YORK,
    clock: WED_NOON,
  });
  assert.deepEqual(await blocks(page, 'visit'), ['visit-open']);
  assert.equal(await page.textContent('#visit .name'), 'Trailhead Nørrebro');
  assert.equal(await page.textContent('#visit .distance'), 'near you');
  assert.equal(await page.textContent('#visit .hours'), '10:00–18:00');
  assert.deepEqual(ignorable(log), []);
  await context.close();
});

test('store closing within the hour: the store-closing template', async () => {
  const { context, page } = await open(fixture('when.html', STORE_CONFIG) + '?utm_term=shoe+store+near+me', {
    context: NEW_YORK,
    clock: WED_CLOSING,
  });
  assert.equal(await page.evaluate(() => window.micromoment.explain().cues.storeState), 'closing');
  assert.deepEqual(await blocks(page, 'visit'), ['visit-closing']);
  assert.equal(await page.textContent('#visit .name'), 'Trailhead Nørrebro');
  await context.close();
});

test('store closed: the store-closed template, on a weekday night and on Sunday', async () => {
  for (const [clock, hours] of [[WED_NIGHT, '10:00–18:00'], [SUN_NOON, 'closed']]) {
    const { context, page } = await open(fixture('when.html', STORE_CONFIG) + '?utm_term=shoe+store+near+me', {
      context: NEW_YORK,
      clock,
    });
    assert.equal(await page.evaluate(() => window.micromoment.explain().cues.storeState), 'closed');
    assert.equal(await page.evaluate(() => window.micromoment.moment()), 'go');
    assert.deepEqual(await blocks(page, 'visit'), ['visit-closed']);
    assert.equal(await page.textContent('#visit .name'), 'Trailhead Nørrebro');
    assert.equal(await page.textContent('#visit .hours'), hours);
    await context.close();
  }
});

test('data-mm-when: every condition must hold and the most specific template wins', async () => {
  const url = fixture('when.html', STORE_CONFIG) + '?utm_term=shoe+store+near+me';
  // Phone, store open: "mobile store-open" beats "mobile".
  let { context, page } = await open(url, { context: { ...devices['Pixel 7'], ...NEW_YORK }, clock: WED_NOON });
  assert.deepEqual(await blocks(page, 'cta'), ['cta-go-mobile-open']);
  assert.equal(await page.evaluate(() => window.__mm.swaps.find((s) => s.slot === 'cta').variant), 'mobile store-open');
  await context.close();
  // Phone, store closed: "mobile store-open" does not hold, "mobile" does.
  ({ context, page } = await open(url, { context: { ...devices['Pixel 7'], ...NEW_YORK }, clock: WED_NIGHT }));
  assert.deepEqual(await blocks(page, 'cta'), ['cta-go-mobile']);
  await context.close();
});

// Every frame (frame callbacks run just before the browser paints), what the
// visitor could see in the slot `id`: its blocks while it is visible, without
// repeats.
function watchSlot(id) {
  window.__seen = [];
  const look = () => {
    const el = document.getElementById(id);
    if (el && el.checkVisibility({ visibilityProperty: true })) {
      const shown = [...el.querySelectorAll(':scope > [data-block]')].map((b) => b.dataset.block).join(' ');
      if (shown && window.__seen[window.__seen.length - 1] !== shown) window.__seen.push(shown);
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

test('a slot in view waiting for the store data never shows its default, even when nothing else is on screen', async () => {
  // when.html has nothing in view but slots whose templates wait for the
  // second part's data, so the page paints nothing until they show: the
  // second part must not wait for a first paint that cannot come. (No fake
  // clock here: it would replace the frame callbacks; the store is open or
  // not at the real time.)
  const url = fixture('when.html', STORE_CONFIG) + '?utm_term=shoe+store+near+me';
  const { context, page } = await open(url, {
    context: { ...devices['Pixel 7'], ...NEW_YORK },
    initScript: `(${watchSlot})('cta')`,
  });
  const state = await page.evaluate(() => window.micromoment.explain().cues.storeState);
  const expected = state === 'closed' ? 'cta-go-mobile' : 'cta-go-mobile-open';
  assert.deepEqual(await blocks(page, 'cta'), [expected]);
  assert.deepEqual(await page.evaluate(() => window.__seen), [expected]);
  await context.close();
});

test('data-mm-when new / returning: a later visit in a new tab is returning', async () => {
  const context = await newContext();
  const url = fixture('when.html') + '?utm_term=shoe+store+near+me';
  const first = await openIn(context, url);
  assert.deepEqual(await blocks(first.page, 'welcome'), ['welcome-new']);
  assert.equal(await first.page.evaluate(() => window.micromoment.explain().cues.returning), false);
  await first.page.close();
  const second = await openIn(context, url);
  assert.equal(await second.page.evaluate(() => window.micromoment.explain().cues.returning), true);
  assert.deepEqual(await blocks(second.page, 'welcome'), ['welcome-returning']);
  await context.close();
});

// --- placeholders --------------------------------------------------------------

test('placeholders insert hostile text literally, never as markup or script', async () => {
  const hostile = 'how to clean suede <img src=x onerror="window.__pwned=1"> "><script>window.__pwned=2</script> {{moment}}';
  const { context, page, log } = await open(fixture('placeholders.html') + '?q=' + encodeURIComponent(hostile));
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'do');
  assert.deepEqual(await blocks(page, 'echo'), ['echo-do']);
  assert.equal(await page.textContent('#echo .said'), `You searched “${hostile}”`);
  assert.equal(await page.locator('#echo img, #echo script').count(), 0, 'no element from the query');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.textContent('#echo .moment'), 'Moment: do');
  assert.equal(await page.textContent('#echo .fallback'), 'nothing here');
  assert.equal(await page.textContent('#echo .literal'), '{{ Bad Name }} {{unclosed');
  assert.equal(await page.getAttribute('#echo .attr', 'title'), `Results for ${hostile}`);
  assert.equal(await page.getAttribute('#echo .search-link', 'href'), `/search?q=${hostile}`);
  assert.deepEqual(ignorable(log), []);
  await context.close();
});

test('a placeholder that would make a javascript: link drops the attribute', async () => {
  const q = 'javascript:window.__pwned=3//how to clean suede';
  const { context, page } = await open(fixture('placeholders.html') + '?q=' + encodeURIComponent(q));
  assert.deepEqual(await blocks(page, 'echo'), ['echo-do']);
  const href = await page.getAttribute('#echo .raw-link', 'href');
  assert.ok(href === null || !/^\s*javascript:/i.test(href), `href ${href}`);
  await page.click('#echo .raw-link');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.textContent('#echo .said'), `You searched “${q}”`);
  await context.close();
});

// --- the in-view rule -----------------------------------------------------------

test('after the first decision a slot in view keeps its content until it leaves the viewport', async () => {
  const { context, page, log } = await open(fixture('slots.html'));
  // The rule holds from the first paint after the tag started.
  await frames(page, 2);
  assert.equal(await page.evaluate(() => window.micromoment.setCue('query', 'buy running shoes')), true);
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'buy');
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'buy');
  // The hero is in view: unchanged. The slot below the fold switched.
  assert.deepEqual(await blocks(page, 'hero'), ['hero-default']);
  assert.deepEqual(await blocks(page, 'below'), ['below-buy']);
  await frames(page, 5);
  assert.deepEqual(await blocks(page, 'hero'), ['hero-default'], 'still unchanged a few frames later');
  let swaps = await page.evaluate(() => window.__mm.swaps.map((s) => s.slot));
  assert.deepEqual(swaps, ['below']);
  // Scrolled out of view, the hero switches.
  await page.evaluate(() => window.scrollTo(0, document.getElementById('spacer-1').offsetTop + 1000));
  await page.waitForFunction(() => document.querySelector('[data-block="hero-buy"]'), null, { timeout: 3000 });
  swaps = await page.evaluate(() => window.__mm.swaps.map((s) => s.slot));
  assert.deepEqual(swaps, ['below', 'hero']);
  await page.evaluate(() => window.scrollTo(0, 0));
  await frames(page);
  assert.deepEqual(await blocks(page, 'hero'), ['hero-buy']);
  assert.deepEqual(ignorable(log), []);
  await context.close();
});

test('swapInView: true swaps a slot in view at once; force() does too', async () => {
  let { context, page } = await open(fixture('slots.html', { swapInView: true }));
  await page.evaluate(() => window.micromoment.setCue('query', 'buy running shoes'));
  assert.deepEqual(await blocks(page, 'hero'), ['hero-buy']);
  await context.close();

  ({ context, page } = await open(fixture('slots.html') + '?q=how+to+clean+suede'));
  assert.deepEqual(await blocks(page, 'hero'), ['hero-do']);
  await page.evaluate(() => window.micromoment.force('know'));
  assert.deepEqual(await blocks(page, 'hero'), ['hero-know']);
  await page.evaluate(() => window.micromoment.force(null));
  await context.close();
});

test('no layout shift in visible content when a decision after load swaps a slot below the fold', async () => {
  const { context, page } = await open(fixture('slots.html'), {
    initScript: () => {
      window.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    },
  });
  await frames(page, 3);
  await page.evaluate(() => window.micromoment.setCue('query', 'buy running shoes'));
  await frames(page, 5);
  assert.deepEqual(await blocks(page, 'below'), ['below-buy'], 'the slot below the fold switched');
  assert.deepEqual(await blocks(page, 'hero'), ['hero-default']);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__cls), 0);
  await context.close();
});

// --- slots added or re-rendered later --------------------------------------------

/** The markup of element `id` as the server sent it, before the tag touched it. */
function servedMarkup(page, id) {
  return page.evaluate(async (id) => {
    const res = await fetch(location.pathname);
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    return doc.getElementById(id).innerHTML;
  }, id);
}

// Counts calls to the DOM methods a slot watcher could make per node.
function countDomCalls() {
  window.__domCalls = 0;
  const count = (proto, name) => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (d && typeof d.value === 'function') {
      const f = d.value;
      proto[name] = function (...args) {
        window.__domCalls++;
        return f.apply(this, args);
      };
    } else if (d && d.get) {
      const g = d.get;
      Object.defineProperty(proto, name, { ...d, get() { window.__domCalls++; return g.call(this); } });
    }
  };
  count(Element.prototype, 'hasAttribute');
  count(Element.prototype, 'querySelectorAll');
  count(Element.prototype, 'tagName');
  count(Node.prototype, 'parentElement');
  count(NodeList.prototype, 'item');
  count(MutationRecord.prototype, 'addedNodes');
  count(MutationRecord.prototype, 'target');
}

test('work done by the tag while the page loads does not grow with the number of elements the parser adds', async () => {
  // The single file starts in <head>, so it watches the whole body being parsed.
  const base = fs.readFileSync(path.join(PAGES.swapping, 'slots.html'), 'utf8').replace(
    '<script type="module" src="/micromoment/micromoment.js"></script>',
    '<script src="/micromoment/micromoment.inline.js"></script>',
  );
  const many = '<ul>' + '<li><b>Item</b> <i>text</i></li>'.repeat(3000) + '</ul>';
  const small = h.url(h.serve(base));
  const large = h.url(h.serve(base.replace('<div class="spacer" id="spacer-1">', many + '<div class="spacer" id="spacer-1">')));
  const calls = {};
  for (const [name, url] of [['small', small], ['large', large]]) {
    const { context, page, log } = await open(url + '?utm_term=buy+running+shoes', { initScript: countDomCalls });
    await frames(page, 3);
    assert.deepEqual(await blocks(page, 'hero'), ['hero-buy']);
    assert.deepEqual(await blocks(page, 'below'), ['below-buy']);
    calls[name] = await page.evaluate(() => window.__domCalls);
    assert.deepEqual(ignorable(log), []);
    await context.close();
  }
  // 9,000 more elements: a watcher that visits each of them makes tens of
  // thousands more calls; one look per batch of parsed nodes makes a few
  // per batch (how many batches depends on the machine's speed).
  assert.ok(calls.large - calls.small < 1000, `DOM calls: ${calls.small} on the short page, ${calls.large} on the long one`);
});

test('a slot inserted after load gets the current moment', async () => {
  const { context, page, log } = await open(fixture('slots.html') + '?utm_term=buy+running+shoes');
  await page.evaluate(() => {
    const slot = document.createElement('section');
    slot.dataset.mmSlot = 'late';
    slot.id = 'late';
    slot.innerHTML =
      '<div data-block="late-default">Default</div>' +
      '<template data-mm-moment="buy"><div data-block="late-buy">Buy {{moment}}</div></template>' +
      '<template data-mm-moment="know"><div data-block="late-know">Know</div></template>';
    document.getElementById('later').appendChild(slot);
  });
  await page.waitForFunction(() => document.querySelector('[data-block="late-buy"]'), null, { timeout: 3000 });
  assert.deepEqual(await blocks(page, 'late'), ['late-buy']);
  assert.equal(await page.textContent('#late [data-block="late-buy"]'), 'Buy buy');
  const swap = await page.evaluate(() => window.__mm.swaps.find((s) => s.slot === 'late'));
  assert.deepEqual(swap, { slot: 'late', moment: 'buy', variant: 'buy' });
  assert.deepEqual(ignorable(log), []);
  await context.close();
});

test('a framework re-rendering a slot 20 times does not loop or throw', async () => {
  const { context, page, log } = await open(fixture('slots.html') + '?utm_term=buy+running+shoes');
  // Re-render the slot's own children from the original markup.
  const markup = await servedMarkup(page, 'below');
  await page.evaluate(async (html) => {
    const slot = document.getElementById('below');
    for (let i = 0; i < 20; i++) {
      slot.innerHTML = html;
      await new Promise((r) => setTimeout(r, 0));
    }
  }, markup);
  await page.waitForTimeout(300);
  const shown = await blocks(page, 'below');
  assert.equal(shown.length, 1, `one block shown, got ${shown}`);
  // Re-render a wrapper, so the slot element itself is new each time.
  const before = await page.evaluate(() => window.__mm.swaps.length);
  await page.evaluate(async (html) => {
    const wrap = document.getElementById('later');
    for (let i = 0; i < 20; i++) {
      wrap.innerHTML = `<section data-mm-slot="below2" id="below2">${html}</section>`;
      await new Promise((r) => setTimeout(r, 0));
    }
  }, markup);
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => window.__mm.swaps.length);
  assert.ok(after - before <= 21, `bounded swap events: ${after - before}`);
  assert.deepEqual(await blocks(page, 'below2'), ['below-buy']);
  // The page is still responsive and the tag still runs.
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'buy');
  assert.deepEqual(ignorable(log), []);
  assert.deepEqual(log.warnings, []);
  await context.close();
});

test('a slot re-rendered by a framework never claims a variant it does not show', async () => {
  const { context, page } = await open(fixture('slots.html') + '?utm_term=buy+running+shoes');
  const markup = await servedMarkup(page, 'below');
  await page.evaluate((html) => {
    document.getElementById('below').innerHTML = html;
  }, markup);
  await page.waitForTimeout(300);
  const shown = await blocks(page, 'below');
  const variant = await page.getAttribute('#below', 'data-mm-variant');
  // Either the tag fills the slot again, or it no longer labels it.
  assert.ok(
    (shown[0] === 'below-buy' && variant === 'buy') || (shown[0] === 'below-default' && variant === null),
    `shows ${shown} but data-mm-variant="${variant}"`,
  );
  await context.close();
});

// --- single-page apps ---------------------------------------------------------------

test('history.pushState to another query re-decides; popstate back restores the moment', async () => {
  const { context, page, log } = await open(fixture('slots.html') + '?q=how+to+clean+suede');
  assert.deepEqual(await blocks(page, 'below'), ['below-do']);
  await page.evaluate(() => history.pushState({}, '', location.pathname + '?utm_term=buy+running+shoes'));
  await page.waitForFunction(() => window.micromoment.moment() === 'buy', null, { timeout: 3000 });
  assert.equal(await page.evaluate(() => window.micromoment.explain().query.text), 'buy running shoes');
  assert.deepEqual(await blocks(page, 'below'), ['below-buy']);
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'buy');

  await page.goBack();
  await page.waitForFunction(() => window.micromoment.moment() === 'do', null, { timeout: 3000 });
  assert.equal(await page.evaluate(() => window.micromoment.explain().query.text), 'how to clean suede');
  assert.deepEqual(await blocks(page, 'below'), ['below-do']);
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'do');
  assert.deepEqual(ignorable(log), []);
  await context.close();
});

test('an SPA navigation switches the slot in view to the new moment, forward and back', async () => {
  const { context, page } = await open(fixture('slots.html') + '?q=how+to+clean+suede');
  assert.deepEqual(await blocks(page, 'hero'), ['hero-do']);
  await page.evaluate(() => history.pushState({}, '', location.pathname + '?utm_term=buy+running+shoes'));
  await page.waitForFunction(() => window.micromoment.moment() === 'buy', null, { timeout: 3000 });
  await frames(page);
  assert.deepEqual(await blocks(page, 'hero'), ['hero-buy'], 'the hero follows the navigation');
  await page.goBack();
  await page.waitForFunction(() => window.micromoment.moment() === 'do', null, { timeout: 3000 });
  await frames(page);
  assert.deepEqual(await blocks(page, 'hero'), ['hero-do'], 'the hero follows the navigation back');
  await context.close();
});

test('replaceState re-reads the URL too', async () => {
  const { context, page } = await open(fixture('slots.html'));
  await page.evaluate(() => history.replaceState({}, '', location.pathname + '?utm_term=what+is+gore-tex'));
  assert.equal(await page.evaluate(() => window.micromoment.moment()), 'know');
  assert.deepEqual(await blocks(page, 'hero'), ['hero-know']);
  await context.close();
});

// --- destroy() ------------------------------------------------------------------------

async function listenerTypes(page, target) {
  const cdp = await page.context().newCDPSession(page);
  const { result } = await cdp.send('Runtime.evaluate', { expression: target });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
  await cdp.detach();
  return listeners.map((l) => l.type).sort();
}

test('destroy() restores defaults, removes every listener and stops reacting', async () => {
  const { context, page, log } = await open(fixture('slots.html') + '?q=how+to+clean+suede');
  assert.deepEqual(await blocks(page, 'hero'), ['hero-do']);
  assert.deepEqual(await blocks(page, 'below'), ['below-do']);
  const pageOwn = ['micromoment:change', 'micromoment:swap'];
  const tagTypes = ['click', 'input', 'keydown', 'play', 'pointerdown', 'popstate', 'scroll', 'visibilitychange'];
  const onWindow = (await listenerTypes(page, 'window')).filter((t) => ['popstate', 'scroll'].includes(t));
  const onDocument = (await listenerTypes(page, 'document')).filter((t) => !pageOwn.includes(t));
  assert.deepEqual(onWindow, ['popstate', 'scroll'], 'the tag listens on window while running');
  assert.deepEqual(onDocument, ['click', 'input', 'keydown', 'play', 'pointerdown', 'visibilitychange']);

  await page.evaluate(() => window.micromoment.destroy());
  assert.deepEqual(await blocks(page, 'hero'), ['hero-default']);
  assert.deepEqual(await blocks(page, 'below'), ['below-default']);
  for (const id of ['hero', 'below']) {
    assert.equal(await page.getAttribute(`#${id}`, 'data-mm-shown'), null);
    assert.equal(await page.getAttribute(`#${id}`, 'data-mm-variant'), null);
    assert.equal(await page.locator(`#${id} template[data-mm-default]`).count(), 0);
  }
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), null);
  assert.equal(await page.evaluate(() => window.micromoment.moment()), null);
  assert.equal(await page.evaluate(() => window.micromoment.explain()), null);
  assert.deepEqual(await listenerTypes(page, 'document'), pageOwn);
  assert.deepEqual((await listenerTypes(page, 'window')).filter((t) => ['popstate', 'scroll'].includes(t)), []);

  const eventsBefore = await page.evaluate(() => window.__mm.changes.length + window.__mm.swaps.length);
  // Scrolling, navigating and new slots change nothing any more.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await frames(page);
  await page.evaluate(() => history.pushState({}, '', location.pathname + '?utm_term=buy+running+shoes'));
  await page.evaluate(() => {
    const slot = document.createElement('section');
    slot.dataset.mmSlot = 'late';
    slot.innerHTML = '<div data-block="late-default">x</div><template data-mm-moment="do"><div data-block="late-do">y</div></template>';
    document.getElementById('later').appendChild(slot);
  });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  assert.deepEqual(await blocks(page, 'hero'), ['hero-default']);
  assert.deepEqual(await blocks(page, 'below'), ['below-default']);
  assert.deepEqual(await blocks(page, 'late'), ['late-default']);
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), null);
  assert.equal(await page.evaluate(() => window.__mm.changes.length + window.__mm.swaps.length), eventsBefore);
  assert.equal(await page.evaluate(() => window.micromoment.moment()), null);
  // history is the browser's own again.
  assert.equal(await page.evaluate(() => history.pushState.toString().includes('[native code]')), true);
  await page.evaluate(() => window.micromoment.destroy());
  assert.deepEqual(ignorable(log), []);
  await context.close();
});

test('after destroy() setCue and force report that nothing happens', async () => {
  const { context, page } = await open(fixture('slots.html'));
  await page.evaluate(() => window.micromoment.destroy());
  assert.equal(await page.evaluate(() => window.micromoment.setCue('query', 'buy running shoes')), false);
  assert.equal(await page.evaluate(() => window.micromoment.force('buy')), false);
  assert.equal(await page.evaluate(() => window.micromoment.moment()), null);
  assert.deepEqual(await blocks(page, 'hero'), ['hero-default']);
  await context.close();
});

test('destroy() called by a micromoment:change listener during start-up stops the tag', async () => {
  const { context, page } = await open(fixture('slots.html') + '?utm_term=buy+running+shoes', {
    initScript: () => {
      document.addEventListener('micromoment:change', () => window.micromoment.destroy(), { once: true });
    },
    started: false,
  });
  assert.equal(await page.evaluate(() => window.__mm.changes.length), 1, 'the listener ran');
  assert.equal(await page.evaluate(() => window.micromoment.moment()), null);
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), null);
  assert.deepEqual(await blocks(page, 'hero'), ['hero-default']);
  assert.deepEqual(await blocks(page, 'below'), ['below-default']);
  assert.equal(await page.evaluate(() => history.pushState.toString().includes('[native code]')), true);
  await context.close();
});

// --- dataLayer --------------------------------------------------------------------------

test('dataLayer: one push per swap and one per click inside a swapped block', async () => {
  const { context, page, log } = await open(fixture('slots.html') + '?utm_term=buy+running+shoes', {
    initScript: () => {
      window.dataLayer = [];
    },
  });
  const layer = await page.evaluate(() => window.dataLayer);
  assert.equal(layer.length, 2, JSON.stringify(layer));
  for (const entry of layer) {
    assert.equal(entry.event, 'micromoment');
    assert.equal(entry.mm_moment, 'buy');
    assert.equal(typeof entry.mm_confidence, 'number');
    assert.ok(entry.mm_confidence >= 0.5 && entry.mm_confidence <= 1);
    assert.equal(entry.mm_variant, 'buy');
  }
  assert.deepEqual(layer.map((e) => e.mm_slot).sort(), ['below', 'hero']);

  await page.click('#hero .inner');
  const click = await page.evaluate(() => window.dataLayer[window.dataLayer.length - 1]);
  assert.equal(click.event, 'micromoment_click');
  assert.equal(click.mm_slot, 'hero');
  assert.equal(click.mm_variant, 'buy');
  assert.equal(click.mm_moment, 'buy');
  assert.equal(await page.evaluate(() => window.dataLayer.length), 3);
  // A click outside any swapped block pushes nothing.
  await page.click('#spacer-1', { position: { x: 5, y: 5 } });
  assert.equal(await page.evaluate(() => window.dataLayer.length), 3);
  assert.deepEqual(ignorable(log), []);
  await context.close();
});

test('dataLayer: "dataLayer": false pushes nothing; without a dataLayer none is created', async () => {
  let { context, page } = await open(fixture('slots.html', { dataLayer: false }) + '?utm_term=buy+running+shoes', {
    initScript: () => {
      window.dataLayer = [];
    },
  });
  assert.deepEqual(await blocks(page, 'below'), ['below-buy']);
  await page.click('#hero .inner');
  assert.deepEqual(await page.evaluate(() => window.dataLayer), []);
  await context.close();

  ({ context, page } = await open(fixture('slots.html') + '?utm_term=buy+running+shoes'));
  assert.deepEqual(await blocks(page, 'below'), ['below-buy']);
  assert.equal(await page.evaluate(() => typeof window.dataLayer), 'undefined');
  await context.close();
});

// --- holdout ------------------------------------------------------------------------------

async function group(page) {
  const inHoldout = await page.evaluate(() => window.__mm.swaps.some((s) => s.variant === 'holdout'));
  return inHoldout ? 'holdout' : 'treated';
}

test('holdout: the group is sticky across reloads and holdout pages keep the default content', async () => {
  const url = fixture('slots.html', { holdout: 0.5 }) + '?utm_term=buy+running+shoes';
  // 12 new visitors: 4 fresh browser profiles (contexts), and in each, 3
  // visitors separated by emptying the browser's storage.
  async function check(page, g) {
    if (g === 'holdout') {
      assert.deepEqual(await blocks(page, 'hero'), ['hero-default']);
      assert.deepEqual(await blocks(page, 'below'), ['below-default']);
      assert.equal(await page.getAttribute('html', 'data-mm-moment'), null);
      const swaps = await page.evaluate(() => window.__mm.swaps);
      assert.deepEqual(
        swaps.map((x) => [x.slot, x.moment, x.variant]).sort(),
        [['below', 'buy', 'holdout'], ['hero', 'buy', 'holdout']],
      );
    } else {
      assert.deepEqual(await blocks(page, 'hero'), ['hero-buy']);
      assert.deepEqual(await blocks(page, 'below'), ['below-buy']);
      assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'buy');
    }
  }
  const groups = [];
  for (let c = 0; c < 4; c++) {
    const context = await newContext();
    const { page } = await openIn(context, url);
    for (let v = 0; v < 3; v++) {
      if (v > 0) {
        await page.evaluate(() => {
          localStorage.clear();
          sessionStorage.clear();
        });
        await page.reload();
        await ready(page);
      }
      const g = await group(page);
      await check(page, g);
      if (v === 0) {
        // A reload keeps the group, and so does a new tab.
        await page.reload();
        await ready(page);
        assert.equal(await group(page), g, `a reload keeps the group (browser ${c + 1})`);
        await check(page, g);
        if (c === 0) {
          const { page: tab } = await openIn(context, url);
          assert.equal(await group(tab), g, 'a new tab keeps the group');
          await tab.close();
        }
      }
      groups.push(g);
    }
    await context.close();
  }
  const count = (g) => groups.filter((x) => x === g).length;
  assert.ok(count('holdout') > 0 && count('treated') > 0, `both groups appear: ${groups}`);
});

test('holdout: a later decision swaps nothing and dataLayer pushes carry the holdout variant', async () => {
  // Find a holdout visitor; each fresh context has a one-in-two chance.
  for (let i = 0; i < 20; i++) {
    const context = await newContext();
    const { page } = await openIn(context, fixture('slots.html', { holdout: 0.5 }), {
      initScript: () => {
        window.dataLayer = [];
      },
    });
    await page.evaluate(() => window.micromoment.setCue('query', 'buy running shoes'));
    if (!(await page.evaluate(() => window.__mm.swaps.some((s) => s.variant === 'holdout')))) {
      await context.close();
      continue;
    }
    assert.deepEqual(await blocks(page, 'below'), ['below-default']);
    assert.equal(await page.getAttribute('html', 'data-mm-moment'), null);
    const layer = await page.evaluate(() => window.dataLayer);
    assert.ok(layer.length >= 1);
    for (const entry of layer) assert.equal(entry.mm_variant, 'holdout');
    await context.close();
    return;
  }
  assert.fail('no holdout visitor in 20 fresh browsers');
});
