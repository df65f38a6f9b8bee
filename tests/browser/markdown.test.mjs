// Markdown editors write, in a real browser (issue #11):
// - the hostile-HTML fixture (tests/fixtures/hostile-html) built with the bundled theme, its
//   Content-Security-Policy meta tag removed and served with no CSP header, so nothing but the
//   raw-HTML allow-list stands between the page and the reader: no script runs, no handler
//   fires, no request leaves the site, no redirect happens, nothing covers the page, and the
//   footer stays outside <main>;
// - table column alignment (`:---:`) shows under the site's strict CSP.
//
// Run: cargo build && node --test tests/browser/markdown.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildSite, tempDir, REPO_ROOT } from './lib/build.mjs';
import { serveDir } from './lib/server.mjs';
import { launchBrowser, newContext, openPage } from './lib/browser.mjs';

const FIXTURE = path.join(REPO_ROOT, 'tests/fixtures/hostile-html');
const CSP_META = /<meta http-equiv="Content-Security-Policy"[^>]*>/;

let browser;
const cleanup = [];

/** A copy of the fixture with the bundled theme; `withoutCsp` strips the theme's CSP meta. */
function copyFixture({ withoutCsp }) {
  const root = path.join(tempDir('careerguide-markdown-'), 'site');
  fs.cpSync(FIXTURE, root, { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'themes'), path.join(root, 'themes'), { recursive: true });
  if (withoutCsp) {
    const base = path.join(root, 'themes/default/templates/base.html');
    const text = fs.readFileSync(base, 'utf8');
    assert.match(text, CSP_META, 'the theme has a CSP meta tag to remove');
    fs.writeFileSync(base, text.replace(CSP_META, ''));
  }
  cleanup.push(path.dirname(root));
  return root;
}

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

test('hostile raw HTML does nothing in Chromium even with no Content-Security-Policy at all', async () => {
  const root = copyFixture({ withoutCsp: true });
  const site = buildSite({ root, out: path.join(root, 'public') });
  const html = fs.readFileSync(path.join(site.out, 'hostile/index.html'), 'utf8');
  assert.doesNotMatch(html, /Content-Security-Policy/, 'the page must carry no CSP for this test');
  const server = await serveDir(site.out, { csp: null });
  const context = await newContext(browser);
  const outside = [];
  const dialogs = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (!url.startsWith(server.origin)) {
      outside.push(url);
      return route.abort();
    }
    return route.continue();
  });
  try {
    const { page, tab } = await openPage(context, `${server.url}hostile/`);
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    // Give a meta refresh or a lazy handler time to act, then poke everything clickable.
    await page.waitForTimeout(1500);
    for (const selector of ['#clickme', '#jslink', '#jslink2', '#vblink', '#datalink']) {
      const link = page.locator(selector);
      if ((await link.count()) === 1) await link.click({ noWaitAfter: true, timeout: 5000 }).catch(() => {});
    }
    await page.locator('#clickme').hover();
    await page.waitForTimeout(500);
    const state = await page.evaluate(() => ({
      pwned: window.pwned ?? null,
      title: document.title,
      url: location.href,
      scripts: [...document.querySelectorAll('main script, main iframe, main object, main embed, main form, main style, main svg, base, link[href*="evil"]')].map((e) => e.outerHTML),
      handlers: [...document.querySelectorAll('main *')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name) || a.name === 'style').map((a) => `${e.tagName} ${a.name}`)),
      badUrls: [...document.querySelectorAll('main [href], main [src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src')).filter((u) => /^\s*(javascript|vbscript|data):/i.test(u)),
      bodyShown: getComputedStyle(document.body).display !== 'none',
      footerInMain: !!document.querySelector('main footer, main .site-footer'),
      footerParent: document.querySelector('footer.site-footer')?.parentElement?.tagName,
      // Nothing covers the page: the element at the centre of the viewport is page content.
      covered: (() => {
        const el = document.elementFromPoint(innerWidth / 2, 10);
        return el ? getComputedStyle(el).position === 'fixed' : false;
      })(),
      details: document.querySelector('main details summary')?.textContent,
    }));
    assert.equal(state.pwned, null, 'a script or handler ran');
    assert.doesNotMatch(state.title, /pwned/);
    assert.equal(state.url, `${server.url}hostile/`, 'the page navigated away (meta refresh or a javascript: link)');
    assert.deepEqual(state.scripts, []);
    assert.deepEqual(state.handlers, []);
    assert.deepEqual(state.badUrls, []);
    assert.ok(state.bodyShown, 'a <style> hid the page');
    assert.equal(state.footerInMain, false, 'the footer was swallowed by <main>');
    assert.equal(state.footerParent, 'BODY');
    assert.equal(state.covered, false, 'a fixed element covers the page');
    assert.equal(state.details, 'Kept: details');
    assert.deepEqual(dialogs, [], 'a dialog opened');
    assert.deepEqual(outside, [], 'the page made requests to other sites');
    const errors = (await tab.errors()).filter((e) => !/missing-image\.png/.test(e.message));
    assert.deepEqual(errors, [], 'console errors or failed requests');
  } finally {
    await context.close();
    await server.close();
  }
});

test('table column alignment shows under the site\'s strict CSP', async () => {
  const root = copyFixture({ withoutCsp: false });
  const site = buildSite({ root, out: path.join(root, 'public') });
  const server = await serveDir(site.out);
  const context = await newContext(browser);
  try {
    const { page, tab } = await openPage(context, `${server.url}editors/`);
    const aligns = await page.$$eval('main table tr', (rows) =>
      rows.map((r) => [...r.children].map((c) => getComputedStyle(c).textAlign)),
    );
    assert.equal(aligns.length, 3);
    for (const row of aligns) assert.deepEqual(row, ['left', 'center', 'right']);
    assert.deepEqual(await tab.errors(), [], 'CSP violations or console errors');
  } finally {
    await context.close();
    await server.close();
  }
});
