// Checklist pages in a real browser: labelled checkboxes, the progress line, ticks kept in
// localStorage by stable item id (and kept when another item is edited), "Clear all ticks"
// with a confirmation, no JavaScript, no storage, and nothing sent anywhere.
//
// Run: cargo build && node --test tests/browser/checklists.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildSite, tempDir, REPO_ROOT } from './lib/build.mjs';
import { serveDir } from './lib/server.mjs';
import { launchBrowser, newContext, openPage, settle } from './lib/browser.mjs';

const CHECKLISTS = ['getting-started', 'supporting-a-staff-member', 'conversation'];
const KEY = (id) => `careerguide:checklist:${id}`;
const FIXTURE = path.join(REPO_ROOT, 'tests/fixtures/checklist-site');

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

/** Count the `- [ ]` items of a content/checklists/*.md file. */
function itemsInSource(name) {
  const md = fs.readFileSync(path.join(REPO_ROOT, 'content/checklists', `${name}.md`), 'utf8');
  return md.split('\n').filter((l) => /^\s*[-*+] \[[ xX]\] /.test(l)).length;
}

async function progressText(page) {
  return (await page.locator('.checklist-progress').textContent())?.trim();
}

async function tickedIds(page) {
  return page.$$eval('.task-checkbox', (els) => els.filter((e) => e.checked).map((e) => e.id));
}

async function stored(page, id) {
  return page.evaluate((k) => JSON.parse(localStorage.getItem(k) || '[]'), KEY(id));
}

test('every checklist item is a real checkbox with its own label, and the page shows progress', async () => {
  const context = await newContext(browser);
  try {
    for (const name of CHECKLISTS) {
      const { page, tab } = await openPage(context, `${server.url}checklists/${name}/`);
      const expected = itemsInSource(name);
      const info = await page.evaluate(() => {
        const boxes = [...document.querySelectorAll('.task-checkbox')];
        return {
          count: boxes.length,
          ids: boxes.map((b) => b.id),
          problems: boxes.flatMap((b) => {
            const out = [];
            if (b.type !== 'checkbox') out.push(`${b.id}: not a checkbox`);
            const labels = [...b.labels];
            if (labels.length !== 1) out.push(`${b.id}: ${labels.length} labels`);
            else if (!labels[0].textContent.trim()) out.push(`${b.id}: empty label`);
            if (labels[0]?.querySelector('input, button, select, textarea')) out.push(`${b.id}: control inside label`);
            if (b.closest('label, a, button')) out.push(`${b.id}: checkbox nested in interactive element`);
            const r = b.getBoundingClientRect();
            if (r.width < 24 || r.height < 24) out.push(`${b.id}: target ${r.width}x${r.height} < 24px`);
            return out;
          }),
          dataCount: Number(document.querySelector('.checklist-body').dataset.itemCount),
          live: document.querySelector('.checklist-progress')?.getAttribute('aria-live'),
          clearVisible: !document.querySelector('.checklist-clear').hidden,
          printVisible: !document.querySelector('.print-button').hidden,
          download: document.querySelector('a[download]')?.getAttribute('href'),
          headings: [...document.querySelectorAll('.checklist-body h2')].length,
        };
      });
      assert.equal(info.count, expected, `${name}: ${info.count} checkboxes for ${expected} items in the Markdown`);
      assert.equal(info.dataCount, expected, `${name}: data-item-count`);
      assert.deepEqual(info.problems, [], `${name}: checkbox problems`);
      assert.equal(new Set(info.ids).size, info.ids.length, `${name}: ids must be unique`);
      assert.ok(info.ids.every((id) => id.startsWith(`${name}-`)), `${name}: ids are prefixed with the checklist id`);
      assert.ok(info.headings >= 2, `${name}: items are grouped under headings`);
      assert.equal(info.live, 'polite');
      assert.equal(await progressText(page), `0 of ${expected} done`);
      assert.ok(info.clearVisible, 'Clear all ticks shown when JavaScript runs');
      assert.ok(info.printVisible, 'Print button shown when JavaScript runs');
      assert.equal(info.download, `${name}.txt`);
      assert.deepEqual(await tab.errors(), [], `${name}: no console errors, failed requests or CSP violations`);
      await tab.close();
    }
  } finally {
    await context.close();
  }
});

test('ticks by keyboard (Space) and by clicking the label are kept after a reload', async () => {
  const context = await newContext(browser);
  try {
    const url = `${server.url}checklists/getting-started/`;
    const { page, tab } = await openPage(context, url);
    const total = await page.locator('.task-checkbox').count();
    const ids = await page.$$eval('.task-checkbox', (els) => els.map((e) => e.id));

    // Keyboard: Tab to the first checkbox from the element before it, then Space.
    await page.focus(`#${ids[0]}`);
    const focusStyle = await page.evaluate((id) => {
      const cs = getComputedStyle(document.getElementById(id));
      return { outline: cs.outlineStyle, shadow: cs.boxShadow };
    }, ids[0]);
    assert.ok(focusStyle.outline !== 'none' || focusStyle.shadow !== 'none', 'focused checkbox shows a focus indicator');
    await page.keyboard.press('Space');
    // Tab on to the next checkbox and tick it too.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert.equal(focused, ids[1], 'Tab moves to the next checkbox');
    await page.keyboard.press('Space');

    // Mouse: click the label of the fifth item.
    await page.click(`label[for="${ids[4]}"]`);

    assert.deepEqual(await tickedIds(page), [ids[0], ids[1], ids[4]]);
    assert.equal(await progressText(page), `3 of ${total} done`);
    assert.deepEqual((await stored(page, 'getting-started')).sort(), [ids[0], ids[1], ids[4]].sort());

    // Untick one by keyboard.
    await page.focus(`#${ids[1]}`);
    await page.keyboard.press('Space');
    assert.equal(await progressText(page), `2 of ${total} done`);

    await page.reload();
    await settle(page);
    assert.deepEqual(await tickedIds(page), [ids[0], ids[4]], 'ticks kept after reload');
    assert.equal(await progressText(page), `2 of ${total} done`);

    // Another checklist keeps its own ticks.
    await tab.goto(`${server.url}checklists/conversation/`);
    assert.deepEqual(await tickedIds(page), []);
    assert.equal(await progressText(tab.page), `0 of ${itemsInSource('conversation')} done`);
    assert.deepEqual(await tab.errors(), []);
  } finally {
    await context.close();
  }
});

test('two tabs of the same checklist keep in step', async () => {
  const context = await newContext(browser);
  try {
    const url = `${server.url}checklists/conversation/`;
    const a = await openPage(context, url);
    const b = await openPage(context, url);
    const total = await a.page.locator('.task-checkbox').count();
    await a.page.locator('.task-checkbox').nth(3).check();
    await b.page.waitForFunction(() => document.querySelectorAll('.task-checkbox')[3].checked, null, { timeout: 5000 });
    assert.equal(await progressText(b.page), `1 of ${total} done`);
    b.page.once('dialog', (d) => d.accept());
    await b.page.click('.checklist-clear');
    await a.page.waitForFunction(() => !document.querySelectorAll('.task-checkbox')[3].checked, null, { timeout: 5000 });
    assert.equal(await progressText(a.page), `0 of ${total} done`);
  } finally {
    await context.close();
  }
});

test('"Clear all ticks" asks first: cancel keeps the ticks, OK clears them', async () => {
  const context = await newContext(browser);
  try {
    const { page, tab } = await openPage(context, `${server.url}checklists/supporting-a-staff-member/`);
    const total = await page.locator('.task-checkbox').count();
    const boxes = page.locator('.task-checkbox');
    await boxes.nth(0).check();
    await boxes.nth(2).check();
    assert.equal(await progressText(page), `2 of ${total} done`);

    let message = '';
    page.once('dialog', (d) => { message = d.message(); d.dismiss(); });
    await page.click('.checklist-clear');
    assert.match(message, /clear all ticks/i);
    assert.equal((await tickedIds(page)).length, 2, 'cancel keeps the ticks');

    page.once('dialog', (d) => d.accept());
    await page.click('.checklist-clear');
    assert.deepEqual(await tickedIds(page), []);
    assert.equal(await progressText(page), `0 of ${total} done`);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY('supporting-a-staff-member')), null);

    await page.reload();
    await settle(page);
    assert.deepEqual(await tickedIds(page), [], 'still clear after reload');
    assert.deepEqual(await tab.errors(), []);
  } finally {
    await context.close();
  }
});

test('ticks survive an edit to another item of the checklist (ids come from each item\'s own text)', async () => {
  // Copy the fixture project and the theme, build, tick, edit the Markdown, rebuild into the
  // same folder (same origin, so the same localStorage) and reload.
  const root = tempDir('careerguide-checklist-fixture-');
  fs.cpSync(FIXTURE, root, { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, 'themes/default'), path.join(root, 'themes/default'), { recursive: true });
  const out = path.join(root, 'out');
  buildSite({ root, out });
  const fixtureServer = await serveDir(out);
  const context = await newContext(browser);
  try {
    const url = `${fixtureServer.url}checklists/sample/`;
    const { page, tab } = await openPage(context, url);
    const labelFor = (text) => page.locator('label', { hasText: text });
    for (const text of ['Find a mentor', 'Read the guide', 'Write down your research ideas']) {
      await labelFor(text).click();
    }
    const before = await tickedIds(page);
    assert.equal(before.length, 3);
    assert.equal(await progressText(page), '3 of 5 done');

    // Edit one ticked item, reorder another, and add a new one.
    const file = path.join(root, 'content/checklists/sample.md');
    let md = fs.readFileSync(file, 'utf8');
    md = md
      .replace('- [ ] Read the guide', '- [ ] Read the whole guide carefully')
      .replace('- [ ] Find a mentor\n', '')
      .replace('- [ ] Write down your research ideas', '- [ ] Write down your research ideas\n- [ ] Find a mentor\n- [ ] Ask about protected time');
    fs.writeFileSync(file, md);
    buildSite({ root, out });

    await page.reload();
    await settle(page);
    const after = await page.$$eval('.task-checkbox', (els) =>
      els.map((e) => ({ text: e.labels[0].textContent.trim(), checked: e.checked })),
    );
    const state = Object.fromEntries(after.map((x) => [x.text, x.checked]));
    assert.deepEqual(state, {
      'Read the whole guide carefully': false, // edited: a new item, so not ticked
      'Talk to your manager': false,
      'Book a meeting with the research office': false,
      'Write down your research ideas': true, // kept
      'Find a mentor': true, // kept, though it moved
      'Ask about protected time': false, // new
    });
    assert.equal(await progressText(page), '2 of 6 done');
    // The tick of the edited item is forgotten at the next save, not carried to another item.
    await labelFor('Talk to your manager').click();
    const kept = await stored(page, 'sample');
    assert.equal(kept.length, 3);
    assert.ok(!kept.includes('sample-read-the-guide'), 'stale id dropped on save');
    assert.deepEqual(await tab.errors(), []);
  } finally {
    await context.close();
    await fixtureServer.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('with JavaScript off the boxes still work; the JS-only controls stay hidden', async () => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  try {
    const { page } = await openPage(context, `${server.url}checklists/getting-started/`, { javaScriptEnabled: false });
    const first = page.locator('.task-checkbox').first();
    const id = await first.getAttribute('id');
    await page.click(`label[for="${id}"]`);
    assert.equal(await first.isChecked(), true, 'clicking the label ticks the box');
    await first.focus();
    await page.keyboard.press('Space');
    assert.equal(await first.isChecked(), false, 'Space unticks it');
    for (const sel of ['.checklist-progress', '.checklist-clear', '.print-button', '.checklist-saved-note']) {
      assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} hidden without JavaScript`);
    }
    assert.equal(await page.locator('a[download]').isVisible(), true, 'the download link works without JavaScript');
  } finally {
    await context.close();
  }
});

test('when localStorage is unavailable the page still works, silently', async () => {
  const context = await newContext(browser);
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  try {
    const { page, tab } = await openPage(context, `${server.url}checklists/getting-started/`);
    const total = await page.locator('.task-checkbox').count();
    await page.locator('.task-checkbox').nth(3).check();
    assert.equal(await progressText(page), `1 of ${total} done`);
    assert.equal(await page.locator('.checklist-saved-note').isVisible(), false, 'no promise to remember ticks');
    assert.deepEqual(await tab.errors(), [], 'no errors');
  } finally {
    await context.close();
  }
});

test('ticking sends nothing anywhere', async () => {
  const context = await newContext(browser);
  try {
    const { page } = await openPage(context, `${server.url}checklists/conversation/`);
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const boxes = page.locator('.task-checkbox');
    for (let i = 0; i < 5; i++) await boxes.nth(i).check();
    page.once('dialog', (d) => d.accept());
    await page.click('.checklist-clear');
    await settle(page, 200);
    assert.deepEqual(requests, []);
  } finally {
    await context.close();
  }
});

test('each checklist downloads as plain text with every item', async () => {
  for (const name of CHECKLISTS) {
    const res = await fetch(`${server.url}checklists/${name}/${name}.txt`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();
    const md = fs.readFileSync(path.join(REPO_ROOT, 'content/checklists', `${name}.md`), 'utf8');
    const title = /^title:\s*(.+)$/m.exec(md)[1].trim();
    assert.ok(text.startsWith(`${title}\n`), `${name}.txt starts with the title`);
    // One line per item, "[ ] text" (or the Markdown task-list form "- [ ] text").
    const lines = text.split('\n').filter((l) => /^(- )?\[ \] \S/.test(l));
    assert.equal(lines.length, itemsInSource(name), `${name}.txt has every item as "[ ] …"`);
    // Every item's words, as on the page (link text kept, Markdown syntax gone).
    const html = fs.readFileSync(path.join(site.out, 'checklists', name, 'index.html'), 'utf8');
    const onPage = [...html.matchAll(/<label for=[^>]*>([\s\S]*?)<\/label>/g)].map((m) =>
      m[1].replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim(),
    );
    assert.equal(onPage.length, lines.length);
    const items = lines.map((l) => l.replace(/^(- )?\[ \] /, '').trim());
    assert.deepEqual(items, onPage, `${name}.txt lists the same items, in order, as the page`);
    assert.ok(!/<[a-z]/i.test(text), `${name}.txt has no HTML`);
  }
});
