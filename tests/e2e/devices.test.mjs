// End-to-end: the device class the tag reads in the browser, over the
// emulated phones, tablets, desktops and other devices of
// tests/data/devices.json (several makers, both orientations): the page's
// own signals (Client Hints, screen, touch, pointer) decide before the
// User-Agent, so a tablet whose UA says "Mobile" is still a tablet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launch } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEVICES = JSON.parse(fs.readFileSync(path.join(here, '../data/devices.json'), 'utf8'));
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<script async blocking="render" src="/micromoment/micromoment.js"></script></head>
<body><section data-mm-slot="hero"><h1>Default</h1>
<template data-mm-moment="go" data-mm-when="mobile"><h1 data-block="go-mobile">Call us</h1></template>
<template data-mm-moment="go" data-mm-when="tablet"><h1 data-block="go-tablet">Browse the map</h1></template>
<template data-mm-moment="go"><h1 data-block="go">Visit us</h1></template></section></body></html>`;

let server;
let browser;
before(async () => {
  server = await startServer({
    root: here,
    mounts: { '/micromoment/': path.join(here, '../../www/micromoment') },
    routes: {
      '/device.html': (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(PAGE);
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

/**
 * A page whose emulated device can be changed between loads (one browser
 * context for all devices: creating one per device is slow).
 */
async function emulator() {
  const context = await browser.newContext();
  // The device class is the first part's: the second part is not needed.
  await context.route('**/micromoment-more.js', (route) => route.abort());
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  /** The device class (and the signal that decided it) the tag reads for `d`. */
  async function read(d) {
    errors.length = 0;
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      width: d.viewport.width,
      height: d.viewport.height,
      deviceScaleFactor: d.deviceScaleFactor,
      mobile: d.isMobile,
      screenWidth: d.screen.width,
      screenHeight: d.screen.height,
    });
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: d.hasTouch, maxTouchPoints: d.maxTouchPoints || 1 });
    const major = (d.userAgent.match(/Chrome\/(\d+)/) || [0, '124'])[1];
    await cdp.send('Emulation.setUserAgentOverride', {
      userAgent: d.userAgent,
      ...(d.clientHints ? {
        userAgentMetadata: {
          brands: [{ brand: 'Chromium', version: major }],
          fullVersion: `${major}.0.0.0`,
          platform: d.clientHints.platform || '',
          platformVersion: '',
          architecture: '',
          model: '',
          mobile: !!d.clientHints.mobile,
        },
      } : {}),
    });
    await page.goto(`${server.url}/device.html?utm_term=shoe+store+near+me`);
    await page.waitForFunction(() => window.micromoment);
    const seen = await page.evaluate(() => {
      const ex = window.micromoment.explain();
      const block = document.querySelector('[data-mm-slot=hero] h1').dataset.block || 'default';
      return { device: ex.cues.device, by: ex.cues.deviceBy, block };
    });
    return { ...seen, errors: [...errors] };
  }
  return { read, close: () => context.close() };
}

test(`the device class is right for at least 98% of ${DEVICES.length} emulated devices, and templates follow it`, async () => {
  const wrong = [];
  const by = {};
  const results = [];
  const e = await emulator();
  for (const d of DEVICES) results.push(await e.read(d));
  await e.close();
  for (const [i, d] of DEVICES.entries()) {
    const seen = results[i];
    assert.deepEqual(seen.errors, [], d.name);
    by[seen.by] = (by[seen.by] || 0) + 1;
    if (seen.device !== d.expected) wrong.push(`${d.name}: ${seen.device} (by ${seen.by}), expected ${d.expected}`);
    // The template chosen for the go moment follows the device class read.
    const want = seen.device === 'mobile' ? 'go-mobile' : seen.device === 'tablet' ? 'go-tablet' : 'go';
    assert.equal(seen.block, want, `${d.name}: the slot shows ${seen.block}`);
  }
  console.log(`# ${DEVICES.length - wrong.length}/${DEVICES.length} right; decided by ${JSON.stringify(by)}`);
  for (const w of wrong) console.log(`#   wrong: ${w}`);
  assert.ok(wrong.length <= DEVICES.length * 0.02, `${wrong.length} wrong:\n${wrong.join('\n')}`);
  // The page's own signals decide for most devices, not the UA string.
  assert.ok((by['client-hints'] || 0) + (by.screen || 0) > DEVICES.length / 2, JSON.stringify(by));
});
