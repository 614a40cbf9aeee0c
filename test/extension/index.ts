// The extension tests' entry point, loaded by VS Code's extension host (desktop through
// @vscode/test-electron, or code-server in a browser). Exports `run()` as VS Code expects.
import Mocha from 'mocha';
import { suites, untrustedSuites, vsixSuites } from './suites';

class QuietReporter extends Mocha.reporters.Base {}

export function run(): Promise<void> {
  // Our own per-test lines below; mocha's reporters print format strings the browser host cannot format.
  // STEVEDORE_EXTENSION_GREP runs only the tests whose full title matches (while working on one view).
  const grep = process.env.STEVEDORE_EXTENSION_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: QuietReporter, ...(grep ? { grep } : {}) });
  // Each suite module registers its `describe` blocks on the global mocha functions.
  mocha.suite.emit('pre-require', globalThis, 'stevedore-extension-tests', mocha);
  const run = process.env.STEVEDORE_EXTENSION_RUN;
  for (const register of run === 'untrusted' ? untrustedSuites : run === 'vsix' ? vsixSuites : suites) register();
  const counts = { passed: 0, failed: 0, skipped: 0 };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // A machine-readable line the test driver sums with the other layers.
      console.log(`STEVEDORE_EXTENSION_SUMMARY ${JSON.stringify(counts)}`);
      if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      counts.passed++;
      console.log(`  ✔ ${test.fullTitle()} (${test.duration} ms)`);
    });
    runner.on('fail', (test, error: Error) => {
      counts.failed++;
      console.log(`  ✘ ${test.fullTitle()}\n      ${error.stack ?? error.message}`);
    });
    runner.on('pending', (test) => {
      counts.skipped++;
      console.log(`  - ${test.fullTitle()} (skipped)`);
    });
  });
}
