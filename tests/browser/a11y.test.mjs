// The bundled site, in a real browser: builds content/ with the careerguide binary, serves it
// under a subpath with a strict CSP, crawls every page (from the home page, sitemap.xml and
// 404.html) and runs every check on each page. Prints a per-page table and every problem.
//
// Checks per page: axe (target size included), reflow, skip link, focus, forced colours, text
// spacing, 200 % text, reduced motion, console/CSP, links, no-JS content, structure.
//
// Two builds are tested: with base_url set to the address it is served at (sitemap.xml,
// canonical links, absolute links on the 404 page) — every check on every page; and the
// portable build without base_url (relative links only, works from any folder or file://) —
// links, console and structure on every page, which must be the same set of pages.
//
// Environment:
//   CAREERGUIDE_BIN        binary to build with (default target/debug/careerguide)
//   CAREERGUIDE_SITE_DIR   test this already-built folder instead of building (full checks only;
//                          it is served under /trust/careerguide/)
//   BROWSER_CONCURRENCY    pages checked at once (default 2)
//   BROWSER_REPORT         where to write the JSON report (default $TMPDIR/careerguide-browser-report.json)
import { after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSite, projectCopy } from './lib/build.mjs';
import { serveDir } from './lib/server.mjs';
import { openTab } from './lib/browser.mjs';
import { setup, sharedBrowser } from './lib/testing.mjs';
import { CHECKS, checkConsole } from './lib/checks.mjs';
import { crawlSite, createChecker, formatProblems, formatTable, readSitemap, relPath } from './lib/crawl.mjs';

const SUBPATH = '/trust/careerguide/';
const REPORT = process.env.BROWSER_REPORT || path.join(os.tmpdir(), 'careerguide-browser-report.json');
const CONCURRENCY = Number(process.env.BROWSER_CONCURRENCY) || 2;
const PREBUILT = process.env.CAREERGUIDE_SITE_DIR ? path.resolve(process.env.CAREERGUIDE_SITE_DIR) : null;

const getBrowser = sharedBrowser();
const tmpDirs = [];
/** The bundled project with a publisher's settings (a build with base_url needs a contact
 * route for the accessibility statement), made once for both builds. */
let project = null;
/** Pages found in the full run, for comparison with the portable build. */
let fullPages = null;

after(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Serve an empty folder, then build into it with base_url = the served address (or none). */
async function buildAndServe({ withBaseUrl }) {
  if (PREBUILT) return { server: await serveDir(PREBUILT, { subpath: SUBPATH }), siteDir: PREBUILT };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerguide-site-'));
  tmpDirs.push(dir);
  const siteDir = path.join(dir, 'site');
  const server = await serveDir(siteDir, { subpath: SUBPATH });
  try {
    if (!project) tmpDirs.push((project = projectCopy()));
    buildSite({ root: project, out: siteDir, baseUrl: withBaseUrl ? server.url : undefined });
  } catch (err) {
    await server.close();
    throw err;
  }
  return { server, siteDir };
}

describe('bundled site in a browser (base_url set): every check on every page', () => {
  let server, env, results, sitemap, siteDir;

  const test = setup(async () => {
    const t0 = Date.now();
    const browser = await getBrowser();
    ({ server, siteDir } = await buildAndServe({ withBaseUrl: true }));
    env = await createChecker(browser, { siteUrl: server.url, homeUrl: server.url + 'index.html' });
    sitemap = await readSitemap(server.url, { baseUrl: PREBUILT ? undefined : server.url });
    const seeds = [server.url + 'index.html', ...(sitemap?.urls ?? [])];
    if (fs.existsSync(path.join(siteDir, '404.html'))) seeds.push(server.url + '404.html');
    results = await crawlSite(env, { seeds, concurrency: CONCURRENCY });
    fullPages = results.map((r) => r.path);

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
    await server?.close();
  });

  test('the crawl reached the home page, every sitemap URL and the 404 page', () => {
    const urls = new Set(results.map((r) => r.url));
    assert.ok(urls.has(server.url + 'index.html'), 'home page not checked');
    if (!PREBUILT) assert.ok(sitemap, 'no sitemap.xml although the site was built with --base-url');
    for (const u of sitemap?.urls ?? []) assert.ok(urls.has(u), `sitemap URL not checked: ${u}`);
    if (fs.existsSync(path.join(siteDir, '404.html'))) assert.ok(urls.has(server.url + '404.html'), '404.html not checked');
    // A site this size has many pages: a crawl stuck on the home page is itself a failure.
    assert.ok(results.length >= 5, `only ${results.length} pages found: ${results.map((r) => relPath(server.url, r.url)).join(', ')}`);
  });

  test('the 404 page works when served for a missing address at any depth', async () => {
    const tab = await openTab(env.desktop);
    try {
      const missing = server.url + 'no/such/folder/page/index.html';
      const response = await tab.goto(missing);
      assert.equal(response.status(), 404);
      const h1 = await tab.page.evaluate(() => document.querySelector('main h1')?.textContent.trim());
      assert.ok(h1, 'no <main> <h1> on the 404 page');
      const sheets = await tab.page.evaluate(() => document.styleSheets.length);
      // The 404 status of the document itself is the point; anything else is an error.
      const errors = (await tab.errors()).filter((e) => !(e.message.includes('status of 404') && e.message.includes(`(${missing})`)));
      const problems = checkConsole(errors).map((p) => p.message);
      assert.deepEqual(problems, [], `errors on the 404 page served at ${missing}`);
      assert.ok(sheets > 0, 'the 404 page has no stylesheet');
    } finally {
      await tab.close();
    }
  });

  const TITLES = {
    axe: 'no axe violations (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa; light and dark colour schemes)',
    overflow: 'no horizontal scroll at 320×640',
    skip: 'first Tab reaches the skip link, and Enter moves focus into <main> (1280 and 320 px wide)',
    focus: 'every focusable element shows a visible focus change and is not hidden when focused (1280 and 320 px wide)',
    uiContrast: 'non-text contrast (WCAG 1.4.11): control boundaries and focus indicators reach 3:1 against what is behind them',
    forced: 'forced colours: focus shown by an outline or border, controls keep a boundary, background-only boxes keep a border, SVG in currentColor, no background-image content',
    spacing: 'text spacing (WCAG 1.4.12) at 320 px: no text cut off or spilling, no horizontal scroll',
    resize: 'text at 200 % (1280 and 640 px wide): no horizontal scroll, no text cut off, focus not hidden under a fixed or sticky header',
    motion: 'prefers-reduced-motion: reduce: no animation or transition over 0.01 s, no smooth scrolling',
    console: 'no console errors, page errors, failed requests or CSP violations',
    links: 'every same-site link answers 200, every #fragment exists, links are relative and end in index.html',
    nojs: 'with JavaScript disabled <main> has an <h1> and real content',
    structure: 'one <main>, one <h1>, no skipped heading levels, <html lang>, title "Page – Site"',
  };
  test('uiContrast measured the focus indicator of every focusable element (not vacuous)', () => {
    const bad = results.filter((r) => r.stats.uiTested !== r.stats.focusTotal);
    assert.deepEqual(bad.map((r) => `${r.path}: ${r.stats.uiTested} of ${r.stats.focusTotal}`), []);
  });
  test('axe target-size (WCAG 2.5.8) ran on every page and left nothing "needs review"', () => {
    const bad = results.filter((r) => !['passed', 'violated'].includes(r.stats.targetSize) || r.stats.targetSizeReview > 0);
    assert.deepEqual(bad.map((r) => `${r.path}: ${r.stats.targetSize}, ${r.stats.targetSizeReview ?? 0} to review`), []);
  });
  for (const c of CHECKS) {
    test(`${c}: ${TITLES[c]}`, () => {
      const lines = formatProblems(results, c);
      const pages = results.filter((r) => r.problems[c].length).length;
      assert.equal(lines, '', `${pages} of ${results.length} pages fail "${c}":\n${lines}`);
    });
  }
});

describe('bundled site without base_url (portable build): links, console and structure', { skip: PREBUILT ? 'CAREERGUIDE_SITE_DIR set' : false }, () => {
  const ONLY = ['links', 'console', 'structure'];
  let server, env, results, siteDir;
  const test = setup(async () => {
    const browser = await getBrowser();
    ({ server, siteDir } = await buildAndServe({ withBaseUrl: false }));
    env = await createChecker(browser, { siteUrl: server.url, homeUrl: server.url + 'index.html' });
    const seeds = [server.url + 'index.html'];
    if (fs.existsSync(path.join(siteDir, '404.html'))) seeds.push(server.url + '404.html');
    results = await crawlSite(env, { seeds, concurrency: CONCURRENCY, only: ONLY });
    const lines = ONLY.map((c) => formatProblems(results, c)).filter(Boolean);
    console.log(`\nPortable build (no base_url): ${results.length} pages reached by links from the home page` +
      (lines.length ? `\n${lines.join('\n')}` : ': links, console and structure all ok') + '\n');
  });
  after(async () => {
    await env?.close();
    await server?.close();
  });

  test('no sitemap.xml without base_url', () => assert.ok(!fs.existsSync(path.join(siteDir, 'sitemap.xml'))));
  test('links from the home page reach the same pages as the full build', (t) => {
    if (!fullPages) return t.skip('the full run did not finish');
    assert.deepEqual([...results.map((r) => r.path)].sort(), [...fullPages].sort());
  });
  for (const c of ONLY) {
    test(`${c}: no problems`, () => {
      const lines = formatProblems(results, c);
      assert.equal(lines, '', `${results.filter((r) => r.problems[c].length).length} pages fail "${c}":\n${lines}`);
    });
  }
});
