// `stevedore stats` failing well: the messages a user sees without a compose file or an engine.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findComposeFiles } from '../../../src/stats/compose';

const root = join(__dirname, '../../..');

function stevedore(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/cli/main.ts'), ...args], { cwd, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('stevedore stats: clear messages when it cannot run', function () {
  this.timeout(60_000);

  it('says no compose file was found, where it looked and what to do', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'stevedore-nocompose-'));
    // Compose looks in parent folders too: a compose file left in /tmp by something else would be found.
    if (findComposeFiles(dir, [], {}).files.length) this.skip();
    const result = await stevedore(['stats', '--no-stream'], dir, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^stevedore: No compose file found in .*(--file|stevedore\.compose\.files)/);
    assert.equal(result.stdout, '');
  });

  it('says the engine is not reachable, at which host and how to point at another', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stevedore-noengine-'));
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n');
    for (const args of [['stats', '--no-stream'], ['stats']]) {
      const result = await stevedore(args, dir, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
      assert.equal(result.code, 1, args.join(' '));
      assert.match(result.stderr, /Docker engine not reachable at unix:\/\/\/nonexistent\/docker\.sock \(from DOCKER_HOST\): the socket does not exist\. .*DOCKER_HOST/);
    }
  });

  it('rejects an unknown --format', async () => {
    const result = await stevedore(['stats', '--format', 'xml'], tmpdir());
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown --format "xml": use tty or json/);
  });
});
