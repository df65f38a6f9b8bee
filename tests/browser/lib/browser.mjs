// Launch Debian's Chromium through playwright-core (Playwright cannot download browsers here).
import fs from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Keep font rendering and colours deterministic between machines.
  '--font-render-hinting=none',
  '--force-color-profile=srgb',
  // The site must make no requests to other hosts: make any such request fail at once (it is
  // then reported as a failed request) instead of waiting for a network that is not there.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

export const DESKTOP_VIEWPORT = { width: 1280, height: 800 };
export const MOBILE_VIEWPORT = { width: 320, height: 640 };

/** Launch one headless Chromium. Throws a clear message when it is not installed. */
export async function launchBrowser(opts = {}) {
  const executablePath = opts.executablePath || CHROMIUM_PATH;
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install it with: apt-get update && apt-get install -y chromium poppler-utils ` +
        '(or set CHROMIUM_PATH)',
    );
  }
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...(opts.args ?? [])], timeout: 60_000 });
}

/**
 * Init script installed in every JS-enabled context: records CSP violations (they are not
 * always reported as console errors) in window.__cgCspViolations.
 */
export const CSP_RECORDER = `(() => {
  const list = [];
  Object.defineProperty(window, '__cgCspViolations', { value: list, enumerable: false });
  const record = (e) => list.push({
    directive: e.effectiveDirective || e.violatedDirective,
    blockedURI: e.blockedURI,
    sourceFile: e.sourceFile,
    line: e.lineNumber,
    sample: e.sample,
  });
  document.addEventListener('securitypolicyviolation', record, true);
})();`;

/** Whether each context made by newContext runs JavaScript (openTab's default). */
const jsEnabled = new WeakMap();

/**
 * New browser context with the suite's defaults.
 * @param {import('playwright-core').Browser} browser
 * @param {{viewport?: {width:number,height:number}, javaScriptEnabled?: boolean, colorScheme?: 'light'|'dark', reducedMotion?: 'reduce'|'no-preference'}} [opts]
 */
export async function newContext(browser, opts = {}) {
  const context = await browser.newContext({
    viewport: opts.viewport ?? DESKTOP_VIEWPORT,
    deviceScaleFactor: 1,
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    colorScheme: opts.colorScheme ?? 'light',
    reducedMotion: opts.reducedMotion ?? 'no-preference',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    serviceWorkers: 'block',
    ...(opts.contextOptions ?? {}),
  });
  // Generous: CI shares two cores with other builds; a page that never loads still fails.
  context.setDefaultTimeout(opts.timeout ?? 60_000);
  context.setDefaultNavigationTimeout(opts.timeout ?? 60_000);
  jsEnabled.set(context, opts.javaScriptEnabled !== false);
  if (opts.javaScriptEnabled !== false) await context.addInitScript({ content: CSP_RECORDER });
  return context;
}

/**
 * A reusable tab: one Playwright page that collects console errors, page errors, failed
 * requests and HTTP errors of the document currently loaded. `tab.goto(url)` starts a fresh
 * error list; `tab.errors()` returns it with the recorded CSP violations added.
 */
export async function openTab(context, { javaScriptEnabled = jsEnabled.get(context) ?? true, settleMs = 50 } = {}) {
  const page = await context.newPage();
  let current = { url: null, errors: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      current.errors.push({ kind: 'console', message: msg.text() + (loc?.url ? ` (${loc.url}${loc.lineNumber ? ':' + loc.lineNumber : ''})` : '') });
    }
  });
  page.on('pageerror', (err) => current.errors.push({ kind: 'pageerror', message: String(err?.stack || err) }));
  // A request belongs to the document that made it: one the previous page started (e.g. its
  // favicon), aborted because the tab moved on, is not a problem of the next page.
  // The same holds for a link clicked inside a test: the browser cancels (net::ERR_ABORTED)
  // what the document it leaves was still fetching, so such a cancel is no failure.
  const madeBy = new WeakMap();
  let documentsLoaded = 0;
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) documentsLoaded++; });
  page.on('request', (req) => madeBy.set(req, { owner: current, document: documentsLoaded }));
  page.on('requestfailed', (req) => {
    const made = madeBy.get(req);
    const error = req.failure()?.errorText;
    if (error === 'net::ERR_ABORTED' && made && made.document !== documentsLoaded) return;
    (made?.owner ?? current).errors.push({ kind: 'requestfailed', message: `${req.method()} ${req.url()} failed: ${error}` });
  });
  page.on('response', (res) => {
    const owner = madeBy.get(res.request())?.owner ?? current;
    if (res.status() >= 400 && res.url() !== owner.url) owner.errors.push({ kind: 'http', message: `${res.status()} for ${res.url()}` });
  });
  return {
    page,
    /** Load `url` (a fresh document); returns the main response. */
    async goto(url) {
      current = { url, errors: [] };
      if (page.url().split('#')[0] === url.split('#')[0]) await page.goto('about:blank');
      const response = await page.goto(url, { waitUntil: 'load' });
      // With JavaScript disabled requestAnimationFrame never fires: 'load' is enough there.
      if (javaScriptEnabled) await settle(page, settleMs);
      return response;
    },
    /** Errors of the current document, CSP violations included. */
    async errors() {
      const list = [...current.errors];
      if (javaScriptEnabled) await collectCsp(page, list);
      return list;
    },
    close: () => page.close(),
  };
}

/** Open `url` in a new tab of `context`: {page, response, tab} (see openTab). */
export async function openPage(context, url, opts = {}) {
  const tab = await openTab(context, opts);
  const response = await tab.goto(url);
  return { page: tab.page, response, tab };
}

/** Wait for two animation frames plus `ms`, so deferred scripts and layout have run. */
export async function settle(page, ms = 50) {
  await page.evaluate(
    (ms) => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, ms)))),
    ms,
  );
}

/** Append recorded CSP violations of `page` to `errors`. */
export async function collectCsp(page, errors) {
  let list = [];
  try {
    list = await page.evaluate(() => window.__cgCspViolations ?? []);
  } catch {}
  for (const v of list) {
    errors.push({
      kind: 'csp',
      message: `CSP violation: ${v.directive} blocked ${v.blockedURI || '(inline)'}` +
        (v.sourceFile ? ` at ${v.sourceFile}${v.line ? ':' + v.line : ''}` : '') + (v.sample ? ` sample=${JSON.stringify(v.sample)}` : ''),
    });
  }
  return errors;
}
