// `careerguide serve --edit` as an editor uses it in a real browser: open the address the
// terminal prints, follow "Edit this page", change the text and see the preview change (from
// the real build), save and see the page; a bad date in a field shows the build's message at
// the field; a file changed on disk since the page was opened is not overwritten and both
// versions are shown; an earlier version is restored; a new case study is made as a draft and
// previewed as published; another origin cannot use the key and pages are named by id only;
// without the key nothing can be edited.
// The edit page has no axe violations, reflows at 320 px and at 200 % text, and runs under its
// strict CSP with no console errors.
//
// Fixture: tests/fixtures/serve-site with the bundled default theme (as serve.test.mjs).
// Run: cargo build && node --test tests/browser/edit.test.mjs
import { after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir, REPO_ROOT } from './lib/build.mjs';
import { startServe } from './lib/edit-serve.mjs';
import { newContext, openTab } from './lib/browser.mjs';
import { checkAxe, checkConsole, checkOverflow, checkTextResize } from './lib/checks.mjs';
import { setup, sharedBrowser } from './lib/testing.mjs';

const FIXTURE = path.join(REPO_ROOT, 'tests/fixtures/serve-site');
const PAGE_FILE = 'content/guide/01-first.md';
const PAGE_PATH = 'guide/first/';
const WAIT = 30_000;
const ORIGINAL = fs.readFileSync(path.join(FIXTURE, PAGE_FILE), 'utf8');
// What Word puts on the clipboard (mso- styles, <o:p>, conditional comments, a numbered list
// written as paragraphs with mso-list, a bulleted one in the Symbol font).
const WORD_HTML = fs.readFileSync(path.join(REPO_ROOT, 'tests/fixtures/paste/word.html'), 'utf8');

/** Pastes `data` (type → text) into the focused element as the browser's paste event does. */
const pasteInto = async (page, data) =>
  page.evaluate((data) => {
    const transfer = new DataTransfer();
    for (const [type, text] of Object.entries(data)) transfer.setData(type, text);
    const event = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true });
    return document.activeElement.dispatchEvent(event);
  }, data);
assert.ok(ORIGINAL.includes('Original text of the first section.'), `${PAGE_FILE} no longer has the text this test edits`);

async function waitFor(page, expected, fn, arg, timeout = WAIT) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 100 });
  } catch (err) {
    const now = await page
      .evaluate(() => ({
        url: location.href,
        alert: document.getElementById('alert')?.textContent,
        status: document.getElementById('status')?.textContent,
        problems: document.getElementById('problems')?.textContent,
      }))
      .catch(() => ({}));
    throw new Error(`Expected ${expected} within ${timeout} ms. ${err.message.split('\n')[0]}\nPage now: ${JSON.stringify(now)}`);
  }
}

const previewHas = (text) => {
  const frame = document.getElementById('preview');
  return !!frame?.contentDocument?.querySelector('main')?.textContent.includes(text);
};
const editorReady = () => {
  const form = document.getElementById('editor');
  return !!form && !form.hidden && document.getElementById('body').value.length > 0;
};
const mainHas = (text) => !!document.querySelector('main')?.textContent.includes(text);

/**
 * Console errors and failed requests that are not expected: the refusals the tests provoke
 * (a bad field: 422, a conflict: 409, a paste too deep: 422) are logged by the browser as failed loads, and leaving a
 * page (following "Edit this page" at once) cancels its event stream, favicon and link script
 * (net::ERR_ABORTED).
 */
function unexpected(errors) {
  const expected = (e) =>
    (/__careerguide\/edit\/api\/save/.test(e.message) && /\b(409|422)\b|Conflict|Unprocessable/.test(e.message)) ||
    // A paste nested too deeply to convert (422): pasted as plain text.
    (/__careerguide\/edit\/api\/paste/.test(e.message) && /\b422\b|Unprocessable/.test(e.message)) ||
    (e.kind === 'requestfailed' && /ERR_ABORTED/.test(e.message) && /__careerguide\/(events|edit\/link\.js)|favicon/.test(e.message));
  return checkConsole(errors.filter((e) => !expected(e)));
}

const getBrowser = sharedBrowser();

describe('careerguide serve --edit: editing in the browser', () => {
  let root;
  let server;
  let context;
  let tab;
  const file = () => fs.readFileSync(path.join(root, PAGE_FILE), 'utf8');
  const serverLog = () => `careerguide serve output:\n${server?.output() ?? ''}`;

  const test = setup(async () => {
    root = tempDir('careerguide-edit-');
    fs.cpSync(FIXTURE, root, { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'themes'), path.join(root, 'themes'), { recursive: true });
    server = await startServe(root);
    context = await newContext(await getBrowser());
    tab = await openTab(context);
    tab.page.on('dialog', (d) => d.accept());
  });

  after(async () => {
    await context?.close().catch(() => {});
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('the address the terminal prints gives every page an "Edit this page" link that opens the editor', async () => {
    assert.match(server.editAddress, /#edit=[0-9a-f]{32}$/, `expected the key after #edit= in ${server.editAddress}`);
    await tab.goto(server.editAddress);
    assert.ok(!tab.page.url().includes('#edit='), 'expected the key taken out of the address bar');
    await tab.goto(server.url + PAGE_PATH);
    const link = tab.page.getByRole('link', { name: 'Edit this page' });
    assert.equal(await link.count(), 1, 'expected one "Edit this page" link on the page');
    await Promise.all([tab.page.waitForURL(/__careerguide\/edit/), link.click()]);
    await waitFor(tab.page, 'the editor filled with the page', editorReady);
    assert.equal(await tab.page.locator('h1').textContent(), 'Edit First section');
    assert.equal(await tab.page.getByLabel('Title', { exact: true }).inputValue(), 'First section');
    assert.equal(await tab.page.getByLabel('Summary').inputValue(), 'The first section.');
    assert.match(await tab.page.getByLabel('Page text (Markdown)').inputValue(), /Original text of the first section\./);
    await waitFor(tab.page, 'the preview to show the page', previewHas, 'Original text of the first section.');
    assert.deepEqual(unexpected(await tab.errors()), [], 'expected no console errors or CSP violations');
  });

  test('the edit page has no axe violations and reflows at 320 px and at 200 % text', async () => {
    const axe = await checkAxe(tab.page, { label: 'edit page' });
    assert.deepEqual(axe.problems, [], `axe:\n${axe.problems.map((p) => `${p.message} at ${p.selector}: ${p.detail}`).join('\n')}`);
    const wide = tab.page.viewportSize();
    await tab.page.setViewportSize({ width: 320, height: 640 });
    try {
      const overflow = await checkOverflow(tab.page);
      assert.deepEqual(overflow, [], 'expected no horizontal scrolling at 320 px');
      const previewBelow = await tab.page.evaluate(() =>
        document.getElementById('preview').getBoundingClientRect().top > document.getElementById('body').getBoundingClientRect().bottom);
      assert.ok(previewBelow, 'expected the preview below the text on a phone');
    } finally {
      await tab.page.setViewportSize(wide);
    }
    const resized = await checkTextResize(tab.page);
    assert.deepEqual(resized.problems, [], 'expected the edit page to work at 200 % text');
  });

  test('typing changes the preview (from the real build) without saving', async () => {
    const body = tab.page.getByLabel('Page text (Markdown)');
    const text = (await body.inputValue()).replace('Original text', 'Typed text');
    await body.fill(text);
    await waitFor(tab.page, 'the preview to show the typed text', previewHas, 'Typed text of the first section.');
    assert.equal(file(), ORIGINAL, 'expected nothing written before Save');
  });

  test('a bad date in a field shows the build\'s message at the field', async () => {
    const field = tab.page.getByLabel('Last reviewed');
    await field.fill('2026-13-45');
    await waitFor(tab.page, 'the message at the "Last reviewed" field', () => {
      const e = document.getElementById('f-reviewed-error');
      return !!e && !e.hidden && e.textContent.length > 0;
    });
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const describedBy = await field.getAttribute('aria-describedby');
    assert.ok(describedBy.includes('f-reviewed-error'), `expected the message to describe the field, got ${describedBy}`);
    const message = await tab.page.locator('#f-reviewed-error').textContent();
    assert.match(message, /date|month/i, `expected the build's words about the date, got: ${message}`);
    await tab.page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitFor(tab.page, 'the refusal announced', () => !document.getElementById('alert').hidden);
    assert.equal(await tab.page.locator('#alert').getAttribute('role'), 'alert');
    assert.equal(file(), ORIGINAL, 'expected a page with a bad date not to be saved');
    await field.fill('2026-11-25');
    await waitFor(tab.page, 'the field message gone', () => document.getElementById('f-reviewed-error').hidden);
  });

  test('Save and view: the file is written and the page shows the new text', async () => {
    await tab.page.getByRole('button', { name: 'Save and view the page' }).click();
    await tab.page.waitForURL((u) => u.pathname === '/' + PAGE_PATH, { timeout: WAIT });
    await waitFor(tab.page, 'the saved page to show the typed text', mainHas, 'Typed text of the first section.', WAIT).catch(async (e) => {
      throw new Error(`${e.message}\n${serverLog()}`);
    });
    assert.match(file(), /Typed text of the first section\./);
    assert.match(file(), /^reviewed: 2026-11-25$/m);
    assert.ok(fs.existsSync(path.join(root, 'edit-history/guide/01-first.md')), 'expected the replaced version kept');
  });

  test('a file changed on disk since the editor opened is not overwritten: both versions are shown', async () => {
    await Promise.all([tab.page.waitForURL(/__careerguide\/edit/), tab.page.getByRole('link', { name: 'Edit this page' }).click()]);
    await waitFor(tab.page, 'the editor filled with the page', editorReady);
    fs.writeFileSync(path.join(root, PAGE_FILE), file().replace('Some words.', 'Words from a text editor.'));
    const body = tab.page.getByLabel('Page text (Markdown)');
    await body.fill((await body.inputValue()).replace('Typed text', 'Conflicting text'));
    await tab.page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitFor(tab.page, 'the conflict shown', () => !document.getElementById('conflict').hidden);
    assert.match(await tab.page.getByLabel("The file's version now").inputValue(), /Words from a text editor\./);
    assert.match(await tab.page.getByLabel('Your version').inputValue(), /Conflicting text/);
    assert.ok(!file().includes('Conflicting text'), 'expected the file left as the other editor saved it');
    assert.ok(await tab.page.evaluate(() => document.activeElement?.id === 'conflict'), 'expected focus moved to the conflict');
    await tab.page.getByRole('button', { name: "Take the file's version" }).click();
    await waitFor(tab.page, "the file's version loaded", () => document.getElementById('body').value.includes('Words from a text editor.'));
  });

  test('an earlier version is restored from the list', async () => {
    const restore = tab.page.getByRole('button', { name: /^Restore the version from / });
    assert.ok((await restore.count()) >= 1, 'expected at least one earlier version listed');
    // The oldest is the fixture's text.
    await restore.last().click();
    await waitFor(tab.page, 'the restore announced', () => /Restored/.test(document.getElementById('status').textContent));
    assert.equal(file(), ORIGINAL, 'expected the original text back in the file');
    await waitFor(tab.page, 'the editor reloaded with the restored text', () => document.getElementById('body').value.includes('Original text of the first section.'));
    assert.deepEqual(unexpected(await tab.errors()), [], 'expected no console errors or CSP violations');
  });

  test('a paste from Word keeps its headings, lists, bold, italics and links as Markdown, announced, and Ctrl+Z takes it back', async () => {
    const body = tab.page.getByLabel('Page text (Markdown)');
    // Keyboard only, from the top of the page: the skip link leads to the text, Ctrl+End
    // to its end.
    await tab.page.reload();
    await waitFor(tab.page, 'the editor filled with the page', editorReady);
    await tab.page.keyboard.press('Tab');
    assert.equal(await tab.page.evaluate(() => document.activeElement?.textContent), 'Skip to the page text');
    await tab.page.keyboard.press('Enter');
    assert.equal(await tab.page.evaluate(() => document.activeElement?.id), 'body', 'expected the skip link to lead to the text');
    await tab.page.keyboard.press('Control+End');
    await tab.page.keyboard.press('Enter');
    const before = await body.inputValue();
    const notCancelled = await pasteInto(tab.page, { 'text/html': WORD_HTML, 'text/plain': 'Planning your first research project' });
    assert.equal(notCancelled, false, 'expected the formatted paste taken over by the editor');
    await waitFor(tab.page, 'the paste announced', () => /^Pasted as Markdown/.test(document.getElementById('status').textContent));
    const text = await body.inputValue();
    assert.ok(text.startsWith(before), 'expected the paste at the cursor, after the text');
    const pasted = text.slice(before.length);
    assert.match(pasted, /^## Planning your first research project\n\n/);
    for (const kept of [
      '**short internship**',
      '*fellowship*',
      '[NIHR website](https://www.nihr.ac.uk/)',
      '### Steps to take',
      '1. Talk to your line manager\n   1. Agree **protected time**\n2. Find a mentor',
      '- Ask about “protected time” early',
    ]) {
      assert.ok(pasted.includes(kept), `expected ${JSON.stringify(kept)} in the pasted Markdown:\n${pasted}`);
    }
    assert.doesNotMatch(pasted, /mso|<|Calibri|&nbsp;/, 'expected Word\'s styles and markup dropped');
    await waitFor(tab.page, 'the preview to show the pasted heading, list, bold and link', () => {
      const main = document.getElementById('preview')?.contentDocument?.querySelector('main');
      if (!main) return false;
      const h2 = [...main.querySelectorAll('h2')].some((h) => h.textContent.includes('Planning your first research project'));
      const item = [...main.querySelectorAll('ol > li')].some((li) => li.textContent.includes('Talk to your line manager'));
      const nested = [...main.querySelectorAll('ol ol > li')].some((li) => li.textContent.includes('Agree protected time'));
      const bold = [...main.querySelectorAll('strong')].some((b) => b.textContent === 'short internship');
      const link = !!main.querySelector('a[href="https://www.nihr.ac.uk/"]');
      return h2 && item && nested && bold && link;
    });
    assert.equal(file(), ORIGINAL, 'expected nothing written before Save');
    const axe = await checkAxe(tab.page, { label: 'edit page after a paste' });
    assert.deepEqual(axe.problems, [], `axe:\n${axe.problems.map((p) => `${p.message} at ${p.selector}: ${p.detail}`).join('\n')}`);
    await body.focus();
    await tab.page.keyboard.press('Control+z');
    await waitFor(tab.page, 'Ctrl+Z to take the paste back', (b) => document.getElementById('body').value === b, before);
  });

  test('a paste of paragraphs inside a line gets the empty lines Markdown needs; words alone stay inline', async () => {
    const body = tab.page.getByLabel('Page text (Markdown)');
    await body.focus();
    const before = await body.inputValue();
    const at = before.indexOf('Some words.') + 'Some'.length;
    await tab.page.evaluate((at) => document.getElementById('body').setSelectionRange(at, at), at);
    await pasteInto(tab.page, { 'text/html': '<p>One</p><p>Two</p>' });
    await waitFor(tab.page, 'the paste', (b) => document.getElementById('body').value !== b, before);
    assert.equal(await body.inputValue(), before.slice(0, at) + '\n\nOne\n\nTwo\n\n' + before.slice(at));
    const middle = await body.inputValue();
    await tab.page.evaluate((at) => document.getElementById('body').setSelectionRange(at, at), at);
    await pasteInto(tab.page, { 'text/html': '<b>bold</b> words' });
    await waitFor(tab.page, 'the inline paste', (b) => document.getElementById('body').value !== b, middle);
    assert.equal(await body.inputValue(), middle.slice(0, at) + '**bold** words' + middle.slice(at));
    await tab.page.keyboard.press('Control+z');
    await tab.page.keyboard.press('Control+z');
    await waitFor(tab.page, 'Ctrl+Z twice to take both pastes back', (b) => document.getElementById('body').value === b, before);
  });

  test('a paste the server cannot convert is pasted as plain text, and plain text is left to the browser', async () => {
    const body = tab.page.getByLabel('Page text (Markdown)');
    await body.focus();
    await tab.page.keyboard.press('Control+End');
    const before = await body.inputValue();
    const deep = `${'<div>'.repeat(10_000)}Deeply nested words`;
    await pasteInto(tab.page, { 'text/html': deep, 'text/plain': 'Deeply nested words' });
    await waitFor(tab.page, 'the plain-text paste announced', () => /^Pasted as plain text/.test(document.getElementById('status').textContent));
    assert.match(await tab.page.locator('#status').textContent(), /nested more than 100 levels/);
    assert.equal(await body.inputValue(), before + 'Deeply nested words', 'expected the plain text pasted, so nothing is lost');
    const notCancelled = await pasteInto(tab.page, { 'text/plain': 'Just words' });
    assert.equal(notCancelled, true, 'expected a plain-text paste left to the browser');
    assert.deepEqual(unexpected(await tab.errors()), [], 'expected no console errors or CSP violations');
  });

  test('a new case study is made from the template as a draft and opens in the editor, previewed as published', async () => {
    await tab.page.getByRole('link', { name: 'New page' }).click();
    await tab.page.waitForURL(/__careerguide\/edit\/new/);
    const axe = await checkAxe(tab.page, { label: 'new page form' });
    assert.deepEqual(axe.problems, [], `axe:\n${axe.problems.map((p) => `${p.message} at ${p.selector}: ${p.detail}`).join('\n')}`);
    await tab.page.getByLabel('A case study').check();
    await tab.page.getByLabel("The person's full name").fill('Priya Shah');
    await Promise.all([
      tab.page.waitForURL(/__careerguide\/edit\?id=/, { timeout: WAIT }),
      tab.page.getByRole('button', { name: 'Make the page and edit it' }).click(),
    ]);
    await waitFor(tab.page, 'the editor filled with the new case study', editorReady);
    assert.ok(fs.existsSync(path.join(root, 'content/case-studies/priya-shah.md')), 'expected the new file');
    assert.equal(await tab.page.getByLabel('Person').inputValue(), 'Priya Shah');
    assert.ok(await tab.page.getByLabel('Draft (not published)').isChecked(), 'expected a draft');
    // The fixture's template links to a guide page the fixture lacks: named at its line.
    await waitFor(tab.page, "the template's dead link named at its line", () => /on line \d+ of the page text/.test(document.getElementById('problems').textContent));
    const body = tab.page.getByLabel('Page text (Markdown)');
    await body.fill((await body.inputValue()).replace(/\]\(\.\.\/guide\/[^)]*\)/g, '](../guide/01-first.md)'));
    await waitFor(tab.page, 'the preview of the draft as published', previewHas, 'Priya Shah');
  });

  test('from the browser: another origin cannot use the key, and a page is named only by its id', async () => {
    const token = /#edit=([0-9a-f]{32})/.exec(server.editAddress)[1];
    // localhost and 127.0.0.1 are two origins of the same preview.
    const other = server.url.replace('127.0.0.1', 'localhost');
    assert.notEqual(other, server.url, `expected the preview at 127.0.0.1, got ${server.url}`);
    const stranger = await openTab(context);
    try {
      await stranger.goto(other + PAGE_PATH);
      const crossOrigin = await stranger.page.evaluate(async ({ api, token }) => {
        try {
          const r = await fetch(api, { method: 'POST', headers: { 'X-Careerguide-Token': token, 'Content-Type': 'application/json' }, body: '{}' });
          return `answered ${r.status}`;
        } catch (e) {
          return `refused: ${e.message}`;
        }
      }, { api: server.url + '__careerguide/edit/api/save', token });
      assert.match(crossOrigin, /^refused/, 'expected a request from another origin, even with the key, to be refused');
      const sameOrigin = await tab.page.evaluate(async (token) => {
        const ask = (id) => fetch('/__careerguide/edit/api/page?id=' + encodeURIComponent(id), { headers: { 'X-Careerguide-Token': token } }).then((r) => r.status);
        return { good: await ask('guide/01-first.md'), config: await ask('../config.yaml'), path: await ask('content/guide/01-first.md') };
      }, token);
      assert.deepEqual(sameOrigin, { good: 200, config: 404, path: 404 }, 'expected pages named by their id only');
    } finally {
      await stranger.close();
    }
  });

  test('without the key, the editor says how to get it and nothing can be edited', async () => {
    const other = await newContext(await getBrowser());
    try {
      const stranger = await openTab(other);
      await stranger.goto(server.url + PAGE_PATH);
      await Promise.all([stranger.page.waitForURL(/__careerguide\/edit/), stranger.page.getByRole('link', { name: 'Edit this page' }).click()]);
      await waitFor(stranger.page, 'the explanation', () => !document.getElementById('alert').hidden);
      assert.match(await stranger.page.locator('#alert').textContent(), /address that `careerguide serve --edit` printed/);
      assert.ok(await stranger.page.locator('#editor').isHidden(), 'expected no form without the key');
      const status = await stranger.page.evaluate(async (id) => {
        const r = await fetch('/__careerguide/edit/api/page?id=' + encodeURIComponent(id));
        return r.status;
      }, 'guide/01-first.md');
      assert.equal(status, 403, 'expected the API to refuse a request without the key');
    } finally {
      await other.close();
    }
  });
});
