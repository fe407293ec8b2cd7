// Soak: one hour of a visitor, simulated at accelerated speed in headless
// Chromium — scrolling, typing in the search box, SPA navigations, slots
// inserted and removed, cues set — then destroy(). Checks that the data
// scripts hold (heap snapshot objects, strings, closures, DOM wrappers) and
// the wasm memory grow at most 5% between the first and the last quarter, and that no listener or observer of the tag remains.
// Run: node tests/e2e/soak.mjs [minutes=60]   (make soak)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launch, openPage } from './browser.mjs';
import { dataBytes } from './heap.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const minutes = Number(process.argv[2] || 60);
const server = await startServer({ root: path.join(here, '../../www') });
const browser = await launch();
const { page, context, log } = await openPage(browser);
const cdp = await context.newCDPSession(page);
await page.goto(server.url + '/?utm_term=running+shoes');
await page.evaluate(() => window.micromoment.ready);

async function heap() {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.micromoment.explain().memoryBytes);
  return { js: usedSize, data: await dataBytes(cdp), wasm };
}

// Listeners of the kinds the tag installs, on window and document (the
// demo page's own listener for micromoment:change is not one of them).
const TAG_EVENTS = new Set(['scroll', 'visibilitychange', 'input', 'click', 'play', 'keydown', 'pointerdown', 'popstate']);
async function listenerCount() {
  let total = 0;
  for (const expr of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: expr });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    total += listeners.filter((l) => TAG_EVENTS.has(l.type)).length;
  }
  return total;
}

const queries = ['how to clean suede', 'buy trail shoes', 'store near me', 'what is gore-tex', 'cheap running shoes'];
const samples = [];
const steps = minutes * 60; // one step = one simulated second
const t0 = Date.now();
for (let s = 0; s < steps; s++) {
  await page.evaluate(([s, q]) => {
    const y = (s * 137) % Math.max(1, document.body.scrollHeight - innerHeight);
    window.scrollTo(0, y);
    window.dispatchEvent(new Event('scroll'));
    if (s % 7 === 0) {
      const box = document.querySelector('input[type=search]');
      box.value = q.slice(0, 1 + (s % q.length));
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }
    if (s % 30 === 0) history.pushState({}, '', '/?q=' + encodeURIComponent(q) + '&n=' + s);
    if (s % 45 === 0) {
      const el = document.createElement('div');
      el.setAttribute('data-mm-slot', 'soak');
      el.innerHTML = '<p>default</p><template data-mm-moment="buy"><p>buy</p></template><template data-mm-moment="do"><p>do</p></template>';
      document.body.append(el);
      const old = document.querySelectorAll('[data-mm-slot="soak"]');
      if (old.length > 3) old[0].remove();
    }
    if (s % 60 === 0) window.micromoment.setCue('cart_value', s % 500);
  }, [s, queries[s % queries.length]]);
  if (s % Math.floor(steps / 8) === 0) samples.push(await heap());
}
samples.push(await heap());
const before = await listenerCount();
await page.evaluate(() => window.micromoment.destroy());
const after = await listenerCount();
const quarter = Math.max(1, Math.floor(samples.length / 4));
const avg = (xs, k) => xs.reduce((a, x) => a + x[k], 0) / xs.length;
const first = samples.slice(1, 1 + quarter);
const last = samples.slice(-quarter);
const growth = (k) => (avg(last, k) - avg(first, k)) / avg(first, k);
const report = {
  simulatedMinutes: minutes,
  wallSeconds: Math.round((Date.now() - t0) / 1000),
  jsHeapGrowth: Number((growth('js') * 100).toFixed(2)) + '% (V8 heap, compiled code included)',
  dataGrowth: Number((growth('data') * 100).toFixed(2)) + '%',
  dataBytes: samples.at(-1).data,
  wasmMemoryGrowth: Number((growth('wasm') * 100).toFixed(2)) + '%',
  wasmBytes: samples.at(-1).wasm,
  listenersBeforeDestroy: before,
  listenersAfterDestroy: after,
  consoleErrors: log.errors.length,
};
console.log(JSON.stringify(report, null, 2));
await browser.close();
await server.close();
const ok = growth('data') <= 0.05 && growth('wasm') <= 0.05 && log.errors.length === 0 && after === 0 && before > 0;
if (!ok) {
  console.error('soak failed: memory grew more than 5%, listeners remained after destroy(), or errors were logged');
  process.exit(1);
}
