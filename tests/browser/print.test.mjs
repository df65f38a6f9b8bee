// Print: every checklist and the whole guide printed to PDF in Chromium (A4), then checked
// with poppler-utils (pdfinfo, pdftotext): page size and count, every item's text, no site
// chrome, page numbers and the page's address and review date in the footer, nothing past the
// right margin, no heading left alone at a page foot. Page 1 of each is rendered to
// docs/print/<name>.png (pdftoppm -r 60) for people to look at.
//
// Page numbers and the running footer come from CSS @page margin boxes (checklist.css), which
// Chromium renders since version 131; so page.pdf uses displayHeaderFooter: false and
// preferCSSPageSize, exactly like printing from the browser's menu.
//
// Run: cargo build && node --test tests/browser/print.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildSite, projectCopy, tempDir, REPO_ROOT } from './lib/build.mjs';
import { serveDir } from './lib/server.mjs';
import { launchBrowser, newContext, openPage } from './lib/browser.mjs';
import { pageToPdf, pdfInfo as popplerInfo, pdfText as popplerText, inkFill } from './lib/pdf.mjs';
import { pathToFileURL } from 'node:url';

// A fixed published address, so the printed footer (and so the PNGs) do not change between
// runs: the page's address comes from its canonical link.
const BASE_URL = 'https://intranet.example.nhs.uk/research-career/';
const A4 = { width: 595.28, height: 841.89 }; // points
const MM = 72 / 25.4;
const MARGIN = { side: 15 * MM, bottom: 18 * MM }; // checklist.css @page margins; words may overhang by up to 2pt (glyph bounds)
const PNG_DIR = path.join(REPO_ROOT, 'docs/print');

const CHECKLISTS = [
  { name: 'getting-started', pages: [2, 5] },
  { name: 'supporting-a-staff-member', pages: [1, 4] },
  // 43 questions, each with a ruled notes area under it.
  { name: 'conversation', pages: [5, 12], notes: true },
];
const GUIDE_PAGES = [9, 30]; // contents + 7 sections, each from a new page
// A last page this empty is a waste of paper: the checklists' own last pages must be fuller.
const LAST_PAGE_FILL = 1 / 3;

let site;
let server;
let browser;
let work;
let project;

function run(cmd, args) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.error) throw new Error(`${cmd}: ${res.error.message} (install poppler-utils: apt-get install -y poppler-utils)`);
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${res.stderr}`);
  return res.stdout;
}

before(async () => {
  // Published (base_url set), so with the contact route the accessibility statement needs;
  // no publisher name, so the printed pages are those of the bundled guide.
  project = projectCopy({ extraConfig: 'accessibility:\n  email: accessibility@example.nhs.uk\n' });
  site = buildSite({ root: project, baseUrl: BASE_URL });
  server = await serveDir(site.out);
  browser = await launchBrowser();
  work = tempDir('careerguide-print-');
  fs.mkdirSync(PNG_DIR, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

/** Print `url` to a PDF file the way a reader does (A4 from the page's CSS). */
async function printToPdf(context, url, file, prepare) {
  const { page, tab } = await openPage(context, url);
  if (prepare) await prepare(page);
  await pageToPdf(page, file, { displayHeaderFooter: false });
  const errors = await tab.errors();
  return { page, tab, errors };
}

/** Page count (lib/pdf.mjs) and every page's size (pdfinfo -f 1 -l N). */
function pdfInfo(file) {
  const pages = popplerInfo(file).pages;
  const out = run('pdfinfo', ['-f', '1', '-l', String(pages), file]);
  const sizes = [...out.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ w: Number(m[1]), h: Number(m[2]) }));
  return { pages, sizes };
}

/** Words with their boxes, page by page, from `pdftotext -bbox`. */
function pdfWords(file) {
  const html = run('pdftotext', ['-bbox', file, '-']);
  const pages = [];
  for (const m of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words = [...m[3].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({
      xMin: Number(w[1]), yMin: Number(w[2]), xMax: Number(w[3]), yMax: Number(w[4]),
      text: w[5].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'"),
    }));
    pages.push({ width: Number(m[1]), height: Number(m[2]), words });
  }
  return pages;
}

/** The text lines of a page (words grouped by baseline), top to bottom. */
function lines(page) {
  const sorted = [...page.words].sort((a, b) => a.yMax - b.yMax || a.xMin - b.xMin);
  const out = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.yMax - w.yMax) < 2) {
      last.words.push(w);
    } else {
      out.push({ yMax: w.yMax, yMin: w.yMin, words: [w] });
    }
  }
  for (const l of out) {
    l.words.sort((a, b) => a.xMin - b.xMin);
    l.text = l.words.map((w) => w.text).join(' ');
  }
  return out;
}

const squash = (s) => s.replace(/\s+/g, ' ').trim();
/** Printed text without the link addresses printed after links: " (https://…)". */
const withoutAddresses = (s) => s.replace(/ ?\((?:https?|file):[^)]*\)/g, '');
// A line may break after a hyphen ("post-" / "doc"): pdftotext then joins the halves
// ("postdoc"), so hyphens are compared away on both sides.
const unbreak = (s) => s.replace(/-\s*/g, '');
const pdfText = (file) => squash(popplerText(file, { layout: false }));

function savePng(file, name) {
  const prefix = path.join(work, name);
  run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
  fs.copyFileSync(`${prefix}.png`, path.join(PNG_DIR, `${name}.png`));
}

/** Checks every printed page shares: A4, nothing past the margins, page numbers, footer, no chrome. */
function checkPaper(file, { name, pages: [min, max], pageAddress, headings, review = true, footCheckFrom = 1 }) {
  const info = pdfInfo(file);
  assert.ok(info.pages >= min && info.pages <= max, `${name}: ${info.pages} pages, expected ${min}–${max}`);
  for (const s of info.sizes) {
    assert.ok(Math.abs(s.w - A4.width) < 1 && Math.abs(s.h - A4.height) < 1, `${name}: page is ${s.w}×${s.h} pt, not A4`);
  }

  const pages = pdfWords(file);
  assert.equal(pages.length, info.pages);
  const text = pdfText(file);
  for (const chrome of ['Skip to main content', 'Search this guide', 'Accessibility statement', 'Print this', 'Clear all ticks', 'Download this checklist']) {
    assert.ok(!text.includes(chrome), `${name}: "${chrome}" must not be printed`);
  }

  pages.forEach((page, i) => {
    const n = i + 1;
    // Nothing clipped or pushed past the right (or left) margin.
    for (const w of page.words) {
      assert.ok(w.xMax <= page.width - MARGIN.side + 2, `${name} p${n}: "${w.text}" ends at x=${w.xMax.toFixed(1)}, past the right margin (${(page.width - MARGIN.side).toFixed(1)})`);
      assert.ok(w.xMin >= MARGIN.side - 2, `${name} p${n}: "${w.text}" starts at x=${w.xMin.toFixed(1)}, inside the left margin`);
    }
    const ls = lines(page);
    // The footer, in the bottom margin: the page number on the right, and on the left the
    // page's address and review date (which may wrap onto two lines).
    const footWords = page.words.filter((w) => w.yMin > page.height - MARGIN.bottom - 1);
    const pageWord = footWords.filter((w) => w.text === 'Page').sort((a, b) => b.xMin - a.xMin)[0];
    assert.ok(pageWord, `${name} p${n}: no "Page" in the footer`);
    const right = footWords.filter((w) => w.xMin >= pageWord.xMin - 0.5).sort((a, b) => a.xMin - b.xMin).map((w) => w.text).join(' ');
    assert.equal(right, `Page ${n} of ${info.pages}`, `${name} p${n}: page number in the footer`);
    const footer = lines({ words: footWords.filter((w) => w.xMin < pageWord.xMin - 0.5) }).map((l) => l.text).join(' ');
    assert.ok(squash(footer).replace(/\s/g, '').includes(pageAddress.replace(/\s/g, '')), `${name} p${n}: the page's address in the footer (got "${footer}")`);
    if (review) assert.match(footer, /Next review due:? \d{1,2} \w+ \d{4}/, `${name} p${n}: review date in the footer`);
    // No heading left alone at the foot of a page.
    const body = ls.filter((l) => l.yMin <= page.height - MARGIN.bottom - 1);
    if (n >= footCheckFrom && n < pages.length && body.length) {
      const last = squash(body[body.length - 1].text);
      for (const h of headings) {
        assert.notEqual(last, squash(h), `${name} p${n}: heading "${h}" is left alone at the foot of the page`);
      }
    }
  });
  return { info, text, pages };
}

for (const c of CHECKLISTS) {
  test(`checklist "${c.name}" prints on A4 with every item, fields, footer and page numbers`, async () => {
    const context = await newContext(browser);
    try {
      const url = `${server.url}checklists/${c.name}/`;
      const file = path.join(work, `${c.name}.pdf`);
      let items = [];
      let headings = [];
      let fields = [];
      let ticked = [];
      const { page, errors } = await printToPdf(context, url, file, async (page) => {
        ({ items, headings, fields } = await page.evaluate(() => ({
          items: [...document.querySelectorAll('.task-item > label')].map((l) => l.textContent.replace(/\s+/g, ' ').trim()),
          headings: [...document.querySelectorAll('main h1, main h2, main h3')].map((h) => h.textContent.trim()),
          fields: [...document.querySelectorAll('.print-field-label')].map((f) => f.textContent.trim()),
        })));
        // Tick two items on screen: they must print ticked, the rest empty.
        const boxes = page.locator('.task-checkbox');
        await boxes.nth(0).check();
        await boxes.nth(2).check();
        ticked = [await boxes.nth(0).getAttribute('id'), await boxes.nth(2).getAttribute('id')];
        await page.locator('body').click({ position: { x: 1, y: 1 } }); // move focus away
        await page.emulateMedia({ media: 'print' });
      });
      assert.deepEqual(errors, []);
      assert.ok(items.length > 0);

      // What the print stylesheet does with the boxes, the fields and the notes area.
      const paper = await page.evaluate(() => {
        const boxes = [...document.querySelectorAll('.task-checkbox')];
        return {
          marks: boxes.map((b) => ({ id: b.id, mark: getComputedStyle(b, '::after').content, border: getComputedStyle(b).borderTopStyle })),
          fieldsShown: [...document.querySelectorAll('.print-fields')].every((f) => getComputedStyle(f).display !== 'none'),
          notes: [...document.querySelectorAll('.notes-space')].map((n) => n.getBoundingClientRect().height),
          chromeShown: ['.site-header', '.site-footer', '.breadcrumb', '.skip-link', '.page-actions', '.checklist-status']
            .filter((s) => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none'),
        };
      });
      await page.emulateMedia({ media: 'screen' });
      for (const m of paper.marks) {
        assert.equal(m.border, 'solid', `${m.id}: printed as a drawn box`);
        assert.equal(m.mark !== 'none', ticked.includes(m.id), `${m.id}: tick mark printed only when ticked on screen`);
      }
      assert.ok(paper.fieldsShown, 'fields printed at the top');
      assert.deepEqual(paper.chromeShown, [], 'no site chrome on paper');
      if (c.notes) {
        assert.equal(paper.notes.length, items.length, 'a notes area under every question');
        assert.ok(paper.notes.every((h) => h >= 60), `notes areas at least ~16mm tall (got ${Math.min(...paper.notes)}px)`);
      } else {
        assert.equal(paper.notes.length, 0);
      }

      const pageAddress = `${BASE_URL}checklists/${c.name}/`;
      const { text } = checkPaper(file, { name: c.name, pages: c.pages, pageAddress, headings: headings.slice(1) });
      const plain = withoutAddresses(text);
      for (const item of items) assert.ok(unbreak(plain).includes(unbreak(item)), `${c.name}: item printed: "${item}"`);
      for (const f of fields) assert.ok(text.includes(f), `${c.name}: field "${f}" printed`);
      assert.ok(text.includes(headings[0]), 'title printed');
      // The address and review dates are printed under the title, not left alone at the end.
      assert.match(squash(lines(pdfWords(file)[0]).slice(0, 8).map((l) => l.text).join(' ')), /This page online: .*Next review due/);
      const pages = pdfInfo(file).pages;
      if (pages > 1) {
        const fill = inkFill(file, pages);
        assert.ok(fill >= LAST_PAGE_FILL, `${c.name}: the last of ${pages} pages is only ${Math.round(fill * 100)} % full`);
      }
      savePng(file, `checklist-${c.name}`);
    } finally {
      await context.close();
    }
  });
}

test('the whole guide prints: contents, seven sections in order each from a new page, link addresses', async () => {
  const context = await newContext(browser);
  try {
    const file = path.join(work, 'guide.pdf');
    let sections = [];
    let headings = [];
    let linkCount = 0;
    const { errors } = await printToPdf(context, `${server.url}print/`, file, async (page) => {
      ({ sections, headings, linkCount } = await page.evaluate(() => ({
        sections: [...document.querySelectorAll('.print-section > h2')].map((h) => h.textContent.replace(/\s+/g, ' ').trim()),
        headings: [...document.querySelectorAll('main h2, main h3, main h4')].map((h) => h.textContent.replace(/\s+/g, ' ').trim()),
        linkCount: document.querySelectorAll('.print-section a[data-print-href]').length,
      })));
    });
    assert.deepEqual(errors, []);
    const guideSource = fs.readdirSync(path.join(REPO_ROOT, 'content/guide')).filter((f) => /^\d+-.*\.md$/.test(f)).sort();
    assert.equal(sections.length, 7, 'seven sections');
    assert.equal(guideSource.length, 7);
    guideSource.forEach((f, i) => {
      const title = /^title:\s*(.+)$/m.exec(fs.readFileSync(path.join(REPO_ROOT, 'content/guide', f), 'utf8'))[1].trim().replace(/^["']|["']$/g, '');
      assert.equal(squash(sections[i]), squash(title), `section ${i + 1} is ${f}`);
    });

    const { info, pages } = checkPaper(file, { name: 'guide', pages: GUIDE_PAGES, pageAddress: `${BASE_URL}print/`, headings, review: false, footCheckFrom: 2 });
    // Page 1: the guide's own title first (not "The whole guide (printable)", nor the words
    // about printing meant for the screen), then the contents list, naming every section.
    const first = squash(lines(pages[0]).map((l) => l.text).join(' '));
    const guideTitle = /^title:\s*(.+)$/m.exec(fs.readFileSync(path.join(REPO_ROOT, 'config.yaml'), 'utf8'))[1].trim();
    assert.ok(first.startsWith(guideTitle), `the print starts with "${first.slice(0, 80)}", not the guide's title "${guideTitle}"`);
    assert.ok(!first.includes('printable'), first.slice(0, 200));
    assert.match(first, /Contents/);
    for (const s of sections) assert.ok(first.includes(squash(s)), `contents lists "${s}"`);
    // Each section begins at the top of a page, in order.
    let lastPage = 0;
    for (const s of sections) {
      const at = pages.findIndex((p, i) => i > 0 && squash(lines(p).slice(0, 3).map((l) => l.text).join(' ')).startsWith(squash(s).slice(0, 40)));
      assert.ok(at > lastPage, `"${s}" starts a new page after the previous section (found on page ${at + 1})`);
      lastPage = at;
    }
    // Links to pages outside the guide print their published address; links between the
    // guide's sections print the section's title.
    assert.ok(linkCount > 0, 'the guide has links to other pages');
    const text = pdfText(file);
    assert.match(text, /\(see “[^”]+”\)/, 'a link to another section prints its title');
    assert.ok(text.replace(/\s/g, '').includes(`${BASE_URL}resources/`.replace(/\s/g, '')), 'a link address is printed in full');
    // Editorial notes and quotations survive to paper.
    assert.match(text, /Editorial note/);
    assert.ok(info.pages >= 8);
    savePng(file, 'whole-guide');
  } finally {
    await context.close();
  }
});

test('with JavaScript off a checklist still prints every item, with page numbers and its address', async () => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  try {
    const { page } = await openPage(context, `${server.url}checklists/supporting-a-staff-member/`, { javaScriptEnabled: false });
    const items = await page.$$eval('.task-item > label', (ls) => ls.map((l) => l.textContent.replace(/\s+/g, ' ').trim()));
    const file = path.join(work, 'nojs.pdf');
    await pageToPdf(page, file);
    const info = pdfInfo(file);
    const text = pdfText(file);
    for (const item of items) assert.ok(withoutAddresses(text).includes(item), `item printed: "${item}"`);
    assert.match(text, new RegExp(`Page 1 of ${info.pages}`));
    assert.ok(text.replace(/\s/g, '').includes(`${BASE_URL}checklists/supporting-a-staff-member/`), 'address printed (from the canonical link)');
    assert.match(text, /Next review due/);
  } finally {
    await context.close();
  }
});

test('a "Print" button on checklists, guide pages and the whole-guide page, only with JavaScript', async () => {
  for (const js of [true, false]) {
    const context = await newContext(browser, { javaScriptEnabled: js });
    try {
      for (const p of ['checklists/conversation/', 'guide/introduction/', 'guide/for-managers/', 'print/']) {
        const { page, tab } = await openPage(context, `${server.url}${p}`, { javaScriptEnabled: js });
        const button = page.locator('main .print-button');
        assert.equal(await button.count(), 1, `${p}: one print button`);
        assert.equal(await button.isVisible(), js, `${p}: print button ${js ? 'shown' : 'hidden'} with JavaScript ${js ? 'on' : 'off'}`);
        if (js) {
          await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
          await button.click();
          assert.equal(await page.evaluate(() => window.__printed), 1, `${p}: the button prints`);
        }
        await tab.close();
      }
      // The whole-guide page is linked from the home page and from every guide page.
      for (const p of ['', 'guide/introduction/', 'guide/what-to-discuss/']) {
        const { page, tab } = await openPage(context, `${server.url}${p}`, { javaScriptEnabled: js });
        const hrefs = await page.$$eval('main a[href]', (as) => as.map((a) => a.href));
        assert.ok(hrefs.some((h) => /\/print\/(index\.html)?$/.test(h)), `${p || 'home'}: links to the whole-guide print page from the main content`);
        await tab.close();
      }
    } finally {
      await context.close();
    }
  }
});

test('the whole guide printed from a shared drive (file://, no base_url) prints no file:// path and no preview address', async () => {
  const portable = buildSite();
  const context = await newContext(browser);
  try {
    const file = path.join(work, 'guide-file.pdf');
    const url = pathToFileURL(path.join(portable.out, 'print/index.html')).href;
    const { page } = await openPage(context, url);
    const marked = await page.evaluate(() => ({
      see: [...document.querySelectorAll('.print-section a[data-print-see]')].map((a) => [a.getAttribute('href'), a.getAttribute('data-print-see')]),
      href: document.querySelectorAll('main a[data-print-href]').length,
      sections: [...document.querySelectorAll('.print-section > h2')].map((h) => h.textContent.replace(/\s+/g, ' ').trim()),
    }));
    assert.ok(marked.see.length > 0, 'links between sections are marked with their title');
    for (const [href, title] of marked.see) {
      assert.ok(marked.sections.includes(title), `${href} prints "${title}", not a section title`);
    }
    assert.equal(marked.href, 0, 'no address printed for a link within the site without base_url');
    // The bundled guide links to no other site: add one link as an editor might, to see its
    // address printed.
    await page.evaluate(() => {
      const a = Object.assign(document.createElement('a'), { href: 'https://www.nihr.ac.uk/', textContent: 'the NIHR website' });
      document.querySelector('.print-section p').append(' See ', a, '.');
    });
    await pageToPdf(page, file, { displayHeaderFooter: false });
    const pages = pdfWords(file);
    const body = squash(pages.map((p) => lines({ words: p.words.filter((w) => w.yMin <= p.height - MARGIN.bottom - 1) }).map((l) => l.text).join(' ')).join(' '));
    assert.ok(!pdfText(file).replace(/\s/g, '').includes('file:'), 'a file:// path is printed (in the text or the running footer)');
    assert.match(body, /\(see “[^”]+”\)/);
    // Links to other sites still print their address.
    assert.ok(body.includes('the NIHR website (https://www.nihr.ac.uk/)'), 'an address of another site is printed');
    assert.ok(body.startsWith('Building a research career'), body.slice(0, 80));
  } finally {
    await context.close();
    fs.rmSync(path.dirname(portable.out), { recursive: true, force: true });
  }
});
