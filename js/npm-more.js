// micromoment for bundlers: the second part (the package's more.js),
// loaded by index.js with import() after first paint. scripts/package.mjs
// puts in the second part's runtime (js/tag-more.js), its wasm (one
// character per byte), its length and the lexicon data of the languages
// besides English where the @-markers below are.

//@more

let WASM = '@WASM@';
const LANGUAGES = '@LANGUAGES@';
let compiled = null;

/**
 * Resolves to the function that attaches the second part to a running
 * first part (`glue` and `decode` are the first part's). The wasm is
 * compiled once; every call (every start() after a destroy()) gets a fresh
 * instance.
 */
export function load(glue, decode) {
  if (!compiled) {
    compiled = WebAssembly.compile(decode(WASM, '@WASM_LENGTH@'));
    // The compiled module is kept; the text is not needed again.
    WASM = '';
  }
  return compiled
    .then((mod) => WebAssembly.instantiate(mod, {}))
    .then((instance) => {
      const more = glue(instance);
      const attach = (ctx, reportOnly, swaps) => attachMore(more, LANGUAGES, ctx, reportOnly, swaps);
    attach.version = '@VERSION@';
    return attach;
    });
}
