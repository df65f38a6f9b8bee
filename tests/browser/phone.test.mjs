// A reader on a phone (issue 21 §4): at 360×640 the header is one row — the site's name and a
// "Menu" button — so the page's first heading is on the first screen, with and without a
// trust's name and logo. The Menu button is a <details>: it opens without JavaScript, by
// keyboard (Enter, then Tab into the menu), and is exposed to screen readers as a button
// that is collapsed or expanded. From tablet width the menu bar shows and the button is
// hidden. Every page has one search box: the search page's own, or the header's.
//
// Run: cargo build && node --test tests/browser/phone.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildSite, tempDir, REPO_ROOT } from './lib/build.mjs';
import { serveDir } from './lib/server.mjs';
import { launchBrowser, newContext, openPage, DESKTOP_VIEWPORT } from './lib/browser.mjs';

const PHONE = { width: 360, height: 640 };
const PAGES = ['', 'guide/', 'guide/introduction/', 'checklists/getting-started/', 'career-pathway/', 'glossary/', 'search/'];
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 32"><rect width="80" height="32" fill="#ffffff"/></svg>\n';

let bundled;
let trust;
let browser;
let work;

/** A copy of the bundled project as a trust would set it up: its name, a logo, its colours. */
function trustProject() {
  const root = path.join(work, 'trust');
  for (const dir of ['content', 'themes']) fs.cpSync(path.join(REPO_ROOT, dir), path.join(root, dir), { recursive: true });
  fs.mkdirSync(path.join(root, 'local/images'), { recursive: true });
  fs.writeFileSync(path.join(root, 'local/images/logo.svg'), LOGO);
  const config = fs.readFileSync(path.join(REPO_ROOT, 'config.yaml'), 'utf8');
  fs.writeFileSync(path.join(root, 'config.yaml'), `${config}
organisation:
  name: Example Hospitals NHS Foundation Trust
local: local
brand:
  primary: "#00703c"
  logo: local/images/logo.svg
`);
  return root;
}

before(async () => {
  work = tempDir('careerguide-phone-');
  bundled = await serveDir(buildSite().out);
  trust = await serveDir(buildSite({ root: trustProject() }).out);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await bundled?.close();
  await trust?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** What a reader sees of the header and the first heading. */
function firstScreen(page) {
  return page.evaluate(() => {
    // checkVisibility: false inside a closed <details> too (its content is skipped, not removed).
    const shown = (el) => !!el && el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
    const header = document.querySelector('.site-header').getBoundingClientRect();
    const h1 = document.querySelector('main h1').getBoundingClientRect();
    const button = document.querySelector('.menu-button');
    const navLinks = [...document.querySelectorAll('nav[aria-label="Primary"] a')].filter(shown);
    const searchBoxes = [...document.querySelectorAll('input[type=search]')].filter(shown);
    return {
      header: Math.round(header.height),
      h1Bottom: Math.round(h1.bottom),
      button: shown(button) ? button.textContent.trim() : null,
      navLinks: navLinks.length,
      searchBoxes: searchBoxes.map((i) => i.id),
      scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
}

// The header's height: the name and the Menu button on one row; with a trust's logo, the logo
// beside the button and the names below it (today's header took 280 and 400 px).
for (const [name, site, maxHeader] of [['the bundled guide', () => bundled, 90], ["a trust's copy with its name and logo", () => trust, 130]]) {
  test(`${name} at 360×640 without JavaScript: a one-row header, the first heading on the first screen`, async () => {
    const context = await newContext(browser, { viewport: PHONE, javaScriptEnabled: false });
    try {
      for (const p of PAGES) {
        const { page, tab } = await openPage(context, `${site().url}${p}`);
        const seen = await firstScreen(page);
        assert.equal(seen.button, 'Menu', `${p}: no Menu button`);
        assert.equal(seen.navLinks, 0, `${p}: the menu is not folded away`);
        assert.ok(seen.header <= maxHeader, `${p}: the header is ${seen.header} px tall`);
        assert.ok(seen.h1Bottom <= PHONE.height, `${p}: the first heading ends at ${seen.h1Bottom} px, below the first screen`);
        assert.ok(seen.scroll <= 0, `${p}: ${seen.scroll} px of sideways scroll`);
        assert.deepEqual(await tab.errors(), [], p);
      }
    } finally {
      await context.close();
    }
  });
}

test('the Menu button opens the menu without JavaScript, and the menu fits the phone', async () => {
  const context = await newContext(browser, { viewport: PHONE, javaScriptEnabled: false });
  try {
    const { page } = await openPage(context, `${trust.url}guide/introduction/`);
    await page.locator('summary', { hasText: 'Menu' }).click();
    assert.equal(await page.locator('details.header-menu').getAttribute('open'), '');
    const seen = await firstScreen(page);
    assert.ok(seen.navLinks >= 6, `${seen.navLinks} menu links shown`);
    assert.deepEqual(seen.searchBoxes, ['menu-search']);
    assert.ok(seen.scroll <= 0, `${seen.scroll} px of sideways scroll with the menu open`);
    // The current section is marked for screen readers as well as drawn.
    const current = await page.locator('nav[aria-label="Primary"] a[aria-current]').filter({ visible: true }).textContent();
    assert.equal(current.trim(), 'The guide');
    // Each menu link is a comfortable target.
    const heights = await page.locator('.menu-nav a').evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height));
    assert.ok(heights.every((h) => h >= 24), `menu links too small to tap: ${heights}`);
    await page.locator('summary', { hasText: 'Menu' }).click();
    assert.equal((await firstScreen(page)).navLinks, 0, 'the menu closes again');
  } finally {
    await context.close();
  }
});

test('by keyboard: Tab reaches the Menu button, Enter opens it, Tab goes on into the search and the menu', async () => {
  const context = await newContext(browser, { viewport: PHONE, javaScriptEnabled: false });
  try {
    const { page } = await openPage(context, `${bundled.url}glossary/`);
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      return { tag: el.tagName, text: (el.textContent || '').trim(), id: el.id, expanded: el.closest('details')?.open ?? null };
    });
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // the site's name
    await page.keyboard.press('Tab');
    let now = await focused();
    assert.equal(now.tag, 'SUMMARY');
    assert.equal(now.text, 'Menu');
    assert.equal(now.expanded, false);
    // Focus is visible on it: the yellow highlight.
    const background = await page.evaluate(() => getComputedStyle(document.activeElement).backgroundColor);
    assert.equal(background, 'rgb(255, 235, 59)');
    await page.keyboard.press('Enter');
    now = await focused();
    assert.equal(now.expanded, true, 'Enter opens the menu');
    await page.keyboard.press('Tab');
    assert.equal((await focused()).id, 'menu-search');
    await page.keyboard.press('Tab'); // Search button
    await page.keyboard.press('Tab');
    now = await focused();
    assert.equal(now.tag, 'A');
    assert.equal(now.text, 'The guide');
    // Shift+Tab back to the button; Space closes it.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Tab');
    assert.equal((await focused()).tag, 'SUMMARY');
    await page.keyboard.press('Space');
    assert.equal((await focused()).expanded, false, 'Space closes the menu');
  } finally {
    await context.close();
  }
});

/** Chromium's own accessibility tree (what screen readers are given): role, name, expanded. */
async function accessibilityTree(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes
      .filter((n) => !n.ignored)
      .map((n) => ({
        role: n.role?.value,
        name: n.name?.value ?? '',
        expanded: n.properties?.find((p) => p.name === 'expanded')?.value.value,
      }));
  } finally {
    await cdp.detach();
  }
}

test('a screen reader meets the Menu button as a collapsed disclosure button, then one landmark of each kind', async () => {
  const context = await newContext(browser, { viewport: PHONE, javaScriptEnabled: false });
  try {
    const { page } = await openPage(context, `${bundled.url}guide/`);
    let tree = await accessibilityTree(page);
    // Chromium exposes <summary> as a disclosure triangle, which screen readers announce as
    // "Menu, button, collapsed".
    const button = (t) => t.filter((n) => n.name === 'Menu' && n.role === 'DisclosureTriangle');
    assert.equal(button(tree).length, 1, JSON.stringify(tree.filter((n) => n.name === 'Menu')));
    assert.equal(button(tree)[0].expanded, false);
    // Folded away, the menu is not read out; the tablet-width copies are not read at all.
    const landmarks = (t, role, name) => t.filter((n) => n.role === role && n.name === name).length;
    assert.equal(landmarks(tree, 'navigation', 'Primary'), 0);
    assert.equal(landmarks(tree, 'search', 'Site'), 0);
    await page.locator('summary', { hasText: 'Menu' }).click();
    tree = await accessibilityTree(page);
    assert.equal(button(tree)[0].expanded, true);
    assert.equal(landmarks(tree, 'navigation', 'Primary'), 1);
    assert.equal(landmarks(tree, 'search', 'Site'), 1);
  } finally {
    await context.close();
  }
});

test('from tablet width the menu bar shows and the Menu button does not', async () => {
  const context = await newContext(browser, { viewport: DESKTOP_VIEWPORT, javaScriptEnabled: false });
  try {
    const { page } = await openPage(context, `${trust.url}guide/`);
    const seen = await firstScreen(page);
    assert.equal(seen.button, null);
    assert.ok(seen.navLinks >= 6, `${seen.navLinks} menu links shown`);
    assert.deepEqual(seen.searchBoxes, ['site-search']);
  } finally {
    await context.close();
  }
});

for (const viewport of [PHONE, DESKTOP_VIEWPORT]) {
  test(`the search page has one search box at ${viewport.width} px`, async () => {
    const context = await newContext(browser, { viewport, javaScriptEnabled: false });
    try {
      const { page } = await openPage(context, `${bundled.url}search/`);
      if (viewport === PHONE) await page.locator('summary', { hasText: 'Menu' }).click();
      const seen = await firstScreen(page);
      assert.deepEqual(seen.searchBoxes, ['search-page-input']);
      assert.equal(await page.getByRole('search').count(), 1);
    } finally {
      await context.close();
    }
  });
}
