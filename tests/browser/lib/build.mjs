// Build a site with the careerguide binary.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (/work/main or wherever this checkout lives). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Path of the careerguide binary: $CAREERGUIDE_BIN or target/debug/careerguide. */
export function careerguideBin() {
  const bin = process.env.CAREERGUIDE_BIN || 'target/debug/careerguide';
  return path.isAbsolute(bin) ? bin : path.join(REPO_ROOT, bin);
}

/** A fresh temporary folder (removed by the caller, or left for inspection). */
export function tempDir(prefix = 'careerguide-browser-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Run `careerguide build --root ROOT --output OUT` (and `--base-url URL` when baseUrl is given).
 * Throws with the binary's output when the build fails.
 * @param {{root?: string, out?: string, baseUrl?: string, bin?: string, extraArgs?: string[]}} [opts]
 * @returns {{out: string, stdout: string, stderr: string}}
 */
export function buildSite({ root = REPO_ROOT, out, baseUrl, bin = careerguideBin(), extraArgs = [] } = {}) {
  out = out ?? path.join(tempDir(), 'site');
  if (!fs.existsSync(bin)) {
    throw new Error(`careerguide binary not found at ${bin}: run \`cargo build\` or set CAREERGUIDE_BIN`);
  }
  const args = ['build', '--root', root, '--output', out, ...(baseUrl ? ['--base-url', baseUrl] : []), ...extraArgs];
  const res = spawnSync(bin, args, { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  if (res.error) throw new Error(`could not run ${bin}: ${res.error.message}`);
  if (res.status !== 0) {
    throw new Error(`\`${bin} ${args.join(' ')}\` exited with ${res.status ?? res.signal}\n${res.stdout}\n${res.stderr}`);
  }
  if (!fs.existsSync(path.join(out, 'index.html'))) {
    throw new Error(`build succeeded but ${out}/index.html is missing\n${res.stdout}\n${res.stderr}`);
  }
  return { out, stdout: res.stdout, stderr: res.stderr };
}
