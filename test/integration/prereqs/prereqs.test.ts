// scripts/prereqs.mjs on the real machine: the fast path when everything is here, and a real
// dockerd started for a DOCKER_HOST where none answers (a private one: own socket, data root,
// exec root, pidfile and bridge, so the shared engine is never touched), stopped at the end,
// and stopped too when the command that started it crashes.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Prereqs from '../../../scripts/prereqs.mjs';
import { connectDocker } from '../../../src/docker/connection';
import { dockerRequired } from '../../support/docker';
import { waitUntil } from '../../support/net';
import { createPrivateBridge, type PrivateBridge } from '../../support/privateDockerd';

const root = join(__dirname, '..', '..', '..');
const modulePath = join(root, 'scripts', 'prereqs.mjs');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('prerequisites on this machine (scripts/prereqs.mjs)', function () {
  this.timeout(120_000);
  let prereqs: typeof Prereqs;
  before(async () => {
    prereqs = await import('../../../scripts/prereqs.mjs');
  });

  it('with everything present, a run prints one line and no install step; the step takes under a second', async function () {
    const m = prereqs.machine();
    const missing = prereqs.requirementsFor(['test']).filter((row) => !row.present(m)).map((row) => row.what);
    if (missing.length) {
      const reason = `not everything npm test needs is installed here (${missing.join(', ')})`;
      if (dockerRequired) throw new Error(`STEVEDORE_REQUIRE_DOCKER=1 but ${reason}`);
      console.log(`    skipped: ${reason}`);
      this.skip();
    }
    const began = Date.now();
    const run = spawnSync(process.execPath, [modulePath], { encoding: 'utf8' });
    const took = Date.now() - began;
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 1, run.stdout);
    assert.match(lines[0], /^prereqs: all \d+ prerequisites of npm test present; Docker engine \S+ at \S+ \(\d+ ms\)$/);
    assert.doesNotMatch(run.stdout, /install|start/i);
    // The step itself (printed) and the whole process, Node's start-up included, with room for a
    // loaded machine: typically 50 ms and 0.4 s.
    const step = Number(/\((\d+) ms\)$/.exec(lines[0])?.[1]);
    assert.ok(step < 1000, `the step took ${step} ms`);
    assert.ok(took < 5000, `the process took ${took} ms`);
  });

  describe('a dockerd started where none answers (a private one)', function () {
    let scratch: string;
    let bridge: PrivateBridge | undefined;
    let env: NodeJS.ProcessEnv;
    let dockerdArgs: string[];

    before(function () {
      const reason = process.getuid?.() !== 0 ? 'starting dockerd needs root' : !prereqs.machine().command('dockerd') ? 'dockerd is not installed' : undefined;
      if (reason) {
        if (dockerRequired) throw new Error(`STEVEDORE_REQUIRE_DOCKER=1 but ${reason}`);
        console.log(`    skipped: ${reason}`);
        this.skip();
      }
      scratch = mkdtempSync(join(tmpdir(), 'stvd-prq-'));
      bridge = createPrivateBridge();
      env = { ...process.env, DOCKER_HOST: `unix://${join(scratch, 'docker.sock')}` };
      dockerdArgs = [
        '--data-root', join(scratch, 'root'), '--exec-root', join(scratch, 'exec'), '--pidfile', join(scratch, 'dockerd.pid'),
        ...bridge.args, '--ip-masq=false',
        '--containerd-namespace', 'stevedore-t-prereqs', '--containerd-plugins-namespace', 'stevedore-t-prereqs-plugins',
      ];
    });

    after(async () => {
      if (!scratch) return;
      // A failed test may leave its dockerd running: stop it by its pidfile before cleaning up.
      const pidFile = join(scratch, 'dockerd.pid');
      const leftover = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0;
      if (leftover && alive(leftover)) {
        process.kill(leftover, 'SIGTERM');
        await waitUntil(() => !alive(leftover), 30_000, `the leftover dockerd ${leftover} to stop`).catch(() => process.kill(leftover, 'SIGKILL'));
      }
      // A dockerd that did not shut down cleanly leaves mounts under its data root: deepest first.
      const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((line) => line.split(' ')[1])
        .filter((path): path is string => path !== undefined && path.startsWith(scratch))
        .sort((a, b) => b.length - a.length);
      for (const path of mounts) spawnSync('umount', ['-l', path]);
      rmSync(scratch, { recursive: true, force: true });
      bridge?.remove();
    });

    it('starts it, a second run uses it and starts nothing, and release() stops it', async () => {
      const lines: string[] = [];
      const first = await prereqs.preparePrerequisites({ needs: ['engine'], purpose: 'this test', env, dockerdArgs, log: (line) => lines.push(line) });
      const pid = first.startedEngine?.pid;
      assert.ok(pid, lines.join('\n'));
      assert.match(lines.join('\n'), /prereqs: starting dockerd --iptables=false -H unix:\/\/\S+docker\.sock --data-root/);
      assert.match(lines.join('\n'), /prereqs: Docker engine \S+ started in [\d.]+ m?s \(pid \d+\); it stops when this test ends/);
      const { docker } = await connectDocker({ setting: env.DOCKER_HOST }, 5000);
      assert.ok((await docker.version()).Version);

      const again: string[] = [];
      const second = await prereqs.preparePrerequisites({ needs: ['engine'], purpose: 'this test', env, dockerdArgs, log: (line) => again.push(line) });
      assert.equal(second.startedEngine, undefined);
      assert.equal(again.length, 1, again.join('\n'));
      assert.doesNotMatch(again[0], /install|start/);
      await second.release();
      assert.ok(alive(pid), 'the second run leaves the first run\'s engine alone');

      await first.release();
      rmSync(dirname(first.startedEngine!.logFile), { recursive: true, force: true });
      assert.equal(alive(pid), false, 'dockerd is gone after release()');
      assert.match(lines.at(-1)!, /^prereqs: stopped the Docker engine it started \(pid \d+\) in [\d.]+ m?s$/);
      assert.equal(existsSync(join(scratch, 'dockerd.pid')), false, 'a clean shutdown removes its pidfile');
    });

    it('stops it too when the command that started it crashes', async () => {
      const script = join(scratch, 'crash.mjs');
      writeFileSync(script, [
        `import { preparePrerequisites } from ${JSON.stringify(pathToFileURL(modulePath).href)};`,
        `const prereqs = await preparePrerequisites({ needs: ['engine'], purpose: 'a crashing command', dockerdArgs: ${JSON.stringify(dockerdArgs)} });`,
        `console.log('PID ' + prereqs.startedEngine.pid + ' LOG ' + prereqs.startedEngine.logFile);`,
        `throw new Error('the command failed');`,
      ].join('\n'));
      const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      assert.equal(code, 1, output);
      const pid = Number(/PID (\d+)/.exec(output)?.[1]);
      assert.ok(pid, output);
      await waitUntil(() => !alive(pid), 30_000, `dockerd ${pid} to stop after the command crashed`);
      const log = / LOG (\S+)/.exec(output)?.[1];
      if (log) rmSync(dirname(log), { recursive: true, force: true });
    });
  });
});
