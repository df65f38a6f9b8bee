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

/** The settings a trust adds before publishing: a publisher and the accessibility statement's
 * contact route and dates (a build with base_url set stops without a contact route). */
export const PUBLISHER_SETTINGS = `
organisation:
  name: Example NHS Trust
accessibility:
  email: accessibility@example.nhs.uk
  phone: "0113 496 0000"
  contact_url: https://www.example.nhs.uk/contact-us/
  prepared: 2026-12-06
  reviewed: 2026-12-06
  tested: 2026-12-06
`;

/**
 * A copy of the bundled project (content/, themes/, config.yaml) in a fresh temporary folder,
 * with `extraConfig` appended to its config.yaml: the bundled guide as a trust publishes it.
 * @param {{extraConfig?: string}} [opts]
 * @returns {string} the copy's folder (the caller removes it)
 */
export function projectCopy({ extraConfig = PUBLISHER_SETTINGS } = {}) {
  const root = tempDir('careerguide-project-');
  for (const part of ['content', 'themes']) {
    fs.cpSync(path.join(REPO_ROOT, part), path.join(root, part), { recursive: true });
  }
  const config = fs.readFileSync(path.join(REPO_ROOT, 'config.yaml'), 'utf8');
  fs.writeFileSync(path.join(root, 'config.yaml'), `${config}\n${extraConfig}`);
  return root;
}
