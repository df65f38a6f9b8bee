// The checks must catch breakage: tests/browser/fixtures/broken/ breaks every rule once and
// each breakage must be reported (index.html and more.html: the page checks; adapt.html: forced
// colours, text spacing, 200 % text, reduced motion and target size; contrast.html: non-text
// contrast); tests/browser/fixtures/good/ breaks none and must pass
// clean (so the checks neither stop checking nor cry wolf).
import { after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDir } from './lib/server.mjs';
import { setup, sharedBrowser } from './lib/testing.mjs';
import { CHECKS } from './lib/checks.mjs';
import { checkUrl, crawlSite, createChecker, formatProblems, formatTable, readSitemap } from './lib/crawl.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

const getBrowser = sharedBrowser();
/** The checks broken on adapt.html rather than index.html. */
const ADAPT_CHECKS = ['forced', 'spacing', 'resize', 'motion'];
/** Checks broken on a page of their own (contrast.html). */
const OWN_PAGE_CHECKS = ['uiContrast'];

const show = (list) => list.map((p) => `${p.message}${p.selector ? ` [${p.selector}]` : ''}${p.detail ? ` — ${p.detail}` : ''}`).join('\n');
/** Assert that one problem of `list` matches every field of `want` (strings: substring, RegExp: match). */
function assertCaught(list, want, what) {
  const ok = list.some((p) =>
    Object.entries(want).every(([k, v]) => (v instanceof RegExp ? v.test(String(p[k] ?? '')) : String(p[k] ?? '').includes(v))),
  );
  assert.ok(ok, `${what} was not caught. Problems reported:\n${show(list) || '(none)'}`);
}

describe('broken fixture: every breakage is caught', () => {
  let server, env, result;
  const test = setup(async () => {
    const browser = await getBrowser();
    server = await serveDir(FIXTURES, { subpath: '/trust/careerguide/' });
    env = await createChecker(browser, { siteUrl: server.url, homeUrl: server.url + 'good/index.html' });
    result = await checkUrl(env, server.url + 'broken/index.html');
    console.log('\n' + formatTable([result]) + '\n');
  });
  after(async () => {
    await env?.close();
    await server?.close();
  });

  test('axe: image without alt', () => assertCaught(result.problems.axe, { rule: 'image-alt', selector: 'img' }, 'image-alt'));
  test('axe: low-contrast text', () => assertCaught(result.problems.axe, { rule: 'color-contrast', selector: '.faint' }, 'color-contrast'));
  test('axe: missing <html lang>', () => assertCaught(result.problems.axe, { rule: 'html-has-lang' }, 'html-has-lang'));
  test('overflow: page wider than 320 px', () => {
    assertCaught(result.problems.overflow, { message: /scrolls horizontally at 320 px/, selector: '.wide' }, 'horizontal scroll');
  });
  test('skip: first Tab does not reach a skip link', () => {
    assertCaught(result.problems.skip, { message: /first Tab reached a "Broken fixture home"/ }, 'missing skip link');
  });
  test('focus: link with outline:none and no other focus style', () => {
    assertCaught(result.problems.focus, { selector: 'a.no-focus', message: /no visible focus indicator/ }, 'invisible focus');
    // …at both widths, and only that one: every other link has a focus style.
    assert.equal(result.problems.focus.length, 2, show(result.problems.focus));
    assert.ok(result.problems.focus.every((p) => p.selector.endsWith('a.no-focus:nth-of-type(1)')), show(result.problems.focus));
    assertCaught(result.problems.focus, { selector: 'a.no-focus', message: /^\[320px\] no visible focus indicator/ }, 'invisible focus at 320 px');
  });
  test('console: inline script blocked by the CSP', () => {
    assertCaught(result.problems.console, { rule: 'csp', message: /script-src/ }, 'CSP violation event');
  });
  test('console: console.error from a script', () => {
    assertCaught(result.problems.console, { rule: 'console', message: 'fixture: deliberate console error' }, 'console error');
  });
  test('links: broken link', () => {
    assertCaught(result.problems.links, { selector: 'a.broken-link', message: /broken: .*missing\/index\.html answers 404/ }, 'broken link');
  });
  test('links: broken fragment on the same page', () => {
    assertCaught(result.problems.links, { selector: 'a.broken-fragment', message: /#nowhere matches no id on this page/ }, 'broken fragment');
  });
  test('links: broken fragment on another page', () => {
    assertCaught(result.problems.links, { selector: 'a.broken-other-fragment', message: /#no-such-heading matches no id/ }, 'broken fragment on another page');
  });
  test('nojs: main content injected only by JavaScript', () => {
    assertCaught(result.problems.nojs, { message: /<main> has no <h1> without JavaScript/ }, 'no h1 without JS');
    assertCaught(result.problems.nojs, { message: /characters of text/ }, 'no text without JS');
  });
  test('structure: two h1s', () => assertCaught(result.problems.structure, { message: /2 <h1> elements/, selector: 'h1.second-h1' }, 'two h1s'));
  test('structure: skipped heading level', () => {
    assertCaught(result.problems.structure, { message: /h2 → h4/, selector: 'h4.skipped-level' }, 'skipped heading level');
  });
  test('structure: <html lang> missing', () => assertCaught(result.problems.structure, { message: /no lang attribute/ }, 'missing lang'));
  test('structure: title without " – "', () => assertCaught(result.problems.structure, { message: /does not contain " – "/ }, 'title format'));
  test('every check kind reported something (those of adapt.html and contrast.html there)', () => {
    for (const c of CHECKS.filter((c) => !ADAPT_CHECKS.includes(c) && !OWN_PAGE_CHECKS.includes(c))) {
      assert.ok(result.problems[c].length > 0, `check "${c}" reported nothing on the broken fixture`);
    }
  });
});

describe('broken fixture, second page: the other branches of the checks', () => {
  let server, env, result;
  const test = setup(async () => {
    const browser = await getBrowser();
    server = await serveDir(FIXTURES, { subpath: '/trust/careerguide/' });
    env = await createChecker(browser, { siteUrl: server.url, homeUrl: server.url + 'good/index.html' });
    result = await checkUrl(env, server.url + 'broken/more.html', { only: ['overflow', 'skip', 'focus', 'links'] });
    console.log('\n' + formatTable([result]) + '\n');
  });
  after(async () => {
    await env?.close();
    await server?.close();
  });

  test('skip: Enter on a skip link whose target cannot take focus', () => {
    assertCaught(result.problems.skip, { selector: 'a.skip-link', message: /Enter on the skip link left focus on .*, not on <main>/ }, 'skip link that does not move focus');
  });
  test('focus: focused element entirely covered by a fixed header (2.4.11)', () => {
    assertCaught(result.problems.focus, { selector: 'a.covered', message: /entirely covered by header\.cover/ }, 'obscured focus');
  });
  test('focus: a focus style that only changes the text colour', () => {
    assertCaught(result.problems.focus, { selector: 'a.colour-only', message: /no visible focus indicator/ }, 'colour-only focus');
  });
  test('overflow: an unbreakable word wider than 320 px', () => {
    assertCaught(result.problems.overflow, { selector: 'p.long-word', message: /scrolls horizontally at 320 px/ }, 'text overflow');
  });
  test('links: a folder link that redirects', () => {
    assertCaught(result.problems.links, { selector: 'a.folder-redirect', message: /answers 301 redirect/ }, 'redirecting link');
  });
  test('links: a folder link instead of …/index.html', () => {
    assertCaught(result.problems.links, { selector: 'a.folder-link', message: /links to a folder/ }, 'folder link');
  });
  test('links: a root-absolute link', () => {
    assertCaught(result.problems.links, { selector: 'a.root-absolute', message: /root-absolute/ }, 'root-absolute link');
  });
});

describe('broken fixture, adapt.html: forced colours, text spacing, 200 % text, reduced motion, target size', () => {
  let server, env, result;
  const test = setup(async () => {
    const browser = await getBrowser();
    server = await serveDir(FIXTURES, { subpath: '/trust/careerguide/' });
    env = await createChecker(browser, { siteUrl: server.url, homeUrl: server.url + 'good/index.html' });
    result = await checkUrl(env, server.url + 'broken/adapt.html', { only: ['axe', 'focus', 'overflow', ...ADAPT_CHECKS] });
    console.log('\n' + formatTable([result]) + '\n');
  });
  after(async () => {
    await env?.close();
    await server?.close();
  });

  const caught = (check, want, what) => () => assertCaught(result.problems[check], want, what);
  test('forced: focus shown only by a background colour (a link, and the skip link)', () => {
    assertCaught(result.problems.forced, { selector: 'a.bg-focus', message: /^\[forced colours\] no focus indicator in forced colours/ }, 'background-only focus');
    assertCaught(result.problems.forced, { selector: 'a.skip-link', message: /no focus indicator in forced colours/ }, 'skip link without a boundary');
  });
  test('forced: a text field with no border', caught('forced', { selector: '#bare', message: /input\[type=text\] has no visible boundary/ }, 'borderless input'));
  test('forced: a checkbox drawn by CSS with no border', caught('forced', { selector: '#flat', message: /input\[type=checkbox\] has no visible boundary/ }, 'flat checkbox'));
  test('forced: a button with no border', caught('forced', { selector: 'button.borderless', message: /button has no visible boundary/ }, 'borderless button'));
  test('forced: a callout known only by its background', caught('forced', { selector: 'div.tinted', message: /only by its background colour/ }, 'background-only callout'));
  test('forced: meaning in a background image', caught('forced', { selector: 'span.icon-bg', message: /only a background image/ }, 'background-image icon'));
  test('forced: an SVG in a fixed colour (and not the one in currentColor)', () => {
    assertCaught(result.problems.forced, { selector: 'svg.fixed-fill', message: /inline SVG drawn in fixed colours/ }, 'fixed-colour SVG');
    assert.ok(!result.problems.forced.some((p) => p.selector.includes('current-fill')), show(result.problems.forced));
  });
  test('forced: exactly the eight breakages, nothing else', () => assert.equal(result.problems.forced.length, 8, show(result.problems.forced)));
  test('spacing: text clipped in a fixed-height box', caught('spacing', { selector: 'p.clip-box', message: /text cut off with text spacing/ }, 'clipped text'));
  test('spacing: a line that cannot wrap scrolls sideways at 320 px', () => {
    assertCaught(result.problems.spacing, { selector: 'p.tight-line', message: /scrolls horizontally with text spacing \(WCAG 1\.4\.12\) at 320 px/ }, 'horizontal scroll with spacing');
  });
  test('resize: a box in rem scrolls sideways at 200 % text', caught('resize', { selector: 'div.rem-wide', message: /scrolls horizontally at 200 % text, 1280 px wide/ }, 'horizontal scroll at 200 %'));
  test('resize: text clipped by a fixed pixel height, at 1280 and 640 px', () => {
    assertCaught(result.problems.resize, { selector: 'p.fixed-px', message: /text cut off at 200 % text, 1280 px wide/ }, 'clipped at 1280');
    assertCaught(result.problems.resize, { selector: 'p.fixed-px', message: /text cut off at 200 % text, 640 px wide/ }, 'clipped at 640');
  });
  test('resize: focus hidden under a fixed bar that grows with the text (2.4.11)', () => {
    assertCaught(result.problems.resize, { selector: 'a.under-bar-link', message: /^\[200% 1280px\] focused element is entirely covered by header\.fixed-bar/ }, 'obscured at 1280');
    assertCaught(result.problems.resize, { selector: 'a.under-bar-link', message: /^\[200% 640px\] focused element is entirely covered/ }, 'obscured at 640');
  });
  test('motion: an animation, a transition and smooth scrolling ignore reduced motion', () => {
    assertCaught(result.problems.motion, { selector: 'span.spin', message: /CSS animation "cg-spin" still runs/ }, 'animation');
    assertCaught(result.problems.motion, { selector: 'span.fade', message: /CSS transition still runs/ }, 'transition');
    assertCaught(result.problems.motion, { selector: 'div.smooth-box', message: /scroll-behavior: smooth/ }, 'smooth scrolling');
  });
  test('axe target-size runs (wcag22aa) and catches two 12 px targets side by side', () => {
    assert.equal(result.stats.targetSize, 'violated');
    assertCaught(result.problems.axe, { rule: 'target-size', selector: 'Tiny target one' }, 'target-size');
  });
  test('the breakage is caught by the new checks only: 100 % focus and reflow at 320 px pass', () => {
    assert.equal(formatProblems([result], 'focus'), '');
    assert.equal(formatProblems([result], 'overflow'), '');
  });
  test('every new check kind reported something', () => {
    for (const c of ADAPT_CHECKS) assert.ok(result.problems[c].length > 0, `check "${c}" reported nothing on adapt.html`);
  });
});

describe('broken fixture, contrast.html: non-text contrast (WCAG 1.4.11)', () => {
  let server, env, result;
  const test = setup(async () => {
    const browser = await getBrowser();
    server = await serveDir(FIXTURES, { subpath: '/trust/careerguide/' });
    env = await createChecker(browser, { siteUrl: server.url, homeUrl: server.url + 'good/index.html' });
    result = await checkUrl(env, server.url + 'broken/contrast.html', { only: ['axe', 'focus', 'uiContrast'] });
    console.log('\n' + formatTable([result]) + '\n');
  });
  after(async () => {
    await env?.close();
    await server?.close();
  });

  test('uiContrast: a text field with a pale border (#d8dde0 on white)', () => {
    assertCaught(result.problems.uiContrast, { selector: '#pale', message: /^input\[type=text\] boundary is 1\.\d\d:1 against rgb\(255, 255, 255\).*border rgb\(216, 221, 224\)/ }, 'pale border');
  });
  test('uiContrast: a link whose only focus indicator is a pale outline', () => {
    assertCaught(result.problems.uiContrast, { selector: 'a.pale-focus', message: /^focus indicator below 3:1 .*outline rgb\(216, 221, 224\) on rgb\(255, 255, 255\)/ }, 'pale focus outline');
  });
  test('uiContrast: exactly those two (a dark border, a text-only button, a yellow focus with a dark bar pass)', () => {
    assert.equal(result.problems.uiContrast.length, 2, show(result.problems.uiContrast));
    assert.ok(result.stats.uiControls >= 2 && result.stats.uiTested >= 4, JSON.stringify(result.stats));
  });
  test('caught by the new check only: axe and the focus check pass', () => {
    assert.equal(formatProblems([result], 'axe'), '');
    assert.equal(formatProblems([result], 'focus'), '');
  });
});

describe('good fixture: no false positives', () => {
  let server, env, results, sitemap;
  const test = setup(async () => {
    const browser = await getBrowser();
    server = await serveDir(path.join(FIXTURES, 'good'), { subpath: '/trust/careerguide/' });
    env = await createChecker(browser, { siteUrl: server.url });
    sitemap = await readSitemap(server.url);
    results = await crawlSite(env, { seeds: [server.url + 'index.html', ...(sitemap?.urls ?? [])] });
    console.log('\n' + formatTable(results) + '\n');
  });
  after(async () => {
    await env?.close();
    await server?.close();
  });

  test('crawl and sitemap find both pages', () => {
    assert.deepEqual(sitemap.urls, [server.url + 'index.html', server.url + 'guide/first/index.html']);
    assert.deepEqual(results.map((r) => r.path), ['index.html', 'guide/first/index.html']);
  });
  test('links into the second page come from the home page', () => {
    assert.ok(results[0].pages.includes(server.url + 'guide/first/index.html'));
  });
  test('the dark colour scheme was checked too', () => assert.ok(results.every((r) => r.stats.dark)));
  test('every focusable element was tested', () => {
    for (const r of results) assert.ok(r.stats.focusTested >= 3 && r.stats.focusTested === r.stats.focusTotal, JSON.stringify(r.stats));
  });
  test('every focusable element was tested in forced colours and at 200 % text (both widths)', () => {
    for (const r of results) {
      assert.equal(r.stats.forcedTested, r.stats.focusTotal, JSON.stringify(r.stats));
      assert.equal(r.stats.resizeTested, 2 * r.stats.focusTotal, JSON.stringify(r.stats));
    }
  });
  test('axe target-size ran and passed on every page', () => assert.ok(results.every((r) => r.stats.targetSize === 'passed'), results.map((r) => r.stats.targetSize).join()));
  for (const c of CHECKS) {
    test(`${c}: no problems`, () => {
      const bad = formatProblems(results, c);
      assert.equal(bad, '', `false positives from "${c}":\n${bad}`);
    });
  }
});
