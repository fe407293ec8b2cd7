// End-to-end: the debug overlay (?mm_debug=1, "debug": true, micromoment.debug()).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launch, openPage } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
let server;
let browser;

// The demo page turns the panel on in its config; this copy does not.
const DEMO = fs.readFileSync(path.join(root, 'www', 'index.html'), 'utf8');
const PLAIN = DEMO.replace('"debug": true,', '');

before(async () => {
  assert.notEqual(PLAIN, DEMO, 'the demo config sets "debug": true');
  server = await startServer({
    root: path.join(root, 'www'),
    routes: {
      '/plain.html': (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(PLAIN);
        return true;
      },
    },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// Reads the panel's content from its shadow root.
const readPanel = () => {
  const host = document.querySelector('micromoment-debug');
  if (!host || !host.shadowRoot) return null;
  const r = host.shadowRoot;
  return {
    moment: r.querySelector('.moment')?.textContent,
    bars: [...r.querySelectorAll('.row')].map((row) => ({
      moment: row.dataset.moment,
      width: parseFloat(row.querySelector('.bar').style.width),
      visible: row.querySelector('.bar').getBoundingClientRect().width > 0,
    })),
    cues: [...r.querySelectorAll('ul')[0].querySelectorAll('li')].map((li) => li.textContent),
    slots: [...r.querySelectorAll('ul')[1].querySelectorAll('li')].map((li) => li.textContent),
  };
};

test('?mm_debug=1 shows the moment, a bar per moment, the top cues and each slot', async () => {
  const { page, log, context } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(server.url + '/?utm_term=buy+running+shoes&mm_debug=1');
  await page.waitForFunction(() => document.querySelector('micromoment-debug')?.shadowRoot?.querySelector('.row'));
  const panel = await page.evaluate(readPanel);
  assert.match(panel.moment, /^buy · \d+%/);
  assert.deepEqual(panel.bars.map((b) => b.moment), ['know', 'go', 'do', 'buy']);
  const buy = panel.bars.find((b) => b.moment === 'buy');
  assert.ok(buy.width > 50 && buy.visible, `buy bar ${buy.width}%`);
  assert.ok(panel.bars.filter((b) => b.moment !== 'buy').every((b) => b.width < buy.width));
  assert.ok(panel.cues[0].startsWith('query “buy running shoes”'), panel.cues[0]);
  assert.ok(panel.slots.includes('herobuy'), panel.slots.join(' | '));
  // The panel's styles stay inside its shadow root.
  const pageFont = await page.evaluate(() => getComputedStyle(document.querySelector('h1')).fontSize);
  assert.equal(pageFont, '32px');
  // The screenshot (docs/debug-overlay.png is a copy) must show the bars:
  // the buy bar's green pixels are there.
  const shot = path.join(root, 'target', 'e2e', 'debug-overlay.png');
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  const png = await page.locator('micromoment-debug .panel').screenshot({ path: shot });
  assert.ok(png.length > 2000, 'a real picture');
  const green = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 60 && d[i + 1] > 100 && d[i + 2] < 100) n++;
    return n;
  }, png.toString('base64'));
  assert.ok(green > 300, `the buy bar is visible in the screenshot (${green} green pixels)`);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('micromoment.debug(true/false) opens and closes the panel, and it follows new decisions', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(server.url + '/plain.html');
  await page.evaluate(() => window.micromoment.ready);
  // Without "debug" in the config the panel is not loaded by itself.
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => !!document.querySelector('micromoment-debug')), false);
  assert.equal(await page.evaluate(() => window.micromoment.debug(true)), true);
  assert.match((await page.evaluate(readPanel)).moment, /^undecided/);
  await page.evaluate(() => window.micromoment.setCue('query', 'how to clean suede'));
  await page.waitForFunction(() => document.querySelector('micromoment-debug').shadowRoot.querySelector('.moment').textContent.startsWith('do'));
  await page.evaluate(() => window.micromoment.debug(false));
  await page.waitForFunction(() => !document.querySelector('micromoment-debug'));
  await context.close();
});
