// The benchmark's file server: static files on 127.0.0.1, compressed with
// gzip -9 when the browser accepts it (text types only: HTML, CSS, JS,
// JSON, SVG; JPEG is sent as is), as a production site would serve them.
// Every response is `no-store` and carries the headers given (the
// benchmark sends COOP/COEP for 5 µs timers). The compressed bodies are
// made once per distinct body and kept in memory, so compression costs no
// time during a load. `replace` maps a placeholder to a function whose
// text goes in its place in every HTML page (the benchmark puts the built
// hold snippet into the page that inlines it, so it is always current).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.wasm': 'application/wasm',
};
const COMPRESS = new Set(['.html', '.js', '.css', '.json', '.svg', '.wasm']);

/**
 * Serves `root`, with `mounts` mapping a path prefix to another folder
 * (e.g. '/micromoment/' to the built tag). Resolves to { url, close }.
 */
export function startServer({ root, mounts = {}, headers = {}, replace = {}, host = '127.0.0.1', port = 0 }) {
  const base = path.resolve(root);
  const gz = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let dir = base;
    let rel = decodeURIComponent(url.pathname);
    for (const [prefix, folder] of Object.entries(mounts)) {
      if (rel.startsWith(prefix)) {
        dir = path.resolve(folder);
        rel = rel.slice(prefix.length - 1);
        break;
      }
    }
    const file = path.normalize(path.join(dir, rel));
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, raw) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const ext = path.extname(file);
      let body = raw;
      if (ext === '.html') {
        let text = raw.toString('utf8');
        for (const [from, to] of Object.entries(replace)) text = text.split(from).join(to());
        body = Buffer.from(text);
      }
      const out = {
        'content-type': TYPES[ext] || 'application/octet-stream',
        'cache-control': 'no-store',
        vary: 'accept-encoding',
        ...headers,
      };
      let data = body;
      if (COMPRESS.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        const key = crypto.createHash('sha1').update(body).digest('hex');
        if (!gz.has(key)) gz.set(key, zlib.gzipSync(body, { level: 9 }));
        data = gz.get(key);
        out['content-encoding'] = 'gzip';
      }
      out['content-length'] = data.length;
      res.writeHead(200, out);
      res.end(req.method === 'HEAD' ? undefined : data);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({
        url: `http://${host}:${p}`,
        close: () => new Promise((r) => {
          server.close(r);
          server.closeAllConnections();
        }),
      });
    });
  });
}
