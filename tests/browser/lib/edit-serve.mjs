// `careerguide serve --edit` started for a browser test, shared by the editing suites.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { careerguideBin } from './build.mjs';

/** `careerguide serve --edit --port 0 --root DIR`; resolves with the address holding the key. */
export function startServe(root, { timeout = 60_000 } = {}) {
  const bin = careerguideBin();
  if (!fs.existsSync(bin)) throw new Error(`careerguide binary not found at ${bin}: run \`cargo build\` or set CAREERGUIDE_BIN`);
  const child = spawn(bin, ['serve', '--edit', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`careerguide serve --edit printed no "Editing is on: open URL" within ${timeout} ms. Output:\n${log}`));
    }, timeout);
    const onData = (chunk) => {
      log += chunk;
      const url = /Serving the guide at (\S+)/.exec(log);
      const edit = /Editing is on: open (\S+)/.exec(log);
      if (url && edit) {
        clearTimeout(timer);
        resolve({ url: url[1], editAddress: edit[1], output: () => log, stop });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => (log += chunk));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`careerguide serve --edit exited (${code ?? signal}) early. Output:\n${log}`));
    });
  });
}

