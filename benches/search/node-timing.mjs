// Times the browser client's query path (rank + snippets for the top 10) under node,
// per keystroke, for a site written by `cargo bench -p careerguide-search`.
// Usage: node node-timing.mjs <site dir> <query>...   Prints "median X ms, p95 Y ms".
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [dir, ...queries] = process.argv.slice(2);

const sandbox = { module: { exports: {} }, self: {} };
vm.createContext(sandbox);
const searchJs = path.join(here, '../../themes/default/static/js/search.js');
vm.runInContext(fs.readFileSync(searchJs, 'utf8'), sandbox, { filename: searchJs });
const core = sandbox.module.exports;

// Load every index file up front: this measures computing, not downloading.
const store = new core.Store();
const files = fs.readdirSync(path.join(dir, 'search')).filter((f) => f.endsWith('.js'));
files.sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a < b ? -1 : 1));
for (const f of files) {
  vm.runInContext(fs.readFileSync(path.join(dir, 'search', f), 'utf8'), sandbox);
  while (sandbox.self.__cgSearch.length) store.add(sandbox.self.__cgSearch.shift());
}

function keystrokes() {
  const out = [];
  for (const q of queries) { const cs = Array.from(q); for (let n = 1; n <= cs.length; n++) out.push(cs.slice(0, n).join('')); }
  return out;
}
// Warm up once (JIT), then measure with fresh decoding caches per query.
for (const q of keystrokes()) core.rank(store.view, q, 10);
const times = [];
for (const q of keystrokes()) {
  store.view.decoded = {};
  const t = process.hrtime.bigint();
  const r = core.rank(store.view, q, 10);
  for (const h of r.hits) { const d = store.docs[h.doc]; if (d) core.snippet(d.text, r.words); }
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
const at = (p) => times[Math.min(times.length - 1, Math.floor(times.length * p))];
console.log(`median ${at(0.5).toFixed(3)} ms, p95 ${at(0.95).toFixed(3)} ms`);
