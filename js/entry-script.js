// micromoment — the first part, as one classic script: load it in <head>
// with <script async blocking="render" src=".../micromoment.js"></script>.
(function () {
  'use strict';
  //@tag
  // The wasm, one character per byte (U+0000 to U+00FF): this gzips to
  // about 80% of base64. The file starts with a UTF-8 byte order mark, so
  // browsers read it as UTF-8 whatever the page's own encoding.
  var WASM = '@WASM@';
  var script = document.currentScript;
  var base = (script && script.src) || location.href;
  var HOOK = Symbol.for('micromoment:more');
  // The second part: a script next to this one, fetched with low priority
  // after first paint; it hands its attach function to the hook.
  function loadMore() {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      window[HOOK] = function (load) {
        delete window[HOOK];
        resolve(load(glue, decode));
      };
      s.src = new URL('micromoment-more.js', base).href;
      s.async = true;
      s.setAttribute('fetchpriority', 'low');
      s.onerror = function () {
        delete window[HOOK];
        reject(new Error('micromoment-more.js could not be loaded'));
      };
      (document.head || document.documentElement).appendChild(s);
    });
  }
  createTag(function () {
    var bytes = decode(WASM, @WASM_LENGTH@);
    // The tag keeps this function; without this the text stays in memory.
    WASM = '';
    return bytes;
  }, @LANGUAGES@, loadMore, base, { script: script });
})();
