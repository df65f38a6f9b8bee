#!/usr/bin/env node
// Remake docs/screenshots/: the home page and one guide page, full length, 320 and 1280 CSS px
// wide, in Debian's Chromium through the browser suite's own helpers.
//
// Usage: cargo build && node scripts/screenshots.mjs
// Environment: CAREERGUIDE_BIN (default target/debug/careerguide), CAREERGUIDE_SITE_DIR (use this
// built folder instead of building), CHROMIUM_PATH (default /usr/bin/chromium).
import fs from 'node:fs';
import path from 'node:path';
import {
  buildSite,
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
} finally {
  await browser?.close();
  await server.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
}
