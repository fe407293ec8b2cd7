// Load benchmark of the micromoment script tag (first part + second part)
// against GrowthBook's script tag and a page without a tag, on Lighthouse's
// mobile profile.
//
//   node bench/run.mjs [--runs N]       (`make bench` runs `cd bench && npm ci && node run.mjs`)
//
// Everything is served from 127.0.0.1 by bench/server.mjs (gzip -9) and
// driven by playwright-core with Debian's Chromium. Prints a markdown report
// and writes it to bench/RESULTS.md. Options (flag, or environment):
//   --runs N          BENCH_RUNS          loads per page on the mobile profile (default 10)
//   --frame-runs N    BENCH_FRAME_RUNS    loads per tag page with the frame probe (default --runs)
//   --local-runs N    BENCH_LOCAL_RUNS    loads per page on localhost without network throttling (default --runs)
//   --trace-runs N    BENCH_TRACE_RUNS    traced loads per page on the mobile profile, and on localhost if
//                                         --local-runs is not 0 (default --runs; 0 skips the main-thread figures)
//   --no-interaction  BENCH_INTERACTION=0 skip the scroll / search-box pass
//   --no-host         BENCH_HOST=0        skip the host timing loop (cargo run --release --example bench_infer)
//   --raw FILE        BENCH_RAW=FILE      also write every raw measurement
//   --out FILE        BENCH_OUT=FILE      write the report there instead of bench/RESULTS.md
//   CHROMIUM=path     browser binary (default /usr/bin/chromium)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, wasmMemories } from '../tests/e2e/browser.mjs';
import { startServer } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const TAG_DIR = path.join(REPO, 'www', 'micromoment');
const GB_DIR = path.join(HERE, 'node_modules', '@growthbook', 'growthbook', 'dist', 'bundles');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function option(flag, env, dflt) {
  const i = process.argv.indexOf(flag);
  const raw = i > 0 ? process.argv[i + 1] : process.env[env];
  const v = Number(raw);
  return raw !== undefined && Number.isFinite(v) && v >= 0 ? Math.floor(v) : dflt;
}
const flag = (name, env) => process.argv.includes(name) || process.env[env] === '0';
const RUNS = Math.max(1, option('--runs', 'BENCH_RUNS', 10));
const FRAME_RUNS = option('--frame-runs', 'BENCH_FRAME_RUNS', RUNS);
const LOCAL_RUNS = option('--local-runs', 'BENCH_LOCAL_RUNS', RUNS);
const TRACE_RUNS = option('--trace-runs', 'BENCH_TRACE_RUNS', RUNS);
const NO_INTERACTION = flag('--no-interaction', 'BENCH_INTERACTION');
const NO_HOST = flag('--no-host', 'BENCH_HOST');
const RAW = (() => {
  const i = process.argv.indexOf('--raw');
  return i > 0 ? process.argv[i + 1] : process.env.BENCH_RAW;
})();
const OUT = (() => {
  const i = process.argv.indexOf('--out');
  return i > 0 ? process.argv[i + 1] : process.env.BENCH_OUT || path.join(HERE, 'RESULTS.md');
})();
const NICE = os.getPriority();
const COMMAND = [NICE ? `nice -n ${NICE}` : '', 'node bench/run.mjs', ...process.argv.slice(2)].filter(Boolean).join(' ');

// Lighthouse's mobile profile (constants.js: throttling.mobileSlow4G and
// screenEmulationMetrics.mobile), applied as devtools throttling with the
// figures as given: 150 ms latency per request, 1.6 Mbps down, 750 kbps up.
const CPU = 4;
const MOBILE_NET = {
  offline: false,
  latency: 150,
  downloadThroughput: Math.floor((1.6 * 1024 * 1024) / 8),
  uploadThroughput: Math.floor((750 * 1024) / 8),
};
const DEVICE = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
};
const QUERY = '?utm_term=buy+running+shoes';
const HERO_TEXT = 'Running shoes in stock — free delivery';
const SCROLL_EVENTS = 10_000;
const SCROLL_BATCH = 100;
const SCROLL_WARMUP = 2_000;
const INPUT_BATCHES = 40;
const INPUT_BATCH = 25;
// Measurement window after navigation start (ms), the same for every page
// of a pass: the trace's main-thread totals cover it, and it is long
// enough for micromoment's second part to arrive.
const WINDOW_MOBILE = 6000;
const WINDOW_LOCAL = 3000;

const PAGES = {
  A: { name: 'micromoment, blocking=render', file: 'a-micromoment.html', tag: ['/micromoment/'], wasm: true },
  D: { name: 'micromoment, hold snippet, no blocking', file: 'd-hold.html', tag: ['/micromoment/'], wasm: true, noBlocking: true },
  B: { name: 'GrowthBook', file: 'b-growthbook.html', tag: ['/growthbook/'], wasm: false },
  C: { name: 'no tag', file: 'c-none.html', tag: [], wasm: false },
};
const COLUMNS = ['C', 'A', 'D', 'B'];
const TAGGED = ['A', 'D', 'B'];

// ---------------------------------------------------------------- helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const gzipSize = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

function quantile(values, q) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}
const median = (v) => quantile(v, 0.5);
const p99 = (v) => quantile(v, 0.99);
/** { med, min, max, n } of the finite numbers in `values`. */
function stats(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return { med: median(v), min: v.length ? Math.min(...v) : null, max: v.length ? Math.max(...v) : null, n: v.length };
}

function fmt(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (typeof x !== 'number') return String(x);
  return x.toFixed(digits);
}
const kb = (bytes) => (bytes === null || bytes === undefined ? '—' : (bytes / 1024).toFixed(1) + ' KB');
// A ratio only means something between two positive amounts.
const ratio = (a, b) => (a === null || b === null || !(a > 0) || !(b > 0) ? '—' : (a / b).toFixed(2));
const delta = (a, c) => (a === null || a === undefined || c === null || c === undefined ? null : a - c);

function log(...args) {
  process.stderr.write(args.join(' ') + '\n');
}

// The pages must differ only between their <!-- tag --> markers.
function checkPagesIdentical() {
  const strip = (file) => fs.readFileSync(path.join(HERE, 'pages', file), 'utf8')
    .replace(/<!-- tag -->[\s\S]*?<!-- \/tag -->/g, '<!-- tag -->');
  const base = strip(PAGES.C.file);
  for (const k of TAGGED) {
    if (strip(PAGES[k].file) !== base) throw new Error(`${PAGES[k].file} differs from ${PAGES.C.file} outside its tag markers`);
  }
}

function chromiumVersion() {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch (e) {
    return 'unknown';
  }
}

function machineNote() {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m) || [])[1] || 'unknown';
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    arch: os.arch(),
    cpu,
    chromium: chromiumVersion(),
    node: process.version,
    load: [os.loadavg()],
  };
}

// Tag files on disk, keyed by URL path, with raw and gzip -9 sizes.
function fileSizes(urlPrefix, dir) {
  const out = {};
  if (!fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith('.map')) continue;
    const buf = fs.readFileSync(path.join(dir, name));
    out[urlPrefix + name] = { raw: buf.length, gzip: gzipSize(buf) };
  }
  return out;
}

// The mobile user agent Lighthouse emulates, with this Chromium's major
// version, and the matching client hints (navigator.userAgentData).
function mobileAgent(version) {
  const major = (version.match(/(\d+)\.\d+\.\d+\.\d+/) || [])[1] || '156';
  const full = (version.match(/(\d+\.\d+\.\d+\.\d+)/) || [])[1] || major + '.0.0.0';
  const userAgent = `Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Mobile Safari/537.36`;
  const brands = [{ brand: 'Chromium', version: major }, { brand: 'Not.A/Brand', version: '99' }];
  return {
    userAgent,
    platform: 'Linux armv8l',
    userAgentMetadata: {
      brands,
      fullVersionList: [{ brand: 'Chromium', version: full }, { brand: 'Not.A/Brand', version: '99.0.0.0' }],
      fullVersion: full,
      platform: 'Android',
      platformVersion: '11.0.0',
      architecture: '',
      model: 'moto g power (2022)',
      mobile: true,
    },
  };
}

// ---------------------------------------------------------------- one load

async function newPage(browser, agent, { frames = false, frameUntil = 15000, noBlocking = false } = {}) {
  const context = await browser.newContext({ ...DEVICE, userAgent: agent.userAgent });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const net = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    net.set(e.requestId, { url: e.request.url, bytes: 0, status: null });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = net.get(e.requestId);
    if (r) r.status = e.response.status;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = net.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = net.get(e.requestId);
    if (r) r.status = 'failed: ' + e.errorText;
  });
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setUserAgentOverride', agent);
  await page.addInitScript(PROBE.replaceAll('__BENCH_OPTS__', JSON.stringify({ frames, frameUntil, noBlocking })));
  return { context, page, cdp, net, problems };
}

async function heapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

// Bytes of every WebAssembly.Memory alive in the page (the tag's linear
// memories; the tag exposes no handle to them, so the heap is searched).
async function wasmMemory(cdp) {
  const sizes = await wasmMemories(cdp);
  return { count: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0) };
}

// The JS sampling profile of the page's main thread, from the trace's
// ProfileChunk events (category disabled-by-default-v8.cpu_profiler): every
// sample with its time (trace clock, µs), the time until the next sample,
// and the node of its innermost frame.
function traceSamples(events, pid, tid) {
  const ids = new Set(events.filter((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid).map((e) => e.id));
  const starts = new Map(events.filter((e) => e.name === 'Profile' && e.pid === pid && ids.has(e.id))
    .map((e) => [e.id, e.args.data.startTime]));
  const nodes = new Map();
  const out = [];
  for (const id of ids) {
    const chunks = events.filter((e) => e.name === 'ProfileChunk' && e.pid === pid && e.id === id).sort((a, b) => a.ts - b.ts);
    let t = starts.get(id);
    const samples = [];
    for (const c of chunks) {
      const d = c.args.data || {};
      const cp = d.cpuProfile || {};
      for (const n of cp.nodes || []) nodes.set(id + ':' + n.id, { ...n, key: id + ':' + n.id, parentKey: n.parent === undefined ? null : id + ':' + n.parent });
      const deltas = d.timeDeltas || [];
      (cp.samples || []).forEach((node, i) => {
        t += deltas[i] || 0;
        samples.push({ ts: t, node: id + ':' + node });
      });
    }
    for (let i = 0; i < samples.length; i += 1) {
      samples[i].dur = i + 1 < samples.length ? samples[i + 1].ts - samples[i].ts : 0;
      out.push(samples[i]);
    }
  }
  return { nodes, samples: out.sort((a, b) => a.ts - b.ts) };
}

const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
];

// Main-thread work of the test page from a Chromium trace: every top-level
// task of the renderer's main thread between the page's navigation start
// and the end of the window, and the tasks in which the tag ran: a task
// holding an event that names one of the tag's files (script evaluation,
// function calls, timers, frames), a wasm event (the tag is the only wasm
// on these pages), or a JS sample with the tag's scripts or wasm on the
// stack (this catches promise continuations, which carry no URL in the
// trace). `fp` (ms after navigation start) splits the tag's time into
// before and after the first paint.
function traceMainThread(events, spec, windowMs, fp) {
  const { file, tag: prefixes } = spec;
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args && e.args.beginData
    && String(e.args.beginData.url).includes('/' + file));
  if (!parse) return null;
  const { pid, tid } = parse;
  const navs = events.filter((e) => e.name === 'navigationStart' && e.pid === pid && e.args && e.args.data
    && String(e.args.data.documentLoaderURL).includes('/' + file));
  const t0 = navs.length ? Math.min(...navs.map((e) => e.ts)) : parse.ts;
  const t1 = t0 + windowMs * 1000;
  const tFp = fp === null || fp === undefined ? null : t0 + fp * 1000;
  const thread = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((x, y) => x.ts - y.ts || y.dur - x.dur);
  const tasks = [];
  let end = -Infinity;
  for (const e of thread) {
    if ((e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.ts >= end) {
      tasks.push({ ts: e.ts, dur: e.dur, tag: false });
      end = e.ts + e.dur;
    }
  }
  const isTagPath = (url) => {
    if (!url) return false;
    if (url.startsWith('wasm://')) return spec.wasm;
    try {
      const p = new URL(url).pathname;
      return prefixes.some((x) => p.startsWith(x));
    } catch (err) {
      return false;
    }
  };
  const urlOf = (e) => {
    const a = e.args || {};
    const d = a.data || {};
    return String(d.url || a.fileName || (d.stackTrace && d.stackTrace[0] && d.stackTrace[0].url) || '');
  };
  const markTask = (ts) => {
    // Binary search for the task holding `ts`.
    let lo = 0;
    let hi = tasks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (tasks[mid].ts + tasks[mid].dur < ts) lo = mid + 1;
      else if (tasks[mid].ts > ts) hi = mid - 1;
      else {
        tasks[mid].tag = true;
        return;
      }
    }
  };
  for (const e of thread) {
    if ((e.name.startsWith('v8.wasm.') && spec.wasm) || isTagPath(urlOf(e))) markTask(e.ts);
  }
  // JS samples: the tag's own script and wasm time, and where it goes.
  const { nodes, samples } = traceSamples(events, pid, tid);
  const tagNode = new Map();
  const onTag = (key) => {
    if (key === null || !nodes.has(key)) return false;
    if (tagNode.has(key)) return tagNode.get(key);
    const n = nodes.get(key);
    const v = isTagPath(n.callFrame.url || '') || onTag(n.parentKey);
    tagNode.set(key, v);
    return v;
  };
  const bucket = (key) => {
    for (let cur = key; cur !== null && nodes.has(cur); cur = nodes.get(cur).parentKey) {
      const cf = nodes.get(cur).callFrame;
      if ((cf.url || '').startsWith('wasm://') || cf.codeType === 'wasm') return 'wasm code';
      // Minified files: the column tells anonymous functions apart.
      if (isTagPath(cf.url || '')) return `${cf.functionName || '(anonymous)'} (${cf.url.split('/').pop()}:${cf.lineNumber + 1}:${cf.columnNumber + 1})`;
    }
    return 'other';
  };
  let sampledMs = 0;
  const by = {};
  for (const smp of samples) {
    if (smp.ts < t0 || smp.ts > t1 || !onTag(smp.node)) continue;
    markTask(smp.ts);
    sampledMs += smp.dur / 1000;
    const b = bucket(smp.node);
    by[b] = (by[b] || 0) + smp.dur / 1000;
  }
  let busy = 0;
  let tag = 0;
  let tagBeforeFp = 0;
  let tagTasks = 0;
  let longest = 0;
  let longestTag = 0;
  for (const t of tasks) {
    const overlap = Math.max(0, Math.min(t.ts + t.dur, t1) - Math.max(t.ts, t0));
    if (overlap <= 0) continue;
    busy += overlap;
    longest = Math.max(longest, t.dur);
    if (t.tag) {
      tag += overlap;
      tagTasks += 1;
      longestTag = Math.max(longestTag, t.dur);
      if (tFp !== null) tagBeforeFp += Math.max(0, Math.min(t.ts + t.dur, tFp, t1) - Math.max(t.ts, t0));
    }
  }
  return {
    busyMs: busy / 1000,
    tagMs: tag / 1000,
    tagBeforeFpMs: tFp === null ? null : tagBeforeFp / 1000,
    tagTasks,
    longestMs: longest / 1000,
    longestTagMs: longestTag / 1000,
    sampledMs: samples.length ? sampledMs : null,
    samples: samples.length,
    by,
  };
}

const pathOf = (u) => {
  try {
    return new URL(u).pathname;
  } catch (e) {
    return u;
  }
};

async function loadOnce(browser, agent, key, origin, opts) {
  const spec = PAGES[key];
  const { network = null, frames = false, trace = false, memory = true, windowMs = 0 } = opts;
  const s = await newPage(browser, agent, { frames, noBlocking: !!spec.noBlocking });
  const { page, cdp, net } = s;
  try {
    // A same-origin blank page first, so the test page commits into a
    // renderer that is already up.
    await page.goto(origin + '/blank.html', { waitUntil: 'load' });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
    if (network) await cdp.send('Network.emulateNetworkConditions', network);
    await sleep(100);
    if (trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.goto(origin + '/' + spec.file + QUERY, { waitUntil: 'load', timeout: 60_000 });
    if (frames) {
      // Until the frame probe has seen the tailored hero in three frames
      // (or gives up), or the default for a while on the no-tag page.
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const done = await page.evaluate(() => window.__bench.frames.filter((f) => f[3]).length >= 3
          || performance.now() > 15_000);
        if (done) break;
        await sleep(100);
      }
    } else if (trace) {
      // The same window after navigation start for every page of a pass.
      const elapsed = await page.evaluate(() => performance.now());
      await sleep(Math.max(0, windowMs - elapsed) + 100);
    } else {
      // Untraced: until the tag is done (micromoment's second part attached,
      // GrowthBook's swap made), at most 12 s after navigation start.
      const deadline = Date.now() + 12_000;
      while (Date.now() < deadline) {
        const done = await page.evaluate((k) => {
          const r = window.__bench;
          if (performance.now() > 12_000) return true;
          if (k === 'A' || k === 'D') return r.readyAt !== null || !window.micromoment;
          if (k === 'B') return r.swapAt !== null;
          return true;
        }, key);
        if (done) break;
        await sleep(100);
      }
      await sleep(300);
    }
    const fp0 = await page.evaluate(() => window.__bench.fp);
    let traced = null;
    if (trace) {
      const buf = await browser.stopTracing();
      traced = traceMainThread(JSON.parse(buf.toString('utf8')).traceEvents, spec, windowMs, fp0);
    }
    const data = await page.evaluate(() => {
      const r = window.__bench;
      const hero = document.getElementById('hero');
      const nav = performance.getEntriesByType('navigation')[0];
      const b = document.createElement('script').blocking;
      return {
        ...r,
        now: performance.now(),
        moment: window.micromoment ? window.micromoment.moment() : null,
        heroText: hero ? hero.innerText.trim().split('\n')[0] : null,
        isolated: self.crossOriginIsolated === true,
        mobile: !!(navigator.userAgentData && navigator.userAgentData.mobile),
        blockingSupported: !!(b && b.supports && b.supports('render')),
        html: nav ? { encoded: nav.encodedBodySize, decoded: nav.decodedBodySize, responseEnd: nav.responseEnd } : null,
        resources: performance.getEntriesByType('resource').map((e) => ({
          path: new URL(e.name).pathname,
          start: e.startTime,
          responseStart: e.responseStart,
          responseEnd: e.responseEnd,
          encoded: e.encodedBodySize,
          decoded: e.decodedBodySize,
          transfer: e.transferSize,
        })),
      };
    });
    // Memory does not depend on the CPU speed; measure it at full speed.
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const heap = memory ? await heapUsed(cdp) : null;
    const wasm = memory ? await wasmMemory(cdp) : { count: 0, bytes: null };
    const requests = [...net.values()];
    const external = requests.filter((r) => {
      try {
        const u = new URL(r.url);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '127.0.0.1';
      } catch (e) {
        return false;
      }
    });
    const tagWire = requests.filter((r) => spec.tag.some((p) => pathOf(r.url).startsWith(p)))
      .reduce((sum, r) => sum + r.bytes, 0);
    return {
      key,
      data,
      trace: traced,
      heap,
      wasm,
      tagWire,
      external: external.map((r) => r.url),
      failed: requests.filter((r) => r.status !== null && (typeof r.status === 'string' || r.status >= 400))
        .map((r) => r.url + ' ' + r.status),
      problems: s.problems,
    };
  } finally {
    await s.context.close();
  }
}

// Per-load figures from the probe's records.
function analyse(run) {
  const d = run.data;
  const spec = PAGES[run.key];
  const tagRes = d.resources.filter((r) => spec.tag.some((p) => r.path.startsWith(p)));
  const swapped = d.swapAt !== null && d.heroText === HERO_TEXT;
  const heroPaint = d.elements['hero-final'] ?? null;
  // Frame probe: the first frame in which the tailored hero was visible,
  // and the frames that showed the default hero before it. A frame
  // callback runs right before that frame's paint; frames before first
  // contentful paint are not presented (paint holding), except the last
  // one, which produces FCP. So the FCP frame and every later frame that
  // shows the default before the tailored hero is a painted flicker.
  // Without an FCP entry (seen once in 30 loads) every frame counts.
  const fcpFrame = d.fcp === null ? -Infinity
    : d.frames.reduce((last, [t]) => (t <= d.fcp ? t : last), -Infinity);
  const heroFrame = (d.frames.find((f) => f[3]) || [null])[0];
  const defaultFrames = d.frames.filter(([t, def, , fin]) => def && !fin && t >= fcpFrame).length;
  // Frames after first paint in which the hero slot showed neither (held
  // unseen, or the hold snippet's prehide).
  const blankFrames = d.frames.filter(([t, def, , fin]) => !def && !fin && t >= fcpFrame).length;
  const more = tagRes.find((r) => r.path.endsWith('/micromoment-more.js'));
  const encoded = (list) => list.reduce((s, r) => s + r.encoded, 0);
  const decoded = (list) => list.reduce((s, r) => s + r.decoded, 0);
  const beforeSwap = d.swapAt === null ? [] : tagRes.filter((r) => r.responseEnd <= d.swapAt);
  return {
    swapped,
    moment: d.moment,
    swapAt: d.swapAt,
    heroPaint,
    defaultPaint: d.elements['hero-default'] ?? null,
    featurePaint: d.elements['feature-image'] ?? null,
    heroFrame,
    defaultFrames,
    blankFrames,
    framesSeen: d.frames.length,
    defaultPaintedET: 'hero-default' in d.elements,
    fp: d.fp,
    fcp: d.fcp,
    load: d.load,
    cls: d.cls,
    longtask: d.longtasks.reduce((m, [, dur]) => Math.max(m, dur), 0),
    longtasks: d.longtasks.length,
    tagFiles: tagRes.map((r) => r.path),
    tagEncoded: encoded(tagRes),
    tagDecoded: decoded(tagRes),
    beforeSwapFiles: beforeSwap.map((r) => r.path),
    beforeSwapEncoded: d.swapAt === null ? null : encoded(beforeSwap),
    beforeSwapDecoded: d.swapAt === null ? null : decoded(beforeSwap),
    htmlEncoded: d.html ? d.html.encoded : null,
    moreStartAfterFp: more && d.fp !== null ? more.start - d.fp : null,
    moreEndAfterFp: more && d.fp !== null ? more.responseEnd - d.fp : null,
    readyAfterFp: d.readyAt !== null && d.fp !== null ? d.readyAt - d.fp : null,
    ready: d.ready,
    prehideLifted: d.prehide.length ? d.prehide[0][1] : null,
    held: d.held.length > 0,
  };
}

// ---------------------------------------------------------------- passes

const emptyPass = (keys = COLUMNS) => Object.fromEntries(keys.map((k) => [k, []]));

async function loadPass(browser, agent, origin, { runs, label, keys = COLUMNS, warmup = true, ...opts }) {
  const out = Object.fromEntries(keys.map((k) => [k, []]));
  // One unrecorded round first: the first load of each page warms the
  // server and the browser's process pool.
  if (warmup) for (const k of keys) await loadOnce(browser, agent, k, origin, opts);
  for (let i = 0; i < runs; i += 1) {
    // Interleaved, and the order rotates each round so no page is always
    // first after a pause.
    const order = keys.map((_, j) => keys[(i + j) % keys.length]);
    for (const k of order) {
      let run = await loadOnce(browser, agent, k, origin, opts);
      // A load whose files failed (e.g. the tag being rebuilt meanwhile)
      // measures nothing useful: retry it once and say so.
      if (run.failed.length) {
        log(`  ${label}: ${k} had failed requests (${run.failed.join(', ')}); retrying once`);
        RETRIED.push(`${label} ${k}: ${run.failed.join(', ')}`);
        run = await loadOnce(browser, agent, k, origin, opts);
      }
      run.v = analyse(run);
      out[k].push(run);
    }
    log(`  ${label}: round ${i + 1}/${runs} ` + keys.map((k) => {
      const r = out[k][i];
      const hero = r.v.heroPaint ?? r.v.heroFrame;
      const busy = r.trace ? ` tag ${Math.round(r.trace.tagMs)}` : '';
      const fl = r.v.defaultFrames > 0 || (k !== 'C' && r.v.defaultPaintedET) ? ' FLICKER' : '';
      return `${k}: fp ${fmt(r.v.fp, 0)} hero ${fmt(hero, 0)}${busy}${fl}`;
    }).join(' · '));
  }
  return out;
}

// Synthetic scroll events and search-box keystrokes on a loaded page.
async function interactionPass(browser, agent, origin, key, throttle) {
  const spec = PAGES[key];
  const s = await newPage(browser, agent, { noBlocking: !!spec.noBlocking });
  const { page, cdp } = s;
  try {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await page.goto(origin + '/' + spec.file + QUERY, { waitUntil: 'load' });
    await page.evaluate(async () => {
      if (window.micromoment) await window.micromoment.ready;
    });
    await sleep(500);
    const scrollRound = ({ total, batch }) => page.evaluate(async ({ total: n, batch: size }) => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
      const perEvent = [];
      const perFrame = [];
      const maxY = document.documentElement.scrollHeight - innerHeight;
      for (let b = 0; b < n / size; b += 1) {
        // A real position change each batch, so the once-per-frame work
        // sees movement, direction changes and depth.
        scrollTo(0, Math.round(((b * 37) % 100) / 100 * maxY));
        await frame();
        await frame();
        let before = 0;
        requestAnimationFrame(() => { before = performance.now(); });
        const t0 = performance.now();
        for (let i = 0; i < size; i += 1) window.dispatchEvent(new Event('scroll'));
        const t1 = performance.now();
        const after = await new Promise((r) => requestAnimationFrame(() => r(performance.now())));
        perEvent.push(((t1 - t0) * 1000) / size);
        perFrame.push((after - before) * 1000);
      }
      scrollTo(0, 0);
      await frame();
      return { perEvent, perFrame };
    }, { total, batch });
    // A short unrecorded round first, so one-time allocations (compiled
    // code, first frame handles) do not count as growth.
    await scrollRound({ total: SCROLL_WARMUP, batch: SCROLL_BATCH });
    const heap0 = await heapUsed(cdp);
    const wasm0 = await wasmMemory(cdp);
    const scroll = await scrollRound({ total: SCROLL_EVENTS, batch: SCROLL_BATCH });
    const heap1 = await heapUsed(cdp);
    const wasm1 = await wasmMemory(cdp);

    const input = await page.evaluate(async ({ batches, batch }) => {
      const box = document.querySelector('input[type=search]');
      box.focus();
      const words = 'buy running shoes near me today ';
      const perEvent = [];
      for (let b = 0; b < batches; b += 1) {
        const t0 = performance.now();
        for (let i = 0; i < batch; i += 1) {
          box.value = words.slice(0, 1 + ((b * batch + i) % words.length));
          box.dispatchEvent(new Event('input', { bubbles: true }));
        }
        const t1 = performance.now();
        perEvent.push(((t1 - t0) * 1000) / batch);
        await new Promise((r) => setTimeout(r, 0));
      }
      // Let the debounced re-decision of the burst run before timing one.
      await new Promise((r) => setTimeout(r, 600));
      let settle = null;
      let decide = null;
      const mm = window.micromoment;
      if (mm) {
        const target = 'how to clean suede shoes';
        const queryOf = () => {
          const ex = mm.explain();
          return ex && ex.cues ? ex.cues.query : null;
        };
        let last = 0;
        for (let k = 1; k <= target.length; k += 1) {
          box.value = target.slice(0, k);
          last = performance.now();
          box.dispatchEvent(new Event('input', { bubbles: true }));
          await new Promise((r) => setTimeout(r, 30));
        }
        // Wait out most of the debounce, then poll every task turn.
        await new Promise((r) => setTimeout(r, 200));
        const ch = new MessageChannel();
        settle = await new Promise((resolve) => {
          const deadline = last + 3000;
          ch.port1.onmessage = () => {
            const now = performance.now();
            if (queryOf() === target) resolve(now - last);
            else if (now > deadline) resolve(null);
            else ch.port2.postMessage(0);
          };
          ch.port2.postMessage(0);
        });
        // One re-decision on its own: setCue re-scores and re-applies.
        const times = [];
        for (let i = 0; i < 50; i += 1) {
          const t0 = performance.now();
          mm.setCue('query', i % 2 ? 'buy running shoes' : 'how to clean suede shoes');
          times.push((performance.now() - t0) * 1000);
        }
        times.sort((a, b) => a - b);
        decide = times[Math.floor(times.length / 2)];
      }
      return { perEvent, settle, decide };
    }, { batches: INPUT_BATCHES, batch: INPUT_BATCH });
    return { key, scroll, input, heap0, heap1, wasm0, wasm1, problems: s.problems };
  } finally {
    await s.context.close();
  }
}

// ---------------------------------------------------------------- host

function hostBench() {
  if (NO_HOST) return null;
  const cargo = spawnSync('cargo', ['--version'], { encoding: 'utf8' });
  if (cargo.status !== 0) return null;
  log('host: cargo run --release --example bench_infer');
  const r = spawnSync('cargo', ['run', '--quiet', '--release', '--example', 'bench_infer'], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return r.status === 0 ? r.stdout.trim() : null;
}

// ---------------------------------------------------------------- report

function summarise(runs) {
  const v = (f) => stats(runs.map(f));
  const count = (f) => runs.filter(f).length;
  return {
    n: runs.length,
    swapped: count((r) => r.v.swapped),
    moments: [...new Set(runs.map((r) => r.v.moment))],
    fp: v((r) => r.v.fp),
    fcp: v((r) => r.v.fcp),
    load: v((r) => r.v.load),
    swapAt: v((r) => r.v.swapAt),
    heroPaint: v((r) => r.v.heroPaint),
    heroPaintMissing: count((r) => r.v.swapped && r.v.heroPaint === null),
    heroAfterFp: v((r) => delta(r.v.heroPaint, r.v.fp)),
    defaultPaint: v((r) => r.v.defaultPaint),
    featurePaint: v((r) => r.v.featurePaint),
    heroFrame: v((r) => r.v.heroFrame),
    flickerFrames: count((r) => r.v.defaultFrames > 0),
    blankFrames: v((r) => r.v.blankFrames),
    blankRuns: count((r) => r.v.blankFrames > 0),
    defaultPaintedET: count((r) => r.v.defaultPaintedET),
    cls: v((r) => r.v.cls),
    longtask: v((r) => r.v.longtask),
    longtaskRuns: count((r) => r.v.longtasks > 0),
    tagEncoded: v((r) => r.v.tagEncoded),
    tagDecoded: v((r) => r.v.tagDecoded),
    tagWire: v((r) => r.tagWire),
    beforeSwapEncoded: v((r) => r.v.beforeSwapEncoded),
    beforeSwapDecoded: v((r) => r.v.beforeSwapDecoded),
    beforeSwapFiles: [...new Set(runs.flatMap((r) => r.v.beforeSwapFiles))],
    tagFiles: [...new Set(runs.flatMap((r) => r.v.tagFiles))],
    htmlEncoded: v((r) => r.v.htmlEncoded),
    moreStart: v((r) => r.v.moreStartAfterFp),
    moreEnd: v((r) => r.v.moreEndAfterFp),
    moreMissing: count((r) => r.v.moreEndAfterFp === null),
    ready: v((r) => r.v.readyAfterFp),
    readyFalse: count((r) => r.v.ready === false),
    prehideLifted: v((r) => r.v.prehideLifted),
    busy: v((r) => r.trace && r.trace.busyMs),
    tagMs: v((r) => r.trace && r.trace.tagMs),
    tagBeforeFp: v((r) => r.trace && r.trace.tagBeforeFpMs),
    tagTasks: v((r) => r.trace && r.trace.tagTasks),
    longestTag: v((r) => r.trace && r.trace.longestTagMs),
    longTagRuns: count((r) => r.trace && r.trace.longestTagMs > 50),
    heap: v((r) => r.heap),
    wasm: v((r) => r.wasm.bytes),
    sampled: v((r) => r.trace && r.trace.sampledMs),
  };
}

function inlineBytes(file) {
  const html = fs.readFileSync(path.join(HERE, 'pages', file), 'utf8')
    .replaceAll('@MICROMOMENT_HOLD@', holdSnippet());
  const parts = [...html.matchAll(/<!-- tag -->([\s\S]*?)<!-- \/tag -->/g)].map((m) => m[1]).join('');
  const buf = Buffer.from(parts.trim());
  return { raw: buf.length, gz: buf.length ? gzipSize(buf) : 0 };
}

function holdSnippet() {
  return fs.readFileSync(path.join(TAG_DIR, 'micromoment-hold.js'), 'utf8').trim();
}

function report(ctx) {
  const { machine, started, seconds, mobile, mobileTraced, framed, local, localTraced, inter, interFast, host, changed, agent, problems } = ctx;
  const S = Object.fromEntries(Object.entries(mobile).map(([k, v]) => [k, summarise(v)]));
  const M = Object.fromEntries(Object.entries(framed).map(([k, v]) => [k, summarise(v)]));
  const F = Object.fromEntries(Object.entries(local).map(([k, v]) => [k, summarise(v)]));
  const T = Object.fromEntries(Object.entries(mobileTraced).map(([k, v]) => [k, summarise(v)]));
  const G = Object.fromEntries(Object.entries(localTraced).map(([k, v]) => [k, summarise(v)]));
  const ms = (x) => (x === null || x === undefined ? '—' : fmt(x, 0) + ' ms');
  const ms1 = (x) => (x === null || x === undefined ? '—' : fmt(x, 1) + ' ms');
  const range = (o, f = ms) => (o.med === null ? '—' : `${f(o.med)} (${f(o.min).replace(/ ms$/, '')}–${f(o.max)})`);
  const kbr = (o) => (o.med === null ? '—' : o.min === o.max ? kb(o.med) : `${kb(o.med)} (${kb(o.min).replace(/ KB$/, '')}–${kb(o.max)})`);
  const signed = (x) => (x === null ? '—' : (x >= 0 ? '+' : '') + fmt(x, 0) + ' ms');
  const lines = [];
  const L = (s = '') => lines.push(s);
  const row = (label, cell, ratioOf) => {
    const cells = COLUMNS.map((k) => cell(k));
    const r = ratioOf ? [ratio(ratioOf('A'), ratioOf('B')), ratio(ratioOf('D'), ratioOf('B'))] : ['', ''];
    L(`| ${label} | ${cells.join(' | ')} | ${r.join(' | ')} |`);
  };
  const header = () => {
    L(`| metric | C ${PAGES.C.name} | A ${PAGES.A.name} | D ${PAGES.D.name} | B ${PAGES.B.name} | A/B | D/B |`);
    L('|---|---|---|---|---|---|---|');
  };
  const counts = (X, f) => (k) => (k === 'C' ? '—' : `${f(X[k])}/${X[k].n}`);
  const loadAvg = machine.load.map((l) => l.map((x) => x.toFixed(2)).join(' / ')).join(' → ');

  L('# micromoment benchmark results');
  L();
  L(`- Date: ${started.toISOString()}; the run took ${Math.round(seconds)} s: ${PHASES.join(', ')} (1-minute load average sampled every 5 s)`);
  L(`- Command: \`${COMMAND}\` (\`make bench\` runs \`cd bench && npm ci && node run.mjs\`)`);
  L(`- Machine: ${machine.nproc} CPUs (\`nproc\`), ${machine.arch}, ${machine.cpu}; ${machine.chromium} (headless, playwright-core); Node ${machine.node}`);
  L(`- Load average (1 / 5 / 15 min) at start → end: ${loadAvg}` +
    (Math.max(...machine.load.map((l) => l[0])) > machine.nproc * 0.75
      ? ' — **the machine was busy with other work; absolute times are inflated and noisy, compare pages within the run**' : ''));
  L(`- GrowthBook: @growthbook/growthbook ${ctx.gbVersion}, \`dist/bundles/auto.min.js\`; micromoment ${ctx.mmVersion}, \`www/micromoment/\` as built by \`make build\`.`);
  L(`- Mobile profile: ${DEVICE.viewport.width}×${DEVICE.viewport.height} viewport, deviceScaleFactor ${DEVICE.deviceScaleFactor}, touch, ` +
    `UA \`${agent.userAgent}\` with client hints (mobile, Android); CPU ${CPU}× (\`Emulation.setCPUThrottlingRate\`); ` +
    `\`Network.emulateNetworkConditions\` latency ${MOBILE_NET.latency} ms, down ${MOBILE_NET.downloadThroughput} B/s (1.6 Mbps), up ${MOBILE_NET.uploadThroughput} B/s (750 kbps); cache disabled.`);
  L(`- Served from 127.0.0.1 by bench/server.mjs, text gzip -9, \`no-store\`, COOP/COEP (cross-origin isolated: ${ctx.isolated ? 'yes' : 'no'}). ` +
    `External requests: ${ctx.external}. Loads retried after a failed request: ${RETRIED.length}${RETRIED.length ? ' (' + RETRIED.join('; ') + ')' : ''}. ` +
    `Client hints seen as mobile: ${ctx.mobileUa ? 'yes' : '**no**'}; page D saw blocking=render as unsupported: ${ctx.dNoBlocking ? 'yes' : '**no**'}.`);
  if (changed) L('- **The tag\'s files changed on disk during the run** (rebuilt meanwhile): byte counts and loads may mix two builds.');
  L(`- Loads interleaved (C A D B, rotating each round) after one unrecorded warm-up round; each load in a new browser context. Cells: median (min–max).`);
  L();

  L(`## Mobile profile (Lighthouse mobile: 150 ms, 1.6 Mbps / 750 kbps, CPU 4×)`);
  L();
  L(`${RUNS} untraced loads per page (times, bytes, CLS, second part, heap), ${FRAME_RUNS} frame-probe loads per tag page (flicker, first frame with the tailored hero), ${TRACE_RUNS} traced loads per page (main-thread rows).`);
  L();
  header();
  row('first paint', (k) => range(S[k].fp), (k) => S[k].fp.med);
  row('… minus C\'s first paint (medians)', (k) => (k === 'C' ? '—' : signed(delta(S[k].fp.med, S.C.fp.med))), null);
  row('first contentful paint', (k) => range(S[k].fcp), (k) => S[k].fcp.med);
  row('**tailored hero painted** (element timing; C: its default hero)', (k) => (k === 'C' ? range(S.C.defaultPaint) : range(S[k].heroPaint)), (k) => S[k].heroPaint.med);
  row('… tailored hero painted minus C\'s hero painted (medians)', (k) => (k === 'C' ? '—' : signed(delta(S[k].heroPaint.med, S.C.defaultPaint.med))), null);
  row('… tailored hero painted minus own first paint (medians; hero area not yet showing the tailored hero)', (k) => (k === 'C' ? '—' : ms(delta(S[k].heroPaint.med, S[k].fp.med))), null);
  row('… frame probe pass: first frame with the tailored hero visible', (k) => (k === 'C' ? '—' : range(M[k].heroFrame)), (k) => M[k] && M[k].heroFrame.med);
  row('tailored hero in the DOM (MutationObserver)', (k) => (k === 'C' ? '—' : range(S[k].swapAt)), (k) => S[k].swapAt.med);
  row('swap happened (decided moment)', (k) => (k === 'C' ? '—' : `${S[k].swapped}/${S[k].n}` + (k === 'B' ? '' : ` (${S[k].moments.join(', ')})`)), null);
  row('**default painted first** (frame probe: FCP frame or later showing the default before the tailored hero)', counts(M, (x) => x.flickerFrames), null);
  row('… element timing of the default heading (mobile pass)', (k) => (k === 'C' ? `${S.C.defaultPaintedET}/${S.C.n}` : `${S[k].defaultPaintedET}/${S[k].n}`), null);
  row('… frames after FCP showing neither hero (held / hidden), runs · median frames', (k) => (k === 'C' ? '—' : `${M[k].blankRuns}/${M[k].n} · ${fmt(M[k].blankFrames.med, 0)}`), null);
  row('CLS', (k) => `${fmt(S[k].cls.med, 4)} (max ${fmt(S[k].cls.max, 4)})`, null);
  row('featured image painted (element timing)', (k) => range(S[k].featurePaint), null);
  row('load event', (k) => range(S[k].load), null);
  row('**gzip bytes the tag fetched before the swap** (resource timing encodedBodySize)', (k) => (k === 'C' ? '0' : kbr(S[k].beforeSwapEncoded)), (k) => S[k].beforeSwapEncoded.med);
  row('… files', (k) => (k === 'C' ? '—' : S[k].beforeSwapFiles.map((p) => p.split('/').pop()).join(', ')), null);
  row('**gzip bytes the tag loaded in total** (all its files) · uncompressed', (k) => (k === 'C' ? '0' : `${kbr(S[k].tagEncoded)} · ${kb(S[k].tagDecoded.med)}`), (k) => S[k].tagEncoded.med);
  row('… files', (k) => (k === 'C' ? '—' : S[k].tagFiles.map((p) => p.split('/').pop()).join(', ')), null);
  row('HTML document, gzip (includes inline config / template / payload / hold snippet)', (k) => kbr(S[k].htmlEncoded), null);
  row('inline tag markup on its own, raw · gzip', (k) => (k === 'C' ? '0' : `${ctx.inline[k].raw} B · ${ctx.inline[k].gz} B`), null);
  row('**second part: response end minus first paint**', (k) => (k === 'A' || k === 'D' ? range(S[k].moreEnd) + (S[k].moreMissing ? ` (missing in ${S[k].moreMissing})` : '') : '—'), null);
  row('… request start minus first paint', (k) => (k === 'A' || k === 'D' ? range(S[k].moreStart) : '—'), null);
  row('… attached (`micromoment.ready` resolved) minus first paint', (k) => (k === 'A' || k === 'D' ? range(S[k].ready) : '—'), null);
  row('hold snippet lifted (`data-mm-prehide` removed), after navigation start', (k) => (k === 'D' ? range(S.D.prehideLifted) : '—'), null);
  row(`**main-thread time in tasks where the tag ran** (traced loads, navigation start + ${WINDOW_MOBILE / 1000} s) · tasks`, (k) => (k === 'C' ? '—' : `${range(T[k].tagMs, ms1)} · ${fmt(T[k].tagTasks.med, 0)}`), (k) => T[k].tagMs.med);
  row('… of which before first paint', (k) => (k === 'C' ? '—' : range(T[k].tagBeforeFp, ms1)), null);
  row('… the tag\'s own JS and wasm (JS samples with the tag on the stack)', (k) => (k === 'C' ? '—' : range(T[k].sampled, ms1)), (k) => T[k].sampled.med);
  row('main-thread busy (traced loads, all top-level tasks in the window)', (k) => range(T[k].busy), null);
  row('… minus C (medians)', (k) => (k === 'C' ? '—' : signed(delta(T[k].busy.med, T.C.busy.med))), (k) => delta(T[k].busy.med, T.C.busy.med));
  row('**longest task in which the tag ran** (traced loads)', (k) => (k === 'C' ? '—' : range(T[k].longestTag, ms1) + `; > 50 ms in ${T[k].longTagRuns}/${T[k].n}`), (k) => T[k].longestTag.med);
  row('longest long task of the page (PerformanceObserver; 0 = none)', (k) => `${range(S[k].longtask)}; in ${S[k].longtaskRuns}/${S[k].n}`, null);
  row('JS heap once the tag is done (GC\'d, Runtime.getHeapUsage)', (k) => kb(S[k].heap.med), null);
  row('… minus C', (k) => (k === 'C' ? '—' : kb(delta(S[k].heap.med, S.C.heap.med))), (k) => delta(S[k].heap.med, S.C.heap.med));
  row('wasm linear memory (every WebAssembly.Memory)', (k) => kb(S[k].wasm.med), null);
  L();
  const hr = (k) => (S[k].heroPaint.med !== null && S.B.heroPaint.med ? S[k].heroPaint.med / S.B.heroPaint.med : null);
  const verdict = (x) => (x === null ? 'not measured' : x <= 0.8 ? 'meets the goal (≤ 0.8)' : x <= 1 ? 'meets the target (≤ 1.0), not the goal (≤ 0.8)' : '**misses the target (≤ 1.0)**');
  L(`Tailored hero painted, ratio to GrowthBook in this run: A ${fmt(hr('A'), 2)} — ${verdict(hr('A'))}; D ${fmt(hr('D'), 2)} — ${verdict(hr('D'))}.`);
  L();

  L(`## Localhost, no network throttling, CPU 4× (mobile viewport and UA)`);
  L();
  L(`${LOCAL_RUNS} untraced loads per page, and ${TRACE_RUNS ? LOCAL_RUNS : 0} traced loads per page for the main-thread rows.`);
  L();
  header();
  row('first paint', (k) => range(F[k].fp), (k) => F[k].fp.med);
  row('**time the tag adds to first paint** (median minus C\'s median)', (k) => (k === 'C' ? '—' : signed(delta(F[k].fp.med, F.C.fp.med))), null);
  row('first contentful paint', (k) => range(F[k].fcp), (k) => F[k].fcp.med);
  row('**time the tag adds to first contentful paint** (median minus C\'s median; C\'s first paint is sometimes a blank one before its content)', (k) => (k === 'C' ? '—' : signed(delta(F[k].fcp.med, F.C.fcp.med))), null);
  row('tailored hero painted (element timing; C: its default hero)', (k) => (k === 'C' ? range(F.C.defaultPaint) : range(F[k].heroPaint)), (k) => F[k].heroPaint.med);
  row('… minus C\'s hero painted (medians)', (k) => (k === 'C' ? '—' : signed(delta(F[k].heroPaint.med, F.C.defaultPaint.med))), null);
  row('element timing of the default heading (default painted)', (k) => (k === 'C' ? '—' : `${F[k].defaultPaintedET}/${F[k].n}`), null);
  row('CLS', (k) => `${fmt(F[k].cls.med, 4)} (max ${fmt(F[k].cls.max, 4)})`, null);
  row('second part: response end minus first paint', (k) => (k === 'A' || k === 'D' ? range(F[k].moreEnd) : '—'), null);
  row('… attached minus first paint', (k) => (k === 'A' || k === 'D' ? range(F[k].ready) : '—'), null);
  row(`main-thread time in tasks where the tag ran (traced loads, navigation start + ${WINDOW_LOCAL / 1000} s) · tasks`, (k) => (k === 'C' ? '—' : `${range(G[k].tagMs, ms1)} · ${fmt(G[k].tagTasks.med, 0)}`), (k) => G[k].tagMs.med);
  row('… of which before first paint', (k) => (k === 'C' ? '—' : range(G[k].tagBeforeFp, ms1)), null);
  row('… the tag\'s own JS and wasm (JS samples)', (k) => (k === 'C' ? '—' : range(G[k].sampled, ms1)), (k) => G[k].sampled.med);
  row('main-thread busy minus C (medians)', (k) => (k === 'C' ? '—' : signed(delta(G[k].busy.med, G.C.busy.med))), null);
  row('longest task in which the tag ran (traced loads)', (k) => (k === 'C' ? '—' : range(G[k].longestTag, ms1) + `; > 50 ms in ${G[k].longTagRuns}/${G[k].n}`), (k) => G[k].longestTag.med);
  row('longest long task of the page (PerformanceObserver)', (k) => `${range(F[k].longtask)}; in ${F[k].longtaskRuns}/${F[k].n}`, null);
  L();

  L(`## Where the tag's main-thread JS time goes (JS samples in the trace, mobile profile, mean per load over ${TRACE_RUNS} traced loads)`);
  L();
  for (const k of ['A', 'D', 'B']) {
    const sum = {};
    for (const r of mobileTraced[k]) for (const [b, v] of Object.entries((r.trace && r.trace.by) || {})) sum[b] = (sum[b] || 0) + v;
    const rows = Object.entries(sum).map(([b, v]) => [b, v / Math.max(1, mobileTraced[k].length)]).sort((x, y) => y[1] - x[1]);
    L(`| ${k} ${PAGES[k].name}: innermost tag function (or wasm) | ms per load |`);
    L('|---|---|');
    for (const [name, v] of rows.slice(0, 8)) L(`| ${name.replace(/\|/g, '\\|')} | ${fmt(v, 1)} |`);
    L();
  }

  const interTable = (I, label) => {
    L(`## Interaction cost, ${label} (one load per page after \`ready\`; ${SCROLL_EVENTS} synthetic scroll events in batches of ${SCROLL_BATCH} after ${SCROLL_WARMUP} unrecorded; ${INPUT_BATCHES * INPUT_BATCH} input events in batches of ${INPUT_BATCH})`);
    L();
    L('| metric | A micromoment | B GrowthBook | C no tag | A minus C |');
    L('|---|---|---|---|---|');
    const us = (x) => fmt(x, 2) + ' µs';
    const se = (k) => (I[k] ? median(I[k].scroll.perEvent) : null);
    const se99 = (k) => (I[k] ? p99(I[k].scroll.perEvent) : null);
    L(`| scroll event, median over batches | ${us(se('A'))} | ${us(se('B'))} | ${us(se('C'))} | ${us(delta(se('A'), se('C')))} |`);
    L(`| scroll event, p99 over batches | ${us(se99('A'))} | ${us(se99('B'))} | ${us(se99('C'))} | ${us(delta(se99('A'), se99('C')))} |`);
    const sf = (k) => (I[k] ? median(I[k].scroll.perFrame) : null);
    const sf99 = (k) => (I[k] ? p99(I[k].scroll.perFrame) : null);
    L(`| frame work after a burst (between two rAF callbacks around the tag's), median · p99 | ${us(sf('A'))} · ${us(sf99('A'))} | ${us(sf('B'))} · ${us(sf99('B'))} | ${us(sf('C'))} · ${us(sf99('C'))} | ${us(delta(sf('A'), sf('C')))} |`);
    const hd = (k) => (I[k] ? I[k].heap1 - I[k].heap0 : null);
    const heapCell = (k) => (I[k] ? `${kb(I[k].heap0)} → ${kb(I[k].heap1)} (${hd(k) >= 0 ? '+' : ''}${fmt(hd(k) / 1024, 1)} KB)` : '—');
    L(`| JS heap before → after the ${SCROLL_EVENTS} scroll events (GC'd) | ${heapCell('A')} | ${heapCell('B')} | ${heapCell('C')} | ${kb(delta(hd('A'), hd('C')))} |`);
    L(`| wasm memory before → after | ${kb(I.A && I.A.wasm0.bytes)} → ${kb(I.A && I.A.wasm1.bytes)} | — | — | |`);
    const ie = (k) => (I[k] ? median(I[k].input.perEvent) : null);
    const ie99 = (k) => (I[k] ? p99(I[k].input.perEvent) : null);
    L(`| search-box input event (value set + dispatch), median · p99 | ${us(ie('A'))} · ${us(ie99('A'))} | ${us(ie('B'))} · ${us(ie99('B'))} | ${us(ie('C'))} · ${us(ie99('C'))} | ${us(delta(ie('A'), ie('C')))} |`);
    L(`| last keystroke → re-decision visible in \`explain()\` (debounce 250 ms) | ${ms1(I.A && I.A.input.settle)} | — | — | |`);
    L(`| one re-decision (\`setCue\` → re-score and apply), median | ${us(I.A && I.A.input.decide)} | — | — | |`);
    L();
  };
  if (inter) {
    interTable(inter, `CPU ${CPU}×`);
    interTable(interFast, 'no CPU throttling');
  }
  if (host) {
    L('## Host (native) model timing: `cargo run --release --example bench_infer`');
    L();
    L('```');
    L(host);
    L('```');
    L();
  }
  L('## Console warnings and errors');
  L();
  const pk = Object.entries(problems).filter(([, v]) => v.length);
  if (!pk.length) L('None on any page.');
  for (const [k, list] of pk) {
    L(`- ${k} ${PAGES[k].name}:`);
    for (const [msg, n] of list) L(`  - ${n}× \`${msg.replace(/`/g, "'").slice(0, 300)}\``);
  }
  L();
  L('How each figure is measured: [README.md](README.md).');
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- main

const PROBE = fs.readFileSync(path.join(HERE, 'probe.js'), 'utf8');
// Loads retried because a request failed.
const RETRIED = [];
// Duration of each pass, for the report.
const PHASES = [];

async function main() {
  const started = new Date();
  const t0 = Date.now();
  checkPagesIdentical();
  if (!fs.existsSync(path.join(TAG_DIR, 'micromoment.js')) || !fs.existsSync(path.join(TAG_DIR, 'micromoment-more.js'))) {
    throw new Error('www/micromoment/ is missing the two parts: build the tag first (make build)');
  }
  if (!fs.existsSync(path.join(GB_DIR, 'auto.min.js'))) {
    throw new Error('GrowthBook is missing: run `npm ci` in bench/');
  }
  const sizes = { ...fileSizes('/micromoment/', TAG_DIR), ...fileSizes('/growthbook/', GB_DIR) };
  const server = await startServer({
    root: path.join(HERE, 'pages'),
    mounts: { '/micromoment/': TAG_DIR, '/growthbook/': GB_DIR },
    headers: {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    },
    replace: { '@MICROMOMENT_HOLD@': holdSnippet },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const machine = machineNote();
    const agent = mobileAgent(machine.chromium);
    log(`micromoment bench: ${machine.chromium}, ${machine.nproc} CPUs, load ${machine.load[0][0].toFixed(2)}, serving ${server.url}`);
    let tp = Date.now();
    // The 1-minute load average every 5 s, so a pass that ran while the
    // machine was busy shows in the report.
    const loads = [];
    const sampler = setInterval(() => loads.push([Date.now(), os.loadavg()[0]]), 5000);
    sampler.unref();
    const phase = (name) => {
      const during = loads.filter(([t]) => t >= tp).map(([, l]) => l);
      const peak = during.length ? ` (load ${Math.min(...during).toFixed(1)}–${Math.max(...during).toFixed(1)})` : '';
      PHASES.push(`${name} ${Math.round((Date.now() - tp) / 1000)} s${peak}`);
      tp = Date.now();
    };
    log(`pass 1: mobile profile (network + CPU ${CPU}×), ${RUNS} untraced loads per page`);
    const mobile = await loadPass(browser, agent, server.url, {
      runs: RUNS, network: MOBILE_NET, label: 'mobile',
    });
    phase('mobile loads');
    log(`pass 2: mobile profile, ${TRACE_RUNS} traced loads per page`);
    const mobileTraced = TRACE_RUNS > 0 ? await loadPass(browser, agent, server.url, {
      runs: TRACE_RUNS, network: MOBILE_NET, trace: true, memory: false, windowMs: WINDOW_MOBILE, label: 'mobile traced',
    }) : emptyPass();
    phase('mobile traced loads');
    log(`pass 3: frame probe on the mobile profile, ${FRAME_RUNS} loads per tag page`);
    const framed = FRAME_RUNS > 0 ? await loadPass(browser, agent, server.url, {
      runs: FRAME_RUNS, network: MOBILE_NET, frames: true, memory: false,
      label: 'frame probe', keys: ['A', 'D', 'B'], warmup: false,
    }) : emptyPass(['A', 'D', 'B']);
    phase('frame probe');
    log(`pass 4: localhost, CPU ${CPU}×, ${LOCAL_RUNS} untraced and ${TRACE_RUNS ? LOCAL_RUNS : 0} traced loads per page`);
    const local = LOCAL_RUNS > 0 ? await loadPass(browser, agent, server.url, {
      runs: LOCAL_RUNS, memory: false, label: 'localhost',
    }) : emptyPass();
    const localTraced = LOCAL_RUNS > 0 && TRACE_RUNS > 0 ? await loadPass(browser, agent, server.url, {
      runs: LOCAL_RUNS, trace: true, windowMs: WINDOW_LOCAL, memory: false, label: 'localhost traced', warmup: false,
    }) : emptyPass();
    phase('localhost loads');
    let inter = null;
    let interFast = null;
    if (!NO_INTERACTION) {
      log('pass 5: scroll and search-box events');
      inter = {};
      interFast = {};
      for (const k of ['A', 'B', 'C']) inter[k] = await interactionPass(browser, agent, server.url, k, CPU);
      for (const k of ['A', 'B', 'C']) interFast[k] = await interactionPass(browser, agent, server.url, k, 1);
      phase('scroll and search box');
    }
    await browser.close();
    await server.close();
    machine.load.push(os.loadavg());
    const host = hostBench();
    if (host) phase('host loop');
    const sizesAfter = { ...fileSizes('/micromoment/', TAG_DIR), ...fileSizes('/growthbook/', GB_DIR) };
    const changed = JSON.stringify(sizesAfter) !== JSON.stringify(sizes);
    const all = [mobile, mobileTraced, framed, local, localTraced].flatMap((p) => Object.values(p).flat());
    // Console warnings and errors per page, with counts.
    const problems = {};
    for (const k of COLUMNS) {
      const c = new Map();
      const runsOf = [mobile, mobileTraced, framed, local, localTraced].flatMap((p) => p[k] || []);
      const interOf = [inter && inter[k], interFast && interFast[k]].filter(Boolean);
      for (const r of [...runsOf, ...interOf]) for (const m of new Set(r.problems)) c.set(m, (c.get(m) || 0) + 1);
      problems[k] = [...c.entries()];
    }
    const gbVersion = JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', '@growthbook', 'growthbook', 'package.json'), 'utf8')).version;
    const mmVersion = (fs.readFileSync(path.join(REPO, 'Cargo.toml'), 'utf8').match(/^version = "(.*)"$/m) || [])[1];
    const text = report({
      machine,
      started,
      seconds: (Date.now() - t0) / 1000,
      mobile,
      mobileTraced,
      framed,
      local,
      localTraced,
      inter,
      interFast,
      host,
      changed,
      agent,
      problems,
      gbVersion,
      mmVersion,
      inline: Object.fromEntries(TAGGED.map((k) => [k, inlineBytes(PAGES[k].file)])),
      isolated: mobile.A[0] ? mobile.A[0].data.isolated : false,
      mobileUa: all.length > 0 && all.every((r) => r.data.mobile),
      dNoBlocking: mobile.D.length > 0 && mobile.D.every((r) => !r.data.blockingSupported),
      external: all.reduce((n, r) => n + r.external.length, 0),
    });
    process.stdout.write(text);
    fs.writeFileSync(OUT, text);
    if (RAW) fs.writeFileSync(RAW, JSON.stringify({ mobile, mobileTraced, framed, local, localTraced, inter, interFast }, null, 1));
  } finally {
    await browser.close().catch(() => {});
    await server.close().catch(() => {});
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
