// The accessibility statement (issue #20), as a trust publishes it (base_url set, a publisher,
// a contact route and dates in config.yaml), in Chromium at 360 and 1280 px: the sections of
// GOV.UK's sample statement in order, the compliance status, one line for every check the
// browser suite runs (so the statement cannot claim a test that is not run, or leave out one
// that is), the contact routes as working links, and the trust's dates.
//
// Run: cargo build && node --test tests/browser/statement.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildSite, projectCopy, PUBLISHER_SETTINGS } from './lib/build.mjs';
import { serveDir } from './lib/server.mjs';
import { launchBrowser, newContext, openPage, DESKTOP_VIEWPORT } from './lib/browser.mjs';
import { CHECKS, checkAxe, checkConsole } from './lib/checks.mjs';

const SECTIONS = [
  'How accessible this website is',
  'Feedback and contact information',
  'Reporting accessibility problems with this website',
  'Enforcement procedure',
  "Technical information about this website's accessibility",
  'Non-accessible content',
  "What we're doing to improve accessibility",
  'Preparation of this accessibility statement',
];

/** Words of the compliance status that describe each check of lib/checks.mjs (null: not an
 * accessibility test, so not claimed). A check added to CHECKS without a line here fails. */
const CLAIMED = {
  axe: 'axe-core accessibility checker',
  overflow: 'at 320 pixels wide, with no sideways scrolling',
  skip: '“Skip to main content” link comes first and works',
  focus: 'shows where the focus is and is not hidden when focused',
  uiContrast: 'contrast of at least 3 to 1',
  forced: 'forced colours (Windows high contrast mode)',
  spacing: 'wider letter, word, line and paragraph spacing',
  resize: 'text at 200% size',
  motion: 'reduced motion',
  console: null,
  links: 'links that work',
  nojs: 'without JavaScript',
  structure: 'one main heading per page, heading levels in order',
};

let project;
let server;
let browser;

before(async () => {
  project = projectCopy();
  const site = buildSite({ root: project, baseUrl: 'https://intranet.example.nhs.uk/research-career/' });
  server = await serveDir(site.out);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

test('every check the browser suite runs is described in the compliance status, and no other', () => {
  assert.deepEqual(Object.keys(CLAIMED).sort(), [...CHECKS].sort());
});

for (const viewport of [{ width: 360, height: 640 }, DESKTOP_VIEWPORT]) {
  test(`the statement at ${viewport.width} px: GOV.UK's sections in order, what is tested, contact routes and dates`, async () => {
    const context = await newContext(browser, { viewport });
    try {
      const { page, tab } = await openPage(context, `${server.url}accessibility/index.html`);
      const facts = await page.evaluate(() => {
        const main = document.querySelector('main');
        return {
          h1: main.querySelector('h1')?.textContent.trim(),
          h2: [...main.querySelectorAll('h2')].map((h) => h.textContent.trim()),
          h3: [...main.querySelectorAll('h3')].map((h) => h.textContent.trim()),
          text: main.innerText.replace(/\s+/g, ' '),
          scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
      });
      assert.equal(facts.h1, 'Accessibility statement');
      assert.deepEqual(facts.h2.filter((h) => SECTIONS.includes(h)), SECTIONS, `sections: ${facts.h2.join(' | ')}`);
      assert.ok(facts.h3.includes('Compliance status'), `no "Compliance status": ${facts.h3.join(' | ')}`);
      for (const h of ['Non-compliance with the accessibility regulations', 'Disproportionate burden', "Content that's not within the scope of the accessibility regulations"]) {
        assert.ok(facts.h3.includes(h), `no "${h}" under Non-accessible content`);
      }
      assert.match(facts.text, /This website is partially compliant with the Web Content Accessibility Guidelines version 2\.2 AA standard/);
      for (const [check, words] of Object.entries(CLAIMED)) {
        if (words) assert.ok(facts.text.includes(words), `the compliance status does not describe the "${check}" check (${words})`);
      }
      assert.match(facts.text, /The tests do not cover:.*screen readers/);
      assert.match(facts.text, /contact Example NHS Trust/);
      assert.match(facts.text, /Equality and Human Rights Commission/);
      assert.match(facts.text, /prepared on 6 December 2026\. It was last reviewed on 6 December 2026\./);
      assert.match(facts.text, /last tested on 6 December 2026 by Example NHS Trust/);
      assert.ok(facts.scroll <= 0, `sideways scroll of ${facts.scroll}px`);
      // The contact routes a reader can use, visible and working.
      const email = page.locator('main a[href="mailto:accessibility@example.nhs.uk"]');
      assert.ok(await email.isVisible(), 'no visible email link');
      const form = page.locator('main a[href="https://www.example.nhs.uk/contact-us/"]');
      assert.ok(await form.isVisible(), 'no visible contact form link');
      assert.ok(facts.text.includes('call 0113 496 0000'));
      assert.ok(PUBLISHER_SETTINGS.includes('0113 496 0000'));
      // Links inside the statement lead to its own sections.
      for (const href of await page.locator('main a[href^="#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
        assert.ok(await page.locator(href).count(), `${href} leads nowhere`);
      }
      const { problems } = await checkAxe(page);
      assert.deepEqual(problems, [], JSON.stringify(problems, null, 1));
      assert.deepEqual(checkConsole(await tab.errors()), []);
    } finally {
      await context.close();
    }
  });
}
