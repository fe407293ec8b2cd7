// micromoment — the second part, loaded by the first part after first paint.
(function () {
  'use strict';
  //@more
  var WASM = '@WASM@';
  var LANGUAGES = @LANGUAGES@;
  var hook = window[Symbol.for('micromoment:more')];
  if (typeof hook !== 'function') return;
  hook(function (glue, decode) {
    var bytes = decode(WASM, @WASM_LENGTH@);
    WASM = '';
    return WebAssembly.instantiate(bytes, {}).then(function (r) {
      var more = glue(r.instance);
      return function (ctx, reportOnly, swaps) {
        return attachMore(more, LANGUAGES, ctx, reportOnly, swaps);
      };
    });
  });
})();
