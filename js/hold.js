// micromoment hold: for browsers that do not support
// <script blocking="render"> (the tag's first part then may run after the
// first paint), keep the slots — never the page — unseen until the tag has
// decided or failed, for at most data-timeout ms (default 800). Put it
// inline in <head> before the tag (the build prints its CSP hash), or load
// it as a classic script. Where blocking="render" works, it does nothing.
(function (d) {
  var s = d.currentScript;
  var b = d.createElement('script').blocking;
  if (b && b.supports && b.supports('render')) return;
  var ms = Math.min(+((s && s.getAttribute('data-timeout')) || 800) || 0, 3000);
  if (!(ms > 0) || typeof CSSStyleSheet !== 'function' || !d.adoptedStyleSheets) return;
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync('html[data-mm-prehide] [data-mm-slot]{visibility:hidden}');
    d.adoptedStyleSheets = d.adoptedStyleSheets.concat([sheet]);
  } catch (e) {
    return;
  }
  var r = d.documentElement;
  r.setAttribute('data-mm-prehide', '');
  setTimeout(function () {
    r.removeAttribute('data-mm-prehide');
  }, ms);
})(document);
