// micromoment — the second part, an ES module the first part imports after
// first paint. (A module import fails cleanly when the file is missing or is
// something else, such as a site's HTML error page: the browser refuses a
// module that is not JavaScript instead of running it.)
//@more
let WASM = '@WASM@';
const LANGUAGES = @LANGUAGES@;

/**
 * Instantiates the second part's wasm with the first part's `glue` and
 * `decode`, and resolves to its attach function.
 */
export function load(glue, decode) {
  const bytes = decode(WASM, @WASM_LENGTH@);
  WASM = '';
  return WebAssembly.instantiate(bytes, {}).then((r) => {
    const more = glue(r.instance);
    const attach = (ctx, reportOnly, swaps) => attachMore(more, LANGUAGES, ctx, reportOnly, swaps);
    attach.version = '@VERSION@';
    return attach;
  });
}
