// What the hand-written pieces of the wasm save: builds both wasm parts as
// shipped and with one piece at a time put back to what the standard
// library (or serde_json) offers, and prints the sizes after GNU gzip -9 as a
// Markdown table (docs/benchmarks.md, "What the hand-written pieces save").
//
// Each variant is built in a fresh copy of the committed tree (git archive
// HEAD) under a temporary folder, with the same cargo and wasm-opt
// commands as scripts/build.sh. A variant whose source text no longer
// matches fails loudly: update its edit here. About 10 minutes on 2 cores.
//
// Usage: node bench/pieces.mjs        (from the repository root, after make build)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wasmOpt = path.join(root, 'node_modules/binaryen/bin/wasm-opt');

/** Replaces the body of the `fn` starting with `head` (up to the first line that is just `}`). */
function body(text, head, replacement) {
  const a = text.indexOf(head);
  if (a < 0) throw new Error(`not found: ${head}`);
  const b = text.indexOf('\n}\n', a);
  return text.slice(0, a) + head + '\n' + replacement + text.slice(b);
}
function swap(text, from, to) {
  if (!text.includes(from)) throw new Error(`not found: ${from}`);
  return text.replace(from, to);
}

const withStd = {
  'src/lib.rs': (t) => {
    t = swap(t, '#![cfg_attr(target_arch = "wasm32", no_std)]\n', '');
    return t.slice(0, t.indexOf('/// The shipped wasm has no standard library'));
  },
};
const VARIANTS = [
  ['as shipped', {}],
  ['the standard library, keeping the own allocator', withStd],
  ["the standard library's allocator (with the standard library)", {
    ...withStd,
    'src/web/mod.rs': (t) => swap(t, '#[global_allocator]\n', '#[allow(dead_code)]\n'),
  }],
  ['`f64` methods and `str::parse` for `src/num.rs` (with the standard library)', {
    ...withStd,
    'src/num.rs': (t) => t.slice(0, t.indexOf('/// 2^52')) + [
      'pub fn trunc(x: f64) -> f64 { x.trunc() }',
      'pub fn floor(x: f64) -> f64 { x.floor() }',
      'pub fn sqrt(x: f64) -> f64 { x.sqrt() }',
      'pub fn round(x: f64) -> f64 { x.round() }',
      'pub fn exp(x: f64) -> f64 { x.exp() }',
      'pub fn parse_u32(s: &str) -> Option<u32> { s.parse().ok() }',
    ].map((l) => '#[allow(missing_docs)]\n' + l).join('\n') + '\n',
  }],
  ['`str::parse::<f64>` for `json::parse_number`', {
    'src/json.rs': (t) => body(t, 'pub fn parse_number(s: &str) -> Option<f64> {', '    s.parse::<f64>().ok().filter(|x| x.is_finite())'),
  }],
  ['`str::parse::<u32>` and `write!` for `num::parse_u32` and `json::write_uint`', {
    'src/num.rs': (t) => body(t, 'pub fn parse_u32(s: &str) -> Option<u32> {', '    s.parse().ok()'),
    'src/json.rs': (t) => body(t, 'pub(crate) fn write_uint(out: &mut String, n: u64) {', '    use core::fmt::Write;\n    let _ = write!(out, "{}", n);'),
  }],
  ['`serde_json` for `json::parse`', {
    'Cargo.toml': (t) => swap(t, '[features]', '[dependencies]\nserde_json = { version = "1", default-features = false, features = ["alloc"] }\n\n[features]'),
    'src/json.rs': (t) => body(t, 'pub fn parse(text: &str) -> Result<Value, JsonError> {', `    fn conv(v: serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(a) => Value::Array(a.into_iter().map(conv).collect()),
            serde_json::Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, conv(v))).collect()),
        }
    }
    let text = text.strip_prefix('\\u{feff}').unwrap_or(text);
    serde_json::from_str::<serde_json::Value>(text)
        .map(conv)
        .map_err(|_| JsonError { line: 0, column: 0, message: "invalid JSON" })`),
  }],
  ["core's `char::to_lowercase` for the folding tables", {
    'src/text.rs': (t) => body(t, 'fn fold_char(c: char) -> [char; 2] {', "    let mut l = c.to_lowercase();\n    [l.next().unwrap_or(c), l.next().unwrap_or('\\0')]"),
  }],
  ['nothing for the folding tables (non-ASCII kept as is)', {
    'src/text.rs': (t) => body(t, 'fn fold_char(c: char) -> [char; 2] {', "    [c, '\\0']"),
  }],
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-pieces-'));
const target = path.join(tmp, 'target');
const run = (cmd, cwd) => execSync(cmd, { cwd, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CARGO_TARGET_DIR: target } });
const rows = [];
try {
  VARIANTS.forEach(([name, edits], i) => {
    const dir = path.join(tmp, String(i));
    fs.mkdirSync(dir);
    execSync(`git archive HEAD | tar -x -C ${dir}`, { cwd: root });
    for (const [file, edit] of Object.entries(edits)) {
      const p = path.join(dir, file);
      fs.writeFileSync(p, edit(fs.readFileSync(p, 'utf8')));
    }
    const sizes = [];
    for (const feature of ['tag', 'tag-more']) {
      run(`cargo build --quiet --release --lib --target wasm32-unknown-unknown --no-default-features --features ${feature}`, dir);
      const out = path.join(dir, feature + '.wasm');
      run(`${wasmOpt} ${target}/wasm32-unknown-unknown/release/micromoment.wasm -Oz --strip-debug --strip-producers ` +
        `--strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext ` +
        `--enable-mutable-globals -o ${out}`, dir);
      // From stdin, so gzip stores no file name in its header.
      sizes.push(Number(execSync(`gzip -9 < ${out} | wc -c`, { encoding: 'utf8' }).trim()));
    }
    rows.push([name, ...sizes]);
    console.error(`${name}: ${sizes.join(' / ')}`);
  });
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
const [, f0, m0] = rows[0];
const signed = (d) => (d > 0 ? '+' : d < 0 ? '−' : '') + Math.abs(d);
console.log('| replaced by | first part | second part |');
console.log('|---|--:|--:|');
console.log(`| ${rows[0][0]} (wasm, gzip -9) | ${f0} | ${m0} |`);
for (const [name, f, m] of rows.slice(1)) {
  // The std-based variants compare with the std build, the others with the shipped one.
  const base = name.includes('(with the standard library)') ? rows[1] : rows[0];
  console.log(`| ${name} | ${signed(f - base[1])} | ${signed(m - base[2])} |`);
}
