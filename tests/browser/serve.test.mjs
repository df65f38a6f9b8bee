// The editing loop of `careerguide serve`, as an editor lives it in a real browser: a page left
// open reloads by itself when its Markdown is saved; a save that breaks the build shows an
// accessible problem panel (role=alertdialog, named, focused, naming file and line, no axe
// violations) over the last good page, which never blanks; Escape or the Dismiss button closes
// it and gives focus back; a page opened while the build is broken shows the panel on load; the
// fix clears it everywhere and shows the fixed text; a problem's longer detail (a diff) is folded behind a
// keyboard-operable <details>, shown as text; warnings of a good build (the ones `check`
// reports) show in a panel that does not take focus, and stay dismissed until they change.
// All under the page's strict CSP, with no console errors.
//
// Fixture: tests/fixtures/serve-site (7 pages, builds in milliseconds) with the bundled default
// theme (themes/), so the panel is checked over the theme readers really get.
//
// Run: cargo build && node --test tests/browser/serve.test.mjs
import { after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { careerguideBin, tempDir, REPO_ROOT } from './lib/build.mjs';
import { newContext, openTab, collectCsp } from './lib/browser.mjs';
import { checkAxe, checkConsole } from './lib/checks.mjs';
import { setup, sharedBrowser } from './lib/testing.mjs';

const FIXTURE = path.join(REPO_ROOT, 'tests/fixtures/serve-site');
const PAGE_FILE = 'content/guide/01-first.md';
const PAGE_PATH = 'guide/first/';
const OTHER_PATH = 'guide/second/';
const OVERLAY = '#careerguide-dev-overlay';
const EVENTS = '/__careerguide/events';
/** How long a save may take to reach the open page (debounce + rebuild + reload), in ms. */
const SAVE_TIMEOUT = 20_000;

const ORIGINAL = fs.readFileSync(path.join(FIXTURE, PAGE_FILE), 'utf8');
const EDITED_TEXT = 'Edited text, saved while the page was open.';
const FIXED_TEXT = 'Fixed text, saved after the mistake was corrected.';
const EDITED = ORIGINAL.replace('Original text of the first section.', EDITED_TEXT);
// An unknown front-matter key on line 3 (the error names the file, line 3, and suggests `summary`).
const BROKEN = EDITED.replace(/^summary:/m, 'summry:');
const FIXED = EDITED.replace(EDITED_TEXT, FIXED_TEXT);
assert.notEqual(EDITED, ORIGINAL, `${PAGE_FILE} in the fixture no longer has the text this test edits`);
assert.notEqual(BROKEN, EDITED, `${PAGE_FILE} in the fixture no longer has a summary: line to break`);

/**
 * `careerguide serve --port 0 --root DIR`; resolves once it prints its address.
 * @returns {Promise<{url: string, child: import('node:child_process').ChildProcess, output: () => string, stop: () => Promise<void>}>}
 */
function startServe(root, { timeout = 30_000 } = {}) {
  const bin = careerguideBin();
  if (!fs.existsSync(bin)) throw new Error(`careerguide binary not found at ${bin}: run \`cargo build\` or set CAREERGUIDE_BIN`);
  const child = spawn(bin, ['serve', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const output = () => log;
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`careerguide serve printed no "Serving the guide at URL" within ${timeout} ms. Output:\n${log}`));
    }, timeout);
    const onData = (chunk) => {
      log += chunk;
      const m = /Serving the guide at (\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1].endsWith('/') ? m[1] : m[1] + '/', child, output, stop });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => (log += chunk));
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${bin}: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`careerguide serve exited (${code ?? signal}) before printing its address. Output:\n${log}`));
    });
  });
}

/** Wait for `fn(arg)` to be truthy in the page; on timeout, fail saying what was expected. */
async function waitInPage(page, expected, fn, arg, timeout = SAVE_TIMEOUT, context = () => '') {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 100 });
  } catch (err) {
    const extra = await Promise.resolve(context()).catch(() => '');
    throw new Error(`Expected ${expected} within ${timeout} ms. ${err.message.split('\n')[0]}${extra ? '\n' + extra : ''}`);
  }
}

/** The main text, the overlay's state and focus, for failure messages. */
async function describePage(page) {
  return page
    .evaluate((sel) => {
      const o = document.querySelector(sel);
      const a = document.activeElement;
      return {
        url: location.href,
        main: (document.querySelector('main')?.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 200),
        overlay: o ? { hidden: o.hidden, text: o.textContent.replace(/\s+/g, ' ').slice(0, 300) } : null,
        focus: a ? a.tagName + (a.id ? '#' + a.id : '') + (a.className ? '.' + String(a.className).split(' ').join('.') : '') : null,
      };
    }, OVERLAY)
    .then((d) => `Page now: ${JSON.stringify(d)}`);
}

/** WCAG contrast ratio of two computed `rgb()`/`rgba()` colours (alpha ignored). */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const mainHas = (text) => document.querySelector('main')?.textContent.includes(text);
const overlayShown = (sel) => {
  const o = document.querySelector(sel);
  return !!o && !o.hidden && o.getBoundingClientRect().height > 0;
};
const overlayGone = (sel) => {
  const o = document.querySelector(sel);
  return !o || (o.hidden && o.getBoundingClientRect().height === 0);
};

/** Resolves when `page` has opened the event stream (the server answered with its headers). */
function streamConnected(page, timeout = SAVE_TIMEOUT) {
  return page
    .waitForResponse((r) => new URL(r.url()).pathname === EVENTS && r.status() === 200, { timeout })
    .catch((err) => {
      throw new Error(`Expected the page to connect to ${EVENTS} within ${timeout} ms: ${err.message.split('\n')[0]}`);
    });
}

/**
 * A tab (openTab, which collects console errors, failed requests and CSP violations) that also
 * keeps CSP violations across the reloads the server asks for, and ignores the one failure a
 * reload always causes: the event stream of the page being left, cancelled (net::ERR_ABORTED).
 */
async function editorTab(context) {
  const tab = await openTab(context);
  const carried = [];
  let navigations = 0;
  tab.page.on('framenavigated', (frame) => {
    if (frame === tab.page.mainFrame()) navigations++;
  });
  return {
    ...tab,
    navigations: () => navigations,
    /** Save the current document's CSP violations before it is replaced. */
    async keepCsp() {
      await collectCsp(tab.page, carried);
    },
    async problems() {
      const errors = (await tab.errors()).filter(
        (e) => !(e.kind === 'requestfailed' && e.message.includes(EVENTS) && /ERR_ABORTED/.test(e.message)),
      );
      const seen = new Set(errors.map((e) => e.message));
      for (const e of carried) if (!seen.has(e.message)) errors.push(e);
      return checkConsole(errors);
    },
  };
}

const getBrowser = sharedBrowser();

describe('careerguide serve: the editing loop in a browser', () => {
  let root;
  let server;
  let context;
  let tab; // the page the editor keeps open
  let second; // a page opened while the build is broken
  let focusedBefore; // what had focus when the problem panel appeared
  const write = (content) => fs.writeFileSync(path.join(root, PAGE_FILE), content);

  const test = setup(async () => {
    root = tempDir('careerguide-serve-');
    fs.cpSync(FIXTURE, root, { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, 'themes'), path.join(root, 'themes'), { recursive: true });
    server = await startServe(root);
    context = await newContext(await getBrowser());
    tab = await editorTab(context);
  });

  after(async () => {
    await context?.close().catch(() => {});
    await server?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const serverLog = () => `careerguide serve output:\n${server?.output() ?? ''}`;

  test('the page opens with the reload script and connects to the event stream, under a strict CSP', async () => {
    const connected = streamConnected(tab.page);
    const response = await tab.goto(server.url + PAGE_PATH);
    assert.equal(response.status(), 200, `expected ${server.url + PAGE_PATH} to answer 200`);
    await connected;
    const csp = (await response.headerValue('content-security-policy')) ??
      (await tab.page.locator('meta[http-equiv="Content-Security-Policy" i]').getAttribute('content').catch(() => null));
    assert.ok(csp, 'expected the served page to carry a Content-Security-Policy (header or <meta>)');
    assert.match(csp, /default-src 'self'/, `expected a CSP of default-src 'self', got: ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `expected a strict CSP, got: ${csp}`);
    assert.equal(await tab.page.locator('script[src="/__careerguide/reload.js"]').count(), 1, 'expected reload.js injected once');
    assert.ok(await tab.page.evaluate(mainHas, 'Original text of the first section.'), 'expected the original text in <main>');
    assert.equal(await tab.page.locator(OVERLAY).count(), 0, 'expected no problem panel while the build is good');
    assert.deepEqual(await tab.problems(), [], 'expected no console errors or CSP violations on load');
  });

  test('saving the Markdown reloads the open page by itself with the new text', async () => {
    await tab.page.evaluate(() => (window.__cgNotReloaded = true));
    const before = tab.navigations();
    const reconnected = streamConnected(tab.page);
    await tab.keepCsp();
    write(EDITED);
    await waitInPage(tab.page, `the open page to reload and show "${EDITED_TEXT}"`, mainHas, EDITED_TEXT, SAVE_TIMEOUT, () =>
      describePage(tab.page).then((d) => d + '\n' + serverLog()),
    );
    assert.equal(await tab.page.evaluate(() => window.__cgNotReloaded), undefined, 'expected a fresh document (a reload), not a patched one');
    assert.ok(tab.navigations() > before, 'expected the page to navigate (reload) by itself');
    assert.equal(new URL(tab.page.url()).pathname, '/' + PAGE_PATH, 'expected the reload to stay on the same page');
    await reconnected;
  });

  test('a broken front matter shows an accessible problem panel over the last good page', async () => {
    // An editor who was reading the page: focus on a link in the content.
    focusedBefore = await tab.page.evaluate(() => {
      const link = document.querySelector('main a[href]') || document.querySelector('a[href]');
      link?.focus();
      return link ? link.outerHTML.slice(0, 120) : null;
    });
    assert.ok(focusedBefore, 'expected a link on the page to put focus on');
    write(BROKEN);
    await waitInPage(tab.page, 'the problem panel to appear on the open page', overlayShown, OVERLAY, SAVE_TIMEOUT, () =>
      describePage(tab.page).then((d) => d + '\n' + serverLog()),
    );

    const dialog = tab.page.getByRole('alertdialog', { name: /could not be rebuilt/i });
    assert.equal(await dialog.count(), 1, 'expected one element with role alertdialog named "The site could not be rebuilt…"');
    const name = await dialog.evaluate((el) => document.getElementById(el.getAttribute('aria-labelledby'))?.textContent);
    assert.match(name ?? '', /1 problem/, `expected the panel's name to count the problems, got: ${name}`);
    const description = await dialog.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby'))?.textContent);
    assert.match(description ?? '', /last version that worked/, `expected the panel to say the page is the last good version, got: ${description}`);
    const text = (await dialog.textContent()).replace(/\s+/g, ' ');
    assert.ok(text.includes(`${PAGE_FILE}:3`), `expected the panel to name ${PAGE_FILE} and line 3, got: ${text}`);
    assert.match(text, /summry/, `expected the panel to quote the offending key, got: ${text}`);
    assert.match(text, /did you mean `summary`/, `expected the panel to suggest the right key, got: ${text}`);
    assert.ok(
      await dialog.evaluate((el) => document.activeElement === el),
      `expected the panel to receive focus (so a screen reader announces it). ${await describePage(tab.page)}`,
    );
    assert.ok(await dialog.isVisible(), 'expected the panel to be visible');
    // Its focus ring must be visible against the panel's own background (WCAG 1.4.11: 3:1).
    const ring = await dialog.evaluate((el) => {
      const cs = getComputedStyle(el);
      return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), colour: cs.outlineColor, background: cs.backgroundColor };
    });
    assert.ok(ring.style !== 'none' && ring.width >= 2, `expected a focus outline of 2 px or more on the panel, got ${JSON.stringify(ring)}`);
    const ratio = contrast(ring.colour, ring.background);
    assert.ok(ratio >= 3, `expected the panel's focus outline to contrast 3:1 with its background, got ${ratio.toFixed(2)}:1 (${JSON.stringify(ring)})`);

    // The site never blanks: underneath is still the last good version.
    assert.ok(await tab.page.evaluate(mainHas, EDITED_TEXT), `expected the last good text "${EDITED_TEXT}" still under the panel`);
    assert.equal(await tab.page.locator('h1').first().textContent(), 'First section', 'expected the last good heading under the panel');

    const axe = await checkAxe(tab.page, { label: 'problem panel open' });
    assert.deepEqual(axe.problems, [], `expected no axe violations with the panel open:\n${axe.problems.map((p) => `${p.message} at ${p.selector}: ${p.detail}`).join('\n')}`);
    assert.deepEqual(await tab.problems(), [], 'expected no console errors or CSP violations with the panel open');
  });

  test('Escape closes the panel and gives focus back to where it was', async () => {
    await tab.page.keyboard.press('Escape');
    await waitInPage(tab.page, 'the panel to be hidden after Escape', overlayGone, OVERLAY, 5_000, () => describePage(tab.page));
    const back = await tab.page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
    assert.equal(back, focusedBefore, 'expected focus back on the link that had it before the panel appeared');
    assert.ok(await tab.page.evaluate(mainHas, EDITED_TEXT), 'expected the last good text still shown after dismissing');
  });

  test('a page opened while the build is broken shows the panel on load; its Dismiss button works from the keyboard', async () => {
    second = await editorTab(context);
    const connected = streamConnected(second.page);
    const response = await second.goto(server.url + OTHER_PATH);
    assert.equal(response.status(), 200, 'expected the last good site to be served while the build is broken');
    await connected;
    await waitInPage(second.page, 'the problem panel on a page opened while the build is broken', overlayShown, OVERLAY, 10_000, () =>
      describePage(second.page),
    );
    const dialog = second.page.getByRole('alertdialog', { name: /could not be rebuilt/i });
    assert.ok((await dialog.textContent()).includes(`${PAGE_FILE}:3`), `expected the panel to name ${PAGE_FILE}:3`);
    assert.ok(await dialog.evaluate((el) => document.activeElement === el), 'expected the panel to have focus on load');
    assert.equal(await second.page.locator('h1').first().textContent(), 'Second section', 'expected the page itself under the panel');

    // Tab from the focused panel reaches its Dismiss button; Enter presses it.
    await second.page.keyboard.press('Tab');
    const onButton = await second.page.evaluate(() => document.activeElement?.textContent);
    assert.equal(onButton, 'Dismiss', 'expected Tab from the panel to reach its Dismiss button');
    await second.page.keyboard.press('Enter');
    await waitInPage(second.page, 'the panel to be hidden after pressing Dismiss', overlayGone, OVERLAY, 5_000, () => describePage(second.page));
    const focus = await second.page.evaluate((sel) => {
      const a = document.activeElement;
      return { inPanel: !!a?.closest(sel), tag: a?.tagName };
    }, OVERLAY);
    assert.equal(focus.inPanel, false, `expected focus to leave the hidden panel, it is on ${focus.tag}`);
    assert.deepEqual(await second.problems(), [], 'expected no console errors or CSP violations on the second page');
  });

  test('fixing the file clears the panel everywhere and shows the fixed text', async () => {
    // Show the panel again on the first page (it was dismissed for that build): break it differently.
    const reshow = BROKEN.replace(/^title: First section$/m, 'title: "First section');
    assert.notEqual(reshow, BROKEN, 'expected a title line to break');
    write(reshow);
    await waitInPage(tab.page, 'the panel to come back for a new broken build after the last was dismissed', overlayShown, OVERLAY, SAVE_TIMEOUT, () =>
      describePage(tab.page).then((d) => d + '\n' + serverLog()),
    );
    assert.ok((await tab.page.locator(OVERLAY).textContent()).includes(`${PAGE_FILE}:2`), 'expected the new problem (line 2) in the panel');

    await tab.keepCsp();
    await second.keepCsp();
    write(FIXED);
    await waitInPage(tab.page, `the open page to reload with "${FIXED_TEXT}"`, mainHas, FIXED_TEXT, SAVE_TIMEOUT, () =>
      describePage(tab.page).then((d) => d + '\n' + serverLog()),
    );
    await waitInPage(tab.page, 'no problem panel after the fix', overlayGone, OVERLAY, 5_000, () => describePage(tab.page));
    await waitInPage(second.page, 'no problem panel on the second page after the fix', overlayGone, OVERLAY, SAVE_TIMEOUT, () =>
      describePage(second.page),
    );
    // The second page (reloaded or not) shows no stale panel even after it settles.
    await second.page.waitForTimeout(500);
    assert.ok(await second.page.evaluate(overlayGone, OVERLAY), `expected no panel on the second page. ${await describePage(second.page)}`);
    assert.deepEqual(await tab.problems(), [], 'expected no console errors or CSP violations on the first page through the whole loop');
    assert.deepEqual(await second.problems(), [], 'expected no console errors or CSP violations on the second page through the whole loop');
  });

  test('warnings of a good build show in a panel that does not take focus; Dismiss keeps them away until they change', async () => {
    // An editor never sees the terminal: a warning `check` reports (a review date long past,
    // line 4) must reach the open pages too, without interrupting them.
    const WARNED = FIXED.replace(/^(summary:.*)$/m, '$1\nreviewed: 2020-01-01');
    assert.notEqual(WARNED, FIXED, 'expected a summary line to add a review date after');
    await tab.keepCsp();
    await second.keepCsp();
    write(WARNED);
    for (const [label, page] of [['open page', tab.page], ['second page', second.page]]) {
      await waitInPage(page, `the warnings panel on the ${label}`, overlayShown, OVERLAY, SAVE_TIMEOUT, () =>
        describePage(page).then((d) => d + '\n' + serverLog()),
      );
    }
    const region = tab.page.getByRole('region', { name: /built, with 1 warning/i });
    assert.equal(await region.count(), 1, `expected a region named "The site was built, with 1 warning". ${await describePage(tab.page)}`);
    assert.equal(await tab.page.getByRole('alertdialog').count(), 0, 'expected warnings not to be shown as an alert dialog');
    const text = (await region.textContent()).replace(/\s+/g, ' ');
    assert.ok(text.includes(`${PAGE_FILE}:4`), `expected the panel to name ${PAGE_FILE} and line 4, got: ${text}`);
    assert.match(text, /due for review/, `expected the warning's message, got: ${text}`);
    assert.match(text, /careerguide check/, `expected the panel to say check lists the same, got: ${text}`);
    // (The bundled theme shows the review date, so the page reloaded: focus starts afresh.)
    const inPanel = await tab.page.evaluate((sel) => !!document.activeElement?.closest(sel), OVERLAY);
    assert.equal(inPanel, false, `expected the warnings panel not to take focus. ${await describePage(tab.page)}`);
    assert.ok(await tab.page.evaluate(mainHas, FIXED_TEXT), 'expected the page itself, up to date, under the panel');
    const axe = await checkAxe(tab.page, { label: 'warnings panel open' });
    assert.deepEqual(axe.problems, [], `expected no axe violations with the warnings panel open:\n${axe.problems.map((p) => `${p.message} at ${p.selector}: ${p.detail}`).join('\n')}`);

    // Dismissed, the same warnings stay away on a reload (and on other pages of this tab).
    await region.getByRole('button', { name: 'Dismiss' }).click();
    await waitInPage(tab.page, 'the warnings panel hidden after Dismiss', overlayGone, OVERLAY, 5_000, () => describePage(tab.page));
    await tab.keepCsp();
    await tab.page.reload();
    await tab.page.waitForTimeout(1_000);
    assert.ok(await tab.page.evaluate(overlayGone, OVERLAY), `expected dismissed warnings to stay away after a reload. ${await describePage(tab.page)}`);

    // Fixed, they go from every page.
    await tab.keepCsp();
    await second.keepCsp();
    write(FIXED);
    await waitInPage(second.page, 'the warnings panel gone from the second page after the fix', overlayGone, OVERLAY, SAVE_TIMEOUT, () =>
      describePage(second.page).then((d) => d + '\n' + serverLog()),
    );
    assert.deepEqual(await tab.problems(), [], 'expected no console errors or CSP violations on the first page');
    assert.deepEqual(await second.problems(), [], 'expected no console errors or CSP violations on the second page');
  });

  test("a problem's longer detail (e.g. a diff) is folded behind a keyboard-operable disclosure, shown as text", async () => {
    // No build error carries `detail` yet (the override diff is a warning), so the page gets a
    // status message from this test, in the exact shape the server sends (src/serve/protocol.rs).
    const third = await editorTab(context);
    const DETAIL = '--- local/originals/a.md (the version you overrode)\n+++ content/a.md (this release)\n-<img src=x id=cg-injected>\n+new line';
    const status = { build: 99, ok: false, problems: [
      { severity: 'error', file: 'local/content/a.md', line: null, column: null, message: 'changed upstream', hint: 'carry the changes over', detail: DETAIL },
    ] };
    // `retry` keeps EventSource from reconnecting (and redrawing the panel) during the test.
    await third.page.route((url) => url.pathname === EVENTS, (route) =>
      route.fulfill({ status: 200, contentType: 'text/event-stream', body: `retry: 600000\nevent: status\ndata: ${JSON.stringify(status)}\n\n` }),
    );
    await third.goto(server.url + OTHER_PATH);
    await waitInPage(third.page, 'the problem panel for the detailed problem', overlayShown, OVERLAY, 10_000, () => describePage(third.page));
    const panel = third.page.locator(OVERLAY);
    const disclosure = panel.locator('details');
    assert.equal(await disclosure.count(), 1, 'expected one <details> for the one problem with detail');
    assert.equal((await disclosure.locator('summary').textContent()).trim(), 'Show the details');
    assert.equal(await disclosure.evaluate((d) => d.open), false, 'expected the detail folded away at first');
    assert.equal(await panel.locator('pre code').last().isVisible(), false, 'expected the folded detail hidden');
    await disclosure.locator('summary').focus();
    await third.page.keyboard.press('Enter');
    assert.equal(await disclosure.evaluate((d) => d.open), true, 'expected Enter on the summary to open the detail');
    assert.equal(await disclosure.locator('pre code').textContent(), DETAIL, 'expected the detail verbatim, line by line');
    assert.equal(await third.page.locator('#cg-injected').count(), 0, 'expected the detail shown as text, never parsed as HTML');
    const axe = await checkAxe(third.page, { label: 'problem panel with detail open' });
    assert.deepEqual(axe.problems, [], `expected no axe violations with the detail open:\n${axe.problems.map((p) => `${p.message} at ${p.selector}: ${p.detail}`).join('\n')}`);
    assert.deepEqual(await third.problems(), [], 'expected no console errors or CSP violations (no inline styles) with the detail shown');
  });
});
