// Containers that stop, start, are recreated, scaled up and down while the monitor runs, on both stats
// paths: each is picked up and dropped, and afterwards the monitor holds exactly what it held before
// the churn (stats and log streams, containers read directly, the cgroup files kept open), the
// process exactly as many file descriptors (/proc/self/fd) and timers, and after dispose() exactly the
// timers and descriptors of before the monitor, without waiting for keep-alive sockets to time out.
import * as assert from 'node:assert/strict';
import { readdirSync, readlinkSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildTestImage, dockerCli, requireDocker } from '../../support/docker';
import { ComposeStatsMonitor } from '../../../src/stats/monitor';
import type { ServiceState } from '../../../src/stats/types';
import { IMAGE, compose, sampled, service, waitForState, writeProject } from './helpers';

const PROJECT = 'stevedore-test-cgroup-leak';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const COMPOSE_YAML = `
services:
  idle:
    image: ${IMAGE}
    command: ["sh", "-c", "echo up; exec sleep 100000"]
    deploy:
      replicas: 2
`;

/** Open file descriptors of this process, by kind (sockets, pipes, files). */
function descriptors(): { total: number; sockets: number; files: number } {
  let sockets = 0;
  let files = 0;
  const entries = readdirSync('/proc/self/fd');
  for (const fd of entries) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // the directory's own descriptor, closed once listed
    }
    if (target.startsWith('socket:')) sockets++;
    else if (target.startsWith('/')) files++;
  }
  return { total: entries.length, sockets, files };
}

/** Active timers (setTimeout/setInterval not yet cleared or fired) in this process. */
function timers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

/** Wait until the counts settle on what they were (closing sockets is asynchronous), then compare. */
async function settled<T>(what: string, read: () => T, expected: T, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = read();
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < deadline) {
    await sleep(200);
    last = read();
  }
  const handles = (process as unknown as { _getActiveHandles?: () => object[] })._getActiveHandles?.() ?? [];
  const described = handles.filter((h) => h.constructor?.name === 'Timeout').map((h) => {
    const timer = h as { _idleTimeout?: number; _onTimeout?: () => void };
    return `${timer._idleTimeout} ms ${String(timer._onTimeout).slice(0, 120)}`;
  });
  assert.deepEqual(last, expected, `${what} (active: ${process.getActiveResourcesInfo().join(', ')}; timers: ${described.join(' | ')})`);
}

/**
 * For timers, a leak is growth: the baseline may have caught a timer of the moment (a keep-alive
 * socket's, a compose command's), so wait until the count is back at or under it.
 */
async function settledAtMost(what: string, read: () => number, most: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (read() > most && Date.now() < deadline) await sleep(200);
  if (read() > most) await settled(what, read, most, 0);
}

/**
 * Past Node's keep-alive timeout (5 s): sockets an engine request left in the HTTP agent's pool are
 * closed, so what remains is the monitor's own (its streams) and the process'.
 */
const KEEP_ALIVE_CLOSED_MS = 6000;
/** How long dispose() may take to close what it opened: well under the keep-alive timeout. */
const AFTER_DISPOSE_MS = 2500;

const ids = (states: ServiceState[]) => service(states, 'idle').containers.map((c) => c.containerId).sort();

describe('stats monitor: containers that come and go leak no timer, file or stream', function () {
  this.timeout(300_000);
  let dir: string;

  before(async function () {
    await requireDocker(this);
    await buildTestImage(IMAGE, '');
    dir = writeProject(PROJECT, COMPOSE_YAML);
    await compose(dir, PROJECT, ['up', '-d']);
  });

  after(async () => {
    if (dir) {
      await compose(dir, PROJECT, ['down', '-t', '1', '-v', '--remove-orphans']).catch(() => '');
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });

  for (const collector of ['cgroup', 'api'] as const) {
    it(`--collector ${collector}: stop/start, recreate and scale three times, then the same streams, files, fds and timers as before; no stream or file after dispose`, async () => {
      // Counted after an await: mocha arms this test's own timeout timer (a ref'd Timeout) only once the
      // test function has returned its promise, so a count taken synchronously missed it and "found" it
      // after dispose. Past the keep-alive timeout, sockets of earlier requests (the before hook) are closed.
      await sleep(KEEP_ALIVE_CLOSED_MS);
      const before = { fds: descriptors(), timers: timers() };
      const monitor = new ComposeStatsMonitor({ folder: dir, projectName: PROJECT, stateIntervalMs: 250, statsCollector: collector });
      const warnings: string[] = [];
      monitor.on('warning', (m) => warnings.push(m));
      try {
        await monitor.start();
        let states = await waitForState(monitor, 'both replicas sampled', (s) => sampled(service(s, 'idle'), 2));
        await sleep(KEEP_ALIVE_CLOSED_MS);
        const resources = monitor.openResources();
        assert.equal(resources.logStreams, 2, 'one log stream per running container');
        if (collector === 'cgroup') {
          assert.deepEqual([resources.statsStreams, resources.direct, resources.collected], [0, 2, 2], 'both read from their cgroup files, no stream');
          assert.ok(resources.directFiles > 2, `files kept open: ${resources.directFiles}`);
        } else {
          assert.deepEqual([resources.statsStreams, resources.direct, resources.directFiles], [2, 0, 0], 'one stats stream per container');
        }
        const baseline = { fds: descriptors(), timers: timers() };

        for (let round = 1; round <= 3; round++) {
          const second = service(states, 'idle').containers[1];
          await dockerCli(['stop', '-t', '1', second.container]);
          await waitForState(monitor, `round ${round}: the stopped replica dropped`, (s) => sampled(service(s, 'idle'), 1) && service(s, 'idle').containers.some((c) => c.state === 'exited'));
          await dockerCli(['start', second.container]);
          states = await waitForState(monitor, `round ${round}: the restarted replica picked up`, (s) => sampled(service(s, 'idle'), 2));
          const old = ids(states);
          await compose(dir, PROJECT, ['up', '-d', '--force-recreate']);
          states = await waitForState(monitor, `round ${round}: both recreated replicas picked up`, (s) =>
            sampled(service(s, 'idle'), 2) && service(s, 'idle').containers.length === 2 && ids(s).every((id) => !old.includes(id)), 60_000);
          await compose(dir, PROJECT, ['up', '-d', '--no-recreate', '--scale', 'idle=3']);
          await waitForState(monitor, `round ${round}: the third replica picked up`, (s) => sampled(service(s, 'idle'), 3));
          await compose(dir, PROJECT, ['up', '-d', '--no-recreate', '--scale', 'idle=2']);
          states = await waitForState(monitor, `round ${round}: back to two`, (s) => service(s, 'idle').containers.length === 2 && sampled(service(s, 'idle'), 2));
        }

        await settled('the monitor holds what it held before the churn', () => monitor.openResources(), resources);
        await sleep(KEEP_ALIVE_CLOSED_MS);
        await settledAtMost('no more timers than before the churn', timers, baseline.timers);
        await settled('as many file descriptors (files, sockets) as before the churn', descriptors, baseline.fds);
        assert.deepEqual(warnings, [], 'every container read through the chosen path');
      } finally {
        monitor.dispose();
      }
      await settled('after dispose: nothing open', () => monitor.openResources(), { statsStreams: 0, logStreams: 0, direct: 0, directFiles: 0, collected: 0 });
      // Within less than the keep-alive timeout (5 s): dispose() closes the sockets its client pooled
      // (its own agent, destroyed), rather than leaving them to time out in a shared pool.
      await settledAtMost('after dispose: no more timers than before the monitor', timers, before.timers, AFTER_DISPOSE_MS);
      await settled('after dispose: the file descriptors (files, sockets) of before the monitor', descriptors, before.fds, AFTER_DISPOSE_MS);
    });
  }
});
