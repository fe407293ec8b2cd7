// micromoment single file (classic script, wasm inside). Load it blocking in
// <head> to decide before first paint: <script src="/micromoment/micromoment.inline.js"></script>
(function () {
  //@glue
  //@tag
  var WASM = '@WASM_BASE64@';
  var base = (document.currentScript && document.currentScript.src) || location.href;
  createTag(wasm_bindgen, function () {
    var text = atob(WASM);
    var n = text.length;
    var bytes = new Uint8Array(n);
    for (var i = 0; i < n; i++) bytes[i] = text.charCodeAt(i);
    wasm_bindgen.initSync({ module: bytes });
  }, base);
})();
