// micromoment for bundlers and ES-module apps (the npm package's entry).
//
//   import { start, moment, setCue } from 'micromoment';
//   start({ threshold: 0.6 });
//
// Importing does nothing by itself: the tag is created, and the wasm core
// fetched, when start() is first called. The API functions work before and
// after start(): before it, moment() and explain() return null and setCue,
// force and consent wait in a queue that is handed to the tag at start.
import init, * as core from './micromoment_core.js';

//@tag

/** The package version. */
export const version = '@VERSION@';

let api = null;
let starting = null;
// Calls made before start(), replayed in order once the tag exists.
const early = [];
let resolveReady;

/** Resolves to true once the tag runs, false if it could not start. Waits for start(). */
export const ready = new Promise((resolve) => {
  resolveReady = resolve;
});

function inBrowser() {
  return typeof window === 'object' && typeof document === 'object';
}

/**
 * Starts the tag once, with `config` (or, when it is undefined, the page's
 * `#micromoment-config`, else the defaults). Resolves to true once the tag
 * runs, false if it could not start (the console says why). Later calls
 * return the same promise.
 */
export function start(config) {
  if (starting) return starting;
  if (!inBrowser()) return Promise.resolve(false);
  const wasm = () => init({ module_or_path: new URL('./micromoment_core_bg.wasm', import.meta.url) });
  api = createTag(core, wasm, import.meta.url, { config });
  // Queued calls go to the tag's own queue, which holds them until it runs.
  for (const [name, args, done] of early.splice(0)) {
    if (name === 'debug') {
      api.ready.then((ok) => (ok ? api.debug(...args) : false)).then(done, () => done(false));
    } else {
      api[name](...args);
    }
  }
  starting = api.ready;
  starting.then(resolveReady);
  return starting;
}

/** The decided moment's name, or null while undecided (and before start). */
export function moment() {
  return api ? api.moment() : null;
}

/** Scores, each cue's contribution and every cue value; null while the tag is not running. */
export function explain() {
  return api ? api.explain() : null;
}

/** Sets a cue the site knows and re-decides. Queued until the tag runs. */
export function setCue(name, value) {
  if (api) return api.setCue(name, value);
  early.push(['setCue', [name, value]]);
  return true;
}

/** Forces a moment (confidence 1); null returns to inference. Queued until the tag runs. */
export function force(name) {
  if (api) return api.force(name);
  early.push(['force', [name]]);
  return true;
}

/** Allows (true) or forbids (false) storing the journey; false also erases it. */
export function consent(allowed) {
  if (api) {
    api.consent(allowed);
    return;
  }
  early.push(['consent', [Boolean(allowed)]]);
}

/**
 * Erases everything the tag stored in this browser at once. Before start,
 * the tag then keeps the journey in memory only, as it does after forget().
 */
export function forget() {
  if (api) {
    api.forget();
    return;
  }
  try {
    sessionStorage.removeItem('micromoment:session');
    localStorage.removeItem('micromoment:visitor');
  } catch (e) {
    // Blocked storage holds nothing of ours.
  }
  early.push(['consent', [false]]);
}

/**
 * Shows (true) or hides (false) the debug panel; resolves to whether it is
 * shown. Before start, it resolves once the tag runs.
 */
export function debug(on = true) {
  if (api) return api.debug(on);
  return new Promise((done) => early.push(['debug', [on], done]));
}

/** Stops the tag and restores every slot's default content. Before start, drops the queued calls. */
export function destroy() {
  if (api) {
    api.destroy();
    return;
  }
  for (const [name, , done] of early.splice(0)) {
    if (name === 'debug') done(false);
  }
}
