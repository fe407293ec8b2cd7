// Demo page only: shows what the tag decided and every cue it read.
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
if (window.micromoment) window.micromoment.ready.then(render);
