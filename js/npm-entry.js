// micromoment for bundlers and ES-module apps: the npm package's entry
// (index.js). scripts/package.mjs puts in the first part's runtime
// (js/tag.js), the first part's wasm (one character per byte), its length
// and the English lexicon data where the @-markers below are.
//
//   import { start, moment, setCue } from 'micromoment';
//   start({ threshold: 0.6 });
//
// Importing does nothing by itself. start() creates the tag: the first part
// decides at once (its wasm is in this module); the second part is the
// sibling module more.js, loaded with import() after first paint (bundlers
// emit it as a lazy chunk). The API works before start(): moment() and
// explain() return null, and setCue, force, consent, forget and debug wait
// in a queue that is handed to the tag when it starts. destroy() stops the
// tag and returns to that state: the next start() starts a fresh tag.

//@tag

// The first part's wasm: one character per byte (U+0000 to U+00FF). ES
// modules are always read as UTF-8, so no byte order mark is needed.
const WASM = '@WASM@';
const ENGLISH = '@ENGLISH@';
const HERE = Symbol.for('micromoment');

/** The package version. */
export const version = '@VERSION@';

let api = null;
let creating = false;
let destroyLater = false;
let starting = null;
// Calls made while no tag runs, replayed in order by the next start().
const early = [];
let settle;
const pending = () =>
  new Promise((resolve) => {
    settle = resolve;
  });

/**
 * Resolves to true once the tag runs, false if it could not start. Pending
 * until start(); after destroy(), the next start()'s result (a live binding).
 */
export let ready = pending();

const inBrowser = () => typeof window === 'object' && typeof document === 'object' && !!document.documentElement;

/** The second part: its module is a lazy chunk; it compiles its wasm once and makes a fresh core per start. */
function loadMore() {
  return import('./more.js').then((m) => m.load(glue, decode));
}

/** The lexicon data of `options.languages` (modules of micromoment/languages/). */
function extraLanguages(options) {
  const list = options && options.languages;
  if (list == null) return [];
  if (!Array.isArray(list)) {
    warn('start(): options.languages is not an array of micromoment/languages/* modules; ignored');
    return [];
  }
  const out = [];
  for (const l of list) {
    if (l && typeof l.code === 'string' && Array.isArray(l.data) && l.data.every((d) => typeof d === 'string')) {
      out.push(...l.data);
    } else {
      warn('start(): options.languages holds something that is not a micromoment/languages/* module; ignored');
    }
  }
  return out;
}

/**
 * Starts the tag with `config` (when it is undefined: the page's
 * `#micromoment-config`, else the defaults). `options.languages` adds
 * languages to the first decision besides English. Resolves to true once
 * the tag runs, false if it could not start (the console says why). While
 * the tag runs (or could not start), later calls return the same promise;
 * after destroy() the next call starts a fresh tag. Outside a browser it
 * resolves to false and does nothing.
 */
export function start(config, options) {
  if (starting) return starting;
  if (creating) return ready;
  if (!inBrowser()) return Promise.resolve(false);
  const languages = [ENGLISH, ...extraLanguages(options)];
  // The first decision's events fire while the tag is being created: their
  // listeners reach it through tag() (the tag is on window by then).
  creating = true;
  try {
    api = createTag(() => decode(WASM, '@WASM_LENGTH@'), languages, loadMore, '', {
      config,
      loadDebug: () => import('./micromoment-debug.js'),
    });
  } finally {
    creating = false;
  }
  // Queued calls go to the tag, which holds them until its second part runs.
  for (const [name, args, done] of early.splice(0)) {
    const result = api[name](...args);
    if (done) done(result);
  }
  starting = api.ready;
  settle(starting);
  if (destroyLater) {
    // A listener of the first decision's events called destroy().
    destroyLater = false;
    const result = starting;
    destroy();
    return result;
  }
  return starting;
}

/** The running tag's API, or null. */
const tag = () => api || (creating && window[HERE]) || null;

/** The decided moment's name, or null while undecided (and while no tag runs). */
export function moment() {
  const t = tag();
  return t ? t.moment() : null;
}

/** Scores, each cue's contribution and every cue value; null while the tag is not running. */
export function explain() {
  const t = tag();
  return t ? t.explain() : null;
}

/** Sets a cue the site knows and re-decides. Queued until the tag runs. */
export function setCue(name, value) {
  const t = tag();
  if (t) return t.setCue(name, value);
  early.push(['setCue', [name, value]]);
  return true;
}

/** Forces a moment (confidence 1); null returns to inference. Queued until the tag runs. */
export function force(name) {
  const t = tag();
  if (t) return t.force(name);
  early.push(['force', [name]]);
  return true;
}

/** Allows (true) or forbids (false) storing the journey; false also erases it. */
export function consent(allowed) {
  const t = tag();
  if (t) {
    t.consent(allowed);
    return;
  }
  early.push(['consent', [Boolean(allowed)]]);
}

/**
 * Erases everything the tag stored in this browser at once. Before start,
 * the tag then keeps the journey in memory only, as it does after forget().
 */
export function forget() {
  const t = tag();
  if (t) {
    t.forget();
    return;
  }
  try {
    sessionStorage.removeItem('micromoment:session');
    localStorage.removeItem('micromoment:visitor');
  } catch (e) {
    // Blocked storage (or no browser) holds nothing of ours.
  }
  early.push(['consent', [false]]);
}

/**
 * Shows (true) or hides (false) the debug panel; resolves to whether it is
 * shown. Before start, it resolves once the tag runs.
 */
export function debug(on = true) {
  const t = tag();
  if (t) return t.debug(on);
  return new Promise((done) => early.push(['debug', [on], (p) => Promise.resolve(p).then(done, () => done(false))]));
}

/**
 * Stops the tag and restores every slot's default content; the next start()
 * starts a fresh tag. Before start, drops the queued calls. Safe to call twice.
 */
export function destroy() {
  if (creating) {
    destroyLater = true;
    return;
  }
  if (!api) {
    for (const [name, , done] of early.splice(0)) {
      if (name === 'debug') done(false);
    }
    return;
  }
  const stopped = api;
  api = null;
  starting = null;
  ready = pending();
  stopped.destroy();
  // Free the page's one tag slot, so that a fresh start() is not taken for
  // a second copy of the tag.
  if (window[HERE] === stopped) delete window[HERE];
  if (window.micromoment === stopped) delete window.micromoment;
}
