// micromoment — the first part, as one classic script: load it in <head>
// with <script async blocking="render" src=".../micromoment.js"></script>.
(function () {
  'use strict';
  //@tag
  // The wasm, one character per byte (U+0000 to U+00FF): this gzips to
  // about 80% of base64. The file starts with a UTF-8 byte order mark, so
  // browsers read it as UTF-8 whatever the page's own encoding.
  var WASM = '@WASM@';
  // This file's own <script> (document.currentScript is null when a page
  // loads it as a module): the second part and the overlay sit next to it.
  var script = document.currentScript;
  if (!script) {
    var all = document.querySelectorAll('script[src]');
    for (var i = all.length - 1; i >= 0; i--) {
      if (/\/micromoment(\.[a-z]+)?\.js(\?|#|$)/.test(all[i].src)) {
        script = all[i];
        break;
      }
    }
  }
  var base = (script && script.src) || location.href;
  // The second part: an ES module next to this file, imported after first
  // paint.
  function loadMore() {
    return import(new URL('micromoment-more.js', base).href).then(function (m) {
      return m.load(glue, decode);
    });
  }
  createTag(function () {
    var bytes = decode(WASM, @WASM_LENGTH@);
    // The tag keeps this function; without this the text stays in memory.
    WASM = '';
    return bytes;
  }, @LANGUAGES@, loadMore, base, { script: script });
})();
