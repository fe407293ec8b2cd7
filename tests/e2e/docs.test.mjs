// The build's figures in README.md and docs/*.md (sizes, SRI, the hold
// snippet's CSP hash; marked with <!-- build:NAME --> comments) are those of
// the current build: a figure older than the code it describes fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, blocks, docFiles, stale } from '../../scripts/docs-figures.mjs';

test('the build figures in the docs match this build', () => {
  const list = stale();
  // Only the lines that differ: the doc's with -, the build's with +.
  const lines = (a, b, sign) => a.split('\n').filter((l) => !b.split('\n').includes(l)).map((l) => `    ${sign} ${l}`);
  const detail = list
    .map((s) => [`${s.file}: block "${s.name}"`, ...lines(s.found, s.expected, '-'), ...lines(s.expected, s.found, '+')].join('\n'))
    .join('\n');
  assert.equal(list.length, 0,
    `the docs' build figures are out of date:\n${detail}\n` +
    'run `node scripts/docs-figures.mjs --write` (after make build), check the diff and commit it');
});

test('the docs carry the size table, the CDN tag and the hold hash', () => {
  const names = new Set();
  for (const file of docFiles()) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/<!-- build:([a-z-]+) -->/g)) names.add(m[1]);
  }
  for (const name of Object.keys(blocks())) assert.ok(names.has(name), `no doc has a "${name}" block`);
});
