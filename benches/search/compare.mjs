// Bytes a browser downloads for the first query: careerguide search vs Pagefind, on
// the same generated pages, in headless Chromium (via the browser-test helpers).
//
//   cargo bench -p careerguide-search --bench search -- --quick --out /tmp/cg-bench
//   (cd benches/search && npm install)          # pagefind from the npm registry
//   node benches/search/compare.mjs /tmp/cg-bench/gen-1000
//
// Counts every search request after the page itself (ours: search.js and index
// files; Pagefind: everything under /pagefind/), each at its gzip size where gzip
// makes it smaller (Pagefind's own files are already compressed). Pagefind shows 5
// results at first; ours shows 10.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newContext } from '../../tests/browser/lib/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const site = path.resolve(process.argv[2] || '/tmp/cg-bench/gen-1000');
const QUERIES = ['backfill', 'mentoring scheme', 'fellowship application', 'research design service', 'clinical academic career'];

const pagefindBin = path.join(here, 'node_modules/.bin/pagefind');
if (!fs.existsSync(path.join(site, 'pagefind/pagefind.js'))) {
  const r = spawnSync(pagefindBin, ['--site', site], { encoding: 'utf8' });
  if (r.status !== 0) { console.error(r.stdout, r.stderr); process.exit(1); }
}
fs.writeFileSync(path.join(site, 'pf.html'), '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>pf</title></head><body></body></html>');

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css' };
const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  let p = path.join(site, decodeURIComponent(u.pathname));
  if (!p.startsWith(site)) { res.writeHead(403).end(); return; }
  if (fs.existsSync(p) && fs.statSync(p).isDirectory()) p = path.join(p, 'index.html');
  if (!fs.existsSync(p)) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': TYPES[path.extname(p)] || 'application/octet-stream' });
  res.end(fs.readFileSync(p));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const wire = (buf) => Math.min(buf.length, zlib.gzipSync(buf).length);

async function measure(browser, url, run, filter) {
  const context = await newContext(browser);
  const page = await context.newPage();
  const sizes = [];
  page.on('response', async (res) => {
    if (!filter(res.url())) return;
    try { sizes.push(wire(await res.body())); } catch {}
  });
  await page.goto(url, { waitUntil: 'load' });
  await run(page);
  await page.waitForTimeout(200);
  await context.close();
  return { files: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0) };
}

const browser = await launchBrowser();
const rows = [];
for (const q of QUERIES) {
  const ours = await measure(browser, `${base}/search/index.html?q=${encodeURIComponent(q)}`,
    (page) => page.waitForFunction((q) => window.CareerguideSearch && window.CareerguideSearch.lastQuery === q, q, { timeout: 30000 }),
    (u) => u.endsWith('.js'));
  const pf = await measure(browser, `${base}/pf.html`,
    (page) => page.evaluate(async (q) => {
      const pagefind = await import('/pagefind/pagefind.js');
      await pagefind.init();
      const r = await pagefind.search(q);
      await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
    }, q),
    (u) => u.includes('/pagefind/'));
  rows.push({ q, ours, pf });
}
await browser.close();
server.close();

const kb = (n) => (n / 1024).toFixed(1) + ' KB';
console.log(`Site: ${site}`);
console.log('| query | careerguide: files | careerguide: bytes | Pagefind: files | Pagefind: bytes |');
console.log('|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.q} | ${r.ours.files} | ${kb(r.ours.bytes)} | ${r.pf.files} | ${kb(r.pf.bytes)} |`);
const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`| median | | ${kb(med(rows.map((r) => r.ours.bytes)))} | | ${kb(med(rows.map((r) => r.pf.bytes)))} |`);
