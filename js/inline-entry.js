// micromoment single file (classic script, wasm inside). Load it blocking in
// <head> to decide before first paint: <script src="/micromoment/micromoment.inline.js"></script>
(function () {
  //@glue
  //@tag
  var WASM = '@WASM_BASE64@';
  var base = (document.currentScript && document.currentScript.src) || location.href;
  createTag(wasm_bindgen, function () {
    // Uint8Array.fromBase64 is about ten times faster than decoding by hand.
    var bytes;
    if (typeof Uint8Array.fromBase64 === 'function') {
      bytes = Uint8Array.fromBase64(WASM);
    } else {
      var text = atob(WASM);
      var n = text.length;
      bytes = new Uint8Array(n);
      for (var i = 0; i < n; i++) bytes[i] = text.charCodeAt(i);
    }
    // The tag keeps this function; without this the text stays in memory.
    WASM = '';
    wasm_bindgen.initSync({ module: bytes });
  }, base);
})();
