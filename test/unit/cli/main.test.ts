// The built CLI as users run it: `node dist/cli.js` (npm test builds first).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { version } from '../../../package.json';

const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('stevedore CLI entry', () => {
  it('prints help listing the subcommands', () => {
    const result = run('--help');
    assert.equal(result.status, 0);
    for (const command of ['lint', 'analyze', 'stats']) assert.match(result.stdout, new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('prints the package version', () => {
    const result = run('--version');
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim(), version);
  });

  it('rejects an unknown subcommand on stderr with exit 2 (usage), not 1 (findings)', () => {
    const result = run('frobnicate');
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /unknown command 'frobnicate'/);
  });

  it('rejects an unknown option on stderr with exit 2', () => {
    const result = run('--frobnicate');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown option '--frobnicate'/);
  });

  it('rejects a bad option value of a subcommand with exit 2', () => {
    const result = run('lint', '--format', 'xml', 'Dockerfile');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /xml/);
  });

  it('a subcommand without its required argument exits 2', () => {
    assert.equal(run('analyze').status, 2);
    assert.equal(run('lint').status, 2);
  });
});
