// `careerguide serve --edit` on the bundled guide, as an editor uses the glossary and resources
// forms: add a resource with the keyboard only and see it on the resources page; add a glossary
// term and see it in the glossary; a bad web address and a term the glossary already has are
// refused with the build's message at the field, announced. While a page's text does not
// build, its preview keeps the last version that did and says so. The forms have no axe violations,
// reflow at 320 px and work at 200 % text.
// With a local layer: saving a bundled page offers "Save my own copy", which writes the page
// into the layer; a new glossary term goes into the layer's glossary.yaml.
// An editor's journey: change a page, add a resource (in a new group), add a case study and
// publish it, recover from a bad save through the earlier versions.
//
// Fixture: a copy of the bundled project (config.yaml, content/, themes/).
// Run: cargo build && node --test tests/browser/edit-data.test.mjs
import { after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir, REPO_ROOT } from './lib/build.mjs';
import { newContext, openTab } from './lib/browser.mjs';
import { checkAxe, checkConsole, checkOverflow, checkTextResize } from './lib/checks.mjs';
import { startServe } from './lib/edit-serve.mjs';
import { setup, sharedBrowser } from './lib/testing.mjs';

const WAIT = 30_000;
const FORM = '__careerguide/edit/data?file=';

function bundledCopy({ local = false } = {}) {
  const root = tempDir('careerguide-edit-data-');
  for (const part of ['config.yaml', 'content', 'themes']) {
    fs.cpSync(path.join(REPO_ROOT, part), path.join(root, part), { recursive: true });
  }
  if (local) {
    fs.appendFileSync(path.join(root, 'config.yaml'), '\nlocal: local\n');
    fs.mkdirSync(path.join(root, 'local/content'), { recursive: true });
  }
  return root;
}

async function waitFor(page, expected, fn, arg, timeout = WAIT) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 100 });
  } catch (err) {
    const now = await page
      .evaluate(() => ({
        url: location.href,
        alert: document.getElementById('alert')?.textContent,
        status: document.getElementById('status')?.textContent,
      }))
      .catch(() => ({}));
    throw new Error(`Expected ${expected} within ${timeout} ms. ${err.message.split('\n')[0]}\nPage now: ${JSON.stringify(now)}`);
  }
}

/** Reloads the site's page at `url` until its main text has `text` (the rebuild after a save). */
async function siteShows(tab, url, text) {
  const until = Date.now() + WAIT;
  for (;;) {
    // The preview reloads itself when the rebuild lands, which may be while it is read.
    const has = await tab
      .goto(url)
      .then(() => tab.page.evaluate((t) => !!document.querySelector('main')?.textContent.includes(t), text))
      .catch(() => false);
    if (has) return;
    if (Date.now() > until) throw new Error(`expected ${url} to show "${text}" after the save`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Presses Tab until the element with id `id` has the focus (as a keyboard user moves). */
async function tabTo(page, id, most = 80) {
  for (let i = 0; i < most; i++) {
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

const formReady = () => {
  const form = document.getElementById('data-form');
  return !!form && !form.hidden && document.getElementById('entries').children.length > 0;
};

/**
 * The refusals the tests provoke (422) are logged by the browser as failed loads; leaving a
 * page by a link cancels its event stream, favicon, link script and preview request, and a
 * newer preview cancels the loading of the one before (net::ERR_ABORTED).
 */
function unexpected(errors) {
  const expected = (e) =>
    (/__careerguide\/edit\/api\/(data\/)?save/.test(e.message) && /\b(409|422)\b|Conflict|Unprocessable/.test(e.message)) ||
    (e.kind === 'requestfailed' && /ERR_ABORTED/.test(e.message) && /__careerguide\/(events|edit\/link\.js|edit\/api\/preview|edit\/preview\/)|favicon/.test(e.message));
  return checkConsole(errors.filter((e) => !expected(e)));
}

const getBrowser = sharedBrowser();

describe('careerguide serve --edit: the glossary and resources forms', () => {
  let root;
  let server;
  let context;
  let tab;
  const read = (rel) => fs.readFileSync(path.join(root, rel), 'utf8');

  const test = setup(async () => {
    root = bundledCopy();
    server = await startServe(root);
    context = await newContext(await getBrowser());
    tab = await openTab(context);
    tab.page.on('dialog', (d) => d.accept());
    await tab.goto(server.editAddress);
  });

  after(async () => {
    await context?.close().catch(() => {});
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('the resources page\'s editor links to the resources form, which has no axe violations and reflows at 320 px and at 200 % text', async () => {
    // The resources page's own editor points to the form of the list it shows.
    await tab.goto(server.url + 'resources/');
    await Promise.all([tab.page.waitForURL(/__careerguide\/edit/), tab.page.getByRole('link', { name: 'Edit this page' }).click()]);
    await waitFor(tab.page, 'the editor filled', () => !document.getElementById('editor').hidden);
    assert.ok(await tab.page.locator('#data-glossary').isHidden(), 'expected no pointer to the glossary form here');
    await Promise.all([tab.page.waitForURL(/file=resources/), tab.page.getByRole('link', { name: 'add or change resources' }).click()]);
    await waitFor(tab.page, 'the resources form filled', formReady);
    assert.equal(await tab.page.locator('h1').textContent(), 'Resources');
    for (const label of ['Group', 'Name', 'Description', 'Web address', 'Where to find it', 'Editorial note']) {
      assert.equal(await tab.page.getByLabel(label, { exact: true }).count(), 1, `expected one field labelled "${label}"`);
    }
    const axe = await checkAxe(tab.page, { label: 'resources form' });
    assert.deepEqual(axe.problems, [], `axe:\n${axe.problems.map((p) => `${p.message} at ${p.selector}: ${p.detail}`).join('\n')}`);
    const wide = tab.page.viewportSize();
    await tab.page.setViewportSize({ width: 320, height: 640 });
    try {
      assert.deepEqual(await checkOverflow(tab.page), [], 'expected no horizontal scrolling at 320 px');
    } finally {
      await tab.page.setViewportSize(wide);
    }
    const resized = await checkTextResize(tab.page);
    assert.deepEqual(resized.problems, [], 'expected the form to work at 200 % text');
    assert.deepEqual(unexpected(await tab.errors()), [], 'expected no console errors or CSP violations');
  });

  test('a web address that is not whole is refused with the build\'s message at the field, announced', async () => {
    await tab.page.getByLabel('Name', { exact: true }).fill('Trust research office');
    await tab.page.getByLabel('Description', { exact: true }).fill('Who to ask about research at our trust.');
    await tab.page.getByLabel('Web address').fill('www.example.nhs.uk');
    const before = read('content/resources.yaml');
    await tab.page.getByRole('button', { name: 'Add a resource' }).click();
    await waitFor(tab.page, 'the message at the "Web address" field', () => {
      const e = document.getElementById('d-url-error');
      return !!e && !e.hidden && e.textContent.length > 0;
    });
    const field = tab.page.getByLabel('Web address');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.ok((await field.getAttribute('aria-describedby')).includes('d-url-error'), 'expected the message to describe the field');
    assert.match(await tab.page.locator('#d-url-error').textContent(), /not a full web address.*https:\/\//);
    assert.ok(await tab.page.evaluate(() => document.activeElement?.id === 'd-url'), 'expected the focus on the field at fault');
    assert.equal(await tab.page.locator('#alert').getAttribute('role'), 'alert');
    assert.ok(await tab.page.locator('#alert').isVisible(), 'expected the refusal announced');
    assert.equal(read('content/resources.yaml'), before, 'expected nothing written');
  });

  test('a resource added with the keyboard only is written at the end of its group and shown on the resources page', async () => {
    const before = read('content/resources.yaml');
    await tab.goto(server.url + FORM + 'resources');
    await waitFor(tab.page, 'the resources form filled', formReady);
    await tabTo(tab.page, 'd-group');
    // The second group: National bodies and programmes.
    await tab.page.keyboard.press('ArrowDown');
    await tabTo(tab.page, 'd-name');
    await tab.page.keyboard.type('Trust research office');
    await tabTo(tab.page, 'd-description');
    await tab.page.keyboard.type('Who to ask about research: "our" R&D team # 1');
    await tabTo(tab.page, 'd-where_to_find');
    await tab.page.keyboard.type('Ask at the library: extension 1234.');
    await tabTo(tab.page, 'data-save');
    await tab.page.keyboard.press('Enter');
    await waitFor(tab.page, 'the save announced', () => /^Added “Trust research office”/.test(document.getElementById('status').textContent));
    const after = read('content/resources.yaml');
    assert.ok(after.startsWith(before.split('\n  - title: ')[0]), 'expected the file\'s opening comments and first group untouched');
    const group = await tab.page.evaluate(() => document.getElementById('d-group').options[1].value);
    const inGroup = after.split('\n  - title: ').find((g) => g.startsWith(group));
    assert.ok(inGroup?.includes('Trust research office'), `expected the resource in the group "${group}"`);
    await siteShows(tab, server.url + 'resources/', 'Who to ask about research: "our" R&D team # 1');
  });

  test('the glossary form has no axe violations and reflows at 320 px and at 200 % text; a term is added and shown in the glossary; a term the glossary has is refused at its field', async () => {
    await tab.goto(server.url + FORM + 'glossary');
    await waitFor(tab.page, 'the glossary form filled', formReady);
    const axe = await checkAxe(tab.page, { label: 'glossary form' });
    assert.deepEqual(axe.problems, [], `axe:\n${axe.problems.map((p) => `${p.message} at ${p.selector}: ${p.detail}`).join('\n')}`);
    const wide = tab.page.viewportSize();
    await tab.page.setViewportSize({ width: 320, height: 640 });
    try {
      assert.deepEqual(await checkOverflow(tab.page), [], 'expected no horizontal scrolling at 320 px');
    } finally {
      await tab.page.setViewportSize(wide);
    }
    const resized = await checkTextResize(tab.page);
    assert.deepEqual(resized.problems, [], 'expected the glossary form to work at 200 % text');
    await tab.page.getByLabel('Abbreviation', { exact: true }).fill('CPD');
    await tab.page.getByLabel('What it stands for').fill('again');
    await tab.page.getByRole('button', { name: 'Add a glossary term' }).click();
    await waitFor(tab.page, 'the message at the "Abbreviation" field', () => !document.getElementById('d-term-error').hidden);
    assert.match(await tab.page.locator('#d-term-error').textContent(), /`CPD` is defined twice/);
    await tab.page.getByLabel('Abbreviation', { exact: true }).fill('TRO');
    await tab.page.getByLabel('What it stands for').fill('Trust research office');
    await tab.page.getByLabel('Added by this site').check();
    await tab.page.getByRole('button', { name: 'Add a glossary term' }).click();
    await waitFor(tab.page, 'the save announced', () => /^Added “TRO”/.test(document.getElementById('status').textContent));
    assert.match(read('content/glossary.yaml'), /\n {2}- term: TRO\n {4}expansion: Trust research office\n {4}added: true\n/);
    assert.ok(read('content/glossary.yaml').startsWith('# Abbreviations used in the guide.'), 'expected the opening comment kept');
    await siteShows(tab, server.url + 'glossary/', 'Trust research office');
  });

  test('an entry is changed in place from the list', async () => {
    await tab.goto(server.url + FORM + 'glossary');
    await waitFor(tab.page, 'the glossary form filled', formReady);
    await tab.page.getByRole('button', { name: 'Change “TRO”' }).click();
    assert.ok(await tab.page.evaluate(() => document.activeElement?.id === 'form-h'), 'expected the focus on the form\'s heading');
    assert.equal(await tab.page.getByLabel('What it stands for').inputValue(), 'Trust research office');
    await tab.page.getByLabel('Description').fill('The office that supports research at the trust.');
    await tab.page.getByRole('button', { name: 'Save the changes' }).click();
    await waitFor(tab.page, 'the save announced', () => /^Saved the changes to “TRO”/.test(document.getElementById('status').textContent));
    // A key the entry did not have goes after those it has, as in a page's front matter.
    assert.match(read('content/glossary.yaml'), /- term: TRO\n {4}expansion: Trust research office\n {4}added: true\n {4}description: The office that supports research at the trust\.\n/);
    assert.deepEqual(unexpected(await tab.errors()), [], 'expected no console errors or CSP violations');
  });

  test('while the text does not build, the preview keeps the last version that did and says so; the fix brings it back', async () => {
    const previewHas = (text) => !!document.getElementById('preview')?.contentDocument?.querySelector('main')?.textContent.includes(text);
    const staleNote = () => document.getElementById('preview-stale').textContent;
    await tab.goto(server.url + '__careerguide/edit?page=' + encodeURIComponent('about/index.html'));
    await waitFor(tab.page, 'the preview of the page', previewHas, 'Building a research career');
    const body = tab.page.getByLabel('Page text (Markdown)');
    const original = await body.inputValue();
    await body.fill(original.replace('## The guide', 'A [broken link](../nowhere/) first.\n\n## The guide'));
    await waitFor(tab.page, "check's problem at its line", () => /on line \d+ of the page text/.test(document.getElementById('problems').textContent));
    await waitFor(tab.page, 'the note that the preview is the last good one', () => document.getElementById('preview-stale').textContent.length > 0);
    assert.equal(await tab.page.locator('#preview-stale').getAttribute('role'), 'status', 'expected the note announced');
    assert.ok(await tab.page.locator('#preview-stale').isVisible());
    assert.ok(await tab.page.evaluate(previewHas, 'Building a research career'), 'expected the last good preview still shown');
    assert.ok(!(await tab.page.evaluate(previewHas, 'broken link')), 'expected no preview of the text that does not build');
    await body.fill(original.replace('## The guide', 'A sentence that builds.\n\n## The guide'));
    await waitFor(tab.page, 'the preview following the text again', previewHas, 'A sentence that builds.');
    assert.equal(await tab.page.evaluate(staleNote), '', 'expected the note gone');
  });

  test('a page opened while it does not build shows the site\'s last good version in the preview', async () => {
    const file = path.join(root, 'content/about.md');
    const good = read('content/about.md');
    fs.writeFileSync(file, good.replace('## The guide', 'A [broken link](../nowhere/) first.\n\n## The guide'));
    try {
      await tab.goto(server.url + '__careerguide/edit?page=' + encodeURIComponent('about/index.html'));
      await waitFor(tab.page, 'the last good version in the preview', () => !!document.getElementById('preview')?.contentDocument?.querySelector('main')?.textContent.includes('Building a research career'));
      await waitFor(tab.page, 'the note that the preview is the last good one', () => document.getElementById('preview-stale').textContent.length > 0);
      assert.match(await tab.page.locator('#problems').textContent(), /nowhere/);
    } finally {
      fs.writeFileSync(file, good);
    }
  });
});

describe('careerguide serve --edit with a local layer', () => {
  let root;
  let server;
  let context;
  let tab;
  const read = (rel) => fs.readFileSync(path.join(root, rel), 'utf8');

  const test = setup(async () => {
    root = bundledCopy({ local: true });
    server = await startServe(root);
    context = await newContext(await getBrowser());
    tab = await openTab(context);
    await tab.goto(server.editAddress);
  });

  after(async () => {
    await context?.close().catch(() => {});
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('saving a page that comes with the guide offers "Save my own copy", which writes it into the local layer', async () => {
    const bundled = read('content/about.md');
    await tab.goto(server.url + 'about/');
    await Promise.all([tab.page.waitForURL(/__careerguide\/edit/), tab.page.getByRole('link', { name: 'Edit this page' }).click()]);
    await waitFor(tab.page, 'the editor filled', () => !document.getElementById('editor').hidden && document.getElementById('body').value.length > 0);
    const body = tab.page.getByLabel('Page text (Markdown)');
    await body.fill((await body.inputValue()) + '\nOur trust adds this sentence.\n');
    await tab.page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitFor(tab.page, 'the offer to save a copy', () => !document.getElementById('override').hidden);
    assert.match(await tab.page.locator('#override-text').textContent(), /local\/content\/about\.md/);
    assert.ok(await tab.page.evaluate(() => document.activeElement?.id === 'override-save'), 'expected the focus on "Save my own copy"');
    assert.ok(!fs.existsSync(path.join(root, 'local/content/about.md')), 'expected nothing written before the choice');
    await tab.page.keyboard.press('Enter');
    await waitFor(tab.page, 'the save announced', () => /as your own copy in local\/content\/about\.md/.test(document.getElementById('status').textContent));
    assert.match(read('local/content/about.md'), /Our trust adds this sentence\./);
    assert.equal(read('content/about.md'), bundled, 'expected the bundled page untouched');
    assert.match(read('local/overrides.yaml'), /content\/about\.md/);
    await siteShows(tab, server.url + 'about/', 'Our trust adds this sentence.');
  });

  test('a new glossary term goes into the local layer\'s glossary', async () => {
    const bundled = read('content/glossary.yaml');
    await tab.goto(server.url + FORM + 'glossary');
    await waitFor(tab.page, 'the glossary form filled', formReady);
    assert.match(await tab.page.locator('#where').textContent(), /local\/content\/glossary\.yaml/);
    await tab.page.getByLabel('Abbreviation', { exact: true }).fill('TRO');
    await tab.page.getByLabel('What it stands for').fill('Trust research office');
    await tab.page.getByRole('button', { name: 'Add a glossary term' }).click();
    await waitFor(tab.page, 'the save announced', () => /^Added “TRO” in local\/content\/glossary\.yaml/.test(document.getElementById('status').textContent));
    assert.match(read('local/content/glossary.yaml'), /^# This site's own glossary terms, merged with the guide's \(content\/glossary\.yaml\)[^]*\nterms:\n {2}- term: TRO\n {4}expansion: Trust research office\n$/);
    assert.equal(read('content/glossary.yaml'), bundled);
    await siteShows(tab, server.url + 'glossary/', 'Trust research office');
  });
});

describe("an editor's journey: change a page, add a resource and a case study, recover from a bad save", () => {
  let root;
  let server;
  let context;
  let tab;
  const read = (rel) => fs.readFileSync(path.join(root, rel), 'utf8');
  const editorReady = () => !document.getElementById('editor').hidden && document.getElementById('body').value.length > 0;

  const test = setup(async () => {
    root = bundledCopy();
    server = await startServe(root);
    context = await newContext(await getBrowser());
    tab = await openTab(context);
    tab.page.on('dialog', (d) => d.accept());
    await tab.goto(server.editAddress);
  });

  after(async () => {
    await context?.close().catch(() => {});
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('change a page from its "Edit this page" link and see it published', async () => {
    await tab.goto(server.url + 'guide/introduction/');
    await Promise.all([tab.page.waitForURL(/__careerguide\/edit/), tab.page.getByRole('link', { name: 'Edit this page' }).click()]);
    await waitFor(tab.page, 'the editor filled', editorReady);
    const body = tab.page.getByLabel('Page text (Markdown)');
    await body.fill((await body.inputValue()).replace('is the research arm of the NHS.', 'is the research arm of the NHS. Our trust uses this guide with its own notes.'));
    await tab.page.getByRole('button', { name: 'Save and view the page' }).click();
    await tab.page.waitForURL((u) => u.pathname === '/guide/introduction/', { timeout: WAIT });
    await siteShows(tab, server.url + 'guide/introduction/', 'Our trust uses this guide with its own notes.');
  });

  test('add a resource from the editor and see it on the resources page', async () => {
    await Promise.all([tab.page.waitForURL(/__careerguide\/edit/), tab.page.getByRole('link', { name: 'Edit this page' }).click()]);
    await waitFor(tab.page, 'the editor filled', editorReady);
    await Promise.all([tab.page.waitForURL(/file=resources/), tab.page.getByRole('link', { name: 'Resources' }).click()]);
    await waitFor(tab.page, 'the resources form filled', formReady);
    await tab.page.getByLabel('Group', { exact: true }).selectOption({ label: 'A new group…' });
    await tab.page.getByLabel("The new group's heading").fill('Our trust');
    await tab.page.getByLabel('Name', { exact: true }).fill('Research and development office');
    await tab.page.getByLabel('Description', { exact: true }).fill('Ask here first about research at the trust.');
    await tab.page.getByRole('button', { name: 'Add a resource' }).click();
    await waitFor(tab.page, 'the save announced', () => /^Added “Research and development office”/.test(document.getElementById('status').textContent));
    assert.match(read('content/resources.yaml'), /\n {2}- title: Our trust\n {4}items:\n {6}- name: Research and development office\n/);
    await siteShows(tab, server.url + 'resources/', 'Ask here first about research at the trust.');
  });

  test('add a case study: made as a draft from the template, published once "Draft" is unticked', async () => {
    await tab.goto(server.url + '__careerguide/edit/new');
    await tab.page.getByLabel('A case study').check();
    await tab.page.getByLabel("The person's full name").fill('Test Person');
    await Promise.all([
      tab.page.waitForURL(/__careerguide\/edit\?id=/, { timeout: WAIT }),
      tab.page.getByRole('button', { name: 'Make the page and edit it' }).click(),
    ]);
    await waitFor(tab.page, 'the editor filled with the new case study', editorReady);
    assert.ok(await tab.page.getByLabel('Draft (not published)').isChecked(), 'expected a draft');
    await tab.page.getByLabel('Draft (not published)').uncheck();
    await tab.page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitFor(tab.page, 'the save announced', () => /^Saved/.test(document.getElementById('status').textContent));
    assert.doesNotMatch(read('content/case-studies/test-person.md'), /^draft: true$/m);
    await siteShows(tab, server.url + 'case-studies/test-person/', 'Test Person');
  });

  test('recover from a bad save: the earlier version is restored from the list', async () => {
    const good = read('content/guide/01-introduction.md');
    await tab.goto(server.url + '__careerguide/edit?id=' + encodeURIComponent('guide/01-introduction.md'));
    await waitFor(tab.page, 'the editor filled', editorReady);
    // The tired editor's mistake: the whole text replaced, and saved.
    await tab.page.getByLabel('Page text (Markdown)').fill('oops\n');
    await tab.page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitFor(tab.page, 'the save announced', () => /^Saved/.test(document.getElementById('status').textContent));
    assert.ok(read('content/guide/01-introduction.md').endsWith('---\noops\n'));
    await tab.page.getByRole('button', { name: /^Restore the version from / }).first().click();
    await waitFor(tab.page, 'the restore announced', () => /Restored/.test(document.getElementById('status').textContent));
    assert.equal(read('content/guide/01-introduction.md'), good, 'expected the page as it was before the bad save');
    await siteShows(tab, server.url + 'guide/introduction/', 'Our trust uses this guide with its own notes.');
    assert.deepEqual(unexpected(await tab.errors()), [], 'expected no console errors or CSP violations');
  });
});
