// Fails when the gzipped script-tag payload (loader + glue + wasm, what a
// page loads) or the single file grows past its budget in size-budget.json.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const top = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.join(top, 'www', 'micromoment');
const files = ['micromoment.js', 'micromoment_core.js', 'micromoment_core_bg.wasm'];
const budget = JSON.parse(fs.readFileSync(path.join(top, 'size-budget.json'), 'utf8'));

let raw = 0;
let gz = 0;
for (const f of files) {
  const body = fs.readFileSync(path.join(dir, f));
  const z = execFileSync('gzip', ['-9', '-c', path.join(dir, f)]).length;
  console.log(`${f.padEnd(28)} ${String(body.length).padStart(8)} B  ${String(z).padStart(7)} B gzip`);
  raw += body.length;
  gz += z;
}
console.log(`${'total'.padEnd(28)} ${String(raw).padStart(8)} B  ${String(gz).padStart(7)} B gzip (budget ${budget.gzipBytes} B)`);
let failed = false;
if (gz > budget.gzipBytes) {
  console.error(`size budget exceeded by ${gz - budget.gzipBytes} B gzip: shrink the tag or, for a deliberate increase, raise size-budget.json`);
  failed = true;
}
// The single file (the wasm inside the JS) has its own budget.
const single = path.join(dir, 'micromoment.inline.js');
const singleGz = execFileSync('gzip', ['-9', '-c', single]).length;
console.log(`${'micromoment.inline.js'.padEnd(28)} ${String(fs.statSync(single).size).padStart(8)} B  ${String(singleGz).padStart(7)} B gzip (budget ${budget.singleFileGzipBytes} B)`);
if (!(singleGz <= budget.singleFileGzipBytes)) {
  console.error(`single-file size budget exceeded (${singleGz} > ${budget.singleFileGzipBytes} B gzip): shrink the tag or, for a deliberate increase, raise size-budget.json`);
  failed = true;
}
if (failed) process.exit(1);
