// micromoment, first part: gathers the page's load-time inputs, hands them
// to the wasm core, and applies its decision to the slots, before first
// paint. Everything else (sensors, stores, journey, the full config check,
// setCue and explain) arrives with the second part after first paint
// (tag-more.js). Decides nothing itself: every choice is the core's.
// Never throws into the page: on any failure the page keeps its default
// content and one console.warn starting with "micromoment:" says why.

/** The tag's API and state live under this key on window (one copy per page). */
const KEY = Symbol.for('micromoment');
const SLOT = 'data-mm-slot';
const SHOWN = 'data-mm-shown';
const VARIANT = 'data-mm-variant';
const PENDING = 'data-mm-pending';
const DEFAULT = 'data-mm-default';
const US = '\u001f';
const RS = '\u001e';

const warn = (msg) => console.warn('micromoment: ' + msg);
const why = (e) => (e && e.message) || String(e);
const now = () => performance.now();

/**
 * The C-ABI glue of a core instance: `n(name, ...args)` calls an export and
 * returns its number, `s(name, ...args)` returns its string (null for a
 * negative length). String arguments are written into the wasm memory.
 */
function glue(instance) {
  const X = instance.exports;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const call = (name, args) => {
    const flat = [];
    for (const a of args) {
      if (typeof a === 'string') {
        // A short string is written straight into room for its longest
        // UTF-8 form; a long one (the config) takes exactly the bytes it
        // needs, since the wasm memory never shrinks.
        const short = a.length <= 256;
        const bytes = short ? null : enc.encode(a);
        const cap = short ? a.length * 3 : bytes.length;
        const p = X.mm_alloc(cap);
        if (!p) throw new Error('the wasm is out of memory');
        const room = new Uint8Array(X.memory.buffer, p, cap);
        const n = short ? enc.encodeInto(a, room).written : cap;
        if (!short) room.set(bytes);
        flat.push(p, n, cap);
      } else {
        flat.push(+a);
      }
    }
    return X[name](...flat);
  };
  return {
    n: (name, ...a) => call(name, a),
    s: (name, ...a) => {
      const n = call(name, a);
      if (n < 0) return null;
      const p = X.mm_out();
      return dec.decode(new Uint8Array(X.memory.buffer, p, n));
    },
    memory: X.memory,
  };
}

/**
 * The bytes of a wasm carried as a string of one character per byte
 * (U+0000 to U+00FF). `length` is the expected byte count: a file read in
 * the wrong character encoding is one clear failure.
 */
function decode(text, length) {
  if (text.length !== length) {
    throw new Error('the tag\'s file was not read as UTF-8 (' + text.length + ' characters of wasm)');
  }
  // Two native steps (about 0.6 ms) instead of a JS loop (about 2 ms).
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(btoa(text));
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** True while the parser is still adding `el`'s children (nothing follows it yet). */
function parserInside(el) {
  if (document.readyState !== 'loading') return false;
  for (let n = el; n; n = n.parentNode) if (n.nextSibling) return false;
  return true;
}

const templatesOf = (slot) => [...slot.children].filter((e) => e.localName === 'template');

/** Keeps `slot` unseen (visibility only: its box keeps its size). */
function hold(slot) {
  if (!slot.hasAttribute(PENDING)) {
    slot.setAttribute(PENDING, '');
    slot.style.setProperty('visibility', 'hidden');
  }
}

function release(slot) {
  if (slot.hasAttribute(PENDING)) {
    slot.removeAttribute(PENDING);
    slot.style.removeProperty('visibility');
  }
}

/** Puts a slot's kept default content back. */
function restore(slot) {
  const holder = templatesOf(slot).find((t) => t.hasAttribute(DEFAULT));
  if (holder) {
    for (const n of [...slot.childNodes]) if (n.localName !== 'template') n.remove();
    slot.insertBefore(holder.content, holder);
    holder.remove();
  }
  slot.removeAttribute(SHOWN);
  slot.removeAttribute(VARIANT);
}

/**
 * Creates and starts the tag. `bytes` is the first part's wasm,
 * `languages` the lexicon data it starts with, `loadMore()` resolves to the
 * second part's `attach` function, `base` is the URL the tag's files come
 * from, `options.config` (npm) replaces the page's #micromoment-config and
 * `options.script` is the <script> element for data-* options.
 */
function createTag(bytes, languages, loadMore, base, options) {
  if (window[KEY]) {
    warn('the tag is included more than once; only the first copy runs');
    return window[KEY];
  }
  let core = null;
  let running = false;
  let failed = false;
  let stopped = false;
  let more = null;
  let configText = '';
  let html = document.documentElement;
  // Slots and templates already seen (new ones are filled even in view).
  let seen = new WeakSet();
  let observer = null;
  let viewWatch = null;
  const queue = [];
  const timers = new Set();
  const cleanups = [];
  // Swaps before the second part arrived, for its dataLayer pushes.
  const swaps = [];
  let resolveReady;
  let settled = false;
  let waitUntil = 0;
  // Settles once the second part has attached (or could not load).
  let moreDone;
  const moreArrived = new Promise((resolve) => {
    moreDone = resolve;
  });

  const later = (f, ms) => {
    const id = setTimeout(() => {
      timers.delete(id);
      if (!stopped) f();
    }, ms);
    timers.add(id);
    return id;
  };
  // Cancels a timer of `later` (one that has fired or was cancelled: nothing).
  const cancel = (id) => {
    clearTimeout(id);
    timers.delete(id);
  };

  // Calls the core; a failure inside it stops the tag (the default content
  // stays, held slots are shown) and is reported once.
  function safe(f, fallback) {
    if (!running) return fallback;
    try {
      return f();
    } catch (e) {
      stop('internal error (' + why(e) + '); the tag stopped');
      return fallback;
    }
  }

  function stop(message) {
    if (message && !failed) warn(message);
    failed = true;
    running = false;
    for (const el of document.querySelectorAll('[' + PENDING + ']')) release(el);
    lift();
  }

  function lift() {
    html.removeAttribute('data-mm-prehide');
  }

  function ownScript() {
    if (options.script) return options.script;
    for (const s of document.querySelectorAll('script[src]')) {
      try {
        if (new URL(s.getAttribute('src'), location.href).href === base) return s;
      } catch (e) {
        // Not a URL: not ours.
      }
    }
    return null;
  }

  // The config as canonical JSON text (the core reads it): the page's
  // #micromoment-config, with data-threshold, data-holdout and data-debug of
  // the script tag filling fields it leaves out; or start()'s argument.
  function readConfig() {
    if (options.config !== undefined) return JSON.stringify(options.config) || '';
    const el = document.getElementById('micromoment-config');
    let value;
    if (el) {
      try {
        value = JSON.parse(el.textContent || '{}');
      } catch (e) {
        warn('#micromoment-config is not valid JSON (' + why(e) + '); showing default content');
        return null;
      }
    }
    const s = ownScript();
    if (s && (value === undefined || (value && typeof value === 'object' && !Array.isArray(value)))) {
      const out = Object.assign({}, value);
      const num = (v) => (v.trim() !== '' && !isNaN(Number(v)) ? Number(v) : v);
      for (const key of ['threshold', 'holdout']) {
        const v = s.getAttribute('data-' + key);
        if (v !== null && !(key in out)) out[key] = num(v);
      }
      const d = s.getAttribute('data-debug');
      if (d !== null && !('debug' in out)) out.debug = d === '' || d === 'true' || d === '1';
      if (value !== undefined || Object.keys(out).length) value = out;
    }
    return value === undefined ? '' : JSON.stringify(value);
  }

  const media = (q) => !!(window.matchMedia && matchMedia(q).matches);
  // The page's first <h1>, as the site wrote it: inside a slot showing a
  // template, the heading of the kept default content.
  const h1 = () => {
    let e = document.querySelector('h1');
    const slot = e && e.closest('[' + SHOWN + ']');
    if (slot) {
      const holder = templatesOf(slot).find((t) => t.hasAttribute(DEFAULT));
      e = holder && holder.content.querySelector('h1');
    }
    return (e && e.textContent) || '';
  };
  // The URL fields the core reads again after a navigation.
  const url = () => location.search + US + document.referrer;
  // The landing page's own words, which the second part reads.
  const pageWords = () => [location.pathname, document.title, h1()].join(US);

  function inputs() {
    const nav = navigator;
    const uad = nav.userAgentData;
    const conn = nav.connection || {};
    const scr = window.screen || {};
    const d = new Date();
    return JSON.stringify({
      search: location.search,
      host: location.host,
      referrer: document.referrer,
      ua: nav.userAgent,
      chMobile: uad ? uad.mobile : null,
      chPlatform: (uad && uad.platform) || '',
      platform: nav.platform || '',
      touchPoints: nav.maxTouchPoints || 0,
      screenShort: Math.min(scr.width || 0, scr.height || 0),
      screenLong: Math.max(scr.width || 0, scr.height || 0),
      dpr: window.devicePixelRatio || 0,
      coarse: media('(pointer: coarse)'),
      hoverNone: media('(hover: none)'),
      standalone: media('(display-mode: standalone)'),
      reducedMotion: media('(prefers-reduced-motion: reduce)'),
      saveData: !!conn.saveData,
      effectiveType: conn.effectiveType || '',
      htmlLang: html.getAttribute('lang') || '',
      languages: (nav.languages && nav.languages.length ? nav.languages : [nav.language || '']).join(','),
      hour: d.getHours(),
      weekday: (d.getDay() + 6) % 7,
      privacy: nav.globalPrivacyControl === true || nav.doNotTrack === '1',
      bucket: Math.floor(Math.random() * 10000),
      now: now(),
    });
  }

  // --- slots ---------------------------------------------------------

  // What `slot` should show: {t, key, variant}, {def}, {holdout} or {wait}.
  function plan(slot) {
    const list = templatesOf(slot).filter((t) => !t.hasAttribute(DEFAULT));
    const desc = list
      .map((t) => {
        // A template the parser is still filling would show half its content.
        const m = parserInside(t) ? '' : t.getAttribute('data-mm-moment') || '';
        return [m, t.getAttribute('data-mm-when') || '', t.getAttribute('data-mm-variant') || ''].join(US);
      })
      .join(RS);
    const r = core.s('pick', desc);
    if (r[0] === 't') {
      const i = parseInt(r.slice(1), 10);
      const t = list[i];
      const key = core.s('key', i, t.innerHTML);
      return key ? { t, key, variant: r.slice(r.indexOf(US) + 1) } : { wait: true };
    }
    return r === 'w' ? { wait: true } : r === 'h' ? { holdout: true } : { def: true };
  }

  const changes = (slot, p) => {
    const cur = slot.getAttribute(SHOWN);
    return p.t ? cur !== p.key : !p.wait && cur !== null;
  };

  // Fills placeholders below `node`: text nodes and attributes, as text.
  function fill(node) {
    for (const child of [...node.childNodes]) {
      if (child.nodeType === 3) {
        if (child.nodeValue.includes('{{')) child.nodeValue = core.s('text', child.nodeValue);
      } else if (child.nodeType === 1) {
        for (const name of child.getAttributeNames()) {
          const v = child.getAttribute(name);
          if (!v.includes('{{')) continue;
          const out = core.s('attr', name, v);
          if (out === null) child.removeAttribute(name);
          else child.setAttribute(name, out);
        }
        fill(child);
        if (child.localName === 'template') fill(child.content);
      }
    }
  }

  // Shows `p` in `slot`; returns the variant now shown, or null.
  function show(slot, p) {
    if (!changes(slot, p)) return null;
    if (!p.t) {
      restore(slot);
      return 'default';
    }
    const frag = p.t.content.cloneNode(true);
    fill(frag);
    const nodes = [...slot.childNodes].filter((n) => n.localName !== 'template');
    let holder = templatesOf(slot).find((t) => t.hasAttribute(DEFAULT));
    if (holder) {
      for (const n of nodes) n.remove();
    } else {
      holder = document.createElement('template');
      holder.setAttribute(DEFAULT, '');
      holder.content.append(...nodes);
      slot.append(holder);
    }
    slot.insertBefore(frag, templatesOf(slot)[0] || null);
    slot.setAttribute(SHOWN, p.key);
    slot.setAttribute(VARIANT, p.variant);
    return p.variant;
  }

  function inView(slot) {
    const r = slot.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && (r.height > 0 || r.width > 0);
  }

  const slots = () => [...document.querySelectorAll('[' + SLOT + ']')].slice(0, 200);

  // Applies the current decision to every slot; `fresh` slots are new to
  // the visitor and may change even in view. Returns the events to send.
  function apply(fresh) {
    const announce = core.n('decide', now()) === 1;
    const name = core.s('moment');
    const events = [];
    const guard = core.n('guard', now()) === 1;
    const swapped = [];
    let holdout = false;
    let waiting = false;
    for (const slot of slots()) {
      const p = plan(slot);
      if (p.holdout) {
        holdout = true;
        if (announce && name) swapped.push([slot, 'holdout']);
        continue;
      }
      if (p.wait) {
        // The template depends on data the second part brings: keep the
        // slot unseen until it arrives (bounded).
        if (!slot.hasAttribute(SHOWN) && now() < waitUntil) {
          hold(slot);
          waiting = true;
        } else {
          release(slot);
        }
        continue;
      }
      // A slot held unseen until now is new to the visitor too.
      const isNew = (fresh && fresh.has(slot)) || slot.hasAttribute(PENDING);
      if (guard && !isNew && changes(slot, p) && inView(slot)) {
        if (viewWatch) viewWatch.observe(slot);
        continue;
      }
      if (viewWatch) viewWatch.unobserve(slot);
      const variant = show(slot, p);
      if (variant) swapped.push([slot, variant]);
      // While the parser is still inside a slot whose template for the
      // moment has not arrived, its default stays unseen.
      if (name && !slot.hasAttribute(SHOWN) && parserInside(slot)) hold(slot);
      else release(slot);
    }
    if (name && !holdout) html.setAttribute('data-mm-moment', name);
    else html.removeAttribute('data-mm-moment');
    if (observer) observer.takeRecords();
    if (announce) {
      core.n('announce');
      events.push(['micromoment:change', JSON.parse(core.s('change'))]);
      if (more) more.decided(name);
    }
    for (const [slot, variant] of swapped) {
      const detail = { slot: slot.getAttribute(SLOT) || '', moment: name || null, variant };
      events.push(['micromoment:swap', detail]);
      if (more) more.swapped(detail);
      else swaps.push(detail);
    }
    if (waiting) {
      later(() => refresh(), Math.max(0, waitUntil - now()) + 5);
      // Only the second part can end the wait, so it loads now rather than
      // after the first paint: a page whose view holds nothing but waiting
      // slots paints nothing until they show.
      if (!moreStarted) later(() => running && startMore(false), 0);
    }
    return events;
  }

  function dispatch(events) {
    for (const [type, detail] of events) {
      // A throwing site listener is reported by the browser and does not
      // stop the dispatch or the tag.
      document.dispatchEvent(new CustomEvent(type, { detail }));
    }
  }

  /** Re-decides and applies; `fresh` as in apply(). */
  function refresh(fresh) {
    const events = safe(() => apply(fresh), []);
    dispatch(events);
  }

  // Slots (and templates) new since the last look: added by the parser,
  // or by a framework, or re-rendered by one (their kept default is gone).
  function freshSlots() {
    const out = new Set();
    for (const slot of slots()) {
      let fresh = !seen.has(slot);
      seen.add(slot);
      for (const t of templatesOf(slot)) {
        if (!t.hasAttribute(DEFAULT) && !seen.has(t) && !parserInside(t)) {
          seen.add(t);
          fresh = true;
        }
      }
      if (slot.hasAttribute(SHOWN) && !templatesOf(slot).some((t) => t.hasAttribute(DEFAULT))) {
        slot.removeAttribute(SHOWN);
        slot.removeAttribute(VARIANT);
        fresh = true;
      }
      if (fresh) out.add(slot);
    }
    return out;
  }

  // One look at the slots per batch of DOM changes.
  function onMutations() {
    if (!running) return;
    for (const el of document.querySelectorAll('[' + PENDING + ']')) {
      if (!parserInside(el) && !(el.hasAttribute(SLOT) && now() < waitUntil)) release(el);
    }
    const fresh = safe(freshSlots, new Set());
    if (fresh.size) refresh(fresh);
  }

  function onParsed() {
    onMutations();
    for (const el of document.querySelectorAll('[' + PENDING + ']')) {
      if (!(running && now() < waitUntil)) release(el);
    }
  }

  // --- the second part -------------------------------------------------

  const ctx = {
    get core() {
      return core;
    },
    get running() {
      return running;
    },
    get stopped() {
      return stopped;
    },
    configText: () => configText,
    pageWords,
    glue,
    decode,
    url,
    refresh,
    stop,
    later,
    cancel,
    own: (f) => cleanups.push(f),
    setView: (navigating) => safe(() => core.n('view', settled, navigating, innerWidth), 0),
    setViewWatch: (io) => {
      viewWatch = io;
    },
    base,
    // The debug overlay: a module next to the tag's files (the npm package
    // imports its own copy, so bundlers make it a lazy chunk).
    loadDebug: options.loadDebug || (() => import(new URL('micromoment-debug.js', base).href)),
  };

  let moreStarted = false;
  function startMore(reportOnly) {
    if (moreStarted) return moreArrived;
    moreStarted = true;
    let p;
    try {
      p = Promise.resolve(loadMore());
    } catch (e) {
      p = Promise.reject(e);
    }
    return p.then((attach) => {
      // Both parts must come from the same release (a CDN range such as
      // @0.2 could serve a newer second part right after a publish).
      if (attach.version !== api.version) {
        throw new Error('its version ' + attach.version + ' is not the first part\'s ' + api.version);
      }
      return attach;
    }).then(
      (attach) => {
        if (stopped) return moreDone();
        try {
          more = attach(ctx, reportOnly, swaps.splice(0));
        } catch (e) {
          more = null;
          stop('internal error in attach() (' + why(e) + '); the tag stopped');
          return moreDone();
        }
        for (const [name, args, done] of queue.splice(0)) done(api[name](...args));
        moreDone();
        return more;
      },
      (e) => {
        if (reportOnly) warn('invalid config; showing default content (the details could not be loaded: ' + why(e) + ')');
        else if (!stopped) warn('could not load the rest of the tag (' + why(e) + '); the first decision stays');
        for (const [, , done, fallback] of queue.splice(0)) done(fallback);
        moreDone();
        return null;
      },
    );
  }

  // After first paint: slots in view keep their content from now on, and
  // the second part loads. The first paint is the browser's paint timing
  // entry (a frame callback runs before its frame is painted); without paint
  // timing, two frames; a hidden page paints nothing, so at most 3 s.
  function afterPaint() {
    let done = false;
    let po = null;
    const painted = () => {
      if (done || stopped) return;
      done = true;
      if (po) po.disconnect();
      settled = true;
      safe(() => core.n('view', true, false, innerWidth), 0);
      const go = () => {
        if (!stopped) startMore(false);
      };
      if (window.requestIdleCallback) requestIdleCallback(go, { timeout: 500 });
      else later(go, 1);
    };
    const types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (types && types.includes('paint')) {
      po = new PerformanceObserver(() => later(painted, 0));
      po.observe({ type: 'paint', buffered: true });
      cleanups.push(() => po.disconnect());
    } else {
      requestAnimationFrame(() => requestAnimationFrame(() => later(painted, 0)));
    }
    later(painted, 3000);
  }

  // --- start -----------------------------------------------------------

  function boot() {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.Instance !== 'function') {
      warn('WebAssembly is not available in this browser; showing default content');
      return false;
    }
    const config = readConfig();
    if (config === null) return false;
    configText = config;
    try {
      const mod = new WebAssembly.Module(typeof bytes === 'function' ? bytes() : bytes);
      core = glue(new WebAssembly.Instance(mod, {}));
    } catch (e) {
      warn('could not load the WebAssembly core (' + why(e) + '); showing default content');
      return false;
    }
    running = true;
    const flags = safe(() => {
      core.n('language', languages.join('\u001e'));
      return core.n('start', inputs(), configText);
    }, 0);
    if (flags & 2) {
      // The config has an error: the second part names every problem.
      running = false;
      failed = true;
      return startMore(true).then(() => false);
    }
    if (!(flags & 1)) return false;
    if (flags & 4) {
      // A holdout group: the visitor's stored bucket decides membership.
      let session = '';
      let visitor = '';
      try {
        session = sessionStorage.getItem('micromoment:session') || '';
        if (!session) visitor = localStorage.getItem('micromoment:visitor') || '';
      } catch (e) {
        // Blocked storage: a bucket for this page view only.
      }
      safe(() => core.n('bucket', session, visitor), 0);
    }
    const warnings = safe(() => core.s('warnings'), '');
    if (warnings) for (const w of warnings.split('\n')) warn(w);
    // Slots whose template waits for the second part's data stay unseen at
    // most this long (prehideMs).
    waitUntil = now() + safe(() => core.n('wait_ms'), 0);
    const fresh = safe(freshSlots, new Set());
    refresh(fresh);
    // The first decision is on the slots: the optional hold can go.
    lift();
    if (!running) return false;
    observer = new MutationObserver(onMutations);
    observer.observe(html, { childList: true, subtree: true });
    cleanups.push(() => observer.disconnect());
    if (document.readyState === 'loading') {
      const parsed = () => onParsed();
      document.addEventListener('DOMContentLoaded', parsed, { once: true });
      cleanups.push(() => document.removeEventListener('DOMContentLoaded', parsed));
    }
    afterPaint();
    // Ready once the whole tag runs: the second part has attached.
    return moreArrived.then(() => running);
  }

  // Calls that need the second part wait for it (resolved with `fallback`
  // when it cannot load); after destroy() or a failed start they do nothing.
  function viaMore(name, args, queued, fallback) {
    if (stopped || failed) return fallback;
    if (more) return more.api[name](...args);
    queue.push([name, args, () => {}, fallback]);
    return queued;
  }

  const api = {
    /** The decided moment's name, or null while undecided. */
    moment: () => safe(() => core.s('moment') || null, null),
    /** Scores, each cue's contribution and the cue values behind the decision. */
    explain: () => {
      if (stopped || failed) return null;
      if (more) return more.api.explain();
      return safe(() => JSON.parse(core.s('explain') || 'null'), null);
    },
    /** Sets a cue the site knows and re-decides. */
    setCue: (name, value) => {
      name = String(name);
      // After destroy() or a failed start the API does nothing, quietly.
      if (!running) return false;
      const kind = typeof value === 'number' ? 0 : typeof value === 'boolean' ? 1 : typeof value === 'string' ? 2 : 3;
      const expected = safe(() => core.s('cue', name, kind, kind < 2 ? +value : 0, kind === 2 ? value : ''), 'a running tag');
      if (expected) {
        if (running) warn('setCue("' + name + '"): expected ' + expected);
        return false;
      }
      refresh();
      // The second part updates the store's distance, the journey and the
      // timer of a moment waiting out the hysteresis.
      if (more) more.cueSet(name, value);
      return running;
    },
    /** Forces a moment (confidence 1); null returns to inference. */
    force: (name) => {
      if (!running) return false;
      const clear = name == null;
      if (!safe(() => core.n('force', clear, clear ? '' : String(name)), 0)) {
        if (running && !clear) warn('unknown moment "' + name + '"; expected know, go, do, buy or a moment declared in the config');
        return false;
      }
      // A forced moment is shown at once, in view or not.
      safe(() => core.n('view', settled, true, innerWidth), 0);
      refresh();
      safe(() => core.n('view', settled, false, innerWidth), 0);
      if (more) more.cueSet('', null);
      return running;
    },
    /** Allows (true) or forbids (false) storing the journey; false also erases it. */
    consent: (allowed) => {
      viaMore('consent', [Boolean(allowed)], undefined, undefined);
    },
    /** Erases everything the tag stored in this browser. */
    forget: () => {
      try {
        sessionStorage.removeItem('micromoment:session');
        localStorage.removeItem('micromoment:visitor');
      } catch (e) {
        // Blocked storage holds nothing of ours.
      }
      viaMore('forget', [], undefined, undefined);
    },
    /** Shows (true) or hides (false) the debug overlay. */
    debug: (on = true) => {
      if (stopped || failed) return Promise.resolve(false);
      if (more) return more.api.debug(on);
      return new Promise((done) => queue.push(['debug', [on], (p) => Promise.resolve(p).then(done), false]));
    },
    /** Stops the tag and restores every slot's default content. Safe to call twice. */
    destroy: () => {
      if (stopped) return;
      stopped = true;
      queue.length = 0;
      for (const id of timers) clearTimeout(id);
      timers.clear();
      if (more) {
        try {
          more.destroy();
        } catch (e) {
          // The page keeps its default content either way.
        }
      }
      for (const f of cleanups.splice(0)) {
        try {
          f();
        } catch (e) {
          // Nothing left to undo.
        }
      }
      if (viewWatch) viewWatch.disconnect();
      if (running) {
        for (const slot of slots()) {
          restore(slot);
          release(slot);
        }
        html.removeAttribute('data-mm-moment');
        try {
          core.n('stop');
        } catch (e) {
          // The core already stopped.
        }
      }
      running = false;
      if (resolveReady) resolveReady(false);
    },
    /** Resolves to true once the tag runs, false if it could not start. */
    ready: null,
    version: '@VERSION@',
  };

  window[KEY] = api;
  window.micromoment = api;
  // The command queue of a tag loaded asynchronously: functions a page
  // pushed to window.micromomentQueue before the tag ran get the API now;
  // later pushes run at once. A function that throws is reported like any
  // page error and does not stop the others.
  const runQueued = (f) => {
    try {
      if (typeof f === 'function') f(api);
    } catch (e) {
      setTimeout(() => {
        throw e;
      });
    }
  };
  const waiting = window.micromomentQueue;
  window.micromomentQueue = { push: (...fs) => fs.forEach(runQueued) };
  let result;
  try {
    result = boot();
  } catch (e) {
    warn('could not start (' + why(e) + '); showing default content');
    result = false;
  }
  if (result === false) stop();
  api.ready = new Promise((resolve) => {
    resolveReady = resolve;
    Promise.resolve(result).then(
      (ok) => {
        if (!ok) stop();
        lift();
        resolve(ok && !stopped);
      },
      () => {
        stop();
        resolve(false);
      },
    );
  });
  Object.freeze(api);
  if (Array.isArray(waiting)) waiting.forEach(runQueued);
  return api;
}
