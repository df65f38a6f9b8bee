// Everything the browser suites share, in one import:
//   import { buildSite, serveDir, launchBrowser, newContext, openTab, ... } from './lib/index.mjs';
export { buildSite, careerguideBin, projectCopy, PUBLISHER_SETTINGS, tempDir, REPO_ROOT } from './build.mjs';
export { serveDir, DEFAULT_CSP, DEFAULT_SUBPATH, mimeType } from './server.mjs';
export {
  launchBrowser,
  newContext,
  openTab,
  openPage,
  settle,
  collectCsp,
  CHROMIUM_PATH,
  CHROMIUM_ARGS,
  DESKTOP_VIEWPORT,
  MOBILE_VIEWPORT,
} from './browser.mjs';
export * from './checks.mjs';
export { createChecker, checkUrl, crawlSite, readSitemap, formatTable, formatProblems, relPath } from './crawl.mjs';
export { pageToPdf, pdfInfo, pdfText } from './pdf.mjs';
export { setup, sharedBrowser } from './testing.mjs';
