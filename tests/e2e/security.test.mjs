// End-to-end security: hostile text reaching the tag through the URL
// (q, utm_term, utm_campaign), the referrer, the site's search box and
// setCue('query') never runs as script, never becomes markup, shows as
// literal text where a template uses {{query}}, and never turns a URL
// attribute into a javascript:/data: URL. A page under a strict CSP runs the
// tag without a single violation. Run `make build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, watch, withConfig, ready, PAGES, TAG, TAG_SCRIPT } from './harness.mjs';

const XSS_PAGE = fs.readFileSync(path.join(PAGES.reliability, 'xss.html'), 'utf8');
const INDEX = fs.readFileSync(path.join(PAGES.reliability, 'index.html'), 'utf8');

const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const h = setup({
  root: PAGES.reliability,
  headers: (url) => (url.pathname.startsWith('/csp/') || url.searchParams.has('csp')
    ? { 'content-security-policy': STRICT_CSP }
    : {}),
});

// Every payload calls the canary (window.__xss) or alert() if it ever runs.
const PAYLOADS = [
  '<script>window.__xss()</script>',
  '<img src=x onerror=window.__xss()>',
  '<img src="x" onerror="__xss()">',
  '<svg onload=__xss()>',
  '<svg><script>__xss()</script></svg>',
  '<svg><animate onbegin=__xss() attributeName=x dur=1s>',
  '<svg><a xlink:href="javascript:__xss()"><text x=20 y=20>x</text></a></svg>',
  '<svg><use href="data:image/svg+xml,<svg id=x xmlns=%22http://www.w3.org/2000/svg%22><image href=x onerror=__xss() /></svg>#x" />',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xss()>',
  '<math href="javascript:__xss()">click</math>',
  '<math><maction actiontype="statusline" xlink:href="javascript:__xss()">x</maction></math>',
  '"><script>__xss()</script>',
  "'><img src=x onerror=__xss()>",
  '"onmouseover="__xss()',
  "' onfocus='__xss()' autofocus='",
  '</p><script>__xss()</script><p>',
  '</template><script>__xss()</script><template>',
  '</textarea><script>__xss()</script>',
  '<!--<img src="--><img src=x onerror=__xss()//">',
  '<noscript><p title="</noscript><img src=x onerror=__xss()>">',
  '<scr<script>ipt>__xss()</scr</script>ipt>',
  '<iframe src="javascript:parent.__xss()"></iframe>',
  '<iframe srcdoc="<script>parent.__xss()</script>"></iframe>',
  '<object data="javascript:__xss()"></object>',
  '<embed src="javascript:__xss()">',
  '<a href="javascript:__xss()">click</a>',
  '<body onload=__xss()>',
  '<details open ontoggle=__xss()>',
  '<input autofocus onfocus=__xss()>',
  '<video><source onerror=__xss()></video>',
  '<style>@import "javascript:__xss()";</style>',
  '<base href="javascript:__xss()//">',
  '<meta http-equiv="refresh" content="0;url=javascript:__xss()">',
  '<link rel=stylesheet href="data:text/css,*{}" onload=__xss()>',
  '<x onmouseover=__xss() style=display:block;width:9999px;height:9999px>hover</x>',
  'javascript:__xss()',
  'javascript:window.__xss()//https://example.com',
  'JaVaScRiPt:__xss()',
  ' javascript:__xss()',
  'java\tscript:__xss()',
  'java\nscript:__xss()',
  '\u0000javascript:__xss()',
  'java\u0000script:__xss()',
  '\u200bjavascript:__xss()',
  '\ufeffjavascript:__xss()',
  'java\u200dscript:alert(1)',
  '&#106;avascript:__xss()',
  'javascript&colon;__xss()',
  'javascript&#58;__xss()',
  'data:text/html,<script>parent.__xss()</script>',
  'data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3MoKTwvc2NyaXB0Pg==',
  'DATA:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'blob:https://example.com/0000',
  '{{query}}',
  '{{store.name}}',
  '{{query|<img src=x onerror=__xss()>}}',
  "{{ constructor.constructor('__xss()')() }}",
  '{{{{query}}}}',
  '{{moment}} {{ store.phone }} {{x|y}}',
  '${__xss()}',
  '#{__xss()}',
  '%3Cscript%3E__xss()%3C%2Fscript%3E',
  '&lt;script&gt;__xss()&lt;/script&gt;',
  '\\u003cscript\\u003e__xss()\\u003c/script\\u003e',
  '\u202e<img src=x onerror=__xss()>gpj.exe',
  '\u202eevil\u202c \u2067rtl\u2069 مرحبا \u200f<b>bold</b>',
  'zero\u200bwidth\u200c\u200dspaces\u2060<script>__xss()</script>',
  'Z\u0335\u0321\u0322\u0327\u0328a\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309l'.repeat(10) + '<svg onload=__xss()>',
  'a' + '\u0301'.repeat(300),
  '\ud800<script>__xss()</script>',
  'lone \udc00 low \ud83d high<img src=x onerror=__xss()>',
  '\u0000<script>__xss()</script>',
  'nul\u0000in\u0000the\u0000middle',
  '\u2028\u2029<script>__xss()</script>',
  '👩‍👩‍👧‍👦<svg/onload=__xss()>',
  'https://example.com/?q=<script>__xss()</script>',
  'tel:+4533123456',
  'mailto:someone@example.com?body=<script>__xss()</script>',
  '//evil.example/<script>__xss()</script>',
  '<script>__xss()</script>'.repeat(440), // ≈10 KB
  'A'.repeat(50_000) + '<img src=x onerror=__xss()>',
  'ø'.repeat(30_000) + '<script>__xss()</script>',
  '<img src=x onerror=__xss()>'.repeat(3700), // ≈100 KB
];

/**
 * The tag's query cleaning (src/arrival.rs clean_text): every run of
 * whitespace, control characters, U+200B and U+FEFF becomes one space,
 * trimmed; at most `max` code points. Strings cross into wasm as UTF-8, so
 * lone surrogates arrive as U+FFFD.
 */
function cleanText(s, max = 200) {
  let out = '';
  let n = 0;
  let gap = false;
  for (const c of s.toWellFormed()) {
    if (/\s/u.test(c) || /\p{Cc}/u.test(c) || c === '\u200b' || c === '\ufeff') {
      gap = true;
      continue;
    }
    const space = gap && n > 0;
    if (n + 1 + (space ? 1 : 0) > max) break;
    if (space) {
      out += ' ';
      n += 1;
    }
    out += c;
    n += 1;
    gap = false;
  }
  return out;
}

/** Percent-encodes `s` for a URL; lone surrogates as their (invalid) UTF-8 bytes. */
function enc(s) {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s[i] + s[i + 1]);
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const bytes = [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
      out += bytes.map((b) => '%' + b.toString(16).toUpperCase()).join('');
    } else {
      out += encodeURIComponent(s[i]);
    }
  }
  return out;
}

/** What the tag reads from `?k=enc(s)`: percent-decoded bytes as lossy UTF-8. */
function urlDecoded(s) {
  const e = enc(s);
  const bytes = [];
  for (let i = 0; i < e.length; i++) {
    if (e[i] === '%') {
      bytes.push(parseInt(e.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(e.charCodeAt(i));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

const CANARY = `
window.__xss = function (what) {
  window.__pwned = true;
  try { window.__mmXssHit((what ? what + ' @ ' : '') + String(location.href).slice(0, 120)); } catch (e) {}
};
window.alert = window.confirm = window.prompt = function () { window.__xss(); };`;

/** A context whose pages report every canary call and dialog into `hits`. */
async function hostileContext(hits) {
  const context = await h.newContext();
  await context.exposeBinding('__mmXssHit', (source, where) => hits.push(where));
  await context.addInitScript(`${CANARY}
window.__mmInspect = ${inspect.toString()};
window.__mmRerender = ${rerender.toString()};`);
  // The xss fixture is served by the browser route, so URLs of any length work.
  await context.route((url) => url.pathname === '/xss.html', (route) => route.fulfill({
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: XSS_PAGE,
  }));
  return context;
}

function watchPage(page, hits, errors) {
  page.on('dialog', (d) => {
    hits.push('dialog: ' + d.message());
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => errors.push(e.message));
}

/** Runs `fn({ context, hits, errors })` on a hostileContext, then closes it. */
async function hostile(fn) {
  const hits = [];
  const errors = [];
  const context = await hostileContext(hits);
  try {
    return await fn({ context, hits, errors });
  } finally {
    await context.close();
  }
}

/** The same with one watched page: `fn({ context, page, hits, errors })`. */
function hostilePage(fn) {
  return hostile(async (x) => {
    const page = await x.context.newPage();
    watchPage(page, x.hits, x.errors);
    return fn({ ...x, page });
  });
}

/** Loads the xss fixture with `search` and waits for the tag. */
async function loadXss(page, search) {
  await page.goto(h.url('/xss.html' + search));
  await ready(page);
}

/**
 * Reads the result slot, the tag's view of the query, and everything on
 * the page a payload could have created.
 */
function inspect() {
  const URL_ATTRS = ['href', 'xlink:href', 'action', 'formaction', 'src'];
  const mm = window.micromoment;
  const ex = mm.explain();
  const slot = document.querySelector('[data-mm-slot="result"]');
  const shape = (nodes) => nodes.map((e) => e.localName + '['
    + [...e.attributes].map((a) => a.name).filter((n) => !URL_ATTRS.includes(n)).sort().join(' ') + ']');
  const shown = [...slot.children].filter((c) => c.localName !== 'template');
  const liveShape = shape(shown.flatMap((c) => [c, ...c.querySelectorAll('*')]));
  const tpl = [...slot.querySelectorAll(':scope > template[data-mm-moment]')]
    .find((t) => t.getAttribute('data-mm-moment') === ex.moment);
  const tplShape = tpl ? shape([...tpl.content.querySelectorAll('*')]) : null;
  const urls = [];
  for (const e of slot.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (URL_ATTRS.includes(a.name)) urls.push({ el: e.getAttribute('class'), name: a.name, value: a.value });
    }
  }
  const handlers = [];
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) if (/^on/i.test(a.name)) handlers.push(e.localName + ' ' + a.name);
  }
  const v = slot.querySelector('.v');
  return {
    moment: ex.moment,
    text: ex.query.text,
    source: ex.query.source,
    campaign: ex.cues.campaign,
    variant: v && v.getAttribute('data-v'),
    shown: v && v.querySelector('.q').textContent,
    title: v && v.querySelector('.t').getAttribute('title'),
    rel: v && v.querySelector('.rel').getAttribute('href'),
    fallback: v && v.querySelector('.fallback').textContent,
    liveShape,
    tplShape,
    urls,
    handlers,
    scripts: document.scripts.length,
    extra: document.querySelectorAll('body iframe, body object, body embed, body img, body video, body math, body base, body meta, body link, body style, body script').length,
    pwned: window.__pwned === true,
  };
}

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'tel:', 'mailto:']);

/** Asserts what `inspect()` returned for one payload. */
function check(r, label, { expectText, expectSource, moment } = {}) {
  const at = `${label}: `;
  assert.equal(r.pwned, false, at + 'the canary ran');
  assert.equal(r.moment, moment, at + 'moment');
  assert.equal(r.variant, moment, at + 'the template of the moment is shown');
  assert.equal(r.shown, r.text, at + 'the visible text is exactly explain().query.text');
  assert.equal(r.title, r.text, at + 'an attribute placeholder holds exactly the query text');
  assert.equal(r.rel, '/search?q=' + r.text, at + 'a relative URL with the query is kept');
  assert.equal(r.fallback, r.text || 'nothing searched', at + 'fallback placeholder');
  if (expectText !== undefined) assert.equal(r.text, expectText, at + 'query text as the tag cleans it');
  if (expectSource !== undefined && r.text) assert.equal(r.source, expectSource, at + 'query source');
  assert.ok(r.text.length <= 400 && [...r.text].length <= 200, at + 'query is at most 200 characters');
  assert.deepEqual(r.liveShape, r.tplShape, at + 'no element or attribute was created from the query');
  assert.deepEqual(r.handlers, [], at + 'no event-handler attribute anywhere');
  assert.equal(r.scripts, 2, at + 'no script element was added');
  assert.equal(r.extra, 0, at + 'no active element was added');
  for (const u of r.urls) {
    if (u.el === 'rel') continue;
    let proto;
    try {
      proto = new URL(u.value, 'http://127.0.0.1/').protocol;
    } catch {
      proto = 'http:'; // A URL that does not parse cannot be followed.
    }
    assert.ok(SAFE_PROTOCOLS.has(proto), `${at}${u.el} ${u.name}="${u.value.slice(0, 80)}" has protocol ${proto}`);
    assert.equal(u.value, r.text, `${at}${u.el} ${u.name} holds the query or nothing`);
  }
}

/**
 * Runs `fn(page, payload, index)` over PAYLOADS (those passing `only`) on
 * `n` pages in parallel.
 * A failed check is collected, so one run reports every failing payload.
 */
async function overPayloads(context, n, hits, errors, fn, only = () => true) {
  const pages = await Promise.all(Array.from({ length: n }, () => context.newPage()));
  for (const p of pages) watchPage(p, hits, errors);
  const failures = [];
  const todo = [...PAYLOADS.entries()].filter(([i, p]) => only(p, i));
  let next = 0;
  await Promise.all(pages.map(async (page) => {
    while (next < todo.length) {
      const [i, p] = todo[next++];
      await collect(failures, () => fn(page, p, i));
    }
  }));
  // Give late handlers (image errors, timers) a chance to fire.
  await pages[0].waitForTimeout(300);
  return failures;
}

/** Runs `check`; if it fails, its message (the first `lines` lines) goes to `failures`. */
async function collect(failures, check, lines = 6) {
  try {
    await check();
  } catch (e) {
    failures.push(e.message.split('\n').slice(0, lines).join('\n'));
  }
}

/**
 * Runs `fn(p, i, attempt)` for every payload passing `only`, one after the
 * other on `page`; `attempt(check)` collects a failed check (see collect),
 * so one run reports every failing payload. Then no payload may have run.
 */
async function eachPayload(page, { hits, errors }, fn, { only = () => true, lines = 6 } = {}) {
  const failures = [];
  const attempt = (check) => collect(failures, check, lines);
  for (const [i, p] of PAYLOADS.entries()) {
    if (only(p, i)) await fn(p, i, attempt);
  }
  await page.waitForTimeout(300);
  assertClean(failures, hits, errors);
}

function assertClean(failures, hits, errors) {
  assert.deepEqual(hits, [], 'no payload ran');
  assert.equal(failures.length, 0, `${failures.length} failing payload(s):\n\n${failures.slice(0, 15).join('\n\n')}`);
  assert.deepEqual(errors, [], 'no page error');
}

const label = (p, i) => `payload #${i} ${JSON.stringify(p.slice(0, 60))}${p.length > 60 ? '…' : ''}`;

/** Switches to another moment so the slot renders the current query; returns it. */
function rerender() {
  const m = window.micromoment.moment() === 'buy' ? 'know' : 'buy';
  window.micromoment.force(m);
  return m;
}

test(`the suite has at least 50 hostile strings (${PAYLOADS.length})`, () => {
  assert.ok(PAYLOADS.length >= 50);
  assert.ok(PAYLOADS.some((p) => p.length >= 100_000 - 1000), 'a ~100 KB string');
  assert.ok(PAYLOADS.some((p) => p.length >= 10_000 && p.length < 20_000), 'a ~10 KB string');
});

// A page load carries the payload in ?q=, ?utm_term=, ?utm_campaign= and
// in the referrer's ?q= at once. The load reads q; then the tag re-reads the
// URL after each history.replaceState (the SPA path) that drops q, then
// utm_term, so the same page view checks utm_term and then the referrer.
// Page loads are slow, so they run for every 4th payload and the 10 KB one;
// the next test sends every payload through the same readers without a load.
test('hostile URL parameters (q, utm_term, utm_campaign) and referrer on page load never run and show as literal text', async () => {
  await hostile(async ({ context, hits, errors }) => {
    let fromReferrer = 0;
    const failures = await overPayloads(context, 4, hits, errors, async (page, p, i) => {
      const e = enc(p);
      const fromUrl = cleanText(urlDecoded(p));
      const referer = `http://www.google.com/search?q=${e}`;
      await page.goto(h.url(`/xss.html?mm_moment=know&q=${e}&utm_term=${e}&utm_campaign=${e}`), { referer });
      const [r1, [m2, r2], [m3, r3]] = await page.evaluate(async (e) => {
        await window.micromoment.ready;
        const out = [window.__mmInspect()];
        for (const search of [`?mm_moment=know&utm_term=${e}&utm_campaign=${e}`, `?mm_moment=know&utm_campaign=${e}`]) {
          history.replaceState(null, '', search);
          out.push([window.__mmRerender(), window.__mmInspect()]);
        }
        return out;
      }, e);
      check(r1, 'load q ' + label(p, i), { moment: 'know', expectText: fromUrl, expectSource: 'q' });
      assert.ok([...r1.campaign].length <= 200, 'campaign is bounded');
      check(r2, 'load utm_term ' + label(p, i), { moment: m2, expectText: fromUrl, expectSource: 'utm_term' });
      // Browsers cut referrers longer than 4 KB to the origin; then there is no query.
      check(r3, 'load referrer ' + label(p, i), { moment: m3, expectSource: 'referrer' });
      if (r3.text) fromReferrer++;
    }, (p, i) => i % 4 === 0 || (p.length > 5000 && p.length < 20_000));
    assert.ok(fromReferrer >= 15, `the real referrer carried the query for ${fromReferrer} payloads`);
    assertClean(failures, hits, errors);
  });
});

// Every payload through the URL and referrer readers on one page: the tag
// re-reads location.search and document.referrer after history.replaceState.
// document.referrer is replaced by a getter so it can carry any payload.
test('every hostile string in q, utm_term, utm_campaign and the referrer never runs and shows as literal text', async () => {
  await hostilePage(async (x) => {
    const { page } = x;
    await page.addInitScript(() => {
      const real = Object.getOwnPropertyDescriptor(Document.prototype, 'referrer');
      Object.defineProperty(Document.prototype, 'referrer', {
        configurable: true,
        get() { return window.__mmReferrer !== undefined ? window.__mmReferrer : real.get.call(this); },
      });
    });
    await loadXss(page, '?mm_moment=know');
    await eachPayload(page, x, async (p, i, attempt) => {
      const e = enc(p);
      const fromUrl = cleanText(urlDecoded(p));
      const steps = [
        ['q', `?q=${e}&utm_term=${e}`, fromUrl],
        ['utm_term', `?utm_term=${e}&utm_campaign=${e}`, fromUrl],
        ['referrer', `?utm_campaign=${e}`, undefined],
      ];
      const results = await page.evaluate(([searches, ref]) => {
        window.__mmReferrer = ref;
        return searches.map((search) => {
          history.replaceState(null, '', search);
          const moment = window.__mmRerender();
          return { moment, r: window.__mmInspect() };
        });
      }, [steps.map((st) => st[1]), `https://www.bing.com/search?form=QBLH&q=${e}`]);
      for (const [k, [source, , expectText]] of steps.entries()) {
        await attempt(() => {
          const { moment, r } = results[k];
          check(r, `${source} ${label(p, i)}`, { moment, expectText, expectSource: source });
          if (source === 'referrer' && !/^(https?:|\/)/.test(fromUrl)) {
            assert.equal(r.text, fromUrl, `referrer ${label(p, i)}: query text as the tag cleans it`);
          }
        });
      }
    });
  });
});

test('hostile text typed into the search box never runs and shows as literal text', async () => {
  await hostile(async ({ context, hits, errors }) => {
    const failures = await overPayloads(context, 6, hits, errors, async (page, p, i) => {
      if (!page.url().includes('/xss.html')) await loadXss(page, '?mm_moment=know');
      await page.fill('input[type=search]', p);
      const typed = await page.inputValue('input[type=search]');
      const expected = cleanText(typed);
      // The search box is read 250 ms after the last keystroke.
      await page.waitForFunction((want) => {
        const q = window.micromoment.explain().query;
        return q.source === 'searchbox' && q.text === want;
      }, expected, { timeout: 5000, polling: 50 });
      const { moment, r } = await page.evaluate(() => ({ moment: window.__mmRerender(), r: window.__mmInspect() }));
      check(r, 'search box ' + label(p, i), { moment, expectText: expected, expectSource: 'searchbox' });
    });
    assertClean(failures, hits, errors);
  });
});

test("hostile setCue('query', …) never runs and shows as literal text", async () => {
  await hostilePage(async (x) => {
    const { page } = x;
    await loadXss(page, '?mm_moment=know');
    await eachPayload(page, x, (p, i, attempt) => attempt(async () => {
      const { ok, moment, r } = await page.evaluate((p) => {
        const ok = window.micromoment.setCue('query', p);
        const moment = window.__mmRerender();
        return { ok, moment, r: window.__mmInspect() };
      }, p);
      assert.equal(ok, true, label(p, i));
      check(r, 'setCue ' + label(p, i), { moment, expectText: cleanText(p), expectSource: 'setCue' });
    }));
  });
});

test('<a href="{{query}}"> never gets a javascript: or data: URL; safe URLs are kept', async () => {
  const UNSAFE = [
    'javascript:__xss()', 'JAVASCRIPT:__xss()', 'java\tscript:__xss()', ' \u0001javascript:__xss()',
    'javascript&#58;__xss()', 'jav&#x09;ascript:__xss()', 'data:text/html,<script>alert(1)</script>',
    'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+', 'vbscript:msgbox(1)', 'file:///etc/passwd',
    'blob:http://127.0.0.1/x', 'filesystem:http://127.0.0.1/temporary/x', 'javascript://%0a__xss()',
  ];
  const SAFE = ['https://example.com/a?b=c', 'http://example.com', 'tel:+4533123456', 'mailto:a@example.com',
    '/relative/path', 'relative?x=1', '#fragment', '//example.com/proto-relative'];
  await hostilePage(async ({ page, hits, errors }) => {
    await loadXss(page, '?mm_moment=know');
    for (const [i, url] of [...UNSAFE, ...SAFE].entries()) {
      const r = await page.evaluate(([url, moment]) => {
        window.micromoment.setCue('query', url);
        window.micromoment.force(moment);
        const v = document.querySelector('[data-mm-slot="result"] .v');
        return {
          text: window.micromoment.explain().query.text,
          href: v.querySelector('.raw').getAttribute('href'),
          svg: v.querySelector('.svg').getAttribute('href'),
          xlink: v.querySelector('.xl').getAttribute('xlink:href'),
          action: v.querySelector('.f').getAttribute('action'),
          formaction: v.querySelector('.fb').getAttribute('formaction'),
        };
      }, [url, i % 2 ? 'buy' : 'go']);
      for (const name of ['href', 'svg', 'xlink', 'action', 'formaction']) {
        if (UNSAFE.includes(url)) {
          assert.equal(r[name], null, `${name} dropped for ${JSON.stringify(url)} (got ${JSON.stringify(r[name])})`);
        } else {
          assert.equal(r[name], r.text, `${name} kept for ${JSON.stringify(url)}`);
        }
      }
    }
    // Following the link does nothing unexpected either.
    await page.evaluate(() => {
      window.micromoment.setCue('query', 'javascript:__xss()');
      window.micromoment.force('do');
    });
    await page.click('[data-mm-slot="result"] .raw');
    await page.waitForTimeout(200);
    assert.deepEqual(hits, [], 'no payload ran');
    assert.deepEqual(errors, []);
  });
});

h.route('/handlers.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Handlers</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<script type="module" src="/micromoment/micromoment.js"></script></head><body><main>
<section data-mm-slot="result"><p>Default</p>
<template data-mm-moment="buy"><div class="v"><button class="h" type="button" onclick="window.__lastSearch = '{{query}}'">again</button><iframe class="i" srcdoc="<p>{{query}}</p>"></iframe></div></template>
<template data-mm-moment="know"><p>Know</p></template>
</section></main></body></html>`);

test('placeholders inside event-handler and srcdoc attributes cannot run script', async () => {
  await hostilePage(async ({ page, hits }) => {
    const q = "x';window.__xss('onclick');'";
    await page.goto(h.url(`/handlers.html?mm_moment=buy&q=${enc(q)}`));
    await ready(page);
    await page.click('[data-mm-slot="result"] .h');
    await page.evaluate(() => {
      window.micromoment.setCue('query', '<img src=x onerror=parent.__xss(&quot;srcdoc&quot;)>');
      window.micromoment.force('know');
      window.micromoment.force('buy');
    });
    await page.waitForTimeout(400);
    assert.deepEqual(hits, [], 'the query ran as script through a placeholder in an attribute');
  });
});

test('the debug overlay shows hostile query text as text only', async () => {
  await hostilePage(async (x) => {
    const { page } = x;
    await loadXss(page, `?mm_debug=1&q=${enc('<img src=x onerror=__xss()>how to')}`);
    await page.evaluate(() => window.micromoment.debug(true));
    await eachPayload(page, x, async (p, i, attempt) => {
      const r = await page.evaluate((p) => {
        window.micromoment.setCue('query', p);
        window.__mmRerender();
        const host = document.querySelector('[data-mm-debug]');
        const root = host && host.shadowRoot;
        if (!root) return { missing: true };
        const tags = [...new Set([...root.querySelectorAll('*')].map((e) => e.localName))].sort();
        const handlers = [...root.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name));
        return { tags, handlers, text: root.textContent, query: window.micromoment.explain().query.text };
      }, p);
      await attempt(() => {
        if (r.missing) throw new Error('no debug overlay');
        assert.deepEqual(r.handlers, [], `overlay ${label(p, i)}: no handler attribute`);
        for (const t of r.tags) assert.ok(['div', 'span', 'button', 'h4', 'ul', 'li'].includes(t), `overlay ${label(p, i)}: unexpected <${t}>`);
      });
    }, { only: (p, i) => i % 3 === 0, lines: 4 });
  });
});

test('a hostile ?mm_moment= is refused with one warning and never runs', async () => {
  await hostilePage(async ({ page, hits, errors }) => {
    const { warnings } = watch(page);
    for (const p of ['<img src=x onerror=__xss()>', '__proto__', 'constructor', 'javascript:__xss()', 'KNOW', 'know\u0000']) {
      warnings.length = 0;
      await loadXss(page, `?mm_moment=${enc(p)}`);
      const r = await page.evaluate(() => ({
        moment: window.micromoment.moment(),
        defaultShown: !!document.querySelector('[data-block="result-default"]'),
      }));
      assert.deepEqual(r, { moment: null, defaultShown: true }, JSON.stringify(p));
      assert.equal(warnings.length, 1, `${JSON.stringify(p)}: ${warnings.join(' | ')}`);
      assert.match(warnings[0], /^micromoment: unknown moment/);
    }
    await page.waitForTimeout(200);
    assert.deepEqual(hits, [], 'no payload ran');
    assert.deepEqual(errors, []);
  });
});

/**
 * Runs `fn({ context, page, log })` on a new page that records CSP
 * violations (log.violations) besides its console, then closes its context.
 */
function strictPage(fn) {
  return h.withPage({}, async ({ context, page, log }) => {
    log.violations = [];
    await context.exposeBinding('__mmViolation', (source, v) => log.violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__mmViolation(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    return fn({ context, page, log });
  });
}

/** No CSP violation, console error, page error or warning. */
function assertSilent(log) {
  assert.deepEqual(log.violations, [], 'no securitypolicyviolation');
  assert.deepEqual(log.errors, [], 'no console error');
  assert.deepEqual(log.pageErrors, []);
  assert.deepEqual(log.warnings, []);
}

/** Works the page: swap, scroll, search box, clicks, setCue, force, destroy. */
async function exercise(page) {
  await ready(page);
  assert.equal(await ready(page), true, 'the tag runs under the CSP');
  assert.equal(await page.getAttribute('html', 'data-mm-moment'), 'buy');
  assert.ok(await page.isVisible('[data-block="hero-buy"]'), 'the hero swapped');
  assert.equal(await page.evaluate(() => window.__pageOk), true);
  await page.mouse.wheel(0, 1500);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.fill('input[type=search]', 'how to clean suede');
  await page.waitForTimeout(350);
  await page.click('#site-button');
  await page.click('[data-block="hero-buy"] .add-to-cart');
  await page.evaluate(() => {
    window.micromoment.setCue('query', 'what is gore-tex');
    window.micromoment.force('know');
  });
  assert.ok(await page.isVisible('[data-block="hero-know"]'));
  await page.evaluate(() => window.micromoment.destroy());
  assert.ok(await page.isVisible('[data-block="hero-default"]'));
  await page.waitForTimeout(200);
}

test("strict CSP (script-src 'self' 'wasm-unsafe-eval'; style-src 'self'): the tag swaps with zero violations", async () => {
  await strictPage(async ({ page, log }) => {
    await page.goto(h.url('/index.html?utm_term=buy+running+shoes&csp=1'));
    await exercise(page);
    assertSilent(log);
  });
});

// Pages served with the strict CSP by their own route.
const CSP_HEADER = { 'content-security-policy': STRICT_CSP };
h.route('/debug-config.html', withConfig(INDEX, { debug: true }), CSP_HEADER);
h.route('/classic.html', INDEX.replace(TAG_SCRIPT, '<script src="/micromoment/micromoment.js"></script>'), CSP_HEADER);

for (const variant of ['?mm_debug=1&utm_term=buy+running+shoes&csp=1', '?utm_term=buy+running+shoes&csp=1&debugcfg=1']) {
  test(`strict CSP with the debug overlay (${variant}): zero violations`, async () => {
    await strictPage(async ({ page, log }) => {
      const file = variant.includes('debugcfg') ? '/debug-config.html' : '/index.html';
      await page.goto(h.url(file + variant));
      await ready(page);
      // The overlay, when the build has one, loads on demand.
      await page.waitForTimeout(300);
      const overlay = await page.locator('[data-mm-debug]').count();
      await exercise(page);
      assertSilent(log);
      if (fs.existsSync(path.join(TAG, 'micromoment-debug.js'))) {
        assert.equal(overlay, 1, 'the debug overlay is shown');
      }
    });
  });
}

test("strict CSP, the tag as a plain classic script: it swaps with zero violations", async () => {
  await strictPage(async ({ page, log }) => {
    await page.goto(h.url('/classic.html?utm_term=buy+running+shoes'));
    await exercise(page);
    assertSilent(log);
  });
});
