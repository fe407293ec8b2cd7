// A small static file server for the demo and the end-to-end tests. It only
// listens on loopback. `node tests/e2e/server.mjs --root www --port 8080`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Starts a server for `root`. `routes` maps a path to a function
 * (req, res, url) => boolean that may answer instead of the file system;
 * `mounts` maps a path prefix to another folder (e.g. '/micromoment/' to
 * the built tag); `headers` are added to every file response (e.g. a CSP),
 * or is a function (url) => headers.
 */
export function startServer({ root, host = '127.0.0.1', port = 0, routes = {}, mounts = {}, headers = {} }) {
  const base = path.resolve(root);
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push(url.pathname + url.search);
    const route = routes[url.pathname];
    if (route && route(req, res, url)) return;
    let dir = base;
    let rel = decodeURIComponent(url.pathname);
    for (const [prefix, folder] of Object.entries(mounts)) {
      if (rel.startsWith(prefix)) {
        dir = path.resolve(folder);
        rel = rel.slice(prefix.length - 1);
        break;
      }
    }
    let file = path.normalize(path.join(dir, rel));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
        ...(typeof headers === 'function' ? headers(url) : headers),
      });
      res.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({ server, url: `http://${host}:${p}`, requests, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const root = arg('--root', 'www');
  const host = arg('--host', '127.0.0.1');
  const port = Number(arg('--port', '8080'));
  startServer({ root, host, port }).then(({ url }) => {
    console.log(`serving ${root}/ on ${url}/ (Ctrl-C to stop)`);
  });
}
