// Tiny static file server for the browser tests.
//
// Serves a folder under a SUBPATH (default /trust/careerguide/) on 127.0.0.1, port 0, so
// every test proves the site works when hosted below the domain root. Every response carries
// a strict Content-Security-Policy, so inline scripts/styles/handlers surface as CSP
// violations in the browser. Requests outside the subpath get 404 (a root-absolute link
// therefore shows up as a broken link).
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_CSP = "default-src 'self'; img-src 'self' data:";
export const DEFAULT_SUBPATH = '/trust/careerguide/';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

export function mimeType(file) {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function normaliseSubpath(subpath) {
  let s = subpath || '/';
  if (!s.startsWith('/')) s = '/' + s;
  if (!s.endsWith('/')) s += '/';
  return s;
}

/**
 * Serve `dir` on 127.0.0.1 under `subpath`.
 * @param {string} dir folder to serve
 * @param {{subpath?: string, csp?: string|null, headers?: Record<string,string>, notFoundPage?: string|null}} [opts]
 *   notFoundPage: file (relative to dir) sent with status 404 for missing paths under the
 *   subpath (default '404.html' if it exists; null to send a plain-text 404).
 * @returns {Promise<{url: string, origin: string, port: number, subpath: string, dir: string,
 *   requests: {method: string, url: string, status: number}[], close: () => Promise<void>}>}
 *   `url` is the site root, e.g. http://127.0.0.1:PORT/trust/careerguide/
 */
export async function serveDir(dir, opts = {}) {
  const root = path.resolve(dir);
  const subpath = normaliseSubpath(opts.subpath ?? DEFAULT_SUBPATH);
  const csp = opts.csp === undefined ? DEFAULT_CSP : opts.csp;
  const notFoundPage = opts.notFoundPage === undefined ? '404.html' : opts.notFoundPage;
  const requests = [];

  const baseHeaders = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...(opts.headers ?? {}) };
  if (csp) baseHeaders['Content-Security-Policy'] = csp;

  async function fileFor(pathname) {
    let rel;
    try {
      rel = decodeURIComponent(pathname.slice(subpath.length));
    } catch {
      return null;
    }
    if (rel.includes('\0')) return null;
    const full = path.resolve(root, '.' + path.posix.sep + rel);
    if (full !== root && !full.startsWith(root + path.sep)) return null; // path traversal
    try {
      const st = await fs.stat(full);
      if (st.isDirectory()) {
        // Like most static hosts: /dir -> redirect to /dir/, /dir/ -> /dir/index.html
        if (!pathname.endsWith('/')) return { redirect: pathname + '/' };
        const index = path.join(full, 'index.html');
        try {
          if ((await fs.stat(index)).isFile()) return { file: index };
        } catch {}
        return null;
      }
      if (st.isFile()) return { file: full };
    } catch {}
    return null;
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let status = 200;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        status = 405;
        res.writeHead(405, { ...baseHeaders, Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
        res.end('method not allowed');
        return;
      }
      if (url.pathname === '/favicon.ico' && subpath !== '/') {
        // The host's own favicon, outside the site: browsers ask for it by themselves when a
        // page declares no icon. Not the site's business, so answer "no content".
        status = 204;
        res.writeHead(204, baseHeaders);
        res.end();
        return;
      }
      let found = null;
      if (url.pathname.startsWith(subpath)) found = await fileFor(url.pathname);
      else if (url.pathname + '/' === subpath) found = { redirect: subpath };
      if (found?.redirect) {
        status = 301;
        res.writeHead(301, { ...baseHeaders, Location: found.redirect + url.search });
        res.end();
        return;
      }
      if (!found) {
        status = 404;
        let body = 'not found';
        let type = 'text/plain; charset=utf-8';
        if (notFoundPage && url.pathname.startsWith(subpath)) {
          try {
            body = await fs.readFile(path.join(root, notFoundPage));
            type = mimeType(notFoundPage);
          } catch {}
        }
        res.writeHead(404, { ...baseHeaders, 'Content-Type': type });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      const body = await fs.readFile(found.file);
      res.writeHead(200, { ...baseHeaders, 'Content-Type': mimeType(found.file), 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      status = 500;
      if (!res.headersSent) res.writeHead(500, { ...baseHeaders, 'Content-Type': 'text/plain' });
      res.end(String(err));
    } finally {
      requests.push({ method: req.method, url: url.pathname + url.search, status });
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin + subpath,
    origin,
    port,
    subpath,
    dir: root,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
