// micromoment, second part: loaded after first paint, it takes over the
// running tag's state in the first part's core and adds everything the
// first decision did not need: the full config check, the other
// languages, the sensors (scroll, search box, clicks, video, visibility),
// the stores and the visitor's location, the journey in storage, SPA
// navigation, the in-view rule's observer, setCue, force, consent,
// explain and the debug overlay. It decides nothing itself: the numbers
// and strings it reads go to the cores, and their answers are applied.

/** Links and elements that mean "I want to go". */
const GO_SELECTOR =
  "a[href^='tel:'],a[href^='mailto:'],a[href*='maps.google.'],a[href*='google.com/maps'],a[href*='maps.apple.com'],a[href*='goo.gl/maps'],a[href*='yandex.ru/maps'],a[href*='/directions'],[data-mm-go]";
/** Delay after the last keystroke in the search box before re-deciding. */
const SEARCH_DEBOUNCE_MS = 250;
const SESSION_KEY = 'micromoment:session';
const VISITOR_KEY = 'micromoment:visitor';
const U = '\u001f';

/**
 * Attaches the second part to a running first part. `more` is the glue of
 * the second part's core, `languages` the lexicon data of the languages the
 * first part did not start with, `ctx` the first part's handle, `reportOnly`
 * true when the first part could not start because of a config error (only
 * the full report is logged), `swaps` the swaps made before this part
 * arrived (for the dataLayer).
 */
function attachMore(more, languages, ctx, reportOnly, swaps) {
  const warn = (msg) => console.warn('micromoment: ' + msg);
  const warned = new Set();
  const once = (kind, msg) => {
    if (!warned.has(kind)) {
      warned.add(kind);
      warn(msg);
    }
  };
  const now = () => performance.now();
  const core = ctx.core;
  let destroyed = false;
  const live = () => !destroyed && ctx.running;

  // The full check: every problem with its JSON path.
  const report = more.s('check', ctx.configText());
  if (report) warn(report.slice(1));
  if (reportOnly || (report && report[0] === 'E')) {
    return { api: {}, decided() {}, swapped() {}, destroy() {} };
  }
  const settings = JSON.parse(more.s('settings'));
  const state = JSON.parse(core.s('state'));
  const listeners = [];
  const on = (target, type, f, opts) => {
    target.addEventListener(type, f, opts);
    listeners.push(() => target.removeEventListener(type, f, opts));
  };

  // Every call into a core goes through here: a failure stops the tag.
  function guarded(f, name) {
    return (...args) => {
      if (!live()) return undefined;
      try {
        return f(...args);
      } catch (e) {
        destroy();
        ctx.stop('internal error in ' + (name || f.name || 'a callback') + '() (' + ((e && e.message) || e) + '); the tag stopped');
        return undefined;
      }
    };
  }

  // --- templates that name no known moment (once the page is parsed) -------
  const checkTemplates = () => {
    if (!live()) return;
    for (const slot of document.querySelectorAll('[data-mm-slot]')) {
    const name = slot.getAttribute('data-mm-slot') || '';
    const list = [...slot.children].filter((e) => e.localName === 'template' && !e.hasAttribute('data-mm-default'));
    if (!list.length && !slot.hasAttribute('data-mm-shown')) {
      warn('slot "' + name + '" has no <template data-mm-moment> inside; it keeps its default content');
    }
    for (const t of list) {
      const m = t.getAttribute('data-mm-moment') || '';
      if (!more.n('known', m)) {
        warn('slot "' + name + '" has a template for the undeclared moment "' + m
          + '"; declare it in the config\'s "moments" or fix data-mm-moment');
      }
    }
    }
  };
  if (document.readyState === 'loading') on(document, 'DOMContentLoaded', guarded(checkTemplates, 'checkTemplates'), { once: true });
  else checkTemplates();

  // --- languages and the rest of the page text ----------------------------
  core.n('language', languages.join('\u001e'));
  const readPage = () => core.n('page', more.s('page_text', ctx.pageWords()));
  readPage();

  // --- journey ---------------------------------------------------------------
  let storageOk = state.storage;
  function storage(local) {
    try {
      return local ? localStorage : sessionStorage;
    } catch (e) {
      return null;
    }
  }
  function read(local, key) {
    try {
      return storage(local).getItem(key) || '';
    } catch (e) {
      once('storage', 'the browser blocks storage; the visit is remembered in memory only');
      return '';
    }
  }
  function save() {
    if (!storageOk) return;
    const [session, visitor] = more.s('records').split(U);
    try {
      if (session) storage(false).setItem(SESSION_KEY, session);
      if (visitor) {
        storage(true).setItem(VISITOR_KEY, visitor);
        more.n('written');
      }
    } catch (e) {
      once('storage', 'the browser blocks storage; the visit is remembered in memory only');
    }
  }
  // Decisions and setCue('query') can come many to a task (a site setting
  // cues in a loop): their records are written once, after the task.
  let saveTimer = 0;
  function saveSoon() {
    if (!saveTimer) {
      saveTimer = ctx.later(() => {
        saveTimer = 0;
        save();
      }, 0);
    }
  }
  function forgetStored() {
    try {
      storage(false).removeItem(SESSION_KEY);
      storage(true).removeItem(VISITOR_KEY);
    } catch (e) {
      // Blocked storage holds nothing of ours.
    }
  }
  {
    const session = storageOk ? read(false, SESSION_KEY) : '';
    // Later pages of a session carry the visitor's bucket in the session
    // record; only a session's first page opens localStorage.
    const visitor = storageOk && !session ? read(true, VISITOR_KEY) : '';
    const [pages, returning] = more
      .s('visit', storageOk, session, visitor, location.search, state.bucket)
      .split(U);
    core.n('journey', +pages, returning === '1');
    const moment = core.s('moment');
    if (moment) more.n('note', 1, moment);
    const q = core.s('query');
    if (q) more.n('note', 0, q);
    save();
  }

  // --- stores and location ---------------------------------------------------
  const formats = new Map();
  function format(key, make) {
    if (!formats.has(key)) {
      try {
        formats.set(key, make());
      } catch (e) {
        formats.set(key, null);
      }
    }
    return formats.get(key);
  }
  // Weekday (0 = Monday) and minute of the day now in `zone` (the
  // visitor's own for ""), or null when the browser does not know the zone.
  function clock(zone) {
    const d = new Date();
    if (!zone) return [(d.getDay() + 6) % 7, d.getHours() * 60 + d.getMinutes()];
    const f = format(zone, () => new Intl.DateTimeFormat('en-US', {
      timeZone: zone, weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23',
    }));
    if (!f) return null;
    const parts = {};
    for (const p of f.formatToParts(d)) parts[p.type] = p.value;
    const wd = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday);
    return wd < 0 ? null : [wd, (+parts.hour % 24) * 60 + Math.min(59, +parts.minute)];
  }
  function distance(km) {
    if (!(km >= 0)) return '';
    const lang = core.s('lang');
    const f = format('km:' + lang, () => new Intl.NumberFormat(lang || undefined, {
      style: 'unit', unit: 'kilometer', maximumFractionDigits: 1,
    }));
    return f ? f.format(km) : more.s('plain_km', km);
  }
  // Hands the store to show to the first part's core.
  function placeStore() {
    const zone = more.s('zone');
    let c = clock(zone);
    if (!c) {
      once('zone', 'the browser does not know the time zone "' + zone + '"; opening hours use the visitor\'s local time');
      c = clock('');
    }
    const km = more.n('km');
    const text = more.s('place', c[0], c[1], distance(km));
    const [st, ...vars] = text ? text.split(U) : ['0'];
    core.n('store', km, +st, vars.join(U));
  }
  let geoWanted = false;
  if (settings.stores > 0) {
    more.n('locate', NaN, NaN);
    placeStore();
    geoWanted = settings.geolocation !== 'off';
  }

  function onPosition(pos) {
    if (!live()) return;
    const c = pos && pos.coords;
    if (!c) return;
    more.n('locate', c.latitude, c.longitude);
    placeStore();
    ctx.refresh();
  }
  function onGeoError(e) {
    if (!live()) return;
    const code = e && e.code;
    const what = code === 1 ? 'location permission was denied'
      : code === 3 ? 'the location request timed out' : 'the location is not available';
    once('geo', what + '; store distance is not used');
  }
  function requestLocation() {
    const geo = navigator.geolocation;
    if (!geo) {
      once('geo', 'geolocation is not available in this browser; store distance is not used');
      return;
    }
    const ask = () => geo.getCurrentPosition(guarded(onPosition, 'onPosition'), guarded(onGeoError, 'onGeoError'), {
      enableHighAccuracy: false, timeout: 10000, maximumAge: 600000,
    });
    if (settings.geolocation === 'ask') {
      ask();
      return;
    }
    const perms = navigator.permissions;
    if (!perms || typeof perms.query !== 'function') {
      once('geo', 'the Permissions API is missing, so the location is not used (set "geolocation": "ask" to ask for it)');
      return;
    }
    let p;
    try {
      p = perms.query({ name: 'geolocation' });
    } catch (e) {
      p = Promise.reject(e);
    }
    Promise.resolve(p).then(
      guarded((status) => {
        if (status.state === 'granted') ask();
        else if (status.state === 'denied') once('geo', 'location permission is denied; store distance is not used');
      }),
      guarded(() => once('geo', 'the Permissions API failed; the location is not used')),
    );
  }

  // --- dataLayer ---------------------------------------------------------------
  function dataLayer() {
    if (settings.dataLayer === false) return null;
    const current = window[settings.dataLayerName];
    if (Array.isArray(current)) return current;
    if (current == null) {
      if (settings.dataLayer === true) return (window[settings.dataLayerName] = []);
      return null;
    }
    once('dataLayer', 'window.' + settings.dataLayerName + ' is not an array; nothing is pushed to it');
    return null;
  }
  function push(slot, variant, click) {
    const layer = dataLayer();
    if (!layer) return;
    const change = JSON.parse(core.s('change'));
    try {
      layer.push({
        event: settings.eventName + (click ? '_click' : ''),
        mm_moment: change.moment,
        mm_confidence: change.confidence,
        mm_slot: slot,
        mm_variant: variant,
      });
    } catch (e) {
      // A site's wrapped push() may throw: it must not stop the tag.
    }
  }
  for (const s of swaps) push(s.slot, s.variant, false);

  // --- sensors -----------------------------------------------------------------
  let mainEl;
  let scrollFrame = 0;
  function scrolled() {
    scrollFrame = 0;
    if (mainEl === undefined) mainEl = document.querySelector('main,[role=main]');
    const view = innerHeight;
    let end = false;
    if (mainEl) {
      const r = mainEl.getBoundingClientRect();
      end = r.height > 0 && r.bottom <= view;
    }
    const height = document.documentElement.scrollHeight;
    if (core.n('scroll', now(), scrollY, view, height, end)) ctx.refresh();
  }
  const onScroll = () => {
    if (!scrollFrame) scrollFrame = requestAnimationFrame(guarded(scrolled, 'scrolled'));
  };
  let searchTimer = 0;
  let pendingQuery = null;
  function searched() {
    searchTimer = 0;
    const q = pendingQuery;
    pendingQuery = null;
    core.n('searched', q, ctx.url());
    more.n('note', 0, core.s('query'));
    save();
    ctx.refresh();
  }
  function onInput(e) {
    const el = e.target;
    if (!(el instanceof Element)) return;
    let hit;
    try {
      hit = el.matches(settings.searchSelector);
    } catch (err) {
      once('selector', 'searchSelector is not a valid CSS selector; the search box is not read');
      return;
    }
    if (!hit) return;
    pendingQuery = String(el.value == null ? '' : el.value);
    ctx.cancel(searchTimer);
    searchTimer = ctx.later(guarded(searched, 'searched'), SEARCH_DEBOUNCE_MS);
  }
  function onClick(e) {
    const el = e.target;
    if (!(el instanceof Element)) return;
    const go = !!el.closest(GO_SELECTOR);
    let buy = false;
    try {
      buy = !!el.closest(settings.cartSelector);
    } catch (err) {
      once('selector', 'cartSelector is not a valid CSS selector; cart clicks are not read');
    }
    const slot = el.closest('[data-mm-slot][data-mm-shown]');
    if (slot) push(slot.getAttribute('data-mm-slot') || '', slot.getAttribute('data-mm-variant') || '', true);
    if (go) core.s('cue', 'clickedGo', 1, 1, '');
    if (buy) core.s('cue', 'clickedBuy', 1, 1, '');
    if (go || buy) ctx.refresh();
  }
  const onPlay = () => {
    core.s('cue', 'playedVideo', 1, 1, '');
    ctx.refresh();
  };
  const onActivity = () => core.n('input', now());
  const onVisibility = () => {
    core.n('visibility', document.hidden, now());
    arm();
  };
  // One timer for the next timed re-decision (long engagement, or a moment
  // waiting out the hysteresis).
  let timer = 0;
  function arm() {
    ctx.cancel(timer);
    const ms = core.n('waits', now());
    if (ms >= 0) timer = ctx.later(guarded(() => {
      ctx.refresh();
      arm();
    }), ms + 10);
  }
  // SPA navigations re-read the URL; slots in view may switch then.
  function navigated() {
    core.n('navigate', ctx.url(), now());
    readPage();
    more.n('note', 0, core.s('query'));
    save();
    ctx.setView(true);
    ctx.refresh();
    ctx.setView(false);
    arm();
  }
  const patched = [];
  for (const name of ['pushState', 'replaceState']) {
    const original = history[name];
    if (typeof original !== 'function') continue;
    const wrapped = function (...args) {
      const result = original.apply(this, args);
      guarded(navigated, 'navigated')();
      return result;
    };
    history[name] = wrapped;
    patched.push([name, original, wrapped]);
  }

  core.n('measure', now(), scrollY, !document.hidden);
  on(window, 'scroll', onScroll, { passive: true });
  on(document, 'visibilitychange', guarded(onVisibility, 'onVisibility'));
  on(document, 'input', guarded(onInput, 'onInput'), true);
  on(document, 'click', guarded(onClick, 'onClick'), true);
  on(document, 'play', guarded(onPlay, 'onPlay'), true);
  on(document, 'keydown', guarded(onActivity, 'onActivity'), { capture: true, passive: true });
  on(document, 'pointerdown', guarded(onActivity, 'onActivity'), { capture: true, passive: true });
  on(window, 'popstate', guarded(navigated, 'navigated'));
  const io = new IntersectionObserver(guarded(() => ctx.refresh()));
  ctx.setViewWatch(io);
  if (geoWanted) requestLocation();
  ctx.refresh();
  arm();

  // --- API ---------------------------------------------------------------------
  let overlay = null;
  function debug(on = true) {
    if (!on) {
      if (overlay) overlay.then((m) => m.hide(), () => {});
      return Promise.resolve(false);
    }
    overlay = overlay || ctx.loadDebug();
    return overlay.then((m) => {
      if (!live()) return false;
      m.show(window[Symbol.for('micromoment')]);
      return true;
    }).catch((e) => {
      warn('could not load the debug overlay (' + ((e && e.message) || e) + ')');
      overlay = null;
      return false;
    });
  }
  let zoneRead = false;
  const api = {
    explain: guarded(() => {
      if (!zoneRead) {
        zoneRead = true;
        let zone = '';
        try {
          zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
        } catch (e) {
          // No time zone known.
        }
        core.n('timezone', zone);
      }
      const ex = JSON.parse(core.s('explain'));
      ex.journey = JSON.parse(more.s('trip'));
      ex.memoryBytes = core.memory.buffer.byteLength + more.memory.buffer.byteLength;
      return ex;
    }),
    consent: guarded((allowed) => {
      storageOk = allowed && !(navigator.globalPrivacyControl === true || navigator.doNotTrack === '1');
      more.n('allow', storageOk);
      if (storageOk) save();
      else forgetStored();
    }),
    forget: guarded(() => {
      forgetStored();
      storageOk = false;
      more.n('allow', false);
    }),
    debug,
  };
  // A distance the site sets with setCue("storeKm", km) shows in {{store.distance}}.
  function placeStoreAt(km) {
    const zone = more.s('zone');
    const c = clock(zone) || clock('');
    const text = more.s('place', c[0], c[1], distance(km));
    if (!text) return;
    const [st, ...vars] = text.split(U);
    core.n('store', km, +st, vars.join(U));
  }

  function destroy() {
    if (destroyed) return;
    destroyed = true;
    for (const off of listeners.splice(0)) off();
    for (const [name, original, wrapped] of patched.splice(0)) {
      if (history[name] === wrapped) history[name] = original;
    }
    cancelAnimationFrame(scrollFrame);
    ctx.cancel(timer);
    ctx.cancel(searchTimer);
    if (saveTimer) {
      // What was noted is still written.
      ctx.cancel(saveTimer);
      save();
    }
    io.disconnect();
    if (overlay) overlay.then((m) => m.hide(), () => {});
    try {
      more.n('end');
    } catch (e) {
      // Already stopped.
    }
  }

  const wantsDebug = /[?&]mm_debug=1(&|$)/.test(location.search) || settings.debug === true;
  if (wantsDebug) debug(true);

  return {
    api,
    decided: guarded((name) => {
      if (name) {
        more.n('note', 1, name);
        saveSoon();
      }
    }),
    swapped: guarded((d) => push(d.slot, d.variant, false)),
    // A cue the site set: a distance shows in {{store.distance}}, a query
    // joins the journey.
    cueSet: guarded((name, value) => {
      if (name === 'storeKm' && settings.stores > 0) {
        placeStoreAt(value);
        ctx.refresh();
      }
      if (name === 'query') {
        more.n('note', 0, core.s('query'));
        saveSoon();
      }
      arm();
    }),
    destroy,
  };
}
