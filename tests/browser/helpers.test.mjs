// The shared helpers behave as the other suites rely on: the server (subpath, CSP header,
// 404s, no path traversal), the build helper's error, the PDF helpers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite, DEFAULT_CSP, launchBrowser, newContext, openTab, pageToPdf, pdfInfo, pdfText, serveDir, htmlIds } from './lib/index.mjs';

const GOOD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'good');

describe('serveDir', () => {
  let server;
  before(async () => {
    server = await serveDir(GOOD, { subpath: 'trust/careerguide' });
  });
  after(() => server?.close());

  test('serves under the subpath with the CSP header', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/trust\/careerguide\/$/);
    const res = await fetch(server.url + 'index.html');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), DEFAULT_CSP);
    assert.match(res.headers.get('content-type'), /^text\/html/);
    assert.match(await res.text(), /<h1>Good fixture<\/h1>/);
  });
  test('a folder with a slash serves its index.html; without a slash it redirects', async () => {
    assert.equal((await fetch(server.url + 'guide/first/')).status, 200);
    const res = await fetch(server.url + 'guide/first', { redirect: 'manual' });
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), '/trust/careerguide/guide/first/');
  });
  test('404 outside the subpath, for missing files and for path traversal', async () => {
    assert.equal((await fetch(server.origin + '/index.html')).status, 404);
    assert.equal((await fetch(server.url + 'nope.html')).status, 404);
    assert.equal((await fetch(server.url + '..%2F..%2Fbroken%2Findex.html')).status, 404);
    assert.equal((await fetch(server.url + '%2e%2e/broken/index.html')).status, 404);
  });
  test('records requests', () => assert.ok(server.requests.some((r) => r.url === '/trust/careerguide/index.html' && r.status === 200)));
});

describe('buildSite', () => {
  test('a missing binary is a clear error', () => {
    assert.throws(() => buildSite({ bin: '/nonexistent/careerguide', out: os.tmpdir() }), /careerguide binary not found at \/nonexistent\/careerguide/);
  });
});

describe('htmlIds', () => {
  test('finds quoted, unquoted and entity ids, and <a name>, not ids in comments or scripts', () => {
    const ids = htmlIds('<h2 id=a>x</h2><p id="b&amp;c"></p><a name=\'d\'></a><input name=e><!-- <p id=f> --><script>"<p id=g>"</script>');
    assert.deepEqual([...ids].sort(), ['a', 'b&c', 'd']);
  });
});

describe('PDF helpers', () => {
  let browser, server, dir;
  before(async () => {
    browser = await launchBrowser();
    server = await serveDir(GOOD);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerguide-pdf-'));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a page prints to a PDF whose text can be read back', async () => {
    const context = await newContext(browser);
    const tab = await openTab(context);
    await tab.goto(server.url + 'index.html');
    const file = await pageToPdf(tab.page, path.join(dir, 'good.pdf'));
    await context.close();
    assert.ok(pdfInfo(file).pages >= 1);
    assert.match(pdfText(file), /Good fixture/);
  });
});
