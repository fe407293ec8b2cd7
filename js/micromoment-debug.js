// micromoment debug overlay: a small fixed panel (in a shadow root, so no
// style leaks either way) showing the decided moment, a bar per moment, the
// cues that weighed most, and what each slot shows. Loaded on demand by the
// loader for ?mm_debug=1, "debug": true or micromoment.debug(true); it costs
// nothing otherwise. Styles go through a constructed stylesheet and the
// CSSOM, so a strict CSP (style-src 'self') allows them.

const CSS = `
:host { all: initial; }
.panel { position: fixed; right: 12px; bottom: 12px; z-index: 2147483647; width: 300px;
  max-height: 70vh; overflow: auto; box-sizing: border-box; padding: 10px 12px;
  font: 12px/1.4 system-ui, sans-serif; color: #17202a; background: #fff;
  border: 1px solid #c9d1d9; border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.18); }
.head { display: flex; justify-content: space-between; align-items: baseline; margin-bottom: 6px; }
.title { font-weight: 700; }
.moment { font-size: 15px; font-weight: 700; }
.row { display: grid; grid-template-columns: 56px 1fr 38px; gap: 6px; align-items: center; margin: 3px 0; }
.track { height: 10px; background: #eef1f4; border-radius: 5px; overflow: hidden; }
.bar { height: 100%; background: #8aa1b4; border-radius: 5px; }
.bar.top { background: #1f7a4d; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
h4 { margin: 8px 0 3px; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #57606a; }
ul { margin: 0; padding: 0; list-style: none; }
li { display: flex; justify-content: space-between; gap: 8px; padding: 1px 0; }
.pos { color: #1f7a4d; } .neg { color: #b42318; }
button { font: inherit; border: 0; background: none; cursor: pointer; color: #57606a; }
`;

let host = null;
let listeners = [];

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

function render(api, root) {
  const ex = api.explain();
  const panel = root.querySelector('.panel');
  panel.replaceChildren();
  const head = el('div', 'head');
  const close = el('button', null, '×');
  close.setAttribute('aria-label', 'Close the micromoment debug panel');
  close.addEventListener('click', () => hide());
  head.append(el('span', 'title', 'micromoment'), close);
  panel.append(head);
  if (!ex) {
    panel.append(el('div', null, 'The tag is not running: default content is shown.'));
    return;
  }
  const pct = (p) => Math.round(p * 100) + '%';
  panel.append(el('div', 'moment', ex.moment
    ? `${ex.moment} · ${pct(ex.confidence)}${ex.forced ? ' (forced)' : ''}`
    : `undecided (threshold ${pct(ex.threshold)})`));
  panel.append(el('h4', null, 'Moments'));
  for (const [name, p] of Object.entries(ex.scores)) {
    const row = el('div', 'row');
    row.dataset.moment = name;
    const track = el('div', 'track');
    const bar = el('div', 'bar' + (name === ex.moment ? ' top' : ''));
    bar.style.width = Math.max(0, Math.min(100, p * 100)).toFixed(1) + '%';
    track.append(bar);
    row.append(el('span', null, name), track, el('span', 'num', pct(p)));
    panel.append(row);
  }
  const focus = ex.moment || Object.entries(ex.scores).sort((a, b) => b[1] - a[1])[0][0];
  const top = (ex.moments[focus] && ex.moments[focus].top) || [];
  panel.append(el('h4', null, `Why ${focus}`));
  const cues = el('ul');
  if (!top.length) cues.append(el('li', null, 'no cue points anywhere yet'));
  for (const c of top) {
    const li = el('li');
    const v = el('span', c.amount >= 0 ? 'pos' : 'neg', (c.amount >= 0 ? '+' : '') + c.amount.toFixed(2));
    li.append(el('span', null, c.cue === 'query' && ex.query.text ? `query “${ex.query.text}”` : c.cue), v);
    cues.append(li);
  }
  panel.append(cues);
  panel.append(el('h4', null, 'Slots'));
  const slots = el('ul');
  for (const s of document.querySelectorAll('[data-mm-slot]')) {
    const li = el('li');
    li.append(el('span', null, s.getAttribute('data-mm-slot')), el('span', null, s.getAttribute('data-mm-variant') || 'default'));
    slots.append(li);
  }
  panel.append(slots);
}

/** Shows the panel (idempotent). */
export function show(api) {
  if (host) return;
  host = document.createElement('micromoment-debug');
  host.setAttribute('data-mm-debug', '');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  root.append(el('div', 'panel'));
  document.documentElement.append(host);
  const update = () => render(api, root);
  for (const name of ['micromoment:change', 'micromoment:swap']) {
    document.addEventListener(name, update);
    listeners.push([name, update]);
  }
  update();
}

/** Removes the panel and its listeners. */
export function hide() {
  for (const [name, fn] of listeners.splice(0)) document.removeEventListener(name, fn);
  if (host) host.remove();
  host = null;
}
