// micromoment single file (classic script, wasm inside). Load it blocking in
// <head> to decide before first paint: <script src="/micromoment/micromoment.inline.js"></script>
(function () {
  //@glue
  //@tag
  // The wasm, one character per byte (U+0000 to U+00FF): this gzips to
  // about 80% of base64. The file starts with a UTF-8 byte order mark, so
  // browsers read it as UTF-8 whatever the page's own encoding.
  var WASM = '@WASM@';
  var base = (document.currentScript && document.currentScript.src) || location.href;
  createTag(wasm_bindgen, function () {
    var n = WASM.length;
    if (n !== @WASM_LENGTH@) {
      throw new Error('micromoment.inline.js was not read as UTF-8 (' + n + ' characters of wasm)');
    }
    var bytes;
    if (typeof Uint8Array.fromBase64 === 'function') {
      // Two native steps (about 0.6 ms) instead of a JS loop (about 2 ms).
      bytes = Uint8Array.fromBase64(btoa(WASM));
    } else {
      bytes = new Uint8Array(n);
      for (var i = 0; i < n; i++) bytes[i] = WASM.charCodeAt(i);
    }
    // The tag keeps this function; without this the text stays in memory.
    WASM = '';
    wasm_bindgen.initSync({ module: bytes });
  }, base);
})();
