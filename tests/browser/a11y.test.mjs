// The bundled site, in a real browser: builds content/ with the careerguide binary, serves it
// under a subpath with a strict CSP, crawls every page (from the home page, sitemap.xml and
// 404.html) and runs every check on each page. Prints a per-page table and every problem.
//
// Environment:
//   CAREERGUIDE_BIN        binary to build with (default target/debug/careerguide)
//   CAREERGUIDE_SITE_DIR   test this already-built folder instead of building
//   CAREERGUIDE_BASE_URL   base_url for the build (default https://example.nhs.uk/trust/careerguide/,
//                          "" for none); the site is served under its path
//   BROWSER_CONCURRENCY    pages checked at once (default 2)
//   BROWSER_REPORT         where to write the JSON report (default $TMPDIR/careerguide-browser-report.json)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSite, REPO_ROOT } from './lib/build.mjs';
import { serveDir } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { CHECKS } from './lib/checks.mjs';
import { crawlSite, createChecker, formatProblems, formatTable, readSitemap, relPath } from './lib/crawl.mjs';

const BASE_URL = process.env.CAREERGUIDE_BASE_URL ?? 'https://example.nhs.uk/trust/careerguide/';
const SUBPATH = BASE_URL ? new URL(BASE_URL).pathname : '/trust/careerguide/';
const REPORT = process.env.BROWSER_REPORT || path.join(os.tmpdir(), 'careerguide-browser-report.json');

describe('bundled site in a browser', () => {
  let browser, server, env, results, sitemap, siteDir, buildDir;

  before(async () => {
    const t0 = Date.now();
    if (process.env.CAREERGUIDE_SITE_DIR) {
      siteDir = path.resolve(process.env.CAREERGUIDE_SITE_DIR);
    } else {
      buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerguide-site-'));
      siteDir = path.join(buildDir, 'site');
      buildSite({ root: REPO_ROOT, out: siteDir, baseUrl: BASE_URL || undefined });
    }
    server = await serveDir(siteDir, { subpath: SUBPATH });
    browser = await launchBrowser();
    env = await createChecker(browser, { siteUrl: server.url, homeUrl: server.url + 'index.html' });
    sitemap = await readSitemap(server.url, { baseUrl: BASE_URL || undefined });
    const seeds = [server.url + 'index.html', ...(sitemap?.urls ?? [])];
    if (fs.existsSync(path.join(siteDir, '404.html'))) seeds.push(server.url + '404.html');
    results = await crawlSite(env, { seeds, concurrency: Number(process.env.BROWSER_CONCURRENCY) || 2 });

    const out = [];
    out.push(`Site ${siteDir} served at ${server.url} (CSP: default-src 'self'; img-src 'self' data:)`);
    out.push(`Sitemap: ${sitemap ? `${sitemap.urls.length} URLs` : 'none (no base_url)'}; checked ${results.length} pages in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    out.push('');
    out.push(formatTable(results));
    for (const c of CHECKS) {
      const lines = formatProblems(results, c);
      if (lines) out.push('', `== ${c} problems ==`, lines);
    }
    // Informational: pages only reachable through the sitemap, pages missing from it.
    const linked = new Set(results.flatMap((r) => r.pages));
    linked.add(server.url + 'index.html');
    const orphans = results.filter((r) => !linked.has(r.url) && !r.url.endsWith('/404.html')).map((r) => r.path);
    if (orphans.length) out.push('', `note: not linked from any page (found via sitemap only): ${orphans.join(', ')}`);
    if (sitemap) {
      const inMap = new Set(sitemap.urls);
      const missing = results.filter((r) => !inMap.has(r.url) && !r.url.endsWith('/404.html')).map((r) => r.path);
      if (missing.length) out.push(`note: pages not listed in sitemap.xml: ${missing.join(', ')}`);
    }
    const notes = results.flatMap((r) => r.notes.map((n) => `${r.path}: ${n.message} [${n.selector}]`));
    if (notes.length) out.push('', `note: axe "needs review" (not failures): ${notes.length}`, ...notes.slice(0, 20));
    console.log('\n' + out.join('\n') + '\n');
    try {
      fs.writeFileSync(REPORT, JSON.stringify({ siteUrl: server.url, siteDir, results }, null, 2));
      console.log(`JSON report: ${REPORT}`);
    } catch {}
  });

  after(async () => {
    await env?.close();
    await browser?.close();
    await server?.close();
    if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
  });

  test('the crawl reached the home page, every sitemap URL and the 404 page', () => {
    const urls = new Set(results.map((r) => r.url));
    assert.ok(urls.has(server.url + 'index.html'), 'home page not checked');
    for (const u of sitemap?.urls ?? []) assert.ok(urls.has(u), `sitemap URL not checked: ${u}`);
    if (fs.existsSync(path.join(siteDir, '404.html'))) assert.ok(urls.has(server.url + '404.html'), '404.html not checked');
    // A site this size has many pages: a crawl stuck on the home page is itself a failure.
    assert.ok(results.length >= 5, `only ${results.length} pages found: ${results.map((r) => relPath(server.url, r.url)).join(', ')}`);
  });

  const TITLES = {
    axe: 'no axe violations (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa; light and dark colour schemes)',
    overflow: 'no horizontal scroll at 320×640',
    skip: 'first Tab reaches the skip link, and Enter moves focus into <main>',
    focus: 'every focusable element shows a visible focus change and is not hidden when focused',
    console: 'no console errors, page errors, failed requests or CSP violations',
    links: 'every same-site link answers 200, every #fragment exists, links are relative and end in index.html',
    nojs: 'with JavaScript disabled <main> has an <h1> and real content',
    structure: 'one <main>, one <h1>, no skipped heading levels, <html lang>, title "Page – Site"',
  };
  for (const c of CHECKS) {
    test(`${c}: ${TITLES[c]}`, () => {
      const lines = formatProblems(results, c);
      const pages = results.filter((r) => r.problems[c].length).length;
      assert.equal(lines, '', `${pages} of ${results.length} pages fail "${c}":\n${lines}`);
    });
  }
});
