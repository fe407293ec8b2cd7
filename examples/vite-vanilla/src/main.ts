import { start, moment, type MicromomentConfig } from 'micromoment';
// The shop has Danish visitors too: Danish search words then count in the
// first decision (English is always there; other languages arrive with the
// rest of the tag, after first paint).
import da from 'micromoment/languages/da';
import './style.css';

const config: MicromomentConfig = {
  threshold: 0.5,
  hysteresis: { margin: 0.1, minMs: 1500 },
};

const output = document.querySelector<HTMLOutputElement>('#moment')!;
document.addEventListener('micromoment:change', (e) => {
  output.value = e.detail.moment ?? 'undecided';
});

start(config, { languages: [da] }).then((running) => {
  document.documentElement.dataset.mmExample = running ? 'running' : 'failed';
  output.value = moment() ?? 'undecided';
});
