// Draws the two product photos of the benchmark page (bench/pages/img/)
// with a canvas in Chromium and saves them as JPEG. Run once; the images
// are committed. `node bench/make-images.mjs`
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../tests/e2e/browser.mjs';

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages', 'img');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage();
for (const [name, w, h, seed, hue] of [['featured.jpg', 824, 464, 7, 140], ['ridge.jpg', 480, 320, 11, 25]]) {
  const url = await page.evaluate(({ w, h, seed, hue }) => {
    let s = seed;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const g = c.getContext('2d');
    const bg = g.createLinearGradient(0, 0, w, h);
    bg.addColorStop(0, `hsl(${hue} 35% 78%)`);
    bg.addColorStop(1, `hsl(${hue + 30} 30% 42%)`);
    g.fillStyle = bg;
    g.fillRect(0, 0, w, h);
    for (let i = 0; i < 60; i += 1) {
      g.fillStyle = `hsla(${hue + rnd() * 80 - 40} ${30 + rnd() * 40}% ${30 + rnd() * 50}% / ${0.15 + rnd() * 0.3})`;
      g.beginPath();
      g.ellipse(rnd() * w, rnd() * h, 10 + rnd() * w / 4, 6 + rnd() * h / 5, rnd() * 3, 0, 7);
      g.fill();
    }
    // A shoe-like shape in front.
    g.fillStyle = `hsl(${hue + 180} 55% 45%)`;
    g.beginPath();
    g.ellipse(w * 0.5, h * 0.62, w * 0.3, h * 0.14, -0.12, 0, 7);
    g.fill();
    g.fillStyle = '#f4f1ea';
    g.fillRect(w * 0.22, h * 0.7, w * 0.58, h * 0.05);
    const img = g.getImageData(0, 0, w, h);
    for (let i = 0; i < img.data.length; i += 4) {
      const n = (rnd() - 0.5) * 18;
      img.data[i] += n;
      img.data[i + 1] += n;
      img.data[i + 2] += n;
    }
    g.putImageData(img, 0, 0);
    return c.toDataURL('image/jpeg', 0.8);
  }, { w, h, seed, hue });
  fs.writeFileSync(path.join(OUT, name), Buffer.from(url.split(',')[1], 'base64'));
  console.log(name, fs.statSync(path.join(OUT, name)).size, 'bytes');
}
await browser.close();
