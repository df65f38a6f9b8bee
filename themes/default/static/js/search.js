/* careerguide search client. No dependencies; works over http(s) under any subpath
 * and from file:// (the index is plain .js files loaded with <script src>, never fetch).
 *
 * CONTRACT WITH THE THEME TEMPLATES
 * - Load on the search page only, deferred (the script expects the page to be parsed):
 *     <script src="{root}assets/js/search.js" data-root="{root}" defer></script>
 *   data-root is the relative path from the current page to the site root ("../" on
 *   search/index.html). The index is read from {root}search/index.js.
 * - Every page may have a header form that needs no JavaScript:
 *     <form role="search" action="{root}search/index.html" method="get">
 *       <label for="site-search">…</label><input type="search" id="site-search" name="q">
 * - The search page has
 *     <form id="search-page-form"> with <input type="search" id="search-page-input" name="q">
 *     <div id="search-results" data-none="No results for {q}." data-one="1 result for {q}"
 *          data-many="{n} results for {q}" data-top="Top {n} results for {q}"
 *          data-failed="Search is not available here." data-kind2="(Case study)" …>
 *       <p role="status" aria-live="polite"></p>
 *       <ol></ol>
 *     </div>
 *   This script reads ?q= from the address, fills the input, searches, and searches again
 *   on every keystroke. It writes the ordered list of links "Page title › Section heading",
 *   each with a snippet where matched words are in <mark> (in the link too); the words a
 *   result matched that neither shows follow in a paragraph that starts with the text of
 *   data-more ("Also found:"), when there is one; and after a link to a document
 *   of kind k (crates/search/src/encode.rs: 2 case study, 3 resource, 4 glossary entry, 5 checklist,
 *   6 person quoted) the
 *   text of data-kind<k> after a space, if there is one. The status line gets the wording of data-none,
 *   -one, -many or -top ({q}: the query, {n}: how many results, at most 10) once typing
 *   pauses, or data-failed when the index cannot be loaded. The wording lives in the
 *   template so that a theme can change or translate it without touching this script.
 *   Only the status is a live region (#search-results itself is not one), so that screen
 *   readers announce the short status rather than the whole list on each keystroke; it is
 *   in the page from the start, as a live region added later may not be announced.
 *   Without JavaScript the page's link to the A–Z of topics (its own page) is the way in.
 * - All text from the index is put in the page with textContent / text nodes only.
 *
 * The analysis and ranking below mirror crates/search (text.rs, abbrev.rs, query.rs);
 * the index format is described in crates/search/src/encode.rs. Change them together:
 * crates/search/tests/js_parity.rs checks both give the same results, and tests/search.rs
 * checks the same of this file as `careerguide build` minifies it.
 *
 * Written for ES2018 (Unicode property escapes in regular expressions need it; browsers
 * without them skip this script and readers use the A–Z of topics). The page weight budget is 11 KB
 * of JavaScript on the search page after `careerguide build` minifies it (tests/build.rs
 * checks, and says why it is not the other pages' 10 KB), so
 * prefer the short form where it reads as well: arrow functions, for…of, regular
 * expressions for suffix rules.
 */
(function () {
  'use strict';

  const own = (object, key) => ({}).hasOwnProperty.call(object, key);

  // ---------------------------------------------------------------------------
  // Text analysis (mirrors crates/search/src/text.rs)
  // ---------------------------------------------------------------------------
  const STOP = ('a about am an and any are as at be been but by can could did do does for from get got has ' +
    'have how i if im in into is it its me my of on or our should so that the their them then there these ' +
    'they this to us was we were what when where which who why will with would you your').split(' ');
  const STOP_SET = new Set(STOP);

  const MARKS = /\p{M}/gu;
  const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;

  const fold = (s) => s.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(/[\u2018\u2019]/g, "'");

  const isStop = (w) => STOP_SET.has(w);

  // Snowball English (Porter2) stemmer, as in the rust-stemmers crate. `stem` removes every
  // apostrophe first, so the algorithm's apostrophe rules (its step 0) never apply here.
  // A regular expression `(?:a|b|c)$` finds the longest of the suffixes: the engine tries
  // each start position from the left, so the first match is the one starting earliest.
  const EXCEPTIONS = { skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl',
    gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl' };
  const INVARIANT = new Set('sky news howe atlas cosmos bias andes'.split(' '));
  const AFTER_STEP_1A = new Set('inning outing canning herring earring proceed exceed succeed'.split(' '));
  const STEP2 = { tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent', izer: 'ize',
    ization: 'ize', ational: 'ate', ation: 'ate', ator: 'ate', alism: 'al', aliti: 'al', alli: 'al',
    fulness: 'ful', ousli: 'ous', ousness: 'ous', iveness: 'ive', iviti: 'ive', biliti: 'ble', bli: 'ble',
    ogi: 'og', fulli: 'ful', lessli: 'less', li: '' };
  const STEP3 = { tional: 'tion', ational: 'ate', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic', ful: '',
    ness: '', ative: '' };
  const suffixes = (list) => new RegExp('(?:' + list.join('|') + ')$');
  const STEP2_RE = suffixes(Object.keys(STEP2));
  const STEP3_RE = suffixes(Object.keys(STEP3));
  const STEP4_RE = suffixes('al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize ion'.split(' '));

  // 'Y' (a consonant y) is not a vowel; `includes` of undefined (before the start) is false.
  const isV = (c) => 'aeiouy'.includes(c);
  /** Whether w[0..end) ends in a short syllable. */
  function shortSyllable(w, end) {
    return end >= 3
      ? !'aeiouywxY'.includes(w[end - 1]) && isV(w[end - 2]) && !isV(w[end - 3])
      : end === 2 && !isV(w[1]) && isV(w[0]);
  }

  function porter2(word) {
    if (own(EXCEPTIONS, word)) { return EXCEPTIONS[word]; }
    if (word.length < 3 || INVARIANT.has(word)) { return word; }
    let w = word.replace(/^y/, 'Y').replace(/([aeiouy])y/g, '$1Y');
    // R1 and R2 start after the first non-vowel that follows a vowel.
    const region = (from) => {
      const m = /[aeiouy][^aeiouy]/.exec(w.slice(from));
      return m ? from + m.index + 2 : w.length;
    };
    const prefix = /^(?:gener|commun|arsen)/.exec(w);
    const p1 = prefix ? prefix[0].length : region(0);
    const p2 = region(p1);
    let m = /(?:sses|ied|ies|us|ss|s)$/.exec(w);
    if (m) {
      const stem = w.slice(0, m.index);
      if (m[0] === 'sses') { w = stem + 'ss'; } else if (m[0][0] === 'i') { w = stem + (stem.length >= 2 ? 'i' : 'ie'); } else if (m[0] === 's' && /[aeiouy]/.test(stem.slice(0, -1))) { w = stem; }
    }
    if (AFTER_STEP_1A.has(w)) { return w.replace(/Y/g, 'y'); }
    if ((m = /(?:eed|eedly|ed|edly|ing|ingly)$/.exec(w))) {
      const rest = w.slice(0, m.index);
      if (m[0].startsWith('eed')) {
        if (rest.length >= p1) { w = rest + 'ee'; }
      } else if (/[aeiouy]/.test(rest)) {
        w = rest;
        if (/(?:at|bl|iz)$/.test(w)) { w += 'e'; } else if (/([bdfgmnprt])\1$/.test(w)) { w = w.slice(0, -1); } else if (w.length === p1 && shortSyllable(w, w.length)) { w += 'e'; }
      }
    }
    // Step 1c: a final y after a non-vowel that is not the first letter becomes i.
    w = w.replace(/(.[^aeiouy])[yY]$/, '$1i');
    if ((m = STEP2_RE.exec(w)) && m.index >= p1) {
      const base = w.slice(0, m.index);
      if (m[0] === 'ogi') {
        if (base.endsWith('l')) { w = base + 'og'; }
      } else if (m[0] === 'li') {
        if (/[cdeghkmnrt]$/.test(base)) { w = base; }
      } else { w = base + STEP2[m[0]]; }
    }
    if ((m = STEP3_RE.exec(w)) && m.index >= p1) {
      if (m[0] !== 'ative') { w = w.slice(0, m.index) + STEP3[m[0]]; } else if (m.index >= p2) { w = w.slice(0, m.index); }
    }
    if ((m = STEP4_RE.exec(w)) && m.index >= p2 && (m[0] !== 'ion' || /[st]$/.test(w.slice(0, m.index)))) {
      w = w.slice(0, m.index);
    }
    const end = w.length - 1;
    if (w[end] === 'e' ? end >= p2 || (end >= p1 && !shortSyllable(w, end)) : w[end] === 'l' && end >= p2 && w[end - 1] === 'l') {
      w = w.slice(0, -1);
    }
    return w.replace(/Y/g, 'y');
  }

  const STEMS = new Map();

  /** Index term of a folded word (mirrors text::stem); remembered across keystrokes. */
  function stem(word) {
    let term = STEMS.get(word);
    if (term === undefined) {
      const bare = word.replace(/'s$/, '').replace(/'/g, '');
      term = /[0-9]/.test(bare) ? bare : porter2(bare);
      STEMS.set(word, term);
    }
    return term;
  }

  /** Analysed tokens {word (folded), term, pos, start, end}: every word is counted in `pos`,
   *  stop words are then dropped (mirrors text::tokens). */
  function tokens(text) {
    const out = [];
    let m, pos = 0;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      const word = fold(m[0]);
      if (word && !isStop(word)) { out.push({ word, term: stem(word), pos, start: m.index, end: m.index + m[0].length }); }
      pos++;
    }
    return out;
  }

  /** Spelled-out abbreviations become their short term (mirrors abbrev::contract). */
  function contract(toks, abbreviations) {
    const out = [];
    for (let i = 0; i < toks.length;) {
      const hit = abbreviations.find(([, long]) => i + long.length <= toks.length && long.every((t, k) => toks[i + k].term === t));
      if (hit) {
        const n = hit[1].length;
        out.push({ word: hit[0], term: hit[0], pos: toks[i].pos, start: toks[i].start, end: toks[i + n - 1].end });
        i += n;
      } else {
        out.push(toks[i++]);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------
  // Ranking (mirrors crates/search/src/query.rs)
  // ---------------------------------------------------------------------------
  const K1 = 1.2, B = 0.75, TITLE_WEIGHT = 3.0, HEADING_WEIGHT = 2.0, PREFIX_WEIGHT = 0.7, TYPO_WEIGHT = 0.5,
    LONG_FORM_WEIGHT = 0.5, MIN_TYPO_CHARS = 5, MAX_EXPANSIONS = 20, NEAR = 6, PROXIMITY_BONUS = 0.3,
    MAX_POSITIONS = 4;
  const LENGTH_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  const QUARTER_POWERS = [1.0, 1.189207115002721, 1.4142135623730951, 1.681792830507429];

  const dequantise = (q) => 2 ** (q >> 2) * QUARTER_POWERS[q & 3] - 1.0;

  const chars = (s) => Array.from(s);

  /** Whether a and b are one insertion, deletion, substitution or swap of neighbours apart,
   *  counting characters. Strings are compared by UTF-16 unit (quick) unless one holds a
   *  surrogate pair; then as arrays of characters, whose tails are compared with String(),
   *  which joins with commas: unambiguous for equally long arrays of single characters. */
  function withinOneEdit(a, b) {
    if (/[\uD800-\uDFFF]/.test(a + b)) { a = chars(a); b = chars(b); }
    const s = a.length <= b.length ? a : b, l = s === a ? b : a;
    if (l.length - s.length > 1) { return false; }
    let i = 0;
    while (i < s.length && s[i] === l[i]) { i++; }
    if (i === s.length) { return true; }
    if (s.length < l.length) { return String(s.slice(i)) === String(l.slice(i + 1)); }
    const r = i + 1 < s.length && s[i] === l[i + 1] && s[i + 1] === l[i] ? i + 2 : i + 1;
    return String(s.slice(r)) === String(l.slice(r));
  }

  /**
   * A searchable view over decoded data: {n, lengths (array of q), w (a digit per
   * document: its passing weight in tenths, 0 for 1), avg, abbreviations,
   * terms: {term: flat postings array}, bare: the terms that keep no positions (`u`),
   * pos: {term: flat positions array} (none when the postings hold their positions),
   * keys: sorted term list (once asked for)}.
   */
  function makeView(n, lengthString, abbreviations, terms, weightString, pos) {
    const lengths = lengthString.split('').map((c) => LENGTH_ALPHABET.indexOf(c));
    const sum = lengths.reduce((total, q) => total + dequantise(q), 0);
    const avg = lengths.length ? Math.max(sum / lengths.length, 1.0) : 1.0;
    return { n, lengths, w: weightString, avg, abbreviations, terms, bare: new Set(), pos, decoded: new Map() };
  }

  // sort() without a comparator orders by UTF-16 code units, as `<` does.
  const viewKeys = (view) => view.keys || (view.keys = Object.keys(view.terms).sort());

  const has = (view, term) => own(view.terms, term);

  function postings(view, term) {
    let out = view.decoded.get(term);
    if (out) { return out; }
    // A sharded index keeps positions apart, loaded only for queries of two words or more
    // (see Store.positionFiles); without them `positions` is undefined, and `distance` fails
    // rather than rank without them. The whole index in one file keeps them inline. A term
    // in many documents keeps none (an empty list: no bonus).
    const flat = view.terms[term], bare = view.bare.has(term), at = bare || (view.pos ? view.pos[term] : flat);
    out = [];
    for (let i = 0, j = 0, doc = 0; i < flat.length;) {
      doc += flat[i++];
      const code = flat[i++];
      const title = code & 3, heading = (code >> 2) & 3, body = code >> 4;
      const positions = at && [];
      for (let k = 0, pos = 0; at && !bare && k < Math.min(title + heading + body, MAX_POSITIONS); k++) { positions.push(pos += at === flat ? flat[i++] : at[j++]); }
      out.push({ doc, title, heading, body, positions });
    }
    view.decoded.set(term, out);
    return out;
  }

  /** The most frequent of `list` (then alphabetical), as [term, weight] expansions. */
  const bestByFrequency = (view, list, weight) => list
    .map((t) => [t, postings(view, t).length])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)) // terms are distinct
    .slice(0, MAX_EXPANSIONS)
    .map(([t]) => [t, weight]);

  function expand(view, word, term, beingTyped) {
    let out = has(view, term) ? [[term, 1.0]] : [];
    for (const [short, long] of view.abbreviations) {
      if (short !== term) { continue; }
      for (const t of long) {
        if (has(view, t) && !out.some((e) => e[0] === t)) { out.push([t, LONG_FORM_WEIGHT]); }
      }
    }
    const length = chars(word).length;
    if (beingTyped && length >= 2) {
      const prefixed = viewKeys(view).filter((t) => t !== term && (t.startsWith(word) || t.startsWith(term)));
      out = out.concat(bestByFrequency(view, prefixed, PREFIX_WEIGHT));
    }
    if (out.length === 0 && length >= MIN_TYPO_CHARS) {
      const near = viewKeys(view).filter((t) => withinOneEdit(t, term) || withinOneEdit(t, word));
      out = bestByFrequency(view, near, TYPO_WEIGHT);
    }
    const seen = new Set();
    return out.filter((e) => !seen.has(e[0]) && seen.add(e[0]));
  }

  /** Query words: [{word, term, last}], spelled-out abbreviations contracted, duplicates dropped. */
  function queryWords(query, abbreviations) {
    const toks = contract(tokens(query), abbreviations), seen = new Set();
    return toks.filter((t) => !seen.has(t.term) && seen.add(t.term))
      .map((t) => ({ word: t.word, term: t.term, last: t === toks[toks.length - 1] }));
  }

  /** Parses the query against the view: words with expansions (mirrors query::parse). */
  function parse(view, query) {
    const typing = /[\p{L}\p{N}]$/u.test(query);
    return queryWords(query, view.abbreviations).map((w) => Object.assign(w, { expansions: expand(view, w.word, w.term, typing && w.last) }));
  }

  /** Fewest words from a position in `first` to one in `second` (a step back counts one more). */
  function distance(first, second) {
    let best = Infinity;
    for (const a of first) {
      for (const b of second) { best = Math.min(best, b > a ? b - a : a - b + 1); }
    }
    return best;
  }

  // A slot whose term keeps no positions: an empty list (positions not loaded are undefined).
  const none = (slot) => slot.positions && !slot.positions.length;

  function combine(slots) {
    let total = 0, matched = 0, bonus = 0;
    slots.forEach((slot, i) => {
      const next = slots[i + 1];
      if (slot) { total += slot.score; matched++; }
      // (Positions are loaded for every pair of words that both have terms keeping them.)
      if (slot && next && !none(slot) && !none(next)) {
        const d = distance(slot.positions, next.positions);
        if (d <= NEAR) { bonus += PROXIMITY_BONUS / d; }
      }
    });
    const share = matched / slots.length;
    return total * share * share * (1.0 + bonus);
  }

  /** Ranks documents: {words, hits: [{doc, score, found}]}, best first (mirrors query::search). */
  function rank(view, query, limit) {
    const words = parse(view, query).filter((w) => w.expansions.length);
    const matches = new Map(); // doc → best {score, positions} per query word; .h: a heading holds one
    words.forEach((w, wi) => {
      for (const [term, weight] of w.expansions) { // (each a term of the view: see expand)
        const ps = postings(view, term), df = ps.length;
        const idf = Math.log(1.0 + (view.n - df + 0.5) / (df + 0.5));
        for (const post of ps) {
          const q = view.lengths[post.doc];
          const len = q === undefined ? view.avg : dequantise(q);
          const tf = TITLE_WEIGHT * post.title + HEADING_WEIGHT * post.heading + post.body / (1.0 - B + B * len / view.avg);
          const score = weight * idf * tf * (K1 + 1.0) / (K1 + tf);
          let slots = matches.get(post.doc);
          if (!slots) { matches.set(post.doc, (slots = Array(words.length).fill(null))); }
          if (post.heading) { slots.h = 1; }
          if (!slots[wi] || score > slots[wi].score) { slots[wi] = { score, positions: post.positions }; }
        }
      }
    });
    // found: per query word, whether the document matched it (null where not).
    const hits = Array.from(matches, ([doc, slots]) => ({ doc, score: combine(slots) * (slots.h ? 1 : view.w[doc] / 10 || 1), found: slots }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, limit);
    return { words, hits };
  }

  // ---------------------------------------------------------------------------
  // Index files (format: crates/search/src/encode.rs)
  // ---------------------------------------------------------------------------
  const prefix = (term, n) => chars(term).slice(0, n).join('');

  /** File stem of a shard: the key itself, or "x" and the hex of its UTF-8 bytes. */
  const shardFileStem = (key) => (/^[a-z0-9]*$/.test(key) ? key
    : 'x' + Array.from(unescape(encodeURIComponent(key)), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));

  /** Decodes a list of stored documents (one chunk) into objects. */
  function decodeDocs(list) {
    let prevPath = '', prevTitle = '';
    return list.map((d) => {
      const url = d[0][0] === '#' ? prevPath + d[0] : d[0];
      const title = d[1] === 0 ? prevTitle : d[1];
      prevPath = url.split('#')[0];
      prevTitle = title;
      return { url, title, heading: d[2], text: d[3], kind: d[4] };
    });
  }

  /**
   * Everything needed to answer queries from already-loaded index objects: `view` (once the
   * manifest is in) and `docs`. Called with `new` or without; the loaded files' bookkeeping
   * stays private.
   */
  function Store() {
    let manifest = null, keys = null, split = null;
    // unplaced: shards loaded whose positions are not (a small shard's come in its own file).
    const shards = new Set(), unplaced = new Set(), chunks = new Set();
    /** The shard of a term: its first two characters, three where that shard is split (x). */
    const keyOf = (term) => prefix(term, split[prefix(term, 2)] ? 3 : 2);
    const store = { docs: [], add, missingShards, positionFiles, missingChunks }; // and `view`, from the manifest

    const putDocs = (first, list) => decodeDocs(list).forEach((d, i) => { store.docs[first + i] = d; });

    /** The terms of a manifest or shard: `t` and the terms that keep no positions, `u`. */
    const putTerms = (obj) => {
      Object.assign(store.view.terms, obj.t, obj.u);
      for (const t in obj.u) { store.view.bare.add(t); }
    };

    /** Adds a loaded file's object: the manifest first (the client loads it before any other),
     *  then a shard (k), a shard's positions (q) or a document file (i). */
    function add(obj) {
      if (obj.v !== undefined) {
        manifest = obj;
        // Every shard key: s, and a split prefix followed by each of its third letters.
        keys = new Set(obj.s);
        split = obj.x || {};
        for (const p in split) { chars(split[p]).forEach((c) => keys.add(p + c)); }
        store.view = makeView(obj.n, obj.l, obj.a, {}, obj.y, obj.s && {});
        putTerms(obj);
        if (obj.d) { putDocs(0, obj.d); }
      } else if (obj.k !== undefined) {
        putTerms(obj);
        store.view.keys = null;
        shards.add(obj.k);
        unplaced.add(obj.k);
      } else if (obj.q !== undefined) {
        Object.assign(store.view.pos, obj.p);
        store.view.decoded.clear(); // decoded without positions
        unplaced.delete(obj.q);
      } else {
        putDocs(manifest.c[obj.i], obj.d);
        chunks.add(obj.i);
      }
    }

    /** Term shards a query needs that are not loaded yet (file stems). */
    function missingShards(query) {
      if (!manifest || !manifest.s) { return []; }
      const want = new Set();
      for (const w of queryWords(query, manifest.a)) {
        for (const x of [w.term, w.word]) {
          want.add(keyOf(x));
          // A word of two letters whose shard is split may start a term of any of its parts.
          // (split[x] of a longer word may be an Object method: no key starts with that word.)
          if (split[x]) { keys.forEach((k) => k.startsWith(x) && want.add(k)); }
        }
        for (const [short, long] of manifest.a) {
          if (short === w.term) { long.forEach((t) => want.add(keyOf(t))); }
        }
      }
      return Array.from(want).filter((k) => keys.has(k) && !shards.has(k))
        .map((k) => 't-' + shardFileStem(k));
    }

    /** The positions a query needs (file stems), once its shards are loaded. The ranking's
     *  bonus for two matched words that follow each other is their only use, and a term in
     *  many documents keeps none: so those of the terms that keep positions, of each matched
     *  word whose matched neighbour has such a term too, where not in yet. */
    function positionFiles(query) {
      // Per matched word, its terms that keep positions.
      const kept = manifest.s ? parse(store.view, query).filter((w) => w.expansions.length)
        .map((w) => w.expansions.map((e) => e[0]).filter((t) => !store.view.bare.has(t))) : [];
      const want = new Set();
      kept.forEach((terms, i) => {
        if ([kept[i - 1], kept[i + 1]].some((k) => k && k[0])) { terms.forEach((t) => want.add(keyOf(t))); }
      });
      return Array.from(want).filter((k) => unplaced.has(k)).map((k) => 'p-' + shardFileStem(k));
    }

    /** Document chunks needed to show these hits (file stems). */
    function missingChunks(hits) {
      const out = new Set();
      if (manifest.t) { return []; }
      for (const h of hits) {
        // The file holding the hit: the last whose first document is at or before it
        // (manifest.c lists each file's first document; chunk_of in encode.rs).
        let c = 0;
        while (manifest.c[c + 1] <= h.doc) { c++; }
        if (!chunks.has(c)) { out.add('d-' + c); }
      }
      return Array.from(out);
    }

    return store;
  }

  // ---------------------------------------------------------------------------
  // Snippets
  // ---------------------------------------------------------------------------
  const SNIPPET_CHARS = 180;

  /**
   * Picks the stretch of `text` with the most distinct matched words and returns it as
   * parts: [{text, mark: bool}], with "…" where it was cut; all of it when `whole`.
   */
  function snippet(text, words, whole) {
    const terms = new Set();
    for (const w of words) { w.expansions.forEach((e) => terms.add(e[0])); }
    const hits = tokens(text).filter((t) => terms.has(t.term));
    let start = 0;
    if (hits.length && !whole) {
      let bestCount = -1;
      hits.forEach((first, i) => {
        const seen = new Set();
        for (let j = i; j < hits.length && hits[j].end - first.start <= SNIPPET_CHARS; j++) { seen.add(hits[j].term); }
        if (seen.size > bestCount) { bestCount = seen.size; start = first.start; }
      });
      // Show a little context before the first match, from a word start.
      if (start > 40) {
        const space = text.indexOf(' ', start - 40);
        if (space >= 0 && space < start) { start = space + 1; }
      } else { start = 0; }
    }
    let end = whole ? text.length : Math.min(text.length, start + SNIPPET_CHARS);
    if (end < text.length) {
      const cut = text.lastIndexOf(' ', end);
      if (cut > start) { end = cut; }
    }
    const parts = [];
    const plain = (s) => parts.push({ text: s, mark: false });
    if (start > 0) { plain('…'); }
    let at = start;
    for (const h of hits) {
      if (h.start < start || h.end > end) { continue; }
      if (h.start > at) { plain(text.slice(at, h.start)); }
      parts.push({ text: text.slice(h.start, h.end), mark: true });
      at = h.end;
    }
    if (at < end) { plain(text.slice(at, end)); }
    if (end < text.length) { plain('…'); }
    return parts;
  }

  // For the tests and benchmarks under node (crates/search/tests/js_parity.mjs).
  const core = { STOP, isStop, stem, tokens, rank, Store, snippet };

  if (typeof module === 'object' && module.exports) {
    module.exports = core;
    return;
  }

  // ---------------------------------------------------------------------------
  // Browser
  // ---------------------------------------------------------------------------
  const script = document.currentScript;
  const ROOT = (script && script.dataset.root) || '';
  const LIMIT = 10;
  const store = new Store();
  const loaded = {};

  /** Loads search/<stem>.js once; resolves when its data is in the store. */
  function load(stem) {
    return loaded[stem] || (loaded[stem] = new Promise((resolve, reject) => {
      const el = element('script'); // (defined below: nothing is loaded before the page is wired)
      el.src = ROOT + 'search/' + stem + '.js';
      el.onload = () => {
        const queue = window.__cgSearch;
        while (queue && queue.length) { store.add(queue.shift()); }
        resolve();
      };
      el.onerror = (error) => { delete loaded[stem]; reject(error); };
      document.head.appendChild(el);
    }));
  }

  const loadAll = (stems) => Promise.all(stems.map(load));

  /** Runs a query, loading only the index files it needs. Resolves to {words, results}:
   *  the matched query words and the documents found, best first. */
  const query = (q) => load('index')
    .then(() => loadAll(store.missingShards(q)))
    .then(() => loadAll(store.positionFiles(q)))
    .then(() => {
      const r = rank(store.view, q, LIMIT);
      return loadAll(store.missingChunks(r.hits))
        .then(() => ({ words: r.words, results: r.hits.filter((h) => store.docs[h.doc]).map((h) => ({ ...store.docs[h.doc], found: h.found })) }));
    });

  /** Link target for a root-relative index URL; file:// needs the explicit index.html. */
  const href = (url) => ROOT + url.replace(/^[^#]*/, (path) => (
    location.protocol === 'file:' && /(^|\/)$/.test(path) ? path + 'index.html' : path));

  // The script is deferred, so the page is parsed by now.
  const byId = (id) => document.getElementById(id);
  const input = byId('search-page-input'), form = byId('search-page-form'), container = byId('search-results');
  const status = container && container.querySelector('[role=status]'), list = container && container.querySelector('ol');
  if (!input || !status || !list) { return; }
  /** A new element, with its class and text when given. */
  const element = (tag, className, text) => {
    const el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  };
  /** The theme's wording for `key` (a data- attribute of #search-results), with {n} and {q} filled in. */
  const say = (key, n, q) => container.dataset[key].replace('{n}', n).replace('{q}', () => q);

  let serial = 0, announceTimer = null;
  // For the browser tests and benchmarks: the last query answered, its time, how many so far.
  const api = window.CareerguideSearch = { runs: 0 };

  function announce(text, immediately) {
    clearTimeout(announceTimer);
    if (immediately) {
      status.textContent = text;
    } else {
      // Announce once typing pauses, so a screen reader is not interrupted per key.
      announceTimer = setTimeout(() => { status.textContent = text; }, 600);
    }
  }

  function render(out) {
    list.textContent = '';
    // The words that matched are in <mark> (text nodes only), in the link as in the snippet:
    // a result found by its heading shows why even when its snippet does not.
    let shown;
    const marked = (el, text, whole) => {
      for (const part of snippet(text, out.words, whole)) {
        el.append(part.mark ? element('mark', '', part.text) : part.text);
        if (part.mark) { shown.add(stem(fold(part.text))); }
      }
      return el;
    };
    for (const r of out.results) {
      shown = new Set();
      const li = element('li', 'search-result'), kind = container.dataset['kind' + r.kind], also = container.dataset.more;
      const a = marked(element('a'), r.heading && r.kind ? r.title + ' \u203a ' + r.heading : r.title, 1);
      a.href = href(r.url);
      li.append(a);
      if (kind) { li.append(element('span', 'search-result-kind', ' ' + kind)); }
      li.append(marked(element('p', 'search-snippet'), r.text));
      // Words the result matched beyond what its snippet shows (the index keeps the start of
      // each text only) are named after it, marked as the user wrote them.
      const more = out.words.filter((w, i) => r.found[i] && !w.expansions.some((e) => shown.has(e[0])));
      if (also && more.length) {
        const p = element('p', 'search-more', also);
        more.forEach((w, i) => p.append(i ? ', ' : ' ', element('mark', '', w.word)));
        li.append(p);
      }
      list.append(li);
    }
  }

  function run(q, announceNow) {
    const mine = ++serial, started = performance.now(), trimmed = q.trim();
    if (!trimmed) {
      list.textContent = status.textContent = '';
      return;
    }
    query(q).then((out) => {
      if (mine !== serial) { return; }
      render(out);
      const n = out.results.length;
      announce(say(n ? n === 1 ? 'one' : n === LIMIT ? 'top' : 'many' : 'none', n, trimmed), announceNow);
      api.lastMs = performance.now() - started;
      api.lastQuery = q;
      api.runs++;
    }, () => {
      if (mine === serial) { announce(say('failed'), true); }
    });
  }

  input.addEventListener('input', () => {
    run(input.value, false);
    try {
      const u = new URL(location.href);
      u.searchParams.set('q', input.value);
      history.replaceState(null, '', u.href);
    } catch (e) { /* some browsers refuse this on file:// */ }
  });
  if (form) {
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      run(input.value, true);
    });
  }
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial, true);
  }
}());
