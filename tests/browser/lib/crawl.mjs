// Run every check on one URL, crawl a served site, and print the per-page table.
import {
  AXE_COLOUR_RULES,
  AXE_TAGS,
  CHECKS,
  checkAxe,
  checkConsole,
  checkFocusVisible,
  checkForcedColours,
  checkReducedMotion,
  checkTextResize,
  checkTextSpacing,
  checkLinks,
  checkNoJs,
  checkOverflow,
  checkSkipLink,
  checkUiContrast,
  checkStructure,
  hasDarkScheme,
  makeFetcher,
} from './checks.mjs';
import { DESKTOP_VIEWPORT, MOBILE_VIEWPORT, newContext, openTab } from './browser.mjs';

/**
 * The contexts the checks need, created once and reused for every page: desktop (1280×800,
 * JavaScript on; the dark colour scheme is emulated on it for a second axe run when the CSS
 * has one), mobile (320×640) and nojs (JavaScript disabled). Each concurrent worker gets its
 * own set of tabs, reused from page to page.
 * @param {import('playwright-core').Browser} browser
 * @param {{siteUrl: string, homeUrl?: string, axeTags?: string[], focusCap?: number}} opts
 */
export async function createChecker(browser, { siteUrl, homeUrl, axeTags = AXE_TAGS, focusCap = 200 }) {
  const [desktop, mobile, nojs] = await Promise.all([
    newContext(browser, { viewport: DESKTOP_VIEWPORT }),
    newContext(browser, { viewport: MOBILE_VIEWPORT }),
    newContext(browser, { viewport: DESKTOP_VIEWPORT, javaScriptEnabled: false }),
  ]);
  const free = [];
  return {
    siteUrl,
    homeUrl: homeUrl ?? siteUrl,
    axeTags,
    focusCap,
    fetchInfo: makeFetcher(),
    desktop,
    mobile,
    nojs,
    /** Borrow a set of tabs {desktop, mobile, nojs}; give it back with release(). */
    async acquire() {
      if (free.length) return free.pop();
      const [d, m, n] = await Promise.all([openTab(desktop), openTab(mobile), openTab(nojs, { javaScriptEnabled: false })]);
      return { desktop: d, mobile: m, nojs: n };
    },
    release(tabs) {
      free.push(tabs);
    },
    async close() {
      await Promise.all([desktop.close(), mobile.close(), nojs.close()]);
    },
  };
}

/** The page's address relative to the site root, for tables and messages. */
export function relPath(siteUrl, url) {
  const rel = url.startsWith(siteUrl) ? url.slice(siteUrl.length) : url;
  return rel || './';
}

function isHomeUrl(env, url) {
  const strip = (u) => u.replace(/#.*$/, '').replace(/index\.html$/, '');
  return strip(url) === strip(env.homeUrl);
}

/**
 * Run every check (or those in `only`) on `url`.
 * @returns {Promise<{url: string, path: string, problems: Record<string, object[]>, notes: object[],
 *   stats: object, pages: string[]}>} pages: same-site pages it links to
 */
export async function checkUrl(env, url, { only } = {}) {
  const want = (c) => !only || only.includes(c);
  const problems = Object.fromEntries(CHECKS.map((c) => [c, []]));
  const notes = [];
  const stats = { focusTested: 0, focusTotal: 0, linksChecked: 0, external: 0, dark: false, overflowPx: 0, ms: {} };
  let t = Date.now();
  const lap = (name) => {
    const now = Date.now();
    stats.ms[name] = (stats.ms[name] ?? 0) + now - t;
    t = now;
  };
  const errors = [];
  let pages = [];
  const guard = async (check, fn) => {
    try {
      await fn();
    } catch (err) {
      // A check that crashes is a failure of that check, never a silent pass.
      problems[check].push({ check, message: `check crashed: ${String(err?.message || err).split('\n')[0]}` });
    }
  };
  const tabs = await env.acquire();
  try {
    // Desktop, JavaScript on.
    {
      const { page } = tabs.desktop;
      const response = await tabs.desktop.goto(url);
      lap('load');
      const status = response?.status();
      if (status !== 200) problems.links.push({ check: 'links', selector: 'document', message: `page answers ${status}` });
      if (want('structure')) {
        await guard('structure', async () => problems.structure.push(...(await checkStructure(page, { isHome: isHomeUrl(env, url) }))));
      }
      await guard('links', async () => {
        const r = await checkLinks(page, { siteUrl: env.siteUrl, fetchInfo: env.fetchInfo });
        if (want('links')) problems.links.push(...r.problems);
        pages = r.pages;
        stats.linksChecked = r.checked;
        stats.external = r.external;
      });
      lap('links');
      if (want('axe')) {
        await guard('axe', async () => {
          const r = await checkAxe(page, { tags: env.axeTags });
          problems.axe.push(...r.problems);
          notes.push(...r.notes);
          // WCAG 2.5.8 target size is proved only if axe's target-size rule ran here.
          stats.targetSize = r.status['target-size'] ?? 'not run';
          stats.targetSizeReview = r.notes.filter((n) => n.rule === 'target-size').length;
          // Dark colour scheme, when the theme has one: axe again (contrast!).
          stats.dark = await hasDarkScheme(page);
          if (stats.dark) {
            await page.emulateMedia({ colorScheme: 'dark' });
            try {
              const d = await checkAxe(page, { rules: AXE_COLOUR_RULES, label: 'dark' });
              problems.axe.push(...d.problems);
            } finally {
              await page.emulateMedia({ colorScheme: 'light' });
            }
          }
        });
        lap('axe');
      }
      if (want('skip')) await guard('skip', async () => problems.skip.push(...(await checkSkipLink(page))));
      lap('skip');
      if (want('focus')) {
        await guard('focus', async () => {
          const r = await checkFocusVisible(page, { cap: env.focusCap });
          problems.focus.push(...r.problems);
          stats.focusTested = r.tested;
          stats.focusTotal = r.total;
        });
        lap('focus');
      }
      if (want('uiContrast')) {
        await guard('uiContrast', async () => {
          const r = await checkUiContrast(page, { cap: env.focusCap });
          problems.uiContrast.push(...r.problems);
          stats.uiControls = r.controls;
          stats.uiTested = r.tested;
        });
        lap('uiContrast');
      }
      if (want('forced')) {
        await guard('forced', async () => {
          const r = await checkForcedColours(page, { cap: env.focusCap });
          problems.forced.push(...r.problems);
          stats.forcedTested = r.tested;
        });
        lap('forced');
      }
      if (want('motion')) {
        await guard('motion', async () => problems.motion.push(...(await checkReducedMotion(page))));
        lap('motion');
      }
      // Last on this tab: it resizes the viewport (and puts it back).
      if (want('resize')) {
        await guard('resize', async () => {
          const r = await checkTextResize(page, { cap: env.focusCap });
          problems.resize.push(...r.problems);
          stats.resizeTested = r.tested;
        });
        lap('resize');
      }
      errors.push(...(await tabs.desktop.errors()));
    }

    // 320 × 640: reflow, then the skip link and focus again (the small-screen layout has its
    // own styles), then text spacing.
    if (want('overflow') || want('skip') || want('focus') || want('spacing')) {
      await tabs.mobile.goto(url);
      if (want('overflow')) {
        await guard('overflow', async () => {
          const r = await checkOverflow(tabs.mobile.page);
          problems.overflow.push(...r);
          stats.overflowPx = r[0]?.px ?? 0;
        });
      }
      if (want('skip')) await guard('skip', async () => problems.skip.push(...(await checkSkipLink(tabs.mobile.page, { label: '320px' }))));
      if (want('focus')) {
        await guard('focus', async () => {
          const r = await checkFocusVisible(tabs.mobile.page, { cap: env.focusCap, label: '320px' });
          problems.focus.push(...r.problems);
          stats.focusTested320 = r.tested;
        });
      }
      // Last on this tab: it adds a style sheet (and takes it away again).
      if (want('spacing')) await guard('spacing', async () => problems.spacing.push(...(await checkTextSpacing(tabs.mobile.page))));
      errors.push(...(await tabs.mobile.errors()));
      lap('mobile');
    }

    // JavaScript off.
    if (want('nojs')) {
      await tabs.nojs.goto(url);
      await guard('nojs', async () => problems.nojs.push(...(await checkNoJs(tabs.nojs.page))));
      lap('nojs');
    }
  } finally {
    env.release(tabs);
  }

  if (want('console')) problems.console.push(...checkConsole(errors));
  return { url, path: relPath(env.siteUrl, url), problems, notes, stats, pages };
}

/**
 * URLs listed in the served site's sitemap.xml (absolute base_url addresses are mapped onto
 * the served site root). Returns null when there is no sitemap.
 * @returns {Promise<{urls: string[], locs: string[], base: string|null}|null>}
 */
export async function readSitemap(siteUrl, { baseUrl } = {}) {
  const res = await fetch(new URL('sitemap.xml', siteUrl));
  if (res.status !== 200) return null;
  const xml = await res.text();
  const locs = [...xml.matchAll(/<loc>\s*([^<]+?)\s*<\/loc>/g)].map((m) =>
    m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"),
  );
  // The site's base_url: the given one, else the longest common prefix ending in '/' of the
  // locs (the home page is in the sitemap, so that is the root).
  let base = baseUrl ?? null;
  if (!base && locs.length) {
    base = locs.reduce((a, b) => {
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return a.slice(0, i);
    });
    base = base.slice(0, base.lastIndexOf('/') + 1);
  }
  if (base && !base.endsWith('/')) base += '/';
  const urls = locs.map((loc) => {
    let rel = base && loc.startsWith(base) ? loc.slice(base.length) : null;
    if (rel === null) return loc; // not under base_url: reported as-is
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    return new URL(rel, siteUrl).href;
  });
  return { urls, locs, base };
}

function normalise(url) {
  const u = new URL(url);
  u.hash = '';
  u.search = '';
  if (u.pathname.endsWith('/')) u.pathname += 'index.html';
  return u.href;
}

/**
 * Breadth-first crawl from `seeds`, following same-site links to pages, running every check on
 * each page (or the checks in `only`). `concurrency` pages are checked at once.
 * @returns {Promise<object[]>} results of checkUrl, in discovery order
 */
export async function crawlSite(env, { seeds, concurrency = 2, maxPages = 500, only, onPage } = {}) {
  const queue = [];
  const seen = new Set();
  const results = [];
  const enqueue = (u) => {
    const n = normalise(u);
    if (!n.startsWith(env.siteUrl) || seen.has(n) || seen.size >= maxPages) return;
    seen.add(n);
    queue.push(n);
  };
  for (const s of seeds) enqueue(s);
  let active = 0;
  await new Promise((resolve, reject) => {
    const pump = () => {
      if (!queue.length && !active) return resolve();
      while (queue.length && active < concurrency) {
        const url = queue.shift();
        active++;
        checkUrl(env, url, { only })
          .then((r) => {
            results.push(r);
            for (const p of r.pages) enqueue(p);
            onPage?.(r);
          })
          .catch((err) => {
            const problems = Object.fromEntries(CHECKS.map((c) => [c, []]));
            problems.console.push({ check: 'console', message: `page could not be checked: ${String(err?.message || err).split('\n')[0]}` });
            results.push({ url, path: relPath(env.siteUrl, url), problems, notes: [], stats: {}, pages: [] });
          })
          .finally(() => {
            active--;
            pump();
          })
          .catch(reject);
      }
    };
    pump();
  });
  const order = [...seen];
  results.sort((a, b) => order.indexOf(a.url) - order.indexOf(b.url));
  return results;
}

/** Per-page table: page, then one column per check ("ok" or the number of problems). */
export function formatTable(results) {
  const n = (r, c) => r.problems[c].length;
  const cell = (c) => (r) => (n(r, c) ? `${n(r, c)} ✗` : 'ok');
  const counted = (c, stat) => (r) => cell(c)(r) + ` (${r.stats[stat] ?? 0})`;
  const targets = (r) => {
    const s = r.stats.targetSize;
    if (!s) return '-';
    return { passed: 'ok', inapplicable: 'n/a', violated: '✗', incomplete: '?' }[s] ?? s;
  };
  const COLUMNS = [
    ['axe', 'axe', cell('axe')],
    ['24px', null, targets],
    ['overflow', 'overflow', (r) => (n(r, 'overflow') ? `+${r.stats.overflowPx ?? '?'}px ✗` : 'ok')],
    ['skip', 'skip', cell('skip')],
    ['focus', 'focus', (r) => cell('focus')(r) + ` (${r.stats.focusTested ?? 0}/${r.stats.focusTotal ?? 0})`],
    ['3:1 ui', 'uiContrast', (r) => cell('uiContrast')(r) + ` (${r.stats.uiControls ?? 0}+${r.stats.uiTested ?? 0})`],
    ['forced', 'forced', counted('forced', 'forcedTested')],
    ['spacing', 'spacing', cell('spacing')],
    ['200%', 'resize', cell('resize')],
    ['motion', 'motion', cell('motion')],
    ['console', 'console', cell('console')],
    ['links', 'links', counted('links', 'linksChecked')],
    ['nojs', 'nojs', cell('nojs')],
    ['structure', 'structure', cell('structure')],
  ];
  const header = ['page', ...COLUMNS.map(([h]) => h)];
  const rows = results.map((r) => [r.path, ...COLUMNS.map(([, , f]) => f(r))]);
  const totals = [`${results.length} pages`, ...COLUMNS.map(([, c]) => {
    if (!c) {
      const ran = results.filter((r) => r.stats.targetSize === 'passed' || r.stats.targetSize === 'violated').length;
      return `ran on ${ran}`;
    }
    const bad = results.filter((r) => r.problems[c].length).length;
    return bad ? `${bad} pages ✗` : 'all ok';
  })];
  const all = [header, ...rows, totals];
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...r[i]].length)));
  const line = (r) => r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join(' | ');
  const sep = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(header), sep, ...rows.map(line), sep, line(totals)].join('\n');
}

/** Every problem of one check kind, one per line: "page: message [selector] detail". */
export function formatProblems(results, check) {
  const lines = [];
  for (const r of results) {
    for (const p of r.problems[check]) {
      lines.push(`${r.path}: ${p.message}${p.selector ? ` [${p.selector}]` : ''}${p.detail ? ` — ${p.detail}` : ''}`);
    }
  }
  return lines.join('\n');
}
