// micromoment tag runtime shared by both builds: the ES module
// (micromoment.js, loads micromoment_core_bg.wasm) and the single classic
// file with the wasm inside (micromoment.inline.js, starts synchronously).
// It never throws into the page: on any failure the page keeps its default
// content and one console.warn starting with "micromoment:" says why.

/**
 * Fetches the wasm file. Served as application/wasm, the response is
 * compiled while it streams; otherwise its bytes are checked first, so a
 * wrong file (a 404 page, a site's fallback HTML) is one clear failure.
 */
async function fetchWasm(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error('HTTP ' + res.status + ' for ' + url);
  if ((res.headers.get('content-type') || '').startsWith('application/wasm')) return res;
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error(url + ' is not a WebAssembly file (served as ' + (res.headers.get('content-type') || 'no type') + ')');
  }
  return bytes;
}

/**
 * Creates and starts the tag. `core` is the wasm-bindgen module (its
 * exported functions); `load()` instantiates the wasm (it may return a
 * promise); `base` is the URL the tag's own files are loaded from;
 * `options.config`, when given, is used instead of the page's
 * #micromoment-config.
 */
function createTag(core, load, base, options) {
  const KEY = Symbol.for('micromoment');
  const warn = (msg) => console.warn('micromoment: ' + msg);
  const why = (e) => (e && e.message) || String(e);

  if (window[KEY]) {
    warn('the tag is included more than once; only the first copy runs');
    return window[KEY];
  }

  let running = false;
  let failed = false;
  let loaded = false;
  let stopped = false;
  let overlay = null;
  const queue = [];
  const patched = [];

  // The scroll listener is plain JS and calls the core once per animation
  // frame in which the page scrolled: most of a scroll event's cost is the
  // browser's call into any listener, and entering the wasm on every event
  // added about 3 µs per event at 4x CPU throttling.
  let scrollFrame = 0;
  function onScroll() {
    if (!scrollFrame) {
      scrollFrame = requestAnimationFrame(() => {
        scrollFrame = 0;
        call('scrolled', [], undefined);
      });
    }
  }
  function listenScroll(on) {
    if (on) {
      addEventListener('scroll', onScroll, { passive: true });
    } else {
      removeEventListener('scroll', onScroll);
      cancelAnimationFrame(scrollFrame);
      scrollFrame = 0;
    }
  }

  // Calls a core function; a failure inside the core stops the tag (the
  // default content stays) and is reported once.
  function call(name, args, fallback) {
    if (!running) return fallback;
    try {
      return core[name](...args);
    } catch (e) {
      running = false;
      listenScroll(false);
      if (!failed) {
        failed = true;
        warn('internal error in ' + name + '() (' + why(e) + '); the tag stopped');
      }
      return fallback;
    }
  }

  // Calls made before the tag runs wait in a queue; after destroy() or a
  // failed start they do nothing and report it.
  function callOrQueue(name, args, queued, fallback) {
    if (stopped || failed) return fallback;
    if (!running) {
      queue.push([name, args]);
      return queued;
    }
    return call(name, args, fallback);
  }

  // The <script> element that loaded the tag, for its data-* options.
  function ownScript() {
    for (const s of document.querySelectorAll('script[src]')) {
      try {
        if (new URL(s.getAttribute('src'), location.href).href === base) return s;
      } catch (e) {
        // Not a URL: not ours.
      }
    }
    return null;
  }

  // data-threshold, data-holdout (numbers) and data-debug on the script tag
  // fill the same config fields when the inline config does not set them.
  function scriptOptions(value) {
    const s = ownScript();
    if (!s) return value;
    const out = Object.assign({}, value);
    const num = (v) => (v.trim() !== '' && !isNaN(Number(v)) ? Number(v) : v);
    for (const key of ['threshold', 'holdout']) {
      const v = s.getAttribute('data-' + key);
      if (v !== null && !(key in out)) out[key] = num(v);
    }
    const d = s.getAttribute('data-debug');
    if (d !== null && !('debug' in out)) out.debug = d === '' || d === 'true' || d === '1';
    return Object.keys(out).length ? out : value;
  }

  function readConfig() {
    if (options && options.config !== undefined) return { ok: true, value: options.config };
    const el = document.getElementById('micromoment-config');
    let value;
    if (el) {
      try {
        value = JSON.parse(el.textContent || '{}');
      } catch (e) {
        warn('#micromoment-config is not valid JSON (' + why(e) + '); showing default content');
        return { ok: false };
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return { ok: true, value };
      }
    }
    return { ok: true, value: scriptOptions(value) };
  }

  function patchHistory() {
    for (const name of ['pushState', 'replaceState']) {
      const original = history[name];
      if (typeof original !== 'function') continue;
      const wrapped = function (...args) {
        const result = original.apply(this, args);
        call('urlChanged', [], undefined);
        return result;
      };
      history[name] = wrapped;
      patched.push([name, original, wrapped]);
    }
  }

  function unpatchHistory() {
    for (const [name, original, wrapped] of patched.splice(0)) {
      if (history[name] === wrapped) history[name] = original;
    }
  }

  function debug(on = true) {
    if (!on) {
      if (overlay) overlay.then((m) => m.hide(), () => {});
      return Promise.resolve(false);
    }
    overlay = overlay || import(new URL('micromoment-debug.js', base).href);
    return overlay.then((m) => {
      m.show(api);
      return true;
    }).catch((e) => {
      warn('could not load the debug overlay (' + why(e) + ')');
      overlay = null;
      return false;
    });
  }

  function begin(config) {
    loaded = true;
    if (stopped) return false;
    // Running already while the core starts, so a site's listener of the
    // first micromoment:change can call moment() and explain().
    running = true;
    try {
      running = core.start(config.value) === true;
    } catch (e) {
      warn('could not start (' + why(e) + '); showing default content');
      running = false;
    }
    // destroy() may have been called by a listener during the first decision.
    if (stopped) running = false;
    if (running) {
      listenScroll(true);
      patchHistory();
      for (const [name, args] of queue.splice(0)) call(name, args, undefined);
      const wantsDebug = /[?&]mm_debug=1(&|$)/.test(location.search)
        || (config.value && config.value.debug === true);
      if (wantsDebug) debug(true);
    } else if (!stopped) {
      failed = true;
    }
    return running;
  }

  function boot() {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      warn('WebAssembly is not available in this browser; showing default content');
      return false;
    }
    const config = readConfig();
    if (!config.ok) return false;
    const fail = (e) => {
      warn('could not load the WebAssembly core (' + why(e) + '); showing default content');
      return false;
    };
    let loading;
    try {
      loading = load();
    } catch (e) {
      return fail(e);
    }
    if (loading && typeof loading.then === 'function') {
      return loading.then(() => begin(config), fail);
    }
    return begin(config);
  }

  const api = {
    /** The decided moment's name, or null while undecided. */
    moment: () => call('moment', [], null),
    /** Scores, each cue's contribution and the cue values behind the decision. */
    explain: () => call('explain', [], null),
    /** Sets a cue the site knows and re-decides. */
    setCue: (name, value) => callOrQueue('setCue', [String(name), value], true, false),
    /** Forces a moment (confidence 1); null returns to inference. */
    force: (name) => callOrQueue('force', [name == null ? null : String(name)], true, false),
    /** Allows (true) or forbids (false) storing the journey; false also erases it. */
    consent: (allowed) => { callOrQueue('consent', [Boolean(allowed)], undefined, undefined); },
    /** Erases everything the tag stored in this browser. */
    forget: () => {
      try {
        sessionStorage.removeItem('micromoment:session');
        localStorage.removeItem('micromoment:visitor');
      } catch (e) {
        // Blocked storage holds nothing of ours.
      }
      call('forget', [], undefined);
    },
    /** Shows (true) or hides (false) the debug overlay. */
    debug,
    /** Stops the tag and restores every slot's default content. Safe to call twice. */
    destroy: () => {
      queue.length = 0;
      unpatchHistory();
      listenScroll(false);
      if (overlay) overlay.then((m) => m.hide(), () => {});
      if (loaded && !stopped) {
        try {
          core.destroy();
        } catch (e) {
          // The core already stopped; the page keeps its default content.
        }
      }
      stopped = true;
      running = false;
    },
    /** Resolves to true once the tag runs, false if it could not start. */
    ready: null,
    version: '0.1.0',
  };

  window[KEY] = api;
  window.micromoment = api;
  let result;
  try {
    result = boot();
  } catch (e) {
    warn('could not start (' + why(e) + '); showing default content');
    result = false;
  }
  // A tag that could not start answers API calls with "nothing happened".
  const settle = (ok) => {
    if (!ok && !stopped) {
      failed = true;
      queue.length = 0;
    }
    return ok;
  };
  if (result === false) settle(false);
  // Lift the optional slot pre-hide (micromoment-prehide.js) in every case.
  const lift = (ok) => {
    document.documentElement.removeAttribute('data-mm-prehide');
    return ok;
  };
  // Once the document is parsed, the core looks at templates completed
  // last; slots it keeps unseen while the parser is inside them are shown,
  // whatever happened to the core.
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => {
      call('documentParsed', [], undefined);
      for (const el of document.querySelectorAll('[data-mm-pending]')) {
        el.removeAttribute('data-mm-pending');
        el.style.removeProperty('visibility');
      }
    }, { once: true });
  }
  if (result === false) settle(false);
  api.ready = Promise.resolve(result).then((ok) => lift(settle(ok)), () => lift(settle(false)));
  Object.freeze(api);
  return api;
}
