// Containers that stop, start, are recreated, scaled up and down while the monitor runs, on both stats
// paths: each is picked up and dropped, and afterwards the monitor holds exactly what it held before
// the churn (stats and log streams, containers read directly, the cgroup files kept open), the
// process exactly as many file descriptors (/proc/self/fd) and timers, and after dispose() exactly the
// timers and descriptors of before the monitor, without waiting for keep-alive sockets to time out.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildTestImage, dockerCli, requireDocker } from '../../support/docker';
import { ComposeStatsMonitor } from '../../../src/stats/monitor';
import type { ServiceState } from '../../../src/stats/types';
import {
  AFTER_DISPOSE_MS, IMAGE, KEEP_ALIVE_CLOSED_MS, compose, descriptors, sampled, service, settled, settledAtMost, sleep, timers, waitForState, writeProject,
} from './helpers';

const PROJECT = 'stevedore-test-cgroup-leak';

const COMPOSE_YAML = `
services:
  idle:
    image: ${IMAGE}
    command: ["sh", "-c", "echo up; exec sleep 100000"]
    deploy:
      replicas: 2
`;

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
