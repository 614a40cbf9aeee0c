// mvdan-sh (~0.3 s to load) is loaded only by the first RUN the fast shell reader declines: other
// subcommands and Dockerfiles with simple RUNs never pay for it. Checked in a fresh process.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** Runs `body` in a new Node process with the engine imported; returns what it prints. */
function inFreshProcess(body: string): string {
  const script = `const { lint } = require(${JSON.stringify(join(root, 'src/dockerfile/index.ts'))});
const loaded = () => Object.keys(require.cache).some((file) => /[\\\\/]mvdan-sh[\\\\/]/.test(file));
${body}`;
  return execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 }).trim();
}

describe('dockerfile engine: mvdan-sh is loaded lazily', function () {
  this.timeout(90_000);

  it('is not loaded by importing the engine nor by linting simple RUNs, and is loaded by the first complex RUN', () => {
    const printed = inFreshProcess(`
const steps = [loaded()];
lint('FROM debian:12\\nRUN apt-get update && apt-get install -y --no-install-recommends curl=8.0 \\\\\\n && rm -rf /var/lib/apt/lists/*\\nRUN npm ci | tee log\\n');
steps.push(loaded());
const result = lint('FROM debian:12\\nRUN if [ -f x ]; then sudo rm x; fi\\n');
steps.push(loaded(), result.findings.some((f) => f.code === 'DL3004'));
console.log(JSON.stringify(steps));`);
    assert.deepEqual(JSON.parse(printed), [false, false, true, true]);
  });
});
