// micromoment hold: where the tag's script is not render-blocking (the
// browser does not support <script blocking="render">, or the attribute is
// left out), its first part may run after the first paint. This snippet
// keeps the slots — never the page — unseen until the tag has decided or
// failed, for at most data-timeout ms (default 1500). Put it inline in
// <head> right after the tag's script (the build prints its CSP hash), or
// load it as a classic script there. Where the tag's script is
// render-blocking, it does nothing.
(function (d) {
  // The tag has already decided (it ran first): nothing to hold.
  if (window[Symbol.for('micromoment')]) return;
  var s = d.currentScript;
  var list = d.getElementsByTagName('script');
  var tag = null;
  for (var i = 0; i < list.length; i++) {
    if (/\/micromoment(\.[a-z]+)?\.js(\?|#|$)/.test(list[i].src)) tag = list[i];
  }
  var b = tag && tag.blocking;
  if (b && b.supports && b.supports('render') && b.contains('render')) return;
  var ms = Math.min(+((s && s.getAttribute('data-timeout')) || 1500) || 0, 3000);
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
