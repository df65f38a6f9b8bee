// The career pathway page (issue #13): "Where are you now?" and the stages drawn as a path,
// checked in Chromium without JavaScript at 1280 and 320 px (a real ordered list, the path
// drawn, no horizontal scroll, anchor links to each next step and on into the checklists),
// and printed on A4. Every page, this one included, also goes through the full a11y suite
// (axe, forced colours, spacing, 200 % text) in a11y.test.mjs.
//
// Run: cargo build && node --test tests/browser/pathway.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildSite, tempDir } from './lib/build.mjs';
import { serveDir } from './lib/server.mjs';
import { launchBrowser, newContext, openPage, DESKTOP_VIEWPORT, MOBILE_VIEWPORT } from './lib/browser.mjs';
import { pageToPdf, pdfInfo, pdfText } from './lib/pdf.mjs';

const STAGES = ['internship', 'masters', 'doctoral', 'lectureship', 'senior-lectureship'];
let site;
let server;
let browser;

before(async () => {
  site = buildSite();
  server = await serveDir(site.out);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const viewport of [DESKTOP_VIEWPORT, MOBILE_VIEWPORT]) {
  test(`pathway without JavaScript at ${viewport.width} px: an ordered list drawn as a path, no sideways scroll`, async () => {
    const context = await newContext(browser, { viewport, javaScriptEnabled: false });
    try {
      const { page, tab } = await openPage(context, `${server.url}career-pathway/`);
      const facts = await page.evaluate(() => {
        const list = document.querySelector('ol.pathway');
        const items = list ? [...list.children] : [];
        return {
          tag: list?.tagName,
          items: items.length,
          allLi: items.every((li) => li.tagName === 'LI'),
          ids: items.map((li) => li.id),
          marker: items.map((li) => getComputedStyle(li, '::before').content),
          line: items.map((li) => getComputedStyle(li, '::after').borderLeftWidth),
          scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          picker: [...document.querySelectorAll('.pathway-picker a')].map((a) => a.getAttribute('href')),
        };
      });
      assert.equal(facts.tag, 'OL');
      assert.equal(facts.items, STAGES.length);
      assert.ok(facts.allLi);
      assert.deepEqual(facts.ids, STAGES);
      assert.ok(facts.marker.every((c) => c && c !== 'none' && c !== 'normal'), `stage numbers not drawn: ${facts.marker}`);
      assert.ok(facts.line.slice(0, -1).every((w) => parseFloat(w) >= 2), `path line not drawn: ${facts.line}`);
      assert.ok(facts.scroll <= 0, `horizontal scroll of ${facts.scroll}px at ${viewport.width}`);
      assert.deepEqual(facts.picker, STAGES.map((s) => `#next-${s}`));

      // "Where are you now?" → the next step, then on into a checklist item.
      await page.click('.pathway-picker a[href="#next-masters"]');
      assert.equal(await page.evaluate(() => location.hash), '#next-masters');
      const visible = await page.evaluate(() => {
        const r = document.getElementById('next-masters').getBoundingClientRect();
        return r.top >= -1 && r.top < window.innerHeight;
      });
      assert.ok(visible, 'the chosen next step is not scrolled into view');
      const link = page.locator('#next-masters a[href*="checklists/getting-started/"]').first();
      const href = await link.getAttribute('href');
      await Promise.all([page.waitForNavigation(), link.click()]);
      const fragment = href.split('#')[1];
      assert.ok(fragment, `${href} has no item anchor`);
      assert.ok(await page.evaluate((id) => !!document.getElementById(id), fragment), `checklist has no #${fragment}`);
      assert.deepEqual(await tab.errors(), []);
    } finally {
      await context.close();
    }
  });
}

test('pathway prints on A4 with every stage and its next step', async () => {
  const work = tempDir('careerguide-pathway-');
  const context = await newContext(browser, { javaScriptEnabled: false });
  try {
    const { page } = await openPage(context, `${server.url}career-pathway/`);
    const file = path.join(work, 'pathway.pdf');
    await pageToPdf(page, file, { displayHeaderFooter: false });
    const info = pdfInfo(file);
    assert.match(info['Page size'], /\(A4\)/, info['Page size']);
    assert.ok(info.pages >= 2 && info.pages <= 12, `${info.pages} pages`);
    const text = pdfText(file, { layout: false }).replace(/\s+/g, ' ');
    for (const words of ['Where are you now?', 'Finding out about research', 'Pre-doctoral', 'Doctoral',
      'Early post-doctoral', 'Senior clinical academic', 'Master’s Studentships', '(PCAF)', '(DCAF)', '(ACAF)']) {
      assert.ok(text.includes(words), `printed pathway lacks ${words}`);
    }
    assert.equal(text.match(/Your next step:/g)?.length, STAGES.length);
  } finally {
    await context.close();
  }
});

// On a phone the page opens with the tool: "Where are you now?" and the first of its choices
// are on the first screen, straight under the title, and the guide's framing text follows.
for (const javaScriptEnabled of [true, false]) {
  test(`pathway at 360 px${javaScriptEnabled ? '' : ' without JavaScript'}: "Where are you now?" is on the first screen, before the framing text`, async () => {
    const context = await newContext(browser, { viewport: { width: 360, height: 640 }, javaScriptEnabled });
    try {
      const { page, tab } = await openPage(context, `${server.url}career-pathway/`);
      const facts = await page.evaluate(() => {
        const heading = document.getElementById('where-are-you-now');
        const firstChoice = document.querySelector('.pathway-picker a');
        const intro = document.querySelector('main .content p');
        const h1 = document.querySelector('main h1');
        return {
          heading: heading?.textContent.trim(),
          headingBottom: heading?.getBoundingClientRect().bottom,
          choiceBottom: firstChoice?.getBoundingClientRect().bottom,
          height: window.innerHeight,
          // The next heading after the title is the tool's, and the framing text comes later.
          nextHeading: [...document.querySelectorAll('main h2')][0]?.id,
          introAfter: !!(intro && heading && heading.compareDocumentPosition(intro) & Node.DOCUMENT_POSITION_FOLLOWING),
          titleAbove: !!(h1 && heading && h1.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING),
        };
      });
      assert.equal(facts.heading, 'Where are you now?');
      assert.ok(facts.headingBottom <= facts.height, `"Where are you now?" ends at ${facts.headingBottom}px, below the first screen (${facts.height}px)`);
      assert.ok(facts.choiceBottom <= facts.height, `its first choice ends at ${facts.choiceBottom}px, below the first screen (${facts.height}px)`);
      assert.equal(facts.nextHeading, 'where-are-you-now');
      assert.ok(facts.titleAbove, 'the title is not above the tool');
      assert.ok(facts.introAfter, 'the framing text is not after the tool');
      assert.deepEqual(await tab.errors(), []);
    } finally {
      await context.close();
    }
  });
}
