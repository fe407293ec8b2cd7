// micromoment pre-hide: for sites that cannot load the tag early. Include it
// as a classic, blocking script in <head>, before the slots:
//   <script src="/micromoment/micromoment-prehide.js" data-timeout="150"></script>
// It hides the slots only (never the page) until the tag has decided, for
// at most data-timeout ms (default 150, at most 1000). The tag removes the
// hiding when it is done — also when it fails.
(function () {
  var root = document.documentElement;
  var script = document.currentScript;
  var ms = Number(script && script.getAttribute('data-timeout'));
  if (!(ms >= 0)) ms = 150;
  ms = Math.min(ms, 1000);
  if (ms === 0 || typeof CSSStyleSheet !== 'function' || !document.adoptedStyleSheets) return;
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync('html[data-mm-prehide] [data-mm-slot]{visibility:hidden}');
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  } catch (e) {
    return;
  }
  root.setAttribute('data-mm-prehide', '');
  setTimeout(function () { root.removeAttribute('data-mm-prehide'); }, ms);
})();
