// Fails when the gzipped tag grows past its budgets in size-budget.json:
// `critical` — the largest first-part file (micromoment.js or
// micromoment.<lang>.js: everything between the page and its first decision),
// and `total` — that plus the second part (everything the tag ever loads on a
// page; the debug overlay and the hold snippet are extras on request).
// Measures the files in www/micromoment/ with gzip -9, as a server sends them.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const top = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.join(top, 'www', 'micromoment');
const budget = JSON.parse(fs.readFileSync(path.join(top, 'size-budget.json'), 'utf8'));
const gzip = (f) => zlib.gzipSync(fs.readFileSync(path.join(dir, f)), { level: 9 }).length;

const firsts = fs.readdirSync(dir).filter((f) => /^micromoment(\.[a-z]+)?\.js$/.test(f));
if (!firsts.includes('micromoment.js')) throw new Error('www/micromoment/micromoment.js is missing: run make build');
const sized = firsts.map((f) => [f, gzip(f)]).sort((a, b) => b[1] - a[1]);
const [largest, critical] = sized[0];
const more = gzip('micromoment-more.js');
const total = critical + more;
const rows = [
  ['micromoment.js (first part, English)', gzip('micromoment.js'), null],
  [`${largest} (largest first part)`, critical, budget.critical],
  ['micromoment-more.js (second part)', more, null],
  ['everything a page loads', total, budget.total],
];
for (const [name, bytes, limit] of rows) {
  console.log(`${name.padEnd(44)} ${String(bytes).padStart(7)} B gzip${limit ? ` (budget ${limit} B)` : ''}`);
}
let failed = false;
for (const [name, bytes, limit] of rows) {
  if (limit && bytes > limit) {
    console.error(`${name}: ${bytes} B gzip is over its budget of ${limit} B: shrink the tag or, for a deliberate increase, raise size-budget.json`);
    failed = true;
  }
}
if (failed) process.exit(1);
