// Runs the browser client's analysis and ranking (themes/default/static/js/search.js, or
// the client file given, e.g. as `careerguide build` minifies it) under node against index
// files written by the Rust crate, and compares with the Rust results.
// Usage: node js_parity.mjs <dir with search/*.js> <cases.json> [search.js]
// Prints one line per mismatch and a closing "N passed, N failed" line.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SEARCH_JS = path.join(here, '../../../themes/default/static/js/search.js');

/** The client's core functions, loaded as the classic script it is (it exports them
 *  through `module.exports` when a `module` object exists). */
export function loadCore(file = SEARCH_JS) {
  const sandbox = { module: { exports: {} } };
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(file, 'utf8'), sandbox, { filename: file });
  return sandbox.module.exports;
}

const [dir, casesPath, client = SEARCH_JS] = process.argv.slice(2);
const core = loadCore(client);
const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8'));

export function loadStore(root, client = core) {
  const store = new client.Store();
  const sandbox = { self: {} };
  vm.createContext(sandbox);
  const files = fs.readdirSync(path.join(root, 'search')).sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a < b ? -1 : 1));
  for (const f of files) {
    vm.runInContext(fs.readFileSync(path.join(root, 'search', f), 'utf8'), sandbox);
    while (sandbox.self.__cgSearch.length) store.add(sandbox.self.__cgSearch.shift());
  }
  return store;
}

let passed = 0, failed = 0;
const fail = (msg) => { failed++; console.log('MISMATCH ' + msg); };

for (const [word, stem] of cases.stems) {
  const got = core.stem(word);
  if (got === stem) passed++; else fail(`stem(${JSON.stringify(word)}): rust ${stem}, js ${got}`);
}
for (const w of cases.stop_words) {
  if (core.isStop(w)) passed++; else fail(`stop word ${w} missing in js`);
}
if (core.STOP.length === cases.stop_words.length) passed++; else fail(`stop word count: rust ${cases.stop_words.length}, js ${core.STOP.length}`);
for (const [text, terms] of cases.tokens) {
  const got = core.tokens(text).map((t) => `${t.term}@${t.pos}`).join(' ');
  if (got === terms) passed++; else fail(`tokens(${JSON.stringify(text)}): rust [${terms}], js [${got}]`);
}

const store = loadStore(dir);
for (const c of cases.queries) {
  const r = core.rank(store.view, c.query, c.urls.length || 10);
  const urls = r.hits.map((h) => store.docs[h.doc].url);
  const scores = r.hits.map((h) => h.score);
  const sameUrls = JSON.stringify(urls) === JSON.stringify(c.urls);
  const closeScores = sameUrls && scores.every((s, i) => Math.abs(s - c.scores[i]) <= 1e-9 * Math.max(1, Math.abs(s)));
  if (sameUrls && closeScores) passed++;
  else fail(`query ${JSON.stringify(c.query)}:\n  rust ${JSON.stringify(c.urls)} ${JSON.stringify(c.scores)}\n  js   ${JSON.stringify(urls)} ${JSON.stringify(scores)}`);
}

// Snippets have no Rust counterpart: a client other than the source (the source minified,
// say) must cut the same snippets as the source does.
if (path.resolve(client) !== path.resolve(SEARCH_JS)) {
  const source = loadCore(SEARCH_JS), sourceStore = loadStore(dir, source);
  for (const c of cases.queries) {
    const r = core.rank(store.view, c.query, 10), expected = source.rank(sourceStore.view, c.query, 10);
    const got = JSON.stringify(r.hits.map((h) => core.snippet(store.docs[h.doc].text, r.words)));
    const want = JSON.stringify(expected.hits.map((h) => source.snippet(sourceStore.docs[h.doc].text, expected.words)));
    if (got === want) passed++; else fail(`snippets for ${JSON.stringify(c.query)}:\n  source ${want.slice(0, 300)}\n  client ${got.slice(0, 300)}`);
  }
}
console.log(`parity: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
