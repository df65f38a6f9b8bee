// PDF helpers for print tests: render a page with Chromium's print engine, then read the PDF
// with poppler-utils (pdfinfo, pdftotext: apt-get install -y poppler-utils).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function run(cmd, args) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.error?.code === 'ENOENT') {
    throw new Error(`${cmd} not found: apt-get update && apt-get install -y poppler-utils`);
  }
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${res.stderr || res.error}`);
  return res.stdout;
}

/**
 * Print `page` (already loaded) to `file` as the browser would (print stylesheet, A4).
 * @param {import('playwright-core').Page} page
 */
export async function pageToPdf(page, file, opts = {}) {
  await page.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true, ...opts });
  return file;
}

/** `pdfinfo` fields as an object ({Pages: '3', Title: …}); `pages` is the page count as a number. */
export function pdfInfo(file) {
  const info = {};
  for (const line of run('pdfinfo', [file]).split('\n')) {
    const m = line.match(/^([^:]+):\s*(.*)$/);
    if (m) info[m[1].trim()] = m[2].trim();
  }
  info.pages = Number(info.Pages);
  return info;
}

/** The PDF's text (`pdftotext -layout` by default); one string, pages separated by \f. */
export function pdfText(file, { layout = true } = {}) {
  return run('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-']);
}

/**
 * How far down page `n` of `file` the ink reaches, as a fraction of the text area (A4 less
 * `topMm` and `bottomMm` margins): 0 for a blank page, 1 for a full one. Ruled lines and
 * boxes count as well as words (pdftoppm renders the page in grey at 36 dpi).
 */
export function inkFill(file, n, { topMm = 15, bottomMm = 18 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerguide-ink-'));
  try {
    run('pdftoppm', ['-r', '36', '-gray', '-f', String(n), '-l', String(n), '-singlefile', file, path.join(dir, 'page')]);
    const pgm = fs.readFileSync(path.join(dir, 'page.pgm'));
    // Binary PGM: "P5", width, height, maximum value (255), then one byte per pixel.
    const [magic, width, height, max] = pgm.toString('latin1', 0, 64).split(/\s+/);
    if (magic !== 'P5' || max !== '255') throw new Error(`pdftoppm wrote an unexpected image (${magic} ${max})`);
    const w = Number(width);
    const h = Number(height);
    const start = pgm.length - w * h;
    const mm = h / 297;
    const top = Math.round(topMm * mm);
    const bottom = Math.round(h - bottomMm * mm);
    let last = top;
    for (let y = top; y < bottom; y++) {
      const row = pgm.subarray(start + y * w, start + (y + 1) * w);
      if (row.some((v) => v < 160)) last = y;
    }
    return (last - top) / (bottom - top);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
