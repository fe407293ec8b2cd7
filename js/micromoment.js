// micromoment loader: include it with
//   <script type="module" src="/micromoment/micromoment.js"></script>
// It loads the WebAssembly core, reads the optional inline config
// (<script type="application/json" id="micromoment-config">) and starts the
// tag. It never throws: on any failure the page keeps its default content
// and one console.warn starting with "micromoment:" says why.
import init, * as core from './micromoment_core.js';

const KEY = Symbol.for('micromoment');
const warn = (msg) => console.warn('micromoment: ' + msg);

let running = false;
let failed = false;
const queue = [];

// Calls a core function; a failure inside the core stops the tag (default
// content stays) and is reported once.
function call(name, args, fallback) {
  if (!running) return fallback;
  try {
    return core[name](...args);
  } catch (e) {
    running = false;
    if (!failed) {
      failed = true;
      warn('internal error in ' + name + '() (' + (e && e.message || e) + '); the tag stopped');
    }
    return fallback;
  }
}

function readConfig() {
  const el = document.getElementById('micromoment-config');
  if (!el) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(el.textContent || '{}') };
  } catch (e) {
    warn('#micromoment-config is not valid JSON (' + e.message + '); showing default content');
    return { ok: false };
  }
}

async function boot() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    warn('WebAssembly is not available in this browser; showing default content');
    return false;
  }
  const config = readConfig();
  if (!config.ok) return false;
  try {
    await init({ module_or_path: new URL('micromoment_core_bg.wasm', import.meta.url) });
  } catch (e) {
    warn('could not load micromoment_core_bg.wasm (' + (e && e.message || e) + '); showing default content');
    return false;
  }
  try {
    running = core.start(config.value);
  } catch (e) {
    warn('could not start (' + (e && e.message || e) + '); showing default content');
    running = false;
  }
  if (running) {
    patchHistory();
    for (const [name, args] of queue.splice(0)) call(name, args, undefined);
  }
  return running;
}

/** Resolves to true once the tag runs, false if it could not start. */
export let ready;

/** The decided moment's name, or null while undecided. */
export function moment() {
  return call('moment', [], null);
}

/** Scores, each cue's contribution and the cue values behind the decision. */
export function explain() {
  return call('explain', [], null);
}

/** Sets a cue the site knows and re-decides (queued until the tag runs). */
export function setCue(name, value) {
  if (!running && !failed) {
    queue.push(['setCue', [String(name), value]]);
    return true;
  }
  return call('setCue', [String(name), value], false);
}

/** Forces a moment (confidence 1); null returns to inference. */
export function force(name) {
  const arg = name == null ? null : String(name);
  if (!running && !failed) {
    queue.push(['force', [arg]]);
    return true;
  }
  return call('force', [arg], false);
}

/** Allows (true) or forbids (false) storing the journey; false also erases it. */
export function consent(allowed) {
  if (!running && !failed) {
    queue.push(['consent', [Boolean(allowed)]]);
    return;
  }
  call('consent', [Boolean(allowed)], undefined);
}

/** Erases everything the tag stored in this browser. */
export function forget() {
  try {
    sessionStorage.removeItem('micromoment:session');
    localStorage.removeItem('micromoment:visitor');
  } catch (e) {
    // Blocked storage holds nothing of ours.
  }
  call('forget', [], undefined);
}

// Single-page apps: re-read the URL cues after pushState/replaceState.
const patched = [];
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

/** Stops the tag and restores every slot's default content. Safe to call twice. */
export function destroy() {
  queue.length = 0;
  unpatchHistory();
  if (running) call('destroy', [], undefined);
  running = false;
}

const api = Object.freeze({
  moment, explain, setCue, force, consent, forget, destroy,
  get ready() { return ready; },
  version: '0.1.0',
});

if (window[KEY]) {
  warn('the tag is included more than once; only the first copy runs');
  ready = Promise.resolve(false);
} else {
  window[KEY] = api;
  window.micromoment = api;
  ready = boot().catch((e) => {
    warn('could not start (' + (e && e.message || e) + '); showing default content');
    return false;
  });
}
