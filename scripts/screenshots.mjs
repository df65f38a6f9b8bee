#!/usr/bin/env node
// Remake docs/screenshots/: the home page and one guide page, full length, 320 and 1280 CSS px
// wide, in Debian's Chromium through the browser suite's own helpers; then the first screen of
// a trust's branded copy (docs/theming.md): 1280 px, and a 360×640 phone with the menu closed
// and open; then the edit page of `careerguide serve --edit` (docs/editing.md), 1280 px wide
// with its preview beside the text, and the first screen on a 360 px phone; and its resources
// form refusing a web address that is not whole, 1280 px wide.
//
// Usage: cargo build && node scripts/screenshots.mjs
// Environment: CAREERGUIDE_BIN (default target/debug/careerguide), CAREERGUIDE_SITE_DIR (use this
// built folder instead of building), CHROMIUM_PATH (default /usr/bin/chromium).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildSite,
  careerguideBin,
  launchBrowser,
  newContext,
  openTab,
  serveDir,
  tempDir,
  REPO_ROOT,
} from '../tests/browser/lib/index.mjs';

const OUT = path.join(REPO_ROOT, 'docs/screenshots');
const PAGES = { home: 'index.html', guide: 'guide/the-clinical-academic-role/index.html' };
const WIDTHS = [320, 1280];

// The branded copy: an example trust's name, logo and colours, set as docs/theming.md says.
const TRUST_CONFIG = `
organisation:
  name: Example Hospitals NHS Foundation Trust
  contact: research.office@example.nhs.uk
local: local
brand:
  primary: "#330072"
  link: "#005eb8"
  header_text: "#ffffff"
  logo: local/images/logo.svg
`;
// A made-up mark (no real trust's logo): white shapes, drawn for a dark header.
const TRUST_LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 40">
<rect x="1" y="1" width="38" height="38" rx="6" fill="none" stroke="#ffffff" stroke-width="2"/>
<path d="M10 30V10h6l8 12V10h6v20h-6l-8-12v12z" fill="#ffffff"/>
<rect x="46" y="8" width="44" height="6" rx="3" fill="#ffffff"/>
<rect x="46" y="18" width="34" height="6" rx="3" fill="#ffffff"/>
<rect x="46" y="28" width="40" height="6" rx="3" fill="#ffffff"/>
</svg>
`;
const TRUST_SHOTS = [
  { name: 'trust-1280', viewport: { width: 1280, height: 800 }, page: 'guide/the-clinical-academic-role/index.html' },
  { name: 'trust-360', viewport: { width: 360, height: 640 }, page: 'guide/the-clinical-academic-role/index.html' },
  { name: 'trust-360-menu', viewport: { width: 360, height: 640 }, page: 'guide/the-clinical-academic-role/index.html', openMenu: true },
];

/** A copy of the project in `dir` branded with TRUST_CONFIG. */
function trustProject(dir) {
  for (const sub of ['content', 'themes']) fs.cpSync(path.join(REPO_ROOT, sub), path.join(dir, sub), { recursive: true });
  fs.mkdirSync(path.join(dir, 'local/images'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'local/images/logo.svg'), TRUST_LOGO);
  fs.writeFileSync(path.join(dir, 'config.yaml'), fs.readFileSync(path.join(REPO_ROOT, 'config.yaml'), 'utf8') + TRUST_CONFIG);
  return dir;
}

const EDIT_PAGE = 'guide/the-clinical-academic-role/';
const EDIT_SHOTS = [
  { name: 'edit-1280', viewport: { width: 1280, height: 900 } },
  { name: 'edit-360', viewport: { width: 360, height: 740 } },
];

/** `careerguide serve --edit` on `root`: resolves with the address holding the key, and stop(). */
function serveEdit(root) {
  const child = spawn(careerguideBin(), ['serve', '--edit', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`careerguide serve --edit printed no address within 120 s:\n${log}`));
    }, 120_000);
    const onData = (chunk) => {
      log += chunk;
      const url = /Serving the guide at (\S+)/.exec(log);
      const edit = /Editing is on: open (\S+)/.exec(log);
      if (url && edit) {
        clearTimeout(timer);
        resolve({ url: url[1], editAddress: edit[1], stop: () => child.kill() });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => (log += chunk));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`careerguide serve --edit exited (${code}):\n${log}`));
    });
  });
}

/** The edit page of EDIT_PAGE, in each of EDIT_SHOTS, once its preview has loaded. */
async function editShots(browser) {
  const scratchEdit = tempDir('careerguide-screenshots-edit-');
  for (const sub of ['content', 'themes']) fs.cpSync(path.join(REPO_ROOT, sub), path.join(scratchEdit, sub), { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'config.yaml'), path.join(scratchEdit, 'config.yaml'));
  const serve = await serveEdit(scratchEdit);
  try {
    for (const shot of EDIT_SHOTS) {
      const context = await newContext(browser, { viewport: shot.viewport, reducedMotion: 'reduce' });
      const tab = await openTab(context);
      await tab.goto(serve.editAddress);
      await tab.goto(serve.url + EDIT_PAGE);
      await Promise.all([tab.page.waitForURL(/__careerguide\/edit/), tab.page.getByRole('link', { name: 'Edit this page' }).click()]);
      await tab.page.waitForFunction(() => {
        const main = document.querySelector('main');
        const frame = document.getElementById('preview');
        return main?.dataset.previewed && frame?.contentDocument?.querySelector('main h1');
      }, null, { timeout: 120_000 });
      await tab.page.evaluate(() => document.fonts.ready);
      const file = path.join(OUT, `${shot.name}.png`);
      await tab.page.screenshot({ path: file });
      console.log(`${path.relative(REPO_ROOT, file)}  (the edit page of ${EDIT_PAGE}, ${shot.viewport.width}×${shot.viewport.height})`);
      await context.close();
    }
    // The resources form, refusing a web address that is not whole at its field.
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const tab = await openTab(context);
    await tab.goto(serve.editAddress);
    await tab.goto(serve.url + '__careerguide/edit/data?file=resources');
    await tab.page.waitForFunction(() => !document.getElementById('data-form').hidden, null, { timeout: 120_000 });
    await tab.page.getByLabel('Name', { exact: true }).fill('Research and development office');
    await tab.page.getByLabel('Description', { exact: true }).fill('Ask here first about research at the trust.');
    await tab.page.getByLabel('Web address').fill('www.example.nhs.uk');
    await tab.page.getByRole('button', { name: 'Add a resource' }).click();
    await tab.page.waitForFunction(() => !document.getElementById('d-url-error').hidden, null, { timeout: 120_000 });
    await tab.page.evaluate(() => document.fonts.ready);
    const file = path.join(OUT, 'resources-form-1280.png');
    await tab.page.screenshot({ path: file });
    console.log(`${path.relative(REPO_ROOT, file)}  (the resources form of serve --edit, a bad web address refused, 1280×900)`);
    await context.close();
  } finally {
    serve.stop();
    fs.rmSync(scratchEdit, { recursive: true, force: true });
  }
}

const prebuilt = process.env.CAREERGUIDE_SITE_DIR ? path.resolve(process.env.CAREERGUIDE_SITE_DIR) : null;
const scratch = prebuilt ? null : tempDir('careerguide-screenshots-');
const siteDir = prebuilt ?? path.join(scratch, 'site');
const server = await serveDir(siteDir);
let browser;
try {
  if (!prebuilt) buildSite({ root: REPO_ROOT, out: siteDir });
  browser = await launchBrowser();
  fs.mkdirSync(OUT, { recursive: true });
  for (const width of WIDTHS) {
    // Light scheme, no motion, 1 device pixel per CSS pixel: the same picture on every machine.
    const context = await newContext(browser, { viewport: { width, height: 800 }, reducedMotion: 'reduce' });
    const tab = await openTab(context);
    for (const [name, page] of Object.entries(PAGES)) {
      await tab.goto(server.url + page);
      const errors = await tab.errors();
      if (errors.length) throw new Error(`${page}: ${errors.map((e) => e.message).join('; ')}`);
      await tab.page.evaluate(() => document.fonts.ready);
      const file = path.join(OUT, `${name}-${width}.png`);
      await tab.page.screenshot({ path: file, fullPage: true });
      console.log(`${path.relative(REPO_ROOT, file)}  (${page}, ${width} px wide)`);
    }
    await context.close();
  }
  const trustScratch = tempDir('careerguide-screenshots-trust-');
  try {
    const trustSite = buildSite({ root: trustProject(path.join(trustScratch, 'project')), out: path.join(trustScratch, 'site') });
    const trustServer = await serveDir(trustSite.out);
    try {
      for (const shot of TRUST_SHOTS) {
        const context = await newContext(browser, { viewport: shot.viewport, reducedMotion: 'reduce', javaScriptEnabled: false });
        const tab = await openTab(context);
        await tab.goto(trustServer.url + shot.page);
        const errors = await tab.errors();
        if (errors.length) throw new Error(`${shot.page}: ${errors.map((e) => e.message).join('; ')}`);
        if (shot.openMenu) await tab.page.locator('summary.menu-button').click();
        const file = path.join(OUT, `${shot.name}.png`);
        await tab.page.screenshot({ path: file });
        console.log(`${path.relative(REPO_ROOT, file)}  (a trust's copy, ${shot.page}, ${shot.viewport.width}×${shot.viewport.height}${shot.openMenu ? ', menu open' : ''})`);
        await context.close();
      }
    } finally {
      await trustServer.close();
    }
  } finally {
    fs.rmSync(trustScratch, { recursive: true, force: true });
  }
  await editShots(browser);
} finally {
  await browser?.close();
  await server.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
}
