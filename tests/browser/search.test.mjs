// Search in a real browser: questions from tests/search_questions.yaml marked
// `browser: true` are typed into the search page of the bundled site, served under a
// subpath with the strict CSP; the matching result is followed to its anchor. The same
// from file://, where the index must load without fetch and links need index.html.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSite, launchBrowser, newContext, REPO_ROOT, serveDir } from './lib/index.mjs';

/** The browser questions, read with a tiny line parser (the file is flat YAML). */
function browserQuestions() {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'tests/search_questions.yaml'), 'utf8');
  const out = [];
  let cur = null;
  for (const line of text.split('\n')) {
    const q = line.match(/^\s*- q:\s*(.*)$/);
    if (q) { cur = { q: q[1].trim() }; out.push(cur); continue; }
    const e = line.match(/^\s+expect:\s*(.*)$/);
    if (e && cur) cur.expect = e[1].trim();
    if (/^\s+browser:\s*true/.test(line) && cur) cur.browser = true;
  }
  return out.filter((x) => x.browser);
}

async function typeQuery(page, q) {
  const input = page.locator('#search-page-input');
  await input.fill('');
  await input.pressSequentially(q, { delay: 5 });
  await page.waitForFunction((q) => window.CareerguideSearch && window.CareerguideSearch.lastQuery === q, q, { timeout: 20_000 });
}

/** The first result link whose target is the expected place, and its 1-based rank. */
async function findResult(page, expect) {
  const links = await page.locator('#search-results li a').evaluateAll((as) => as.map((a) => a.href));
  const rank = links.findIndex((href) => {
    const u = new URL(href);
    const rel = decodeURIComponent(u.pathname + u.hash).replace(/index\.html(#|$)/, '$1');
    return rel.includes('/' + expect.replace(/^\//, '')) || (rel + '/').includes('/' + expect);
  });
  return { rank: rank + 1, href: links[rank], links };
}

describe('search page', () => {
  let site, server, browser, context;
  before(async () => {
    site = buildSite();
    server = await serveDir(site.out);
    browser = await launchBrowser();
    context = await newContext(browser);
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  for (const { q, expect } of browserQuestions()) {
    test(`"${q}" leads to ${expect}`, async () => {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url + 'search/index.html');
      await typeQuery(page, q);
      const { rank, href, links } = await findResult(page, expect);
      assert.ok(rank >= 1 && rank <= 3, `want ${expect} in the top 3, got ${JSON.stringify(links.slice(0, 5))}`);
      // The polite status is set once typing pauses.
      await page.waitForFunction(() => /results? for /.test(document.querySelector('#search-results [role=status]')?.textContent || ''), null, { timeout: 5000 });
      await Promise.all([page.waitForLoadState('load'), page.locator('#search-results li a').nth(rank - 1).click()]);
      const target = new URL(page.url());
      assert.ok(target.pathname.startsWith(new URL(server.url).pathname), `stays under the subpath: ${page.url()}`);
      if (target.hash) {
        const id = decodeURIComponent(target.hash.slice(1));
        assert.equal(await page.locator(`[id="${id}"]`).count(), 1, `anchor #${id} exists on ${target.pathname}`);
      }
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('?q= in the address runs the search, and results are marked up as a list of links', async () => {
    const page = await context.newPage();
    await page.goto(server.url + 'search/index.html?q=backfill');
    await page.waitForFunction(() => window.CareerguideSearch && window.CareerguideSearch.lastQuery === 'backfill');
    assert.equal(await page.locator('#search-page-input').inputValue(), 'backfill');
    assert.ok((await page.locator('#search-results ol li a').count()) > 0);
    assert.ok((await page.locator('#search-results mark').count()) > 0, 'matched words are highlighted');
    assert.match(await page.locator('#search-results [role=status]').textContent(), /results? for backfill/);
    await page.close();
  });

  test('the words that matched are marked: whole words, as text, read as one sentence, visible in forced colours', async () => {
    const page = await context.newPage();
    // "supervisor" finds "supervisors" (one stem) and "funding" "funded": a heading that holds
    // a word searched for shows it marked in the result's link, a snippet in its text.
    await page.goto(server.url + 'search/index.html?q=supervisor%20funding');
    await page.waitForFunction(() => window.CareerguideSearch && window.CareerguideSearch.lastQuery === 'supervisor funding');
    const results = await page.locator('#search-results li').evaluateAll((lis) => lis.map((li) => {
      const link = li.querySelector('a'), snippet = li.querySelector('.search-snippet');
      const marks = [...li.querySelectorAll('mark')];
      return {
        link: link.textContent,
        marks: marks.map((m) => ({
          text: m.textContent,
          inLink: !!m.closest('a'),
          display: getComputedStyle(m).display,
          children: m.children.length,
          // The characters on either side, in the text a reader gets.
          before: (m.previousSibling?.textContent ?? '').slice(-1),
          after: (m.nextSibling?.textContent ?? '').slice(0, 1),
        })),
        // What a screen reader reads: the same characters as the text, on one line.
        snippetText: snippet.textContent,
        snippetRead: snippet.innerText,
        also: li.querySelector('.search-more')?.textContent ?? '',
      };
    }));
    assert.ok(results.length >= 3, JSON.stringify(results));
    // Every result shows why it was found: marked in its link or snippet, or, where the
    // index keeps too little of its text, named after "Also found:".
    const unmarked = results.filter((r) => r.marks.length === 0);
    assert.deepEqual(unmarked.map((r) => r.link), [], 'every result shows a word that matched');
    assert.ok(results.some((r) => r.also.startsWith('Also found: ')), JSON.stringify(results));
    for (const r of results.filter((r) => r.also)) {
      assert.match(r.also, /^Also found: (supervisor|funding)(, (supervisor|funding))?$/, JSON.stringify(r));
    }
    assert.ok(results.some((r) => r.marks.some((m) => m.inLink)), 'matched words are marked in the links too');
    assert.ok(results.some((r) => r.marks.some((m) => !m.inLink)), 'and in the snippets');
    for (const r of results) {
      for (const m of r.marks) {
        assert.match(m.text, /^[\p{L}\p{N}'’]+$/u, `a mark holds one whole word: ${JSON.stringify(m)}`);
        assert.ok(/^(|[^\p{L}\p{N}])$/u.test(m.before) && /^(|[^\p{L}\p{N}])$/u.test(m.after), `no mark starts or ends inside a word: ${JSON.stringify(m)}`);
        assert.ok(/^(supervis|fund)/i.test(m.text), `only the words searched for are marked: ${m.text}`);
        assert.equal(m.children, 0, 'a mark holds text only');
        assert.equal(m.display, 'inline', 'a mark does not break the line');
      }
      assert.equal(r.snippetRead.replace(/\s+/g, ' ').trim(), r.snippetText.replace(/\s+/g, ' ').trim(), 'marks add or remove nothing from what is read');
      assert.ok(!r.snippetRead.includes('\n'), `the snippet is read as one paragraph: ${JSON.stringify(r.snippetRead)}`);
    }
    // Bold as well as coloured (not by colour alone), and kept apart in forced colours.
    const looks = async () => page.locator('#search-results .search-snippet mark').first().evaluate((m) => {
      const cs = getComputedStyle(m), around = getComputedStyle(m.parentElement);
      return { weight: Number(cs.fontWeight), bg: cs.backgroundColor, color: cs.color, aroundColor: around.color };
    });
    const normal = await looks();
    assert.ok(normal.weight >= 700, JSON.stringify(normal));
    assert.notEqual(normal.bg, 'rgba(0, 0, 0, 0)', JSON.stringify(normal));
    await page.emulateMedia({ forcedColors: 'active' });
    try {
      const forced = await looks();
      assert.notEqual(forced.bg, 'rgba(0, 0, 0, 0)', `a mark keeps a background in forced colours: ${JSON.stringify(forced)}`);
      assert.notEqual(forced.color, forced.aroundColor, `a mark's text differs from the text around it in forced colours: ${JSON.stringify(forced)}`);
      assert.ok(forced.weight >= 700, JSON.stringify(forced));
    } finally {
      await page.emulateMedia({ forcedColors: 'none' });
    }
    await page.close();
  });

  test('text from the index reaches the page as text: search.js builds results with DOM calls only', () => {
    const source = fs.readFileSync(path.join(REPO_ROOT, 'themes/default/static/js/search.js'), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/);
  });

  test('people the guide quotes are labelled as the site calls them, "Person quoted", not "Case study"', async () => {
    const page = await context.newPage();
    await page.goto(server.url + 'search/index.html?q=Jo%20Cooper');
    await page.waitForFunction(() => window.CareerguideSearch && window.CareerguideSearch.lastQuery === 'Jo Cooper');
    const results = await page.locator('#search-results li').evaluateAll((lis) => lis.map((li) => ({
      href: li.querySelector('a').getAttribute('href'),
      label: li.querySelector('.search-result-kind')?.textContent.trim() ?? '',
    })));
    const person = results.find((r) => r.href.includes('case-studies/'));
    assert.ok(person, JSON.stringify(results));
    assert.equal(person.label, '(Person quoted)');
    assert.ok(!results.some((r) => r.label === '(Case study)'), JSON.stringify(results));
    // One search box on the search page: the page's own, not the header's as well.
    assert.equal(await page.locator('input[type=search]').count(), 1);
    await page.close();
  });

  test('keystroke to results: median time reported (a figure, not a pass mark)', async (t) => {
    const page = await context.newPage();
    await page.goto(server.url + 'search/index.html');
    const times = [];
    for (const q of ['how do I get my post backfilled', 'research design service', 'mentorng scheme']) {
      await page.locator('#search-page-input').fill('');
      for (const ch of q) {
        const before = await page.evaluate(() => window.CareerguideSearch?.runs ?? 0);
        await page.locator('#search-page-input').press(ch === ' ' ? 'Space' : ch);
        await page.waitForFunction((n) => window.CareerguideSearch.runs > n || !document.querySelector('#search-page-input').value.trim(), before);
        const ms = await page.evaluate(() => window.CareerguideSearch.lastMs);
        if (typeof ms === 'number') times.push(ms);
      }
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    t.diagnostic(`keystroke to results: median ${median.toFixed(1)} ms, p95 ${times[Math.floor(times.length * 0.95)].toFixed(1)} ms over ${times.length} keystrokes`);
    assert.ok(median < 100, `median ${median} ms is far too slow`);
    await page.close();
  });

  test('works from file:// (no fetch) and links open the section file', async () => {
    const fileContext = await newContext(browser);
    const page = await fileContext.newPage();
    await page.goto(pathToFileURL(path.join(site.out, 'search/index.html')).href + '?q=RDS');
    await page.waitForFunction(() => window.CareerguideSearch && window.CareerguideSearch.lastQuery === 'RDS', null, { timeout: 20_000 });
    const href = await page.locator('#search-results li a').first().getAttribute('href');
    assert.match(href, /index\.html(#|$)/, 'file:// links name index.html');
    await Promise.all([page.waitForLoadState('load'), page.locator('#search-results li a').first().click()]);
    assert.match(page.url(), /^file:.*index\.html/);
    await fileContext.close();
  });
});
