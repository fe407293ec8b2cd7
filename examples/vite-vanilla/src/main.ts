import { start, moment, type MicromomentConfig } from 'micromoment';
import './style.css';

const config: MicromomentConfig = {
  threshold: 0.5,
  hysteresis: { margin: 0.1, minMs: 1500 },
};

const output = document.querySelector<HTMLOutputElement>('#moment')!;
document.addEventListener('micromoment:change', (e) => {
  output.value = e.detail.moment ?? 'undecided';
});

start(config).then((running) => {
  document.documentElement.dataset.mmExample = running ? 'running' : 'failed';
  output.value = moment() ?? 'undecided';
});
