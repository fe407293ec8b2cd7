// Demo page only: applies the cue simulator's choices (sim_* parameters)
// through the public API, and shows what the tag decided and every cue it read.
const params = new URLSearchParams(location.search);
// The tag loads asynchronously: its command queue runs this once it exists.
// Calls made before the tag runs are queued and applied right after its
// first decision, so the simulated cues count from the start.
(window.micromomentQueue = window.micromomentQueue || []).push((mm) => {
  const source = params.get('sim_source');
  const words = params.get('utm_term');
  if (source === 'q' || source === 'referrer') mm.setCue('query', words || '');
  if (source === 'referrer') mm.setCue('referrer', 'search');
  for (const [param, cue, number] of [
    ['sim_device', 'device', false],
    ['sim_referrer', 'referrer', false],
    ['sim_km', 'storeKm', true],
    ['sim_hour', 'hour', true],
    ['sim_lang', 'lang', false],
  ]) {
    const v = params.get(param);
    if (v) mm.setCue(cue, number ? Number(v) : v);
  }
  mm.ready.then(render);
});
// Keep the form showing the simulated visit.
const form = document.getElementById('sim');
for (const [k, v] of params) if (form.elements[k]) form.elements[k].value = v;

const decision = document.getElementById('mm-decision');
const body = document.querySelector('#mm-cues tbody');

function render() {
  const mm = window.micromoment;
  const ex = mm && mm.explain();
  if (!ex) return;
  const pct = (p) => Math.round(p * 100) + '%';
  const scores = Object.entries(ex.scores).map(([m, p]) => `${m} ${pct(p)}`).join(' · ');
  decision.textContent = (ex.moment ? `Moment: ${ex.moment} (${pct(ex.confidence)})` : 'Undecided: default content') + ' — ' + scores;
  body.replaceChildren();
  for (const [name, value] of Object.entries(ex.cues)) {
    const tr = document.createElement('tr');
    const a = document.createElement('td');
    const b = document.createElement('td');
    a.textContent = name;
    b.textContent = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    tr.append(a, b);
    body.append(tr);
  }
}

document.addEventListener('micromoment:change', render);
