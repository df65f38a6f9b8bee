/*! careerguide search client. No dependencies; works over http(s) under any subpath
 * and from file:// (the index is plain .js files loaded with <script src>, never fetch).
 *
 * CONTRACT WITH THE THEME TEMPLATES
 * - Load on the search page only:
 *     <script src="{root}assets/js/search.js" data-root="{root}" defer></script>
 *   data-root is the relative path from the current page to the site root ("../" on
 *   search/index.html). The index is read from {root}search/index.js.
 * - Every page may have a header form that needs no JavaScript:
 *     <form role="search" action="{root}search/index.html" method="get">
 *       <label for="site-search">…</label><input type="search" id="site-search" name="q">
 * - The search page has
 *     <form id="search-page-form"> with <input type="search" id="search-page-input" name="q">
 *     <div id="search-results" aria-live="polite"></div>
 *   This script reads ?q= from the address, fills the input, searches, and searches again
 *   on every keystroke. Inside #search-results it writes a status line (role="status",
 *   e.g. "7 results for backfill", announced politely once typing pauses) and an ordered
 *   list of links "Page title › Section heading", each with a snippet where matched words
 *   are in <mark>. It sets aria-live="off" on #search-results itself, so that screen
 *   readers announce the short status rather than the whole list on each keystroke.
 *   Without JavaScript the page's A–Z index (rendered by the engine) is the way in.
 * - All text from the index is put in the page with textContent / text nodes only.
 *
 * The analysis and ranking below mirror crates/search (text.rs, abbrev.rs, query.rs);
 * the index format is described in crates/search/src/encode.rs. Change them together:
 * crates/search/tests/js_parity.rs checks both give the same results.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------------------
  // Text analysis (mirrors crates/search/src/text.rs)
  // ---------------------------------------------------------------------------
  var STOP = ('a about am an and any are as at be been but by can could did do does for from get got has ' +
    'have how i if im in into is it its me my of on or our should so that the their them then there these ' +
    'they this to us was we were what when where which who why will with would you your').split(' ');
  var STOP_SET = {};
  for (var si = 0; si < STOP.length; si++) { STOP_SET[STOP[si]] = true; }

  var MARKS = /\p{M}/gu;
  var WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;

  function fold(s) {
    return s.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(/[\u2018\u2019]/g, "'");
  }

  /** Words of `text` as {word (folded), start, end} with positions counted over all words. */
  function words(text) {
    var out = [];
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      out.push({ word: fold(m[0]), start: m.index, end: m.index + m[0].length });
    }
    return out;
  }

  function isStop(w) { return STOP_SET.hasOwnProperty(w); }

  // Snowball English (Porter2) stemmer, as in the rust-stemmers crate.
  var EXC1 = { skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl', gently: 'gentl',
    ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky', news: 'news', howe: 'howe',
    atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes' };
  var EXC2 = { inning: 1, outing: 1, canning: 1, herring: 1, earring: 1, proceed: 1, exceed: 1, succeed: 1 };
  function isV(c) { return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y'; }
  function isVWXY(c) { return isV(c) || c === 'w' || c === 'x' || c === 'Y'; }
  function endsShortSyllable(w, end) { // w[0..end)
    if (end >= 3 && !isVWXY(w[end - 1]) && isV(w[end - 2]) && !isV(w[end - 3])) { return true; }
    return end === 2 && !isV(w[1]) && isV(w[0]);
  }
  function longest(w, list) {
    var best = null;
    for (var i = 0; i < list.length; i++) {
      var s = list[i][0];
      if (w.length >= s.length && w.slice(w.length - s.length) === s && (best === null || s.length > best[0].length)) { best = list[i]; }
    }
    return best;
  }
  var STEP2 = [['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['abli', 'able'], ['entli', 'ent'],
    ['izer', 'ize'], ['ization', 'ize'], ['ational', 'ate'], ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'],
    ['aliti', 'al'], ['alli', 'al'], ['fulness', 'ful'], ['ousli', 'ous'], ['ousness', 'ous'], ['iveness', 'ive'],
    ['iviti', 'ive'], ['biliti', 'ble'], ['bli', 'ble'], ['ogi', 'og'], ['fulli', 'ful'], ['lessli', 'less'], ['li', '']];
  var STEP3 = [['tional', 'tion'], ['ational', 'ate'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'], ['ical', 'ic'],
    ['ful', ''], ['ness', ''], ['ative', '']];
  var STEP4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ism', 'ate', 'iti',
    'ous', 'ive', 'ize', 'ion'].map(function (s) { return [s]; });

  function porter2(word) {
    if (EXC1.hasOwnProperty(word)) { return EXC1[word]; }
    if (word.length < 3) { return word; }
    var w = word.split('');
    if (w[0] === "'") { w.shift(); }
    if (w[0] === 'y') { w[0] = 'Y'; }
    for (var i = 0; i + 1 < w.length; i++) { if (isV(w[i]) && w[i + 1] === 'y') { w[i + 1] = 'Y'; } }
    w = w.join('');
    var p1 = w.length, p2 = w.length;
    var m = /^(gener|commun|arsen)/.exec(w);
    var j;
    if (m) { p1 = m[0].length; } else {
      for (j = 0; j < w.length && !isV(w[j]); j++) { /* to first vowel */ }
      for (; j < w.length && isV(w[j]); j++) { /* past vowels */ }
      if (j < w.length) { p1 = j + 1; }
    }
    if (p1 < w.length) {
      for (j = p1; j < w.length && !isV(w[j]); j++) { /* to vowel */ }
      for (; j < w.length && isV(w[j]); j++) { /* past vowels */ }
      if (j < w.length) { p2 = j + 1; }
    }
    // Step 0
    var s0 = longest(w, [["'s'"], ["'s"], ["'"]]);
    if (s0) { w = w.slice(0, w.length - s0[0].length); }
    // Step 1a
    var s1a = longest(w, [['sses'], ['ied'], ['ies'], ['s'], ['us'], ['ss']]);
    if (s1a) {
      var suf = s1a[0], stem = w.slice(0, w.length - suf.length);
      if (suf === 'sses') { w = stem + 'ss'; } else if (suf === 'ied' || suf === 'ies') { w = stem + (stem.length >= 2 ? 'i' : 'ie'); } else if (suf === 's') {
        var before = stem.slice(0, stem.length - 1);
        if (stem.length >= 1 && /[aeiouy]/.test(before)) { w = stem; }
      }
    }
    if (EXC2.hasOwnProperty(w)) { return w.replace(/Y/g, 'y'); }
    // Step 1b
    var s1b = longest(w, [['eed'], ['eedly'], ['ed'], ['edly'], ['ing'], ['ingly']]);
    if (s1b) {
      var sb = s1b[0], rest = w.slice(0, w.length - sb.length);
      if (sb === 'eed' || sb === 'eedly') {
        if (rest.length >= p1) { w = rest + 'ee'; }
      } else if (/[aeiouy]/.test(rest)) {
        w = rest;
        if (/(at|bl|iz)$/.test(w)) { w += 'e'; } else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) { w = w.slice(0, -1); } else if (w.length === p1 && endsShortSyllable(w, w.length)) { w += 'e'; }
      }
    }
    // Step 1c
    var last = w[w.length - 1];
    if ((last === 'y' || last === 'Y') && w.length > 2 && !isV(w[w.length - 2])) { w = w.slice(0, -1) + 'i'; }
    // Step 2
    var s2 = longest(w, STEP2);
    if (s2 && w.length - s2[0].length >= p1) {
      var base2 = w.slice(0, w.length - s2[0].length);
      if (s2[0] === 'ogi') { if (base2[base2.length - 1] === 'l') { w = base2 + 'og'; } } else if (s2[0] === 'li') { if ('cdeghkmnrt'.indexOf(base2[base2.length - 1]) >= 0 && base2.length > 0) { w = base2; } } else { w = base2 + s2[1]; }
    }
    // Step 3
    var s3 = longest(w, STEP3);
    if (s3 && w.length - s3[0].length >= p1) {
      var start3 = w.length - s3[0].length;
      if (s3[0] === 'ative') { if (start3 >= p2) { w = w.slice(0, start3); } } else { w = w.slice(0, start3) + s3[1]; }
    }
    // Step 4
    var s4 = longest(w, STEP4);
    if (s4 && w.length - s4[0].length >= p2) {
      var start4 = w.length - s4[0].length;
      if (s4[0] === 'ion') { var c4 = w[start4 - 1]; if (c4 === 's' || c4 === 't') { w = w.slice(0, start4); } } else { w = w.slice(0, start4); }
    }
    // Step 5
    var end = w.length;
    if (w[end - 1] === 'e') {
      if (end - 1 >= p2 || (end - 1 >= p1 && !endsShortSyllable(w, end - 1))) { w = w.slice(0, -1); }
    } else if (w[end - 1] === 'l') {
      if (end - 1 >= p2 && w[end - 2] === 'l') { w = w.slice(0, -1); }
    }
    return w.replace(/Y/g, 'y');
  }

  var STEM_CACHE = Object.create(null);

  /** Index term of a folded word (mirrors text::stem); remembered across keystrokes. */
  function stem(word) {
    var cached = STEM_CACHE[word];
    if (cached !== undefined) { return cached; }
    return (STEM_CACHE[word] = stemUncached(word));
  }

  function stemUncached(word) {
    var bare = word.slice(-2) === "'s" ? word.slice(0, -2) : word;
    bare = bare.replace(/'/g, '');
    if (/[0-9]/.test(bare)) { return bare; }
    return porter2(bare);
  }

  /** Analysed tokens (stop words dropped, positions kept), mirrors text::tokens. */
  function tokens(text) {
    var ws = words(text), out = [];
    for (var i = 0; i < ws.length; i++) {
      var w = ws[i].word;
      if (!w || isStop(w)) { continue; }
      out.push({ word: w, term: stem(w), pos: i, start: ws[i].start, end: ws[i].end });
    }
    return out;
  }

  /** Spelled-out abbreviations become their short term (mirrors abbrev::contract). */
  function contract(toks, abbreviations) {
    var out = [], i = 0;
    while (i < toks.length) {
      var hit = null;
      for (var a = 0; a < abbreviations.length && !hit; a++) {
        var long = abbreviations[a][1];
        if (i + long.length > toks.length) { continue; }
        var ok = true;
        for (var k = 0; k < long.length; k++) { if (toks[i + k].term !== long[k]) { ok = false; break; } }
        if (ok) { hit = abbreviations[a]; }
      }
      if (hit) {
        out.push({ word: hit[0], term: hit[0], pos: toks[i].pos, start: toks[i].start, end: toks[i + hit[1].length - 1].end });
        i += hit[1].length;
      } else {
        out.push(toks[i]);
        i += 1;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------
  // Ranking (mirrors crates/search/src/query.rs)
  // ---------------------------------------------------------------------------
  var K1 = 1.2, B = 0.75, TITLE_WEIGHT = 3.0, HEADING_WEIGHT = 2.0, PREFIX_WEIGHT = 0.7, TYPO_WEIGHT = 0.5,
    LONG_FORM_WEIGHT = 0.5, MIN_TYPO_CHARS = 5, MAX_EXPANSIONS = 20, NEAR = 6, PROXIMITY_BONUS = 0.3,
    MAX_POSITIONS = 4;
  var LENGTH_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
  var QUARTER_POWERS = [1.0, 1.189207115002721, 1.4142135623730951, 1.681792830507429];

  function dequantise(q) { return Math.pow(2, q >> 2) * QUARTER_POWERS[q & 3] - 1.0; }

  function chars(s) { return Array.from(s); }

  var SURROGATE = /[\uD800-\uDFFF]/;

  function withinOneEdit(a, b) {
    if (!SURROGATE.test(a) && !SURROGATE.test(b)) { return withinOneEditUnits(a, b); }
    var x = chars(a), y = chars(b);
    var s = x.length <= y.length ? x : y, l = x.length <= y.length ? y : x;
    if (l.length - s.length > 1) { return false; }
    var i = 0;
    while (i < s.length && s[i] === l[i]) { i++; }
    if (i === s.length) { return true; }
    function same(p, q, from, fromL) { return p.slice(from).join('\u0000') === q.slice(fromL).join('\u0000'); }
    if (s.length === l.length) {
      var swapped = i + 1 < s.length && s[i] === l[i + 1] && s[i + 1] === l[i];
      var r = swapped ? i + 2 : i + 1;
      return same(s, l, r, r);
    }
    return same(s, l, i, i + 1);
  }

  /** withinOneEdit for strings without surrogate pairs (one code unit per character). */
  function withinOneEditUnits(a, b) {
    var s = a.length <= b.length ? a : b, l = a.length <= b.length ? b : a;
    if (l.length - s.length > 1) { return false; }
    var i = 0;
    while (i < s.length && s.charCodeAt(i) === l.charCodeAt(i)) { i++; }
    if (i === s.length) { return true; }
    if (s.length === l.length) {
      var swapped = i + 1 < s.length && s.charCodeAt(i) === l.charCodeAt(i + 1) && s.charCodeAt(i + 1) === l.charCodeAt(i);
      var r = swapped ? i + 2 : i + 1;
      return s.slice(r) === l.slice(r);
    }
    return s.slice(i) === l.slice(i + 1);
  }

  function cmpStr(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /**
   * A searchable view over decoded data: {n, lengths (array of q), avg, abbreviations,
   * terms: {term: flat postings array}, keys: sorted term list}.
   */
  function makeView(n, lengthString, abbreviations, terms) {
    var lengths = [], sum = 0;
    for (var i = 0; i < lengthString.length; i++) {
      var q = LENGTH_ALPHABET.indexOf(lengthString.charAt(i));
      lengths.push(q);
      sum += dequantise(q);
    }
    var avg = lengths.length ? Math.max(sum / lengths.length, 1.0) : 1.0;
    return { n: n, lengths: lengths, avg: avg, abbreviations: abbreviations, terms: terms, keys: null, decoded: {} };
  }

  function viewKeys(view) {
    if (!view.keys) { view.keys = Object.keys(view.terms).sort(cmpStr); }
    return view.keys;
  }

  function has(view, term) { return Object.prototype.hasOwnProperty.call(view.terms, term); }

  function postings(view, term) {
    if (view.decoded[term]) { return view.decoded[term]; }
    var flat = view.terms[term], out = [], i = 0, doc = 0;
    while (i < flat.length) {
      doc += flat[i++];
      var code = flat[i++];
      var title = code & 3, heading = (code >> 2) & 3, body = Math.floor(code / 16);
      var count = Math.min(title + heading + body, MAX_POSITIONS), positions = [], pos = 0;
      for (var k = 0; k < count; k++) { pos = k === 0 ? flat[i++] : pos + flat[i++]; positions.push(pos); }
      out.push({ doc: doc, title: title, heading: heading, body: body, positions: positions });
    }
    view.decoded[term] = out;
    return out;
  }

  function df(view, term) { return postings(view, term).length; }

  function bestByFrequency(view, list, weight) {
    var found = list.map(function (t) { return { t: t, df: df(view, t) }; });
    found.sort(function (a, b) { return b.df - a.df || cmpStr(a.t, b.t); });
    return found.slice(0, MAX_EXPANSIONS).map(function (f) { return [f.t, weight]; });
  }

  function expand(view, word, term, beingTyped) {
    var out = [], keys, i, t;
    if (has(view, term)) { out.push([term, 1.0]); }
    for (var a = 0; a < view.abbreviations.length; a++) {
      if (view.abbreviations[a][0] !== term) { continue; }
      var long = view.abbreviations[a][1];
      for (var k = 0; k < long.length; k++) {
        var lt = long[k];
        if (has(view, lt) && !out.some(function (e) { return e[0] === lt; })) { out.push([lt, LONG_FORM_WEIGHT]); }
      }
    }
    if (beingTyped && chars(word).length >= 2) {
      keys = viewKeys(view);
      var pre = [];
      for (i = 0; i < keys.length; i++) {
        t = keys[i];
        if (t !== term && (t.indexOf(word) === 0 || t.indexOf(term) === 0)) { pre.push(t); }
      }
      out = out.concat(bestByFrequency(view, pre, PREFIX_WEIGHT));
    }
    if (out.length === 0 && chars(word).length >= MIN_TYPO_CHARS) {
      keys = viewKeys(view);
      var near = [];
      for (i = 0; i < keys.length; i++) {
        t = keys[i];
        if (withinOneEdit(t, term) || withinOneEdit(t, word)) { near.push(t); }
      }
      out = out.concat(bestByFrequency(view, near, TYPO_WEIGHT));
    }
    var seen = {};
    return out.filter(function (e) { if (seen[e[0]]) { return false; } seen[e[0]] = true; return true; });
  }

  /** Query words: [{word, term}], spelled-out abbreviations contracted, duplicates dropped. */
  function queryWords(query, abbreviations) {
    var toks = contract(tokens(query), abbreviations), out = [], seen = {};
    for (var i = 0; i < toks.length; i++) {
      if (seen[toks[i].term]) { continue; }
      seen[toks[i].term] = true;
      out.push({ word: toks[i].word, term: toks[i].term, last: i === toks.length - 1 });
    }
    return out;
  }

  function isTyping(query) { return /[\p{L}\p{N}]$/u.test(query); }

  /** Parses the query against the view: words with expansions (mirrors query::parse). */
  function parse(view, query) {
    var typing = isTyping(query);
    return queryWords(query, view.abbreviations).map(function (w) {
      return { word: w.word, term: w.term, expansions: expand(view, w.word, w.term, typing && w.last) };
    });
  }

  function distance(first, second) {
    var best = Infinity;
    for (var i = 0; i < first.length; i++) {
      for (var j = 0; j < second.length; j++) {
        var a = first[i], b = second[j];
        var d = b > a ? b - a : a - b + 1;
        if (d < best) { best = d; }
      }
    }
    return best <= NEAR ? best : null;
  }

  function combine(slots) {
    var total = 0, matched = 0, i;
    for (i = 0; i < slots.length; i++) { if (slots[i]) { total += slots[i].score; matched++; } }
    var share = matched / slots.length, bonus = 0;
    for (i = 0; i + 1 < slots.length; i++) {
      if (slots[i] && slots[i + 1]) {
        var d = distance(slots[i].positions, slots[i + 1].positions);
        if (d !== null) { bonus += PROXIMITY_BONUS / d; }
      }
    }
    return total * share * share * (1.0 + bonus);
  }

  /** Ranks documents: [{doc, score}], best first (mirrors query::search). */
  function rank(view, query, limit) {
    var words = parse(view, query).filter(function (w) { return w.expansions.length > 0; });
    var result = { words: words, hits: [] };
    if (words.length === 0 || limit === 0) { return result; }
    var n = view.n, avg = view.avg, matches = {}, docs = [];
    for (var wi = 0; wi < words.length; wi++) {
      var exps = words[wi].expansions;
      for (var e = 0; e < exps.length; e++) {
        var term = exps[e][0], weight = exps[e][1];
        if (!has(view, term)) { continue; }
        var ps = postings(view, term), dfv = ps.length;
        var idf = Math.log(1.0 + (n - dfv + 0.5) / (dfv + 0.5));
        for (var p = 0; p < ps.length; p++) {
          var post = ps[p];
          var q = view.lengths[post.doc];
          var len = q === undefined ? avg : dequantise(q);
          var tf = TITLE_WEIGHT * post.title + HEADING_WEIGHT * post.heading + post.body / (1.0 - B + B * len / avg);
          var score = weight * idf * tf * (K1 + 1.0) / (K1 + tf);
          var slots = matches[post.doc];
          if (!slots) {
            slots = matches[post.doc] = new Array(words.length);
            for (var s = 0; s < words.length; s++) { slots[s] = null; }
            docs.push(post.doc);
          }
          if (!slots[wi] || score > slots[wi].score) { slots[wi] = { score: score, positions: post.positions }; }
        }
      }
    }
    var ranked = docs.map(function (d) { return { doc: d, score: combine(matches[d]) }; });
    ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    result.hits = ranked.slice(0, limit);
    return result;
  }

  // ---------------------------------------------------------------------------
  // Index files (format: crates/search/src/encode.rs)
  // ---------------------------------------------------------------------------
  function shardKey(term) { return chars(term).slice(0, 2).join(''); }

  function shardFileStem(key) {
    if (/^[a-z0-9]*$/.test(key)) { return key; }
    var bytes = unescape(encodeURIComponent(key)), out = 'x';
    for (var i = 0; i < bytes.length; i++) { out += ('0' + bytes.charCodeAt(i).toString(16)).slice(-2); }
    return out;
  }

  /** Decodes a list of stored documents (one chunk) into objects. */
  function decodeDocs(list) {
    var out = [], prevPath = '', prevTitle = '';
    for (var i = 0; i < list.length; i++) {
      var d = list[i];
      var url = d[0].charAt(0) === '#' ? prevPath + d[0] : d[0];
      var title = d[1] === 0 ? prevTitle : d[1];
      var hash = url.indexOf('#');
      prevPath = hash >= 0 ? url.slice(0, hash) : url;
      prevTitle = title;
      out.push({ url: url, title: title, heading: d[2], text: d[3], kind: d[4] });
    }
    return out;
  }

  /** Everything needed to answer queries from already-loaded index objects. */
  function Store() {
    this.manifest = null;
    this.view = null;
    this.shards = {};
    this.docs = [];
    this.chunks = {};
  }

  Store.prototype.add = function (obj) {
    if (obj.v !== undefined) {
      this.manifest = obj;
      this.view = makeView(obj.n, obj.l, obj.a, obj.t || {});
      if (obj.t) { this.shards[''] = true; }
      if (obj.d) { this.putDocs(0, obj.d); }
    } else if (obj.k !== undefined && this.view) {
      var t = obj.t;
      for (var term in t) { if (Object.prototype.hasOwnProperty.call(t, term)) { this.view.terms[term] = t[term]; } }
      this.view.keys = null;
      this.shards[obj.k] = true;
    } else if (obj.i !== undefined && this.manifest) {
      this.putDocs(obj.i * this.manifest.c, obj.d);
      this.chunks[obj.i] = true;
    }
  };

  Store.prototype.putDocs = function (first, list) {
    var docs = decodeDocs(list);
    for (var i = 0; i < docs.length; i++) { this.docs[first + i] = docs[i]; }
    if (first === 0 && this.manifest && this.manifest.t) { this.chunks[0] = true; }
  };

  /** Term shards a query needs that are not loaded yet (file stems). */
  Store.prototype.missingShards = function (query) {
    var m = this.manifest;
    if (!m || !m.s) { return []; }
    var want = {}, out = [], words = queryWords(query, m.a), i, k;
    var available = {};
    for (i = 0; i < m.s.length; i++) { available[m.s[i]] = true; }
    for (i = 0; i < words.length; i++) {
      want[shardKey(words[i].term)] = true;
      want[shardKey(words[i].word)] = true;
      for (var a = 0; a < m.a.length; a++) {
        if (m.a[a][0] === words[i].term) { for (k = 0; k < m.a[a][1].length; k++) { want[shardKey(m.a[a][1][k])] = true; } }
      }
    }
    for (k in want) {
      if (Object.prototype.hasOwnProperty.call(want, k) && available[k] && !this.shards[k]) { out.push('t-' + shardFileStem(k)); }
    }
    return out.sort();
  };

  /** Document chunks needed to show these hits (file stems). */
  Store.prototype.missingChunks = function (hits) {
    var m = this.manifest, out = [], seen = {};
    if (!m || m.t) { return out; }
    for (var i = 0; i < hits.length; i++) {
      var c = Math.floor(hits[i].doc / m.c);
      if (!this.chunks[c] && !seen[c]) { seen[c] = true; out.push('d-' + c); }
    }
    return out;
  };

  // ---------------------------------------------------------------------------
  // Snippets
  // ---------------------------------------------------------------------------
  var SNIPPET_CHARS = 180;

  /**
   * Picks the stretch of `text` with the most distinct matched words and returns it as
   * parts: [{text, mark: bool}], with "…" where it was cut.
   */
  function snippet(text, words) {
    var terms = {}, prefixes = [], i;
    for (i = 0; i < words.length; i++) {
      for (var e = 0; e < words[i].expansions.length; e++) { terms[words[i].expansions[e][0]] = true; }
    }
    var ws = words.length ? tokens(text) : [];
    var hits = [];
    for (i = 0; i < ws.length; i++) {
      if (terms[ws[i].term]) { hits.push(ws[i]); }
    }
    var start = 0;
    if (hits.length) {
      var bestCount = -1;
      for (i = 0; i < hits.length; i++) {
        var seen = {}, count = 0;
        for (var j = i; j < hits.length && hits[j].end - hits[i].start <= SNIPPET_CHARS; j++) {
          if (!seen[hits[j].term]) { seen[hits[j].term] = true; count++; }
        }
        if (count > bestCount) { bestCount = count; start = hits[i].start; }
      }
      // Show a little context before the first match, from a word start.
      var back = Math.max(0, start - 40);
      if (back > 0) { var sp = text.indexOf(' ', back); start = sp >= 0 && sp < start ? sp + 1 : start; } else { start = 0; }
    }
    var end = Math.min(text.length, start + SNIPPET_CHARS);
    if (end < text.length) { var cut = text.lastIndexOf(' ', end); if (cut > start) { end = cut; } }
    var parts = [];
    if (start > 0) { parts.push({ text: '…', mark: false }); }
    var at = start;
    for (i = 0; i < hits.length; i++) {
      if (hits[i].start < start || hits[i].end > end) { continue; }
      if (hits[i].start > at) { parts.push({ text: text.slice(at, hits[i].start), mark: false }); }
      parts.push({ text: text.slice(hits[i].start, hits[i].end), mark: true });
      at = hits[i].end;
    }
    if (at < end) { parts.push({ text: text.slice(at, end), mark: false }); }
    if (end < text.length && text.slice(end - 1) !== '…') { parts.push({ text: '…', mark: false }); }
    return parts;
  }

  var core = {
    fold: fold, words: words, isStop: isStop, STOP: STOP, stem: stem, porter2: porter2, tokens: tokens, withinOneEdit: withinOneEdit,
    makeView: makeView, parse: parse, rank: rank, Store: Store, snippet: snippet, shardKey: shardKey,
    shardFileStem: shardFileStem, decodeDocs: decodeDocs, dequantise: dequantise
  };

  if (typeof module === 'object' && module.exports) {
    module.exports = core;
    return;
  }

  // ---------------------------------------------------------------------------
  // Browser
  // ---------------------------------------------------------------------------
  var script = document.currentScript;
  var ROOT = (script && script.getAttribute('data-root')) || '';
  var LIMIT = 10;
  var KIND_NAMES = ['', '', 'Case study', 'Resource', 'Glossary'];
  var store = new Store();
  var loaded = {};

  function drain() {
    var q = window.__cgSearch;
    if (!q) { return; }
    while (q.length) { store.add(q.shift()); }
  }

  /** Loads search/<stem>.js once; resolves when its data is in the store. */
  function load(stem) {
    if (loaded[stem]) { return loaded[stem]; }
    loaded[stem] = new Promise(function (resolve, reject) {
      var el = document.createElement('script');
      el.src = ROOT + 'search/' + stem + '.js';
      el.async = true;
      el.onload = function () { drain(); resolve(); };
      el.onerror = function () { delete loaded[stem]; reject(new Error('could not load ' + el.src)); };
      document.head.appendChild(el);
    });
    return loaded[stem];
  }

  function loadAll(stems) { return Promise.all(stems.map(load)); }

  /** Runs a query, loading only the index files it needs. Resolves to {words, results}. */
  function query(q, limit) {
    return load('index').then(function () {
      return loadAll(store.missingShards(q));
    }).then(function () {
      var r = rank(store.view, q, limit || LIMIT);
      return loadAll(store.missingChunks(r.hits)).then(function () {
        return {
          words: r.words,
          results: r.hits.map(function (h) {
            var d = store.docs[h.doc];
            return d ? { doc: h.doc, score: h.score, url: d.url, title: d.title, heading: d.heading, text: d.text, kind: d.kind } : null;
          }).filter(Boolean)
        };
      });
    });
  }

  /** Link target for a root-relative index URL; file:// needs the explicit index.html. */
  function href(url) {
    var hash = url.indexOf('#');
    var path = hash >= 0 ? url.slice(0, hash) : url, frag = hash >= 0 ? url.slice(hash) : '';
    if (location.protocol === 'file:' && (path === '' || path.charAt(path.length - 1) === '/')) { path += 'index.html'; }
    return ROOT + path + frag;
  }

  function label(r) {
    return r.heading && r.kind !== 0 ? r.title + ' \u203a ' + r.heading : r.title;
  }

  function plural(n) { return n === 1 ? '1 result' : n + ' results'; }

  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }

  ready(function () {
    var input = document.getElementById('search-page-input');
    var form = document.getElementById('search-page-form');
    var container = document.getElementById('search-results');
    if (!input || !container || !window.Promise || !String.prototype.normalize) { return; }
    container.setAttribute('aria-live', 'off');
    var status = document.createElement('p');
    status.className = 'search-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    var list = document.createElement('ol');
    list.className = 'search-result-list';
    container.appendChild(status);
    container.appendChild(list);

    var serial = 0, announceTimer = null;
    var api = window.CareerguideSearch = { query: query, lastMs: null, lastQuery: null, runs: 0 };

    function announce(text, now) {
      clearTimeout(announceTimer);
      if (now) { status.textContent = text; return; }
      // Announce once typing pauses, so a screen reader is not interrupted per key.
      announceTimer = setTimeout(function () { status.textContent = text; }, 600);
    }

    function render(q, out) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      for (var i = 0; i < out.results.length; i++) {
        var r = out.results[i];
        var li = document.createElement('li');
        li.className = 'search-result';
        var a = document.createElement('a');
        a.href = href(r.url);
        a.textContent = label(r);
        li.appendChild(a);
        if (KIND_NAMES[r.kind]) {
          var kind = document.createElement('span');
          kind.className = 'search-result-kind';
          kind.textContent = ' (' + KIND_NAMES[r.kind] + ')';
          li.appendChild(kind);
        }
        var p = document.createElement('p');
        p.className = 'search-snippet';
        var parts = snippet(r.text, out.words);
        for (var k = 0; k < parts.length; k++) {
          if (parts[k].mark) {
            var m = document.createElement('mark');
            m.textContent = parts[k].text;
            p.appendChild(m);
          } else {
            p.appendChild(document.createTextNode(parts[k].text));
          }
        }
        li.appendChild(p);
        list.appendChild(li);
      }
    }

    function run(q, announceNow) {
      var mine = ++serial;
      var started = window.performance ? performance.now() : Date.now();
      var trimmed = q.replace(/^\s+|\s+$/g, '');
      if (!trimmed) {
        while (list.firstChild) { list.removeChild(list.firstChild); }
        status.textContent = '';
        return Promise.resolve();
      }
      return query(q, LIMIT).then(function (out) {
        if (mine !== serial) { return; }
        render(q, out);
        var n = out.results.length;
        var more = n === LIMIT ? 'Top ' + LIMIT + ' results' : plural(n);
        announce(n === 0 ? 'No results for ' + trimmed + '. Try another word, or the A to Z below.' : more + ' for ' + trimmed, announceNow);
        api.lastMs = (window.performance ? performance.now() : Date.now()) - started;
        api.lastQuery = q;
        api.runs++;
      }, function () {
        if (mine !== serial) { return; }
        announce('Search is not available here. Use the A to Z of topics below.', true);
      });
    }

    api.run = run;
    input.addEventListener('input', function () {
      run(input.value, false);
      try {
        var u = new URL(location.href);
        u.searchParams.set('q', input.value);
        history.replaceState(null, '', u.href);
      } catch (e) { /* some browsers refuse this on file:// */ }
    });
    if (form) {
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        run(input.value, true);
      });
    }
    var initial = '';
    try { initial = new URLSearchParams(location.search).get('q') || ''; } catch (e) { initial = ''; }
    if (initial) {
      input.value = initial;
      run(initial, true);
    }
  });
}());
