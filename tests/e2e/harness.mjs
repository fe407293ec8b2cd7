// Shared set-up for the end-to-end tests: one fixture server (with the built
// tag mounted at /micromoment/) and one headless Chromium per test file,
// pages that record their console, and small helpers around the tag's API.
// Builds on server.mjs (startServer) and browser.mjs (launch).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launch } from './browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.join(here, '..', '..');
/** The built tag, served at /micromoment/. */
export const TAG = path.join(REPO, 'www', 'micromoment');
/** Fixture folders under tests/e2e/pages/. */
export const PAGES = {
  reliability: path.join(here, 'pages', 'reliability'),
  swapping: path.join(here, 'pages', 'swapping'),
};
export const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
/** The tag's script element as the fixture pages include it. */
export const TAG_SCRIPT = '<script async blocking="render" src="/micromoment/micromoment.js"></script>';

const CONFIG_SCRIPT = /(<script type="application\/json" id="micromoment-config">)[\s\S]*?(<\/script>)/;

/**
 * `html` with `config` as its #micromoment-config: the existing one is
 * replaced, or one is added before the tag's script.
 */
export function withConfig(html, config) {
  const json = JSON.stringify(config);
  if (CONFIG_SCRIPT.test(html)) return html.replace(CONFIG_SCRIPT, (_, a, b) => a + json + b);
  return html.replace(
    TAG_SCRIPT,
    `<script type="application/json" id="micromoment-config">${json}</script>\n  ${TAG_SCRIPT}`,
  );
}

/** A server route answering `html` (with extra response `headers`). */
export function htmlRoute(html, headers = {}) {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(html);
    return true;
  };
}

/**
 * Records what a page says: `messages` ("type: text" for every console
 * message), console `errors` and `warnings`, and uncaught `pageErrors`.
 */
export function watch(page) {
  const log = { messages: [], errors: [], warnings: [], pageErrors: [] };
  page.on('console', (m) => {
    const type = m.type();
    log.messages.push(`${type}: ${m.text()}`);
    if (type === 'error') log.errors.push(m.text());
    else if (type === 'warning') log.warnings.push(m.text());
  });
  page.on('pageerror', (e) => log.pageErrors.push(e.message));
  return log;
}

/** Console errors and uncaught page errors ("pageerror: …"), less those containing any of `ignore`. */
export function problems(log, ...ignore) {
  return [...log.errors, ...log.pageErrors.map((e) => 'pageerror: ' + e)]
    .filter((e) => !ignore.some((s) => e.includes(s)));
}

/** The tag's own console warnings (those starting "micromoment:"). */
export const tagWarnings = (log) => log.warnings.filter((w) => w.startsWith('micromoment:'));

/** A new page of `context` that records its console (see watch); `init` scripts run before any page script. */
export async function newPage(context, init = []) {
  const page = await context.newPage();
  const log = watch(page);
  for (const s of init) await page.addInitScript(s);
  return { page, log };
}

/** Waits for `micromoment.ready` and returns what it resolved to. */
export const ready = (page) => page.evaluate(() => window.micromoment.ready);

/** explain().cues of the running tag. */
export const cues = (page) => page.evaluate(() => window.micromoment.explain().cues);

/**
 * Opens `url` in a new page of `context` and waits for the tag; asserts it
 * started unless `started` is false. `prepare(page)` runs before the load.
 */
export async function openIn(context, url, { prepare, referer, started = true } = {}) {
  const { page, log } = await newPage(context);
  if (prepare) await prepare(page);
  await page.goto(url, referer ? { referer } : {});
  const ok = await ready(page);
  if (started) assert.equal(ok, true, 'the tag started');
  return { page, log };
}

/** Lets the page render `n` frames. */
export function frames(page, n = 3) {
  return page.evaluate(
    (count) =>
      new Promise((resolve) => {
        let left = count;
        const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    n,
  );
}

/**
 * Registers before/after hooks that start a server for the fixture folder
 * `root` (the built tag at /micromoment/; `headers` as in startServer) and
 * a browser, and returns the handle the tests use.
 */
export function setup({ root, headers } = {}) {
  const routes = {};
  let pageCounter = 0;
  const h = {
    server: null,
    browser: null,
    /** An absolute URL on the fixture server. */
    url: (p) => h.server.url + p,
    /** Serves `html` at `p` (with extra response `headers`). */
    route(p, html, extra) {
      routes[p] = htmlRoute(html, extra);
      return p;
    },
    /** Serves `html` at a fresh path (with extra response `headers`) and returns the path. */
    serve: (html, extra) => h.route(`/case-${++pageCounter}.html`, html, extra),
    /** Serves fixture `file` with `config` as its #micromoment-config under a fresh path; returns its URL. */
    fixture(file, config = {}) {
      const html = withConfig(fs.readFileSync(path.join(root, file), 'utf8'), config);
      return h.url(h.route(`/${++pageCounter}/${file}`, html));
    },
    /** A fresh browser context (a new visitor) with `init` scripts in every page. */
    async newContext(options = {}, init = []) {
      const context = await h.browser.newContext(options);
      for (const s of init) await context.addInitScript(s);
      return context;
    },
    /** A new page in a fresh context: { context, page, log }. */
    async open({ context: options, init } = {}) {
      const context = await h.newContext(options);
      return { context, ...(await newPage(context, init)) };
    },
    /** Runs `fn({ context, page, log })` on a new page in a fresh context, then closes the context. */
    async withPage(options, fn) {
      const p = await h.open(options);
      try {
        return await fn(p);
      } finally {
        await p.context.close();
      }
    },
  };
  before(async () => {
    h.server = await startServer({ root, routes, mounts: { '/micromoment/': TAG }, headers });
    h.browser = await launch();
  });
  after(async () => {
    await h.browser?.close();
    await h.server?.close();
  });
  return h;
}
