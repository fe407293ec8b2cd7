// Gives the wasm's imports and internal exports short names, in the wasm and
// in its JS glue together, and drops the custom sections browsers ignore.
//
// wasm-bindgen names each import after the JS it calls plus a 16-digit hash
// (`__wbg_addEventListener_f2d27251d333a631`) and the module
// `./micromoment_core_bg.js`; both files carry every name once, and the
// hashes do not compress. The crate's own exports (`start`, `explain`, …)
// keep their names (the loader calls them), and so does `memory`.
//
// Every name is replaced as a whole identifier, and the step fails when a
// name is missing from the glue or a short name already occurs in it, so a
// new wasm-bindgen output cannot be half-renamed silently.

// wasm-bindgen's own exports (`__wbindgen_malloc`, `__externref_table_alloc`,
// `wasm_bindgen__convert__closures_____invoke__h…`); every other export is
// the crate's API or `memory` and keeps its name.
const internal = (name) => /^(__|wasm_bindgen__)/.test(name);

const identifier = (name) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
const usedBy = (js, name) => identifier(name).test(js);

function reader(bytes) {
  let at = 0;
  const r = {
    get at() { return at; },
    set at(v) { at = v; },
    byte() {
      if (at >= bytes.length) throw new Error('wasm ends early');
      return bytes[at++];
    },
    u32() {
      let v = 0;
      let shift = 0;
      for (;;) {
        const b = r.byte();
        v += (b & 0x7f) * 2 ** shift;
        if (!(b & 0x80)) return v;
        shift += 7;
      }
    },
    name() {
      const n = r.u32();
      const s = Buffer.from(bytes.subarray(at, at + n)).toString('utf8');
      at += n;
      return s;
    },
  };
  return r;
}

function u32(v) {
  const out = [];
  do {
    let b = v % 128;
    v = Math.floor(v / 128);
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}

const nameBytes = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([u32(b.length), b]);
};

// Copies an import's description (what follows its kind byte).
function skipImportDesc(r, kind) {
  const limits = () => {
    const flags = r.byte();
    r.u32();
    if (flags & 1) r.u32();
  };
  switch (kind) {
    case 0: r.u32(); break; // function: type index
    case 1: r.byte(); limits(); break; // table: reference type, limits
    case 2: limits(); break; // memory
    case 3: r.byte(); r.byte(); break; // global: value type, mutability
    case 4: r.byte(); r.u32(); break; // tag: attribute, type index
    default: throw new Error(`unknown import kind ${kind}`);
  }
}

// Short identifiers: a, b, …, Z, then a0, a1, …; none may occur in `avoid`
// (the original glue, which holds every export's name).
function* shortIds(avoid) {
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const rest = first + '0123456789';
  const taken = (id) => usedBy(avoid, id);
  for (let len = 1; ; len++) {
    const walk = function* (prefix, n) {
      if (n === 0) {
        yield prefix;
        return;
      }
      for (const c of prefix ? rest : first) yield* walk(prefix + c, n - 1);
    };
    for (const id of walk('', len)) if (!taken(id)) yield id;
  }
}

/**
 * Renames in `wasm` (bytes) and `glue` (JS text). Returns the new pair, the
 * renames (old name -> new) and the exports dropped.
 */
export function shortenNames(wasm, glue) {
  const r = reader(wasm);
  r.at = 8;
  const sections = [Buffer.from(wasm.subarray(0, 8))];
  const renames = new Map(); // old identifier -> new
  const ids = shortIds(glue);
  const rename = (old) => {
    if (!renames.has(old)) renames.set(old, ids.next().value);
    return renames.get(old);
  };
  const MODULE = 'a';
  const dropped = [];
  let module = null;
  while (r.at < wasm.length) {
    const start = r.at;
    const id = r.byte();
    const size = r.u32();
    const body = r.at;
    const end = body + size;
    if (id === 0) {
      r.at = end; // custom sections (producers, target_features): not needed to run
      continue;
    }
    if (id === 2 || id === 7) {
      const parts = [];
      const count = r.u32();
      let kept = 0;
      for (let i = 0; i < count; i++) {
        if (id === 2) {
          kept++;
          const mod = r.name();
          if (module !== null && mod !== module) throw new Error(`second import module ${mod}`);
          module = mod;
          const field = r.name();
          const kind = r.byte();
          const descAt = r.at;
          skipImportDesc(r, kind);
          parts.push(nameBytes(MODULE), nameBytes(rename(field)), Buffer.from([kind]),
            Buffer.from(wasm.subarray(descAt, r.at)));
        } else {
          const name = r.name();
          const kindAndIndex = r.at;
          r.byte();
          r.u32();
          if (internal(name) && !usedBy(glue, name)) {
            dropped.push(name); // exported for other hosts, never read by this glue
            continue;
          }
          const short = internal(name) ? rename(name) : name;
          parts.push(nameBytes(short), Buffer.from(wasm.subarray(kindAndIndex, r.at)));
          kept++;
        }
      }
      if (r.at !== end) throw new Error(`section ${id} has ${end - r.at} unread bytes`);
      const payload = Buffer.concat([u32(kept), ...parts]);
      sections.push(Buffer.from([id]), u32(payload.length), payload);
      continue;
    }
    sections.push(Buffer.from(wasm.subarray(start, end)));
    r.at = end;
  }
  let js = glue;
  const quoted = JSON.stringify(module);
  if (!js.includes(quoted)) throw new Error(`import module ${quoted} not found in the glue`);
  js = js.split(quoted).join(JSON.stringify(MODULE));
  for (const [old, short] of renames) {
    const before = js;
    js = js.replace(identifier(old), short);
    if (js === before) throw new Error(`${old} not found in the glue`);
  }
  return { wasm: Buffer.concat(sections), glue: js, renames, dropped };
}

// `node scripts/shortnames.mjs DIR`: rewrites DIR/micromoment_core_bg.wasm
// and DIR/micromoment_core.js in place (the build runs wasm-opt after it,
// which then also drops the code only the removed exports reached).
if (import.meta.url === `file://${process.argv[1]}`) {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const dir = process.argv[2];
  const wasmFile = path.join(dir, 'micromoment_core_bg.wasm');
  const glueFile = path.join(dir, 'micromoment_core.js');
  const r = shortenNames(fs.readFileSync(wasmFile), fs.readFileSync(glueFile, 'utf8'));
  fs.writeFileSync(wasmFile, r.wasm);
  fs.writeFileSync(glueFile, r.glue);
  // The glue's types describe the instance's exports (`InitOutput`).
  const typesFile = path.join(dir, 'micromoment_core.d.ts');
  if (fs.existsSync(typesFile)) {
    let types = fs.readFileSync(typesFile, 'utf8');
    for (const name of r.dropped) {
      types = types.replace(new RegExp(`^ *readonly ${name.replace(/\$/g, '\\$')}: .*\n`, 'm'), '');
    }
    for (const [old, short] of r.renames) types = types.replace(identifier(old), short);
    fs.writeFileSync(typesFile, types);
  }
  console.log(`${dir}: ${r.renames.size} names shortened, ${r.dropped.length} unused exports dropped`);
}
