// Injected into every benchmark page before any of its own scripts run
// (playwright's addInitScript). The options placeholder is replaced by run.mjs with
// { frames: boolean, frameUntil: ms, noBlocking: boolean }.
//
// Records, relative to navigation start (performance.now()):
//  - swapAt: when the tailored hero ([data-block=hero-buy]) entered the DOM
//    (MutationObserver, so it is exact to the microtask);
//  - defaultAt: when the default hero entered the DOM;
//  - held: [from, to] spans in which a slot was held unseen by the tag's
//    first part (`data-mm-pending`; `to` is null while still held);
//  - prehide: [from, to] spans of the hold snippet (`data-mm-prehide` on
//    <html>, which hides every slot);
//  - readyAt: when micromoment's `ready` promise resolved (the second part
//    attached), through an accessor on window.micromoment;
//  - frames (frame-probe pass only): one entry per animation frame from
//    the first rendering opportunity until a few frames after the tailored
//    hero became visible: [time, default hero visible, tailored hero in
//    the DOM, tailored hero visible]. A frame callback runs right before
//    that frame's paint, so "visible at a frame" means it was painted;
//  - paint timings (FP, FCP), element timings (elementtiming attributes on
//    both hero headings and the featured image), layout shifts (all, with
//    their hadRecentInput flag), long tasks.
//
// With noBlocking, the page plays a browser without <script blocking>:
// HTMLScriptElement.prototype.blocking is removed, so the hold snippet's
// feature test (`document.createElement('script').blocking.supports('render')`)
// fails as it does there. The page's own tag has no blocking attribute.
(() => {
  const OPTS = __BENCH_OPTS__;
  if (location.pathname === '/blank.html') return;
  if (OPTS.noBlocking) delete HTMLScriptElement.prototype.blocking;
  const FINAL = '[data-block="hero-buy"]';
  const DEFAULT = '[data-block="hero-default"]';
  const r = {
    swapAt: null,
    defaultAt: null,
    held: [],
    prehide: [],
    readyAt: null,
    ready: null,
    frames: [],
    fp: null,
    fcp: null,
    cls: 0,
    shifts: [],
    longtasks: [],
    elements: {},
    domContentLoaded: null,
    load: null,
  };
  Object.defineProperty(window, '__bench', { value: r, enumerable: false });

  // The tag sets window.micromoment, then its `ready` promise in the same
  // task: a microtask later the promise is there.
  let api;
  Object.defineProperty(window, 'micromoment', {
    configurable: true,
    enumerable: true,
    get: () => api,
    set: (v) => {
      api = v;
      queueMicrotask(() => {
        if (v && v.ready && typeof v.ready.then === 'function') {
          v.ready.then((ok) => {
            r.readyAt = performance.now();
            r.ready = ok;
          });
        }
      });
    },
  });

  const observe = (type, fn) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(fn)).observe({ type, buffered: true });
    } catch (e) {
      r['no_' + type] = true;
    }
  };
  observe('paint', (e) => {
    if (e.name === 'first-paint') r.fp = e.startTime;
    if (e.name === 'first-contentful-paint') r.fcp = e.startTime;
  });
  // Every shift counts: nothing gives input during these loads, and mobile
  // emulation makes Chromium flag the shifts of the first moments as
  // `hadRecentInput` (Lighthouse counts those too, for the same reason).
  observe('layout-shift', (e) => {
    r.cls += e.value;
    r.shifts.push([e.startTime, e.value, e.hadRecentInput]);
  });
  observe('longtask', (e) => r.longtasks.push([e.startTime, e.duration]));
  observe('element', (e) => {
    if (!(e.identifier in r.elements)) r.elements[e.identifier] = e.renderTime || e.loadTime;
  });

  const span = (list, on) => {
    const open = list.length > 0 && list[list.length - 1][1] === null;
    if (on && !open) list.push([performance.now(), null]);
    if (!on && open) list[list.length - 1][1] = performance.now();
  };
  const check = () => {
    if (r.defaultAt === null && document.querySelector(DEFAULT)) r.defaultAt = performance.now();
    span(r.held, document.querySelector('[data-mm-pending]') !== null);
    span(r.prehide, document.documentElement.hasAttribute('data-mm-prehide'));
    if (r.swapAt === null && document.querySelector(FINAL)) r.swapAt = performance.now();
  };
  const mo = new MutationObserver(check);
  mo.observe(document, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['data-mm-pending', 'data-mm-prehide'],
  });

  document.addEventListener('DOMContentLoaded', () => { r.domContentLoaded = performance.now(); });
  window.addEventListener('load', () => { r.load = performance.now(); });

  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    const b = el.getBoundingClientRect();
    if (b.width <= 0 || b.height <= 0 || b.bottom <= 0 || b.top >= innerHeight) return false;
    return el.checkVisibility
      ? el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
      : true;
  };

  // Runs in its own pass (it makes every frame render, which costs the
  // main thread far more than the tags do), until three frames after the
  // tailored hero was visible, or until OPTS.frameUntil.
  if (OPTS.frames) {
    let after = 0;
    const frame = () => {
      const t = performance.now();
      const fin = document.querySelector(FINAL);
      const finVisible = visible(fin);
      r.frames.push([t, visible(document.querySelector(DEFAULT)), fin !== null, finVisible]);
      if (finVisible) after += 1;
      if (after < 3 && t < OPTS.frameUntil) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }
})();
