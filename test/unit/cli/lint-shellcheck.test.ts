// `stevedore lint` with ShellCheck, through the built CLI as users run it (`node dist/cli.js`).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

describe('stevedore lint: ShellCheck inside RUN', function () {
  this.timeout(30_000);
  let dir: string;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, 'lint', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg') } });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stevedore-test-shellcheck-cli-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox:1.36\nRUN echo $HOME \\\n    && rm -rf $target\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports SC2086 at the unquoted variable, line and column, in every format', () => {
    const tty = run('Dockerfile');
    assert.equal(tty.status, 1, tty.stderr);
    assert.match(tty.stdout, /^Dockerfile:2:10 SC2086 info: Double quote to prevent globbing and word splitting\.$/m);
    assert.match(tty.stdout, /^Dockerfile:3:15 SC2154 warning: target is referenced but not assigned\.$/m);
    const json = JSON.parse(run('-f', 'json', 'Dockerfile').stdout) as Array<{ code: string; line: number; column: number }>;
    assert.ok(json.some((finding) => finding.code === 'SC2086' && finding.line === 3 && finding.column === 15));
  });

  it('.hadolint.yaml ignored and --ignore silence SC codes; --shellcheck off runs none', () => {
    writeFileSync(join(dir, '.hadolint.yaml'), 'ignored: [SC2154]\n');
    const configured = run('Dockerfile');
    assert.doesNotMatch(configured.stdout, /SC2154/);
    assert.match(configured.stdout, /SC2086/);
    assert.doesNotMatch(run('--ignore', 'SC2086', 'Dockerfile').stdout, /SC2086/);
    const off = run('--shellcheck', 'off', 'Dockerfile');
    assert.doesNotMatch(off.stdout, /SC\d{4}/);
    assert.equal(off.status, 0, off.stdout);
  });

  it('without ShellCheck: auto lints on quietly, on says how to install it and exits 2', () => {
    const missing = join(dir, 'no-shellcheck-here');
    const auto = spawnSync(process.execPath, [cli, 'lint', 'Dockerfile'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: dir, HOME: dir } });
    assert.equal(auto.status, 0, auto.stderr);
    assert.equal(auto.stderr, '');
    const on = run('--shellcheck', 'on', '--shellcheck-path', missing, 'Dockerfile');
    assert.equal(on.status, 2);
    assert.match(on.stderr, /ShellCheck was not found .*apt-get install shellcheck/);
    const bad = run('--shellcheck', 'sometimes', 'Dockerfile');
    assert.equal(bad.status, 2);
  });
});
