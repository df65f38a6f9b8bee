// The checks. Each check takes one page (a Playwright Page already loaded in the right
// context) and returns a list of problems; the site test and the fixture test use the same
// functions, so a check that silently stops checking makes the fixture test fail.
//
// A problem is {check, message, selector?, rule?, detail?}.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** axe-core tags the site promises (WCAG 2.0/2.1/2.2 A and AA). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Check kinds, in table order. */
export const CHECKS = ['axe', 'overflow', 'skip', 'focus', 'uiContrast', 'forced', 'spacing', 'resize', 'motion', 'console', 'links', 'nojs', 'structure'];

let axeSource;
function axeSourceText() {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

// Shared in-page helper (a string so it can be evaluated in any page): a short, stable CSS
// selector for an element.
const CSS_PATH = `(el) => {
  if (!el || el.nodeType !== 1) return String(el);
  const parts = [];
  let node = el;
  while (node && node.nodeType === 1 && parts.length < 6) {
    let part = node.localName;
    if (node.id && document.querySelectorAll('#' + CSS.escape(node.id)).length === 1) {
      parts.unshift('#' + CSS.escape(node.id));
      break;
    }
    const cls = [...node.classList].filter((c) => !c.startsWith('cg-')).slice(0, 3);
    if (cls.length) part += '.' + cls.map((c) => CSS.escape(c)).join('.');
    const parent = node.parentElement;
    if (parent) {
      const same = [...parent.children].filter((c) => c.localName === node.localName);
      if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(node) + 1) + ')';
    }
    parts.unshift(part);
    if (['body', 'main', 'header', 'footer', 'nav', 'aside'].includes(node.localName)) break;
    node = parent;
  }
  return parts.join(' > ');
}`;

// Shared in-page helper: the focusable elements of the page (`all`), sampled to `cap` on huge
// pages but always keeping one of every kind (`sample`), and `kind(el)`. Used by the focus and
// UI-contrast checks so that both test the same elements.
const FOCUSABLES = `(cap) => {
  const SEL = 'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]:not([contenteditable="false"]), audio[controls], video[controls]';
  const all = [...document.querySelectorAll(SEL)].filter((el) => {
    if (el.disabled || el.closest('[inert]')) return false;
    if (el.localName === 'input' && el.type === 'hidden') return false;
    if (el.localName === 'summary' && !(el.parentElement && el.parentElement.localName === 'details' && el.parentElement.querySelector(':scope > summary') === el)) return false;
    if (el.tabIndex < 0) return false;
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) return false;
    return true;
  });
  const landmark = (el) => { const l = el.closest('header, nav, main, footer, aside, form, [role=search], dialog'); return l ? l.localName : 'body'; };
  const kind = (el) => el.localName + (el.type && el.localName === 'input' ? '[type=' + el.type + ']' : '') +
    [...el.classList].sort().map((c) => '.' + c).join('') + ' in ' + landmark(el);
  let sample = all;
  if (all.length > cap) {
    const chosen = new Set();
    const kinds = new Set();
    for (const el of all) { const k = kind(el); if (!kinds.has(k)) { kinds.add(k); chosen.add(el); } }
    for (const el of all) { if (chosen.size >= Math.max(cap, kinds.size)) break; chosen.add(el); }
    sample = all.filter((el) => chosen.has(el));
  }
  return { all, sample, kind };
}`;

function cut(s, n = 160) {
  s = String(s ?? '').replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

// ---------------------------------------------------------------------------------------
// axe

/**
 * Run axe-core with the WCAG A/AA tags. Violations are problems; each failing node is one
 * problem. `incomplete` (needs review) results are returned separately as notes; `status`
 * says for every rule that ran whether it passed, was violated, needs review or did not apply.
 * @returns {Promise<{problems: object[], notes: object[], status: Record<string, string>}>}
 */
export async function checkAxe(page, { tags = AXE_TAGS, rules = null, label = '' } = {}) {
  await page.evaluate(axeSourceText());
  const result = await page.evaluate(
    async ({ tags, rules }) => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, {
        runOnly: rules ? { type: 'rule', values: rules } : { type: 'tag', values: tags },
        // passes and inapplicable come back with at most one node each: enough to know a rule ran.
        resultTypes: ['violations', 'incomplete'],
      });
      const map = (list) =>
        list.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          tags: v.tags,
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
        }));
      const status = {};
      for (const v of r.inapplicable) status[v.id] = 'inapplicable';
      for (const v of r.passes) status[v.id] = 'passed';
      for (const v of r.incomplete) status[v.id] = 'incomplete';
      for (const v of r.violations) status[v.id] = 'violated';
      return { violations: map(r.violations), incomplete: map(r.incomplete), status };
    },
    { tags, rules },
  );
  const prefix = label ? `[${label}] ` : '';
  const problems = [];
  for (const v of result.violations) {
    for (const n of v.nodes) {
      problems.push({
        check: 'axe',
        rule: v.id,
        impact: v.impact,
        selector: n.target,
        message: `${prefix}${v.id} (${v.impact}): ${v.help}`,
        detail: cut(n.summary, 300) + ' | ' + cut(n.html, 200),
      });
    }
  }
  const notes = [];
  for (const v of result.incomplete) {
    for (const n of v.nodes) notes.push({ check: 'axe', rule: v.id, selector: n.target, message: `${prefix}needs review: ${v.id}: ${v.help}`, detail: cut(n.summary, 200) });
  }
  return { problems, notes, status: result.status };
}

/** The axe rules (all WCAG A/AA) whose result depends on colours: re-run in the dark scheme. */
export const AXE_COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** True when one of the page's stylesheets has a prefers-color-scheme: dark rule. */
export async function hasDarkScheme(page) {
  return page.evaluate(() => {
    const walk = (rules) => {
      for (const r of rules) {
        if (r.media && /prefers-color-scheme\s*:\s*dark/i.test(r.media.mediaText)) return true;
        if (r.cssRules && walk(r.cssRules)) return true;
      }
      return false;
    };
    for (const sheet of document.styleSheets) {
      try {
        if (sheet.media && /prefers-color-scheme\s*:\s*dark/i.test(sheet.media.mediaText)) return true;
        if (walk(sheet.cssRules)) return true;
      } catch {}
    }
    return false;
  });
}

// ---------------------------------------------------------------------------------------
// Reflow at 320 px

/** Page must not scroll horizontally (run in a 320×640 context). */
export async function checkOverflow(page, { where = 'at 320 px', check = 'overflow' } = {}) {
  const r = await page.evaluate(`(() => {
    const cssPath = ${CSS_PATH};
    const de = document.documentElement;
    const cw = de.clientWidth;
    const sw = Math.max(de.scrollWidth, document.body ? document.body.scrollWidth : 0);
    if (sw <= cw) return { cw, sw, offenders: [] };
    const clips = (el) => {
      for (let a = el.parentElement; a && a !== document.body && a !== de; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if (ox !== 'visible') return true;
      }
      return false;
    };
    const info = (el) => {
      const rect = el.getBoundingClientRect();
      return { selector: cssPath(el), left: Math.round(rect.left), right: Math.round(Math.max(rect.right, rect.left + el.scrollWidth)),
        text: (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 60) };
    };
    const els = [...document.body.querySelectorAll('*')].filter((el) => {
      const cs = getComputedStyle(el);
      return cs.display !== 'none' && cs.position !== 'fixed' && !clips(el);
    });
    // Boxes wider than the viewport: report the outermost ones.
    const boxes = [];
    for (const el of els) {
      const rect = el.getBoundingClientRect();
      if (!(rect.right > cw + 1)) continue;
      if (boxes.some((b) => b.contains(el))) continue;
      boxes.push(el);
      if (boxes.length >= 8) break;
    }
    if (boxes.length) return { cw, sw, offenders: boxes.map(info) };
    // Otherwise content (long words, wide inline content) spilling out of a box: report the
    // innermost boxes whose content overflows.
    const spills = els.filter((el) => getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0 &&
      el.scrollWidth > el.clientWidth + 1 && el.getBoundingClientRect().left + el.scrollWidth > cw + 1);
    const inner = spills.filter((el) => !spills.some((o) => o !== el && el.contains(o))).slice(0, 8);
    return { cw, sw, offenders: inner.map(info) };
  })()`);
  if (r.sw <= r.cw) return [];
  const offenders = r.offenders.length ? r.offenders : [{ selector: 'html', right: r.sw, text: '' }];
  return offenders.map((o, i) => ({
    check,
    selector: o.selector,
    message: i === 0
      ? `page scrolls horizontally ${where}: scrollWidth ${r.sw} > clientWidth ${r.cw} (+${r.sw - r.cw}px)`
      : 'also wider than the viewport',
    detail: `element spans x=${o.left}..${o.right}` + (o.text ? ` text="${o.text}"` : ''),
    px: r.sw - r.cw,
  }));
}

// ---------------------------------------------------------------------------------------
// Skip link

/**
 * On a freshly loaded page (nothing focused yet): the first Tab must reach a skip link to
 * <main> (or something inside it), the link must be visible while focused, and pressing Enter
 * must move focus to <main> or inside it.
 */
export async function checkSkipLink(page, { label = '' } = {}) {
  const problems = [];
  const p = (message, selector, detail) => problems.push({ check: 'skip', message: (label ? `[${label}] ` : '') + message, selector, detail });
  await page.keyboard.press('Tab');
  const first = await page.evaluate(`(() => {
    const cssPath = ${CSS_PATH};
    const el = document.activeElement;
    const main = document.querySelector('main');
    if (!el || el === document.body || el === document.documentElement) return { none: true, hasMain: !!main };
    const rect = el.getBoundingClientRect();
    const href = el.localName === 'a' ? el.getAttribute('href') : null;
    let target = null, targetInMain = false;
    if (href && href.startsWith('#') && href.length > 1) {
      let id = href.slice(1);
      try { id = decodeURIComponent(id); } catch {}
      target = document.getElementById(id);
      targetInMain = !!(target && main && (target === main || main.contains(target)));
    }
    const cx = rect.left + rect.width / 2, cy = rect.top + rect.height / 2;
    const hit = rect.width >= 1 && rect.height >= 1 ? document.elementFromPoint(cx, cy) : null;
    const onScreen = rect.width >= 1 && rect.height >= 1 && rect.bottom > 0 && rect.right > 0 &&
      rect.top < innerHeight && rect.left < innerWidth;
    return {
      selector: cssPath(el), tag: el.localName, href, text: (el.textContent || '').trim().slice(0, 80),
      hasTarget: !!target, targetInMain, hasMain: !!main,
      visible: onScreen && !!hit && (hit === el || el.contains(hit)),
      rect: [Math.round(rect.left), Math.round(rect.top), Math.round(rect.width), Math.round(rect.height)],
    };
  })()`);
  if (first.none) {
    p('first Tab focused nothing on the page (no skip link)', 'body');
    return problems;
  }
  if (!first.hasMain) p('page has no <main> for a skip link to target', 'body');
  if (first.tag !== 'a' || !first.href || !first.href.startsWith('#')) {
    p(`first Tab reached ${first.tag} "${first.text}" (href=${first.href}), not a skip link to main`, first.selector);
    return problems;
  }
  if (!first.hasTarget) {
    p(`skip link "${first.text}" points at ${first.href}, which matches no id`, first.selector);
  } else if (!first.targetInMain) {
    p(`skip link "${first.text}" points at ${first.href}, which is not <main> or inside it`, first.selector);
  }
  if (!first.visible) {
    p(`skip link "${first.text}" is not visible on screen while focused`, first.selector, `rect=${first.rect.join(',')}`);
  }
  await page.keyboard.press('Enter');
  await page.waitForTimeout(30);
  const after = await page.evaluate(`(() => {
    const cssPath = ${CSS_PATH};
    const el = document.activeElement;
    const main = document.querySelector('main');
    return { selector: el ? cssPath(el) : 'none', inMain: !!(main && el && (el === main || main.contains(el))) };
  })()`);
  if (!after.inMain) {
    p(`Enter on the skip link left focus on ${after.selector}, not on <main> or inside it ` +
      '(the target needs tabindex="-1" to take focus)', first.selector);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Visible focus

/**
 * Focus every focusable element (sampled to `cap` on huge pages, but always one of each
 * distinct kind) and require a visible change in outline, box-shadow, background, border,
 * or text decoration (of the element, its ::before/::after, its label, next sibling or parent),
 * and that the focused element is not entirely hidden (off-screen or covered, WCAG 2.4.11).
 *
 * `mode`: 'normal' (the above); 'forced' (run under forced colours: only an outline or border
 * change counts, since backgrounds and box-shadows are replaced there; hiding is not re-checked);
 * 'obscured' (only that the focused element is not off-screen or covered, e.g. at 200 % text).
 * @returns {Promise<{problems: object[], tested: number, total: number}>}
 */
export async function checkFocusVisible(page, { cap = 200, label = '', mode = 'normal', check = 'focus' } = {}) {
  // A real key press first, so later programmatic focus counts as keyboard focus (:focus-visible).
  await page.keyboard.press('Shift');
  const r = await page.evaluate(`(async (cap, MODE) => {
    const cssPath = ${CSS_PATH};
    const { all, sample, kind } = (${FOCUSABLES})(cap);
    const PROPS = ['outlineStyle', 'outlineWidth', 'outlineColor', 'outlineOffset', 'boxShadow', 'backgroundColor', 'backgroundImage',
      'borderTopWidth', 'borderTopStyle', 'borderTopColor', 'borderRightWidth', 'borderRightStyle', 'borderRightColor',
      'borderBottomWidth', 'borderBottomStyle', 'borderBottomColor', 'borderLeftWidth', 'borderLeftStyle', 'borderLeftColor',
      'textDecorationLine', 'textDecorationColor', 'textDecorationStyle', 'textDecorationThickness', 'textUnderlineOffset',
      'color', 'content', 'opacity', 'transform'];
    const snap = (el, pseudo) => { const cs = getComputedStyle(el, pseudo); const o = {}; for (const k of PROPS) o[k] = cs[k]; return o; };
    const related = (el) => {
      const out = [['self', el, null], ['::before', el, '::before'], ['::after', el, '::after']];
      if (el.labels) for (const l of el.labels) { out.push(['label', l, null], ['label::before', l, '::before'], ['label::after', l, '::after']); }
      if (el.nextElementSibling) { out.push(['next', el.nextElementSibling, null], ['next::before', el.nextElementSibling, '::before']); }
      if (el.parentElement) out.push(['parent', el.parentElement, null]);
      return out;
    };
    const transparent = (c) => !c || c === 'transparent' || /rgba\\([^)]*,\\s*0\\)$/.test(c) || /\\/ 0\\)$/.test(c);
    const px = (v) => parseFloat(v) || 0;
    // Which visible differences count as a focus indicator, for one box.
    const diff = (a, b, who) => {
      const out = [];
      const outlineOn = (s) => s.outlineStyle !== 'none' && (s.outlineStyle === 'auto' || px(s.outlineWidth) > 0) && !transparent(s.outlineColor);
      if (outlineOn(b) && (!outlineOn(a) || a.outlineStyle !== b.outlineStyle || a.outlineWidth !== b.outlineWidth || a.outlineColor !== b.outlineColor || a.outlineOffset !== b.outlineOffset)) out.push('outline');
      if (outlineOn(a) && !outlineOn(b)) out.push('outline removed');
      if (a.boxShadow !== b.boxShadow && !(b.boxShadow === 'none' && transparent(a.boxShadow))) out.push('box-shadow');
      if (a.backgroundColor !== b.backgroundColor && !(transparent(a.backgroundColor) && transparent(b.backgroundColor))) out.push('background-color');
      if (a.backgroundImage !== b.backgroundImage) out.push('background-image');
      for (const side of ['Top', 'Right', 'Bottom', 'Left']) {
        const on = (s) => s['border' + side + 'Style'] !== 'none' && s['border' + side + 'Style'] !== 'hidden' && px(s['border' + side + 'Width']) > 0 && !transparent(s['border' + side + 'Color']);
        const key = (s) => on(s) ? s['border' + side + 'Width'] + s['border' + side + 'Style'] + s['border' + side + 'Color'] : 'off';
        if (key(a) !== key(b)) out.push('border-' + side.toLowerCase());
      }
      const decoOn = (s) => s.textDecorationLine !== 'none' && !transparent(s.textDecorationColor);
      // An underline that merely follows a change of text colour (currentColor) is a colour-only
      // change, which does not count: only a change of the line itself does.
      const decoKey = (s) => decoOn(s) ? [s.textDecorationLine, s.textDecorationColor === s.color ? 'currentColor' : s.textDecorationColor,
        s.textDecorationStyle, s.textDecorationThickness, s.textUnderlineOffset].join('|') : 'off';
      if (decoKey(a) !== decoKey(b)) out.push('text-decoration');
      if (who.includes('::') && (a.content !== b.content || a.opacity !== b.opacity || a.transform !== b.transform) && b.content !== 'none') out.push('pseudo-element');
      // Under forced colours only an outline or a border survives as an indicator.
      const counted = MODE === 'forced' ? out.filter((d) => d === 'outline' || d.startsWith('border-')) : out;
      return counted.map((d) => who === 'self' ? d : who + ' ' + d);
    };
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    // Where focus() lands is measured at once: smooth scrolling (reported by the motion check)
    // would leave the page mid-scroll, so scroll instantly while measuring.
    const root = document.documentElement;
    const scrollBehavior = root.style.scrollBehavior;
    root.style.scrollBehavior = 'auto';
    const before = MODE === 'obscured' ? [] : sample.map((el) => related(el).map(([who, node, pseudo]) => [who, snap(node, pseudo)]));
    const problems = [];
    const kindsSeen = new Set();
    for (let i = 0; i < sample.length; i++) {
      const el = sample[i];
      el.focus();
      if (document.activeElement !== el) {
        // e.g. an iframe or a shadow host delegating focus; not a failure of its own.
        if (!(document.activeElement && el.contains(document.activeElement))) {
          problems.push({ selector: cssPath(el), message: 'element could not be focused', kind: kind(el) });
        }
        continue;
      }
      const rel = related(el);
      const changes = [];
      if (MODE !== 'obscured') rel.forEach(([who, node, pseudo], j) => { changes.push(...diff(before[i][j][1], snap(node, pseudo), who)); });
      const rect = el.getBoundingClientRect();
      let boxes = [rect];
      if (rect.width < 1 || rect.height < 1) boxes = el.labels ? [...el.labels].map((l) => l.getBoundingClientRect()) : [];
      boxes = boxes.filter((b) => b.width >= 1 && b.height >= 1);
      let shown = false, coveredBy = null, offscreen = boxes.length > 0;
      for (const b of boxes) {
        const inView = b.bottom > 0 && b.right > 0 && b.top < innerHeight && b.left < innerWidth;
        if (!inView) continue;
        offscreen = false;
        const pts = [[b.left + b.width / 2, b.top + b.height / 2], [b.left + 2, b.top + 2], [b.right - 2, b.top + 2], [b.left + 2, b.bottom - 2], [b.right - 2, b.bottom - 2]];
        for (const [x, y] of pts) {
          if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
          const hit = document.elementFromPoint(x, y);
          if (!hit) continue;
          if (hit === el || el.contains(hit) || (el.labels && [...el.labels].some((l) => l === hit || l.contains(hit)))) { shown = true; break; }
          coveredBy = hit;
        }
        if (shown) break;
      }
      const k = kind(el);
      kindsSeen.add(k);
      const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
      if (MODE === 'forced') {
        if (!changes.length) problems.push({ selector: cssPath(el), kind: k, text, message: 'no focus indicator in forced colours: outline and borders unchanged when focused (backgrounds and box-shadows are replaced there; add an outline, e.g. 3px solid transparent)' });
      } else if (MODE !== 'obscured' && !changes.length) {
        problems.push({ selector: cssPath(el), kind: k, text, message: 'no visible focus indicator (outline, box-shadow, background, border and text-decoration unchanged when focused)' });
      } else if (!boxes.length) {
        problems.push({ selector: cssPath(el), kind: k, text, message: 'focused element has no visible box (zero size and no visible label)' });
      } else if (offscreen) {
        problems.push({ selector: cssPath(el), kind: k, text, message: 'focused element is off-screen (focus not visible, WCAG 2.4.7/2.4.11)' });
      } else if (!shown && coveredBy) {
        problems.push({ selector: cssPath(el), kind: k, text, message: 'focused element is entirely covered by ' + cssPath(coveredBy) + ' (WCAG 2.4.11 focus not obscured)' });
      }
    }
    if (document.activeElement) document.activeElement.blur();
    scrollTo(0, 0);
    root.style.scrollBehavior = scrollBehavior;
    return { problems, tested: sample.length, total: all.length, kinds: kindsSeen.size };
  })(${Number(cap)}, ${JSON.stringify(mode)})`);
  return {
    problems: r.problems.map((x) => ({ check, selector: x.selector, message: (label ? `[${label}] ` : '') + x.message, detail: (x.text ? `"${x.text}" ` : '') + `(${x.kind})` })),
    tested: r.tested,
    total: r.total,
    kinds: r.kinds,
  };
}

// ---------------------------------------------------------------------------------------
// Non-text contrast (WCAG 1.4.11): control boundaries and focus indicators at 3:1

/**
 * WCAG 1.4.11 at 3:1, which axe does not test, in the light scheme on the desktop tab:
 * - every visible text field, select, textarea and checkbox or radio drawn by CSS
 *   (`appearance: none`) has a boundary (its strongest border, or its background) of at least
 *   3:1 against what is behind it (the nearest ancestors with a background, blended, over white).
 *   Buttons are identified by their text (axe checks that): only one without text is checked,
 *   and one with no border and the background behind it (no boundary drawn) passes. Native
 *   checkboxes, radios, ranges and colour pickers are drawn by the browser and not checked.
 * - every focusable element (the same ones, sampled the same way, as the focus check) shows a
 *   focus indicator of at least 3:1: the focused outline (style not none, ≥ 1 px), a box-shadow,
 *   border or text decoration that appears or changes, against the background behind it; or a
 *   changed background against the unfocused background. One visible change at 3:1 is enough.
 *   Elements with no visible change are left to the focus check; a change that cannot be measured
 *   (a gradient, a moved pseudo-element, a colour that is not rgb()) is given the benefit of the doubt.
 * @returns {Promise<{problems: object[], controls: number, tested: number, total: number}>}
 */
export async function checkUiContrast(page, { cap = 200 } = {}) {
  await page.keyboard.press('Shift');
  const r = await page.evaluate(`(async (cap) => {
    const cssPath = ${CSS_PATH};
    const WHITE = [255, 255, 255, 1];
    const parse = (c) => {
      const m = /^rgba?\\(([^)]*)\\)$/.exec(String(c || '').trim());
      if (!m) return c === 'transparent' ? [0, 0, 0, 0] : null;
      const p = m[1].split(/[\\s,\\/]+/).filter(Boolean);
      if (p.length < 3) return null;
      const a = p.length > 3 ? (p[3].endsWith('%') ? parseFloat(p[3]) / 100 : parseFloat(p[3])) : 1;
      return [parseFloat(p[0]), parseFloat(p[1]), parseFloat(p[2]), isNaN(a) ? 1 : a];
    };
    const over = (fg, bg) => { const a = fg[3]; return [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a)).concat(1); };
    const lum = (c) => { const v = c.slice(0, 3).map((x) => { x /= 255; return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }); return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
    const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
    const show = (c) => 'rgb(' + c.slice(0, 3).map(Math.round).join(', ') + ')';
    const fmt = (n) => (Math.floor(n * 100) / 100).toFixed(2);
    // The colour behind an element: its ancestors' backgrounds, blended, over white.
    const behind = (el) => {
      const layers = [];
      for (let a = el.parentElement; a; a = a.parentElement) {
        const c = parse(getComputedStyle(a).backgroundColor);
        if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
      }
      let out = WHITE;
      for (let i = layers.length - 1; i >= 0; i--) out = over(layers[i], out);
      return out;
    };
    const SIDES = ['Top', 'Right', 'Bottom', 'Left'];
    const problems = [];
    const what = (el) => el.localName + (el.localName === 'input' ? '[type=' + el.type + ']' : '');
    const label = (el) => (el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || el.value || el.placeholder || '').trim().replace(/\\s+/g, ' ').slice(0, 50);

    // 1. Control boundaries (nothing focused).
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    const NATIVE = new Set(['checkbox', 'radio', 'range', 'color']);
    const BUTTON = new Set(['submit', 'button', 'reset', 'image', 'file']);
    let controls = 0;
    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, [role=button]')) {
      if (el.closest('[inert]') || !el.checkVisibility({ visibilityProperty: true })) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width < 1 || rect.height < 1) continue;
      const cs = getComputedStyle(el);
      const isButton = el.localName === 'button' || el.getAttribute('role') === 'button' || (el.localName === 'input' && BUTTON.has(el.type));
      if (el.localName === 'input' && NATIVE.has(el.type) && cs.appearance !== 'none') continue;
      if (isButton && (el.innerText || el.value || '').trim()) continue; // identified by its text
      controls++;
      const bh = behind(el);
      const bg = parse(cs.backgroundColor);
      const fill = bg ? over(bg, bh) : bh;
      let best = 0, how = '';
      let bordered = false;
      for (const side of SIDES) {
        const w = parseFloat(cs['border' + side + 'Width']) || 0;
        const st = cs['border' + side + 'Style'];
        const c = parse(cs['border' + side + 'Color']);
        if (w < 1 || st === 'none' || st === 'hidden' || !c || c[3] === 0) continue;
        bordered = true;
        const col = over(c, bh);
        const r = ratio(col, bh);
        if (r > best) { best = r; how = 'border ' + show(col); }
      }
      const rb = ratio(fill, bh);
      if (rb > best) { best = rb; how = 'background ' + show(fill); }
      if (best >= 3) continue;
      if (isButton && !bordered && rb < 1.1) continue; // no boundary drawn: not a failure
      problems.push({ selector: cssPath(el), kind: what(el), text: label(el),
        message: what(el) + ' boundary is ' + fmt(best) + ':1 against ' + show(bh) + ' behind it (' + how + '); needs 3:1 (WCAG 1.4.11)' });
    }

    // 2. Focus indicators.
    const { all, sample, kind } = (${FOCUSABLES})(cap);
    const PROPS = ['outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow', 'backgroundColor', 'backgroundImage',
      'borderTopWidth', 'borderTopStyle', 'borderTopColor', 'borderRightWidth', 'borderRightStyle', 'borderRightColor',
      'borderBottomWidth', 'borderBottomStyle', 'borderBottomColor', 'borderLeftWidth', 'borderLeftStyle', 'borderLeftColor',
      'textDecorationLine', 'textDecorationColor', 'textDecorationStyle', 'textDecorationThickness', 'content', 'opacity', 'transform', 'color'];
    const snap = (el, pseudo) => { const cs = getComputedStyle(el, pseudo); const o = {}; for (const k of PROPS) o[k] = cs[k]; return o; };
    const related = (el) => {
      const out = [['', el, null], ['::before', el, '::before'], ['::after', el, '::after']];
      if (el.labels) for (const l of el.labels) out.push(['label ', l, null]);
      return out;
    };
    // Every visible change between two states of one box: [{what, ratio}] or {what, ratio: null} (unmeasured).
    const changes = (a, b, bh, pseudoOf) => {
      const out = [];
      const measure = (what, colour, against) => {
        const c = parse(colour);
        if (!c) return out.push({ what, ratio: null });
        if (c[3] === 0) return;
        const col = over(c, against);
        out.push({ what: what + ' ' + show(col) + ' on ' + show(against), ratio: ratio(col, against) });
      };
      const bgA = parse(a.backgroundColor), bgB = parse(b.backgroundColor);
      const fillA = bgA ? over(bgA, bh) : bh, fillB = bgB ? over(bgB, bh) : bh;
      const outlineOn = (s) => s.outlineStyle !== 'none' && (s.outlineStyle === 'auto' || (parseFloat(s.outlineWidth) || 0) >= 1);
      if (outlineOn(b) && (!outlineOn(a) || a.outlineColor !== b.outlineColor || a.outlineWidth !== b.outlineWidth || a.outlineStyle !== b.outlineStyle)) measure('outline', b.outlineColor, bh);
      if (a.boxShadow !== b.boxShadow && b.boxShadow !== 'none') {
        // One shadow per comma outside parentheses: its colour and the rest (offsets, blur, spread, inset).
        for (const one of b.boxShadow.split(/,(?![^(]*\\))/)) {
          const m = /(rgba?\\([^)]*\\))(.*)/.exec(one.trim()) || [null, one, ''];
          const inset = /inset/.test(one);
          const sizes = (one.replace(m[1], '').match(/-?[\\d.]+px/g) || []).map((v) => Math.abs(parseFloat(v)));
          if (!sizes.some((v) => v >= 1)) continue;
          measure((inset ? 'inset ' : '') + 'box-shadow', m[1], inset ? fillB : bh);
        }
      }
      if (a.backgroundImage !== b.backgroundImage && b.backgroundImage !== 'none') out.push({ what: 'background-image', ratio: null });
      if (a.backgroundColor !== b.backgroundColor && !(bgA && bgB && bgA[3] === 0 && bgB[3] === 0)) {
        out.push({ what: 'background ' + show(fillB) + ' (was ' + show(fillA) + ')', ratio: ratio(fillA, fillB) });
      }
      for (const side of SIDES) {
        const on = (s) => s['border' + side + 'Style'] !== 'none' && s['border' + side + 'Style'] !== 'hidden' && (parseFloat(s['border' + side + 'Width']) || 0) >= 1;
        const key = (s) => on(s) ? s['border' + side + 'Width'] + s['border' + side + 'Style'] + s['border' + side + 'Color'] : 'off';
        if (on(b) && key(a) !== key(b)) measure('border-' + side.toLowerCase(), b['border' + side + 'Color'], bh);
      }
      const decoOn = (s) => s.textDecorationLine !== 'none';
      const decoKey = (s) => decoOn(s) ? [s.textDecorationLine, s.textDecorationColor === s.color ? 'currentColor' : s.textDecorationColor, s.textDecorationStyle, s.textDecorationThickness].join('|') : 'off';
      if (decoOn(b) && decoKey(a) !== decoKey(b)) measure('text-decoration', b.textDecorationColor, fillB);
      if (pseudoOf && b.content !== 'none' && (a.content !== b.content || a.opacity !== b.opacity || a.transform !== b.transform)) out.push({ what: 'pseudo-element', ratio: null });
      return out;
    };
    const before = sample.map((el) => related(el).map(([, node, pseudo]) => snap(node, pseudo)));
    const root = document.documentElement;
    const scrollBehavior = root.style.scrollBehavior;
    root.style.scrollBehavior = 'auto';
    let tested = 0;
    for (let i = 0; i < sample.length; i++) {
      const el = sample[i];
      el.focus();
      if (document.activeElement !== el) continue;
      const found = [];
      related(el).forEach(([who, node, pseudo], j) => {
        const bh = behind(node);
        // A pseudo-element sits on its element: behind it is the element's own background.
        let back = bh;
        if (pseudo) { const own = parse(getComputedStyle(node).backgroundColor); back = own ? over(own, behind(node)) : behind(node); }
        for (const c of changes(before[i][j], snap(node, pseudo), back, !!pseudo)) found.push({ ...c, what: who + c.what });
      });
      if (!found.length) continue; // no visible change: the focus check reports it
      tested++;
      if (found.some((c) => c.ratio === null || c.ratio >= 3)) continue;
      const best = found.reduce((x, y) => (y.ratio > x.ratio ? y : x));
      problems.push({ selector: cssPath(el), kind: kind(el), text: label(el),
        message: 'focus indicator below 3:1 (WCAG 1.4.11): best ' + fmt(best.ratio) + ':1, ' + best.what,
        more: found.map((c) => c.what + ' ' + fmt(c.ratio) + ':1').join('; ') });
    }
    if (document.activeElement) document.activeElement.blur();
    scrollTo(0, 0);
    root.style.scrollBehavior = scrollBehavior;
    return { problems, controls, tested, total: all.length };
  })(${Number(cap)})`);
  return {
    problems: r.problems.map((x) => ({
      check: 'uiContrast',
      selector: x.selector,
      message: x.message,
      detail: (x.text ? `"${x.text}" ` : '') + `(${x.kind})` + (x.more ? ` — ${x.more}` : ''),
    })),
    controls: r.controls,
    tested: r.tested,
    total: r.total,
  };
}

// ---------------------------------------------------------------------------------------
// Adapting the page: extra style sheets (text spacing, 200 % text) added through the CSSOM,
// which a strict CSP (no 'unsafe-inline' styles) allows, unlike a <style> element.

/** Add a style sheet named `name` to the page (replacing one of that name). */
export async function addSheet(page, name, css) {
  await page.evaluate(([name, css]) => {
    const sheets = (window.__cgSheets ??= new Map());
    const sheet = sheets.get(name) ?? new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(name, sheet);
    if (!document.adoptedStyleSheets.includes(sheet)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, [name, css]);
  await nextFrame(page);
}

/** Remove the style sheet named `name` (see addSheet). */
export async function removeSheet(page, name) {
  await page.evaluate((name) => {
    const sheet = window.__cgSheets?.get(name);
    if (sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    window.__cgSheets?.delete(name);
  }, name);
}

/** Wait for a rendered frame (style and layout settled after a change). */
async function nextFrame(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** WCAG 1.4.12 text spacing, as the usual bookmarklet sets it. */
export const TEXT_SPACING_CSS =
  '*, *::before, *::after { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }\n' +
  'p { margin-bottom: 2em !important; }';

/** Text-only zoom to 200 % (WCAG 1.4.4): every rem and em grows, the viewport does not. */
export const TEXT_RESIZE_CSS = 'html { font-size: 200% !important; }';

/**
 * Text that cannot be read in full: text inside a box that clips its overflow (hidden or clip)
 * reaching past that box, and text spilling out of a box too small for it (so it overlaps what
 * follows). Visually-hidden text (1 px boxes, clip) and scrolling boxes are not counted.
 * @returns {Promise<object[]>} problems of kind `check`
 */
export async function checkClippedText(page, { where, check }) {
  const found = await page.evaluate(`(() => {
    const cssPath = ${CSS_PATH};
    const out = [];
    const clipping = (v) => v === 'hidden' || v === 'clip';
    const srOnly = (el) => {
      for (let a = el; a && a !== document.body; a = a.parentElement) {
        const cs = getComputedStyle(a);
        if ((a.clientWidth <= 1 || a.clientHeight <= 1) && (clipping(cs.overflowX) || clipping(cs.overflowY))) return true;
        if (cs.clipPath === 'inset(50%)' || cs.clip === 'rect(0px, 0px, 0px, 0px)') return true;
      }
      return false;
    };
    // The part of a text node's lines outside box b (by more than 1 px), or null.
    const beyond = (node, b, clipsX, clipsY) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width < 1 || r.height < 1) continue;
        if ((clipsX && (r.right > b.right + 1 || r.left < b.left - 1)) || (clipsY && (r.bottom > b.bottom + 1 || r.top < b.top - 1))) {
          return { text: node.textContent.replace(/\\s+/g, ' ').trim().slice(0, 50), line: [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)] };
        }
      }
      return null;
    };
    const visibleText = (n) => n.textContent.trim() && n.parentElement && n.parentElement.checkVisibility({ visibilityProperty: true }) && !srOnly(n.parentElement);
    for (const el of document.body.querySelectorAll('*')) {
      if (out.length >= 8) break;
      if (el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1) continue;
      if (!el.textContent.trim() || !el.checkVisibility({ visibilityProperty: true })) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'inline' || cs.display === 'contents') continue;
      const clipsX = clipping(cs.overflowX), clipsY = clipping(cs.overflowY);
      const scrolls = (v) => v === 'auto' || v === 'scroll';
      if (scrolls(cs.overflowX) || scrolls(cs.overflowY)) continue;
      if ((clipsX || clipsY) && srOnly(el)) continue;
      const rect = el.getBoundingClientRect();
      // The padding box: what overflow clips to.
      const b = { left: rect.left + el.clientLeft, top: rect.top + el.clientTop };
      b.right = b.left + el.clientWidth; b.bottom = b.top + el.clientHeight;
      if (clipsX || clipsY) {
        // Any text inside a clipping box.
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!visibleText(n)) continue;
          const hit = beyond(n, b, clipsX && el.scrollWidth > el.clientWidth + 1, clipsY && el.scrollHeight > el.clientHeight + 1);
          if (hit) { out.push({ selector: cssPath(el), kind: 'clipped', ...hit, box: [Math.round(b.left), Math.round(b.top), Math.round(b.right), Math.round(b.bottom)] }); break; }
        }
      } else {
        // The box's own text running out of it (a fixed height or width too small for it).
        for (const n of el.childNodes) {
          if (n.nodeType !== 3 || !visibleText(n)) continue;
          const hit = beyond(n, b, el.scrollWidth > el.clientWidth + 1, el.scrollHeight > el.clientHeight + 1);
          if (hit) { out.push({ selector: cssPath(el), kind: 'spills', ...hit, box: [Math.round(b.left), Math.round(b.top), Math.round(b.right), Math.round(b.bottom)] }); break; }
        }
      }
    }
    return out;
  })()`);
  return found.map((f) => ({
    check,
    selector: f.selector,
    message: f.kind === 'clipped'
      ? `text cut off ${where}: it runs past a box with overflow hidden/clip`
      : `text spills out of its box ${where} (overlaps what follows; the box's height or width is fixed)`,
    detail: `"${f.text}" line=${f.line.join(',')} box=${f.box.join(',')}`,
  }));
}

/**
 * WCAG 1.4.12 text spacing at the page's current size (run in the 320×640 context): with the
 * bookmarklet's spacing no text is cut off or overlaps, and the page does not scroll sideways.
 */
export async function checkTextSpacing(page) {
  await addSheet(page, 'text-spacing', TEXT_SPACING_CSS);
  try {
    const where = 'with text spacing (WCAG 1.4.12) at 320 px';
    return [
      ...(await checkOverflow(page, { where, check: 'spacing' })),
      ...(await checkClippedText(page, { where, check: 'spacing' })),
    ];
  } finally {
    await removeSheet(page, 'text-spacing');
  }
}

/**
 * WCAG 1.4.4 text resized to 200 % (root font-size, text-only zoom) at each width: no sideways
 * scrolling, no text cut off, and every focusable element still not hidden when focused
 * (2.4.11: a header that grows with the text must not cover what has focus).
 * @returns {Promise<{problems: object[], tested: number}>}
 */
export async function checkTextResize(page, { widths = [1280, 640], cap = 200 } = {}) {
  const original = page.viewportSize();
  const problems = [];
  let tested = 0;
  await addSheet(page, 'text-resize', TEXT_RESIZE_CSS);
  try {
    for (const width of widths) {
      if (page.viewportSize().width !== width) {
        await page.setViewportSize({ width, height: original.height });
        await nextFrame(page);
      }
      const where = `at 200 % text, ${width} px wide`;
      problems.push(...(await checkOverflow(page, { where, check: 'resize' })));
      problems.push(...(await checkClippedText(page, { where, check: 'resize' })));
      const f = await checkFocusVisible(page, { cap, mode: 'obscured', label: `200% ${width}px`, check: 'resize' });
      problems.push(...f.problems);
      tested += f.tested;
    }
  } finally {
    await removeSheet(page, 'text-resize');
    if (page.viewportSize().width !== original.width) await page.setViewportSize(original);
  }
  return { problems, tested };
}

// ---------------------------------------------------------------------------------------
// Forced colours (Windows high contrast)

/**
 * Under forced colours (emulated here, then switched off again): every focusable element shows
 * an outline or border change when focused; buttons, text fields, selects and unstyled-away
 * checkboxes keep a visible boundary; boxes told apart only by their background colour
 * (callouts, inset text, cards…) keep a border; inline SVG is drawn in currentColor (or a
 * system colour) or not at all; and no element without text relies on a background image.
 * @returns {Promise<{problems: object[], tested: number, total: number}>}
 */
export async function checkForcedColours(page, { cap = 200 } = {}) {
  const problems = [];
  // Normal colours: the boxes whose edge is only their background, and background-image content.
  const normal = await page.evaluate(`(() => {
    const cssPath = ${CSS_PATH};
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    const transparent = (c) => !c || c === 'transparent' || /rgba\\([^)]*,\\s*0\\)$/.test(c);
    const SKIP = new Set(['html', 'body', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'col', 'colgroup', 'svg', 'img', 'br', 'option']);
    const CONTROLS = 'button, input, select, textarea, [role=button], a.button';
    const backdrop = (el) => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        const c = getComputedStyle(a).backgroundColor;
        if (!transparent(c)) return c;
      }
      return 'rgb(255, 255, 255)';
    };
    const boxes = [];
    const bgImages = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (SKIP.has(el.localName) || el.closest('svg')) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.display === 'inline' || cs.display === 'contents') {
        // Inline elements still count for background images (icons).
        if (cs.display !== 'inline') continue;
      }
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width < 2 || rect.height < 2) continue;
      const text = el.textContent.replace(/\\s+/g, ' ').trim();
      if (cs.backgroundImage !== 'none' && !text && el.getAttribute('aria-hidden') !== 'true' && el.getAttribute('role') !== 'presentation' && el.getAttribute('role') !== 'none') {
        bgImages.push({ selector: cssPath(el), image: cs.backgroundImage.slice(0, 80) });
      }
      if (cs.display === 'inline' || el.matches(CONTROLS) || !text) continue;
      const bg = cs.backgroundColor;
      if (!transparent(bg) && bg !== backdrop(el)) boxes.push({ el, bg, text: text.slice(0, 50) });
    }
    window.__cgBoxes = boxes;
    return { bgImages };
  })()`);
  for (const b of normal.bgImages) {
    problems.push({ check: 'forced', selector: b.selector, message: 'an element with no text shows only a background image (gone or unreadable in forced colours; use an <img> with alt, or inline SVG in currentColor)', detail: b.image });
  }
  await page.emulateMedia({ forcedColors: 'active' });
  try {
    const forced = await page.evaluate(`(() => {
      const cssPath = ${CSS_PATH};
      const out = [];
      const transparent = (c) => !c || c === 'transparent' || /rgba\\([^)]*,\\s*0\\)$/.test(c);
      const backdrop = (el) => {
        for (let a = el.parentElement; a; a = a.parentElement) {
          const c = getComputedStyle(a).backgroundColor;
          if (!transparent(c)) return c;
        }
        return getComputedStyle(document.documentElement).color === 'rgb(255, 255, 255)' ? 'rgb(0, 0, 0)' : 'rgb(255, 255, 255)';
      };
      // Which sides show a line that differs from what is behind the element.
      const sides = (el) => {
        const cs = getComputedStyle(el);
        const behind = backdrop(el);
        const own = cs.backgroundColor;
        const shown = [];
        for (const side of ['Top', 'Right', 'Bottom', 'Left']) {
          const w = parseFloat(cs['border' + side + 'Width']) || 0;
          const st = cs['border' + side + 'Style'];
          const c = cs['border' + side + 'Color'];
          if (w >= 1 && st !== 'none' && st !== 'hidden' && !transparent(c) && c !== behind) shown.push(side.toLowerCase());
        }
        const ow = parseFloat(cs.outlineWidth) || 0;
        const outline = cs.outlineStyle !== 'none' && ow >= 1 && !transparent(cs.outlineColor) && cs.outlineColor !== behind;
        return { shown, outline, cs, behind, own };
      };
      // Controls: a visible boundary (native checkboxes and radios draw their own).
      const controls = [...document.querySelectorAll('button, input:not([type=hidden]), select, textarea, [role=button], a.button')]
        .filter((el) => el.checkVisibility({ visibilityProperty: true }) && !el.closest('[inert]'));
      for (const el of controls) {
        const s = sides(el);
        const r = el.getBoundingClientRect();
        if (r.width < 1 || r.height < 1) continue;
        if ((el.type === 'checkbox' || el.type === 'radio') && s.cs.appearance !== 'none') continue;
        if (s.outline || s.shown.length >= 3) continue;
        out.push({ selector: cssPath(el), message: el.localName + (el.type && el.localName === 'input' ? '[type=' + el.type + ']' : '') +
          ' has no visible boundary in forced colours (borders shown: ' + (s.shown.join(', ') || 'none') + '; give it a border, transparent outside forced colours)',
          detail: (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 50) });
      }
      // Boxes known only by their background colour must keep a border.
      for (const { el, bg, text } of window.__cgBoxes || []) {
        if (!el.isConnected) continue;
        const s = sides(el);
        if (s.shown.length || s.outline) continue;
        out.push({ selector: cssPath(el), message: 'box marked out only by its background colour (' + bg + ') has no border in forced colours, so its edge disappears (add a border, transparent outside forced colours)', detail: '"' + text + '"' });
      }
      delete window.__cgBoxes;
      // Inline SVG: currentColor or a system colour, or not shown at all.
      const probe = document.createElement('span');
      probe.style.forcedColorAdjust = 'none';
      document.body.append(probe);
      const system = new Set(['none']);
      for (const k of ['Canvas', 'CanvasText', 'LinkText', 'VisitedText', 'ActiveText', 'ButtonFace', 'ButtonText', 'ButtonBorder', 'Field', 'FieldText', 'Highlight', 'HighlightText', 'SelectedItem', 'SelectedItemText', 'Mark', 'MarkText', 'GrayText', 'AccentColor', 'AccentColorText']) {
        probe.style.color = k;
        if (probe.style.color) system.add(getComputedStyle(probe).color);
      }
      probe.remove();
      for (const svg of document.querySelectorAll('svg')) {
        if (svg.parentElement && svg.parentElement.closest('svg')) continue;
        if (!svg.checkVisibility({ visibilityProperty: true })) continue;
        const r = svg.getBoundingClientRect();
        if (r.width < 1 || r.height < 1) continue;
        const bad = [];
        for (const shape of svg.querySelectorAll('path, rect, circle, ellipse, line, polyline, polygon, text, use')) {
          const cs = getComputedStyle(shape);
          if (cs.display === 'none' || cs.visibility === 'hidden') continue;
          for (const prop of ['fill', 'stroke']) {
            const v = cs[prop];
            if (v === 'none' || v === cs.color || system.has(v) || /^rgba\\([^)]*,\\s*0\\)$/.test(v)) continue;
            bad.push(shape.localName + ' ' + prop + '=' + v);
          }
        }
        if (bad.length) out.push({ selector: cssPath(svg), message: 'inline SVG drawn in fixed colours in forced colours mode (use fill/stroke: currentColor, or hide it there)', detail: bad.slice(0, 3).join('; ') });
      }
      return out;
    })()`);
    problems.push(...forced.map((f) => ({ check: 'forced', ...f })));
    const focus = await checkFocusVisible(page, { cap, mode: 'forced', label: 'forced colours', check: 'forced' });
    problems.push(...focus.problems);
    return { problems, tested: focus.tested, total: focus.total };
  } finally {
    await page.emulateMedia({ forcedColors: 'none' });
  }
}

// ---------------------------------------------------------------------------------------
// Reduced motion

/**
 * With prefers-reduced-motion: reduce (emulated here, then switched off): no CSS animation or
 * transition longer than 0.01 s on any element or ::before/::after, no running Web Animation
 * longer than that, and no smooth scrolling.
 */
export async function checkReducedMotion(page) {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  try {
    const found = await page.evaluate(`(() => {
      const cssPath = ${CSS_PATH};
      const out = [];
      const secs = (list) => Math.max(0, ...list.split(',').map((t) => { t = t.trim(); return t.endsWith('ms') ? parseFloat(t) / 1000 : parseFloat(t) || 0; }));
      const LIMIT = 0.011;
      for (const el of [document.documentElement, ...document.querySelectorAll('body, body *')]) {
        if (out.length >= 12) break;
        for (const pseudo of [null, '::before', '::after']) {
          const cs = getComputedStyle(el, pseudo);
          if (pseudo && cs.content === 'none') continue;
          const who = cssPath(el) + (pseudo || '');
          if (cs.animationName !== 'none') {
            const d = secs(cs.animationDuration);
            if (d > LIMIT) out.push({ selector: who, message: 'CSS animation "' + cs.animationName + '" still runs with prefers-reduced-motion: reduce', detail: 'animation-duration: ' + cs.animationDuration });
          }
          if (cs.transitionProperty !== 'none') {
            const d = secs(cs.transitionDuration);
            if (d > LIMIT) out.push({ selector: who, message: 'CSS transition still runs with prefers-reduced-motion: reduce', detail: 'transition: ' + cs.transitionProperty + ' ' + cs.transitionDuration });
          }
          if (!pseudo && cs.scrollBehavior === 'smooth') out.push({ selector: who, message: 'scroll-behavior: smooth with prefers-reduced-motion: reduce', detail: '' });
        }
      }
      for (const a of document.getAnimations ? document.getAnimations() : []) {
        if (out.length >= 12) break;
        const t = a.effect && a.effect.getComputedTiming ? a.effect.getComputedTiming() : {};
        if (a.playState === 'running' && (t.duration === Infinity || t.duration > LIMIT * 1000)) {
          const target = a.effect && a.effect.target;
          out.push({ selector: target ? cssPath(target) : 'document', message: 'an animation is running with prefers-reduced-motion: reduce', detail: (a.animationName || a.transitionProperty || a.id || 'Web Animation') + ' ' + Math.round(t.duration) + ' ms' });
        }
      }
      return out;
    })()`);
    // CSS animations also appear in getAnimations(): report each element once.
    const seen = new Set();
    return found
      .filter((f) => { const k = f.selector.replace(/::(before|after)$/, '') + (f.message.includes('CSS transition') ? 't' : 'a'); if (seen.has(k) && f.message.startsWith('an animation')) return false; seen.add(k); return true; })
      .map((f) => ({ check: 'motion', ...f }));
  } finally {
    await page.emulateMedia({ reducedMotion: 'no-preference' });
  }
}

// ---------------------------------------------------------------------------------------
// Console errors and CSP violations

/** Turn collected errors ({kind, message}) into problems, de-duplicated. */
export function checkConsole(errors) {
  const seen = new Set();
  const problems = [];
  for (const e of errors) {
    const key = e.kind + e.message;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ check: 'console', rule: e.kind, message: `${e.kind}: ${cut(e.message, 300)}` });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Links

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The ids (and <a name>s) in an HTML document, as served (no JavaScript). */
export function htmlIds(html) {
  const ids = new Set();
  const body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '');
  for (const tag of body.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)(\s(?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    for (const a of tag[2].matchAll(/\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi)) {
      if (a[1].toLowerCase() === 'name' && tag[1].toLowerCase() !== 'a') continue;
      ids.add(decodeEntities(a[2] ?? a[3] ?? a[4]));
    }
  }
  return ids;
}

/**
 * A caching fetcher for same-site resources: {status, contentType, isHtml, ids, location}.
 * Redirects are not followed (a same-site link must answer 200 itself).
 */
export function makeFetcher() {
  const cache = new Map();
  return async function fetchInfo(url) {
    if (!cache.has(url)) {
      cache.set(url, (async () => {
        try {
          const res = await fetch(url, { redirect: 'manual' });
          const contentType = res.headers.get('content-type') || '';
          const isHtml = /text\/html/i.test(contentType);
          const text = isHtml ? await res.text() : (await res.arrayBuffer(), '');
          return { status: res.status, contentType, isHtml, ids: isHtml ? htmlIds(text) : null, location: res.headers.get('location') };
        } catch (err) {
          return { status: 0, error: String(err), isHtml: false, ids: null };
        }
      })());
    }
    return cache.get(url);
  };
}

function decodeFragment(f) {
  try {
    return decodeURIComponent(f);
  } catch {
    return f;
  }
}

/**
 * Every same-site href/src must answer 200, every #fragment must match an id (or <a name>) on
 * the target page, links to pages must be relative and end in index.html (works from file://),
 * and nothing may point outside the site's base path.
 * @param {{siteUrl: string, fetchInfo: Function}} opts  siteUrl: the served site root (with subpath)
 * @returns {Promise<{problems: object[], pages: string[], checked: number, external: number}>}
 */
export async function checkLinks(page, { siteUrl, fetchInfo }) {
  const site = new URL(siteUrl);
  const pageUrl = page.url().split('#')[0];
  const found = await page.evaluate(`(() => {
    const cssPath = ${CSS_PATH};
    const out = [];
    const add = (el, attr, nav) => {
      const raw = el.getAttribute(attr);
      if (raw === null) return;
      let abs;
      try { abs = new URL(raw, document.baseURI).href; } catch { abs = null; }
      out.push({ raw, abs, nav, selector: cssPath(el), text: (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50), rel: el.getAttribute('rel') || '' });
    };
    for (const el of document.querySelectorAll('a[href], area[href]')) add(el, 'href', true);
    for (const el of document.querySelectorAll('link[href]')) add(el, 'href', false);
    for (const el of document.querySelectorAll('script[src], img[src], source[src], iframe[src], video[src], audio[src], track[src], embed[src], input[type=image][src]')) add(el, 'src', false);
    for (const el of document.querySelectorAll('img[srcset], source[srcset]')) {
      for (const part of el.getAttribute('srcset').split(',')) {
        const u = part.trim().split(/\\s+/)[0];
        if (u) { let abs; try { abs = new URL(u, document.baseURI).href; } catch { abs = null; } out.push({ raw: u, abs, nav: false, selector: cssPath(el), text: '', rel: '' }); }
      }
    }
    for (const el of document.querySelectorAll('form[action]')) add(el, 'action', false);
    for (const el of document.querySelectorAll('object[data]')) add(el, 'data', false);
    return { links: out, ids: [...document.querySelectorAll('[id]')].map((e) => e.id).concat([...document.querySelectorAll('a[name]')].map((e) => e.name)) };
  })()`);
  const liveIds = new Set(found.ids);
  const problems = [];
  const pages = new Set();
  let checked = 0;
  let external = 0;
  const p = (l, message) => problems.push({ check: 'links', selector: l.selector, message, detail: `href="${l.raw}"` + (l.text ? ` text="${l.text}"` : '') });
  await Promise.all(
    found.links.map(async (l) => {
      if (!l.abs) return p(l, 'unparseable URL');
      const u = new URL(l.abs);
      if (u.protocol === 'javascript:') return p(l, 'javascript: URL (blocked by the CSP, does nothing without JavaScript)');
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return; // mailto:, tel:, data:
      if (u.origin !== site.origin) {
        external++;
        return;
      }
      checked++;
      if (l.raw.startsWith('/')) p(l, 'root-absolute address: breaks under a subpath and from file:// (use a relative link)');
      if (!u.pathname.startsWith(site.pathname)) return p(l, `points outside the site (${u.pathname} is not under ${site.pathname})`);
      const target = u.origin + u.pathname + u.search;
      const info = await fetchInfo(target);
      if (info.status !== 200) {
        return p(l, info.status >= 300 && info.status < 400
          ? `answers ${info.status} redirect to ${info.location} (link to the final address)`
          : `broken: ${u.pathname.slice(site.pathname.length) || '(site root)'} answers ${info.status || info.error}`);
      }
      if (l.nav && info.isHtml) {
        if (!u.pathname.endsWith('.html')) p(l, 'links to a folder, not to …/index.html (breaks when the site is opened from disk)');
        pages.add(target);
      }
      if (u.hash && u.hash !== '#') {
        const frag = decodeFragment(u.hash.slice(1));
        const samePage = target === pageUrl;
        const ok = frag.toLowerCase() === 'top' || (info.ids && (info.ids.has(frag) || info.ids.has(u.hash.slice(1)))) ||
          (samePage && liveIds.has(frag));
        if (!ok) p(l, `broken fragment: #${frag} matches no id on ${samePage ? 'this page' : u.pathname.slice(site.pathname.length) || 'the home page'}`);
      }
    }),
  );
  return { problems, pages: [...pages], checked, external };
}

// ---------------------------------------------------------------------------------------
// No JavaScript

/** In a context with JavaScript disabled: <main> exists, has an <h1>, and real text. */
export async function checkNoJs(page, { minChars = 50 } = {}) {
  const r = await page.evaluate(() => {
    const mains = document.querySelectorAll('main');
    const main = mains[0];
    if (!main) return { main: 0 };
    const h1 = main.querySelector('h1');
    const text = (main.innerText || main.textContent || '').replace(/\s+/g, ' ').trim();
    const h1text = h1 ? (h1.innerText || h1.textContent || '').replace(/\s+/g, ' ').trim() : '';
    return { main: mains.length, h1: !!h1, h1text, chars: text.length - h1text.length };
  });
  const problems = [];
  if (!r.main) problems.push({ check: 'nojs', selector: 'main', message: 'no <main> element without JavaScript' });
  else {
    if (!r.h1) problems.push({ check: 'nojs', selector: 'main', message: '<main> has no <h1> without JavaScript' });
    if (r.chars < minChars) {
      problems.push({ check: 'nojs', selector: 'main', message: `<main> has only ${Math.max(0, r.chars)} characters of text besides the h1 without JavaScript (need ≥ ${minChars})` });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Document structure

/**
 * Exactly one <main> and one <h1>, no skipped heading levels inside <main>, <html lang> set,
 * a non-empty title that contains " – " (except on the home page).
 */
export async function checkStructure(page, { isHome = false } = {}) {
  const r = await page.evaluate(`(() => {
    const cssPath = ${CSS_PATH};
    const hidden = (el) => !!el.closest('[hidden], [aria-hidden="true"], template') ||
      (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true }) && !el.closest('details:not([open])'));
    const heads = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading][aria-level]')].filter((h) => !hidden(h));
    const level = (h) => h.getAttribute('role') === 'heading' ? parseInt(h.getAttribute('aria-level'), 10) : parseInt(h.localName[1], 10);
    const main = document.querySelector('main');
    const skips = [];
    let prev = 0;
    for (const h of heads) {
      const lv = level(h);
      if (main && main.contains(h) && lv > prev + 1) {
        skips.push({ selector: cssPath(h), from: prev, to: lv, text: (h.textContent || '').trim().slice(0, 60) });
      }
      prev = lv;
    }
    const h1s = heads.filter((h) => level(h) === 1);
    return {
      lang: document.documentElement.getAttribute('lang'),
      title: document.title,
      mains: [...document.querySelectorAll('main')].filter((m) => !m.hidden).length,
      h1s: h1s.map((h) => ({ selector: cssPath(h), text: (h.textContent || '').trim().slice(0, 60) })),
      skips,
    };
  })()`);
  const problems = [];
  const p = (message, selector, detail) => problems.push({ check: 'structure', message, selector, detail });
  if (!r.lang || !r.lang.trim()) p('<html> has no lang attribute', 'html');
  const title = (r.title || '').trim();
  if (!title) p('page has no <title>', 'head > title');
  else if (!isHome && !title.includes(' – ')) p(`title "${title}" does not contain " – " (page – site)`, 'head > title');
  if (r.mains !== 1) p(`page has ${r.mains} <main> elements (need exactly 1)`, 'main');
  if (r.h1s.length !== 1) {
    p(`page has ${r.h1s.length} <h1> elements (need exactly 1)`, r.h1s.map((h) => h.selector).join(', ') || 'body',
      r.h1s.map((h) => `"${h.text}"`).join(', '));
  }
  for (const s of r.skips) {
    p(`heading level skipped: ${s.from ? 'h' + s.from : 'start of page'} → h${s.to}`, s.selector, `"${s.text}"`);
  }
  return problems;
}
