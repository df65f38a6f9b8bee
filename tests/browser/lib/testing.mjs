// Test-runner glue shared by the browser suites.
import { after, before, test as nodeTest } from 'node:test';
import { launchBrowser } from './browser.mjs';

/**
 * Register a suite's setup so that its failure FAILS every test of the suite, with the setup's
 * error as the message (a failing before() hook would only mark them "cancelled", which reads
 * as "0 failed" in a summary). Returns the `test` function to use in that suite.
 * @param {() => Promise<void>} fn
 */
export function setup(fn) {
  const state = { error: null };
  before(async () => {
    try {
      await fn();
    } catch (err) {
      state.error = err;
    }
  });
  return function test(name, opts, body) {
    if (typeof opts === 'function') [body, opts] = [opts, {}];
    return nodeTest(name, opts, async (t) => {
      if (state.error) throw state.error;
      return body(t);
    });
  };
}

/**
 * One browser for the whole test file, launched on first use and closed after the file's tests.
 * Call at the top level of the file; `getBrowser()` inside setups.
 */
export function sharedBrowser() {
  let launched = null;
  after(async () => {
    if (launched) await (await launched.catch(() => null))?.close();
  });
  return () => (launched ??= launchBrowser());
}
