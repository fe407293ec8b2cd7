// Injected into every benchmark page before any of its own scripts run
// (playwright's addInitScript). The options placeholder is replaced by run.mjs with
// { frames: boolean, frameUntil: ms }.
//
// Records, relative to navigation start (performance.now()):
//  - swapAt: when the final hero ([data-block=hero-buy]) entered the DOM
//    (MutationObserver, so it is exact to the microtask);
//  - swapFrameAt: the next animation frame after the swap (the frame that
//    paints it);
//  - defaultAt: when the default hero entered the DOM;
//  - held: [from, to] spans in which a slot was held unseen by micromoment
//    (`data-mm-pending`: its default is in the DOM but hidden; `to` is null
//    while still held);
//  - frames: one entry per animation frame from the first rendering
//    opportunity until a few frames after the swap: [time, default hero
//    visible, final hero present]. A frame callback runs right before that
//    frame's paint, so "default visible at a frame" means it was painted;
//  - paint timings (FP, FCP), element timings (elementtiming attributes on
//    both hero headings), layout shifts and long tasks.
(() => {
  const OPTS = __BENCH_OPTS__;
  const FINAL = '[data-block="hero-buy"]';
  const DEFAULT = '[data-block="hero-default"]';
  const r = {
    swapAt: null,
    swapFrameAt: null,
    defaultAt: null,
    held: [],
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
  observe('layout-shift', (e) => {
    if (!e.hadRecentInput) {
      r.cls += e.value;
      r.shifts.push([e.startTime, e.value]);
    }
  });
  observe('longtask', (e) => r.longtasks.push([e.startTime, e.duration]));
  observe('element', (e) => {
    if (!(e.identifier in r.elements)) r.elements[e.identifier] = e.renderTime || e.loadTime;
  });

  const check = () => {
    if (r.defaultAt === null && document.querySelector(DEFAULT)) r.defaultAt = performance.now();
    const held = document.querySelector('[data-mm-pending]') !== null;
    const open = r.held.length > 0 && r.held[r.held.length - 1][1] === null;
    if (held && !open) r.held.push([performance.now(), null]);
    if (!held && open) r.held[r.held.length - 1][1] = performance.now();
    if (r.swapAt !== null || !document.querySelector(FINAL)) return;
    r.swapAt = performance.now();
    requestAnimationFrame(() => { r.swapFrameAt = performance.now(); });
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-mm-pending'] });

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
  // swap or until OPTS.frameUntil.
  if (OPTS.frames && location.pathname !== '/blank.html') {
    let after = 0;
    const frame = () => {
      const t = performance.now();
      const final = document.querySelector(FINAL) !== null;
      r.frames.push([t, visible(document.querySelector(DEFAULT)), final]);
      if (final) after += 1;
      if (after < 3 && t < OPTS.frameUntil) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }
})();
