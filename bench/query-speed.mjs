// How long one new query takes in Chromium, without CPU throttling:
// `micromoment.setCue('query', …)` after the tag has started — the JS glue,
// classifying the query, scoring every cue and the decision (a page with
// no slot, so nothing is swapped). Run after `make build`:
//   node bench/query-speed.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../tests/e2e/server.mjs';
import { launch } from '../tests/e2e/browser.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'www');
const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script async blocking="render" src="/micromoment/micromoment.js"></script></head><body><p>Query speed</p></body></html>`;
const server = await startServer({
  root,
  routes: {
    '/query-speed.html': (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return true;
    },
  },
});
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.server.address().port}/query-speed.html`);
  await page.evaluate(() => window.micromoment.ready);
  const r = await page.evaluate(() => {
    const queries = ['buy running shoes', 'how to clean suede shoes', 'shoe shop near me', 'what is pronation',
      'trail shoes vs road shoes', 'nike pegasus 41 price', 'eiffel tower height', 'tom hanks age',
      'løbesko tilbud', 'hvordan vaske joggesko', 'scarpe da corsa vicino a me', 'купить кроссовки'];
    const mm = window.micromoment;
    const run = () => {
      const t = performance.now();
      for (let i = 0; i < 1000; i++) mm.setCue('query', queries[i % queries.length] + ' ' + (i % 7));
      return (performance.now() - t) / 1000;
    };
    run();
    run();
    const rounds = Array.from({ length: 10 }, run).sort((a, b) => a - b);
    return { best: rounds[0] * 1000, median: rounds[5] * 1000, moment: mm.moment() };
  });
  console.log(`setCue('query', …) in Chromium: median ${r.median.toFixed(1)} µs, best ${r.best.toFixed(1)} µs per query ` +
    `(10 rounds of 1000, ${(await browser.version())})`);
} finally {
  await browser.close();
  server.server.close();
}
