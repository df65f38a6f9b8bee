// PDF helpers for print tests: render a page with Chromium's print engine, then read the PDF
// with poppler-utils (pdfinfo, pdftotext: apt-get install -y poppler-utils).
import { spawnSync } from 'node:child_process';

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
