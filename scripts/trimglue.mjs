// Shortens wasm-bindgen's loading code in the glue (both targets) to what
// the tag's loaders use: the deprecated argument forms and their warnings
// go, and `__wbg_load` keeps streaming compilation with its fallback for a
// server that does not send `application/wasm`, in fewer bytes.
//
// Each rewrite must match exactly once, so a new wasm-bindgen output stops
// the build instead of being half-rewritten.
//
// Usage: node scripts/trimglue.mjs DIR   (rewrites DIR/micromoment_core.js;
// the no-modules target is recognized by its first line)

const LOAD = `async function __wbg_load(module, imports) {
    if (module instanceof Response) {
        if (!module.ok) throw new Error('HTTP ' + module.status + ' for ' + module.url);
        if ((module.headers.get('Content-Type') || '').startsWith('application/wasm')) {
            return WebAssembly.instantiateStreaming(module, imports);
        }
        module = await module.arrayBuffer();
    }
    const made = await WebAssembly.instantiate(module, imports);
    return made instanceof WebAssembly.Instance ? { instance: made, module } : made;
}

`;

const REWRITES = [
  // __wbg_load, up to the next function.
  [/async function __wbg_load\(module, imports\) \{[\s\S]*?\n(?=\s*function initSync\()/, LOAD],
  // The deprecated forms of initSync() and init(): a plain value is still
  // taken as the module, only the warning goes.
  [/\} else \{\s*console\.warn\('using deprecated parameters for `initSync\(\)`; pass a single object instead'\)\s*\}/, '}'],
  [/\} else \{\s*console\.warn\('using deprecated parameters for the initialization function; pass a single object instead'\)\s*\}/, '}'],
];

// The single file only calls `initSync()`: its `wasm_bindgen` becomes a plain
// object, and the asynchronous loading code goes with it.
const NO_MODULES = [
  [/return Object\.assign\(__wbg_init, \{ initSync \}, exports\);/, 'return Object.assign({ initSync }, exports);'],
  [/\n\s*let __wbg_init_promise;\n[\s\S]*?\n(?=\s*return Object\.assign\(\{ initSync \}, exports\);)/, '\n'],
];

/** Returns `glue` with every rewrite applied; throws if one does not match once. */
export function trimGlue(glue) {
  let js = glue;
  const noModules = /^let wasm_bindgen = \(function\(exports\) \{/.test(js);
  for (const [re, by] of noModules ? [...REWRITES, ...NO_MODULES] : REWRITES) {
    const global = new RegExp(re.source, 'g');
    const n = (js.match(global) || []).length;
    if (n !== 1) throw new Error(`glue rewrite ${re} matched ${n} times (expected once)`);
    js = js.replace(re, by);
  }
  return js;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const file = path.join(process.argv[2], 'micromoment_core.js');
  fs.writeFileSync(file, trimGlue(fs.readFileSync(file, 'utf8')));
}
