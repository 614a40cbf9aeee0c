// One monitor per compose project in a process, on both stats paths: the Container stats view and a
// load test's saturation probe (the real one, src/load) lease the same monitor from a MonitorRegistry,
// so the containers are streamed or read once; a lease showing one service makes the monitor read
// only that service's containers; a hidden view beside a running probe reads only the probed
// service's; and the last release disposes the monitor with every stream, file, timer and socket.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildTestImage, requireDocker } from '../../support/docker';
import { composeSaturationProbe } from '../../../src/load/saturation';
import type { SaturationSample } from '../../../src/load/types';
import { MonitorRegistry } from '../../../src/stats/monitorRegistry';
import type { ComposeStatsMonitor } from '../../../src/stats/monitor';
import type { ServiceState } from '../../../src/stats/types';
import {
  AFTER_DISPOSE_MS, IMAGE, KEEP_ALIVE_CLOSED_MS, compose, descriptors, service, settled, settledAtMost, sleep, timers, waitForState, writeProject,
} from './helpers';

const PROJECT = 'stevedore-test-share';

const COMPOSE_YAML = `
services:
  api:
    image: ${IMAGE}
    command: ["sh", "-c", "exec sleep 100000"]
    deploy:
      replicas: 2
  worker:
    image: ${IMAGE}
    command: ["sh", "-c", "exec sleep 100000"]
`;

/** The services with a sampled container in `states`. */
const sampledServices = (states: ServiceState[]) =>
  states.filter((s) => s.containers.some((c) => c.sample)).map((s) => s.service).sort();

/** Wait until the monitor holds stats of `count` containers, by the given path. */
async function holds(monitor: ComposeStatsMonitor, collector: 'cgroup' | 'api', count: number, what: string): Promise<void> {
  const expected = collector === 'cgroup' ? { statsStreams: 0, direct: count } : { statsStreams: count, direct: 0 };
  await settled(what, () => {
    const { statsStreams, direct } = monitor.openResources();
    return { statsStreams, direct };
  }, expected);
}

describe('stats monitor shared by the view and a load test: one monitor, only the services shown', function () {
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
    it(`--collector ${collector}: two consumers, one monitor; one service shown, its containers only; hidden view + probe, the probed service only; the last release leaves nothing open`, async () => {
      await sleep(KEEP_ALIVE_CLOSED_MS);
      const before = { fds: descriptors(), timers: timers() };
      const registry = new MonitorRegistry();
      const options = { folder: dir, projectName: PROJECT, statsCollector: collector, historyMinutes: 1, stateIntervalMs: 250 };
      // The view: every service, live while shown, counting error lines.
      const view = registry.acquire({ ...options, criticalForSeconds: 30 }, { live: true });
      const monitor = view.monitor;
      let stopProbe: (() => void) | undefined;
      try {
        await monitor.start();
        await waitForState(monitor, 'the three containers sampled', (s) => sampledServices(s).length === 2
          && s.every((state) => state.containers.every((c) => c.sample)));
        await holds(monitor, collector, 3, 'the view alone: api ×2 and worker');
        assert.equal(monitor.openResources().logStreams, 3, 'the view counts error lines: one log stream per container');

        // A second consumer of the same project (another view, say): the same monitor, nothing opened twice.
        const second = registry.acquire({ ...options }, { live: true });
        assert.equal(second.monitor, monitor, 'the same monitor');
        assert.equal(registry.size, 1);
        await sleep(1500);
        await holds(monitor, collector, 3, 'two consumers: still one reading per container');
        second.release();
        assert.equal(registry.size, 1, 'the view still holds it');

        // The view shows only api: worker's container is no longer read, and its row loses its sample.
        view.setInterest({ live: true, services: ['api'] });
        await holds(monitor, collector, 2, 'api shown: its two containers only');
        let states = await waitForState(monitor, 'api sampled, worker not', (s) => sampledServices(s).join() === 'api');
        assert.equal(service(states, 'api').containers.filter((c) => c.sample).length, 2);

        // A load test of worker starts (the real probe, through the same registry), then the view is hidden.
        const samples: SaturationSample[] = [];
        const probe = composeSaturationProbe({ folder: dir, projectName: PROJECT, statsCollector: collector, service: 'worker', monitors: registry });
        stopProbe = await probe.start((sample) => samples.push(sample));
        assert.equal(registry.size, 1, 'the probe leased the view\'s monitor');
        await holds(monitor, collector, 3, 'api shown + worker probed');
        view.setInterest({ live: false });
        await holds(monitor, collector, 1, 'hidden view + probe on worker: worker\'s one container');
        states = await waitForState(monitor, 'worker sampled, api not', (s) => sampledServices(s).join() === 'worker');
        const count = samples.length;
        await waitForState(monitor, 'two more probe samples', () => samples.length >= count + 2);
        assert.equal(samples[samples.length - 1].replicas, 1);

        // The view goes (its lease released): the probe keeps the monitor, without the view's log streams.
        view.release();
        assert.equal(registry.size, 1, 'the probe still holds it');
        await holds(monitor, collector, 1, 'the probe alone: worker\'s one container');
        await settled('no log streams once no lease counts errors', () => monitor.openResources().logStreams, 0);

        // The load test ends: the last release disposes the monitor.
        stopProbe();
        stopProbe = undefined;
        assert.equal(registry.size, 0, 'no monitor left');
      } finally {
        stopProbe?.();
        view.release();
      }
      await settled('after the last release: nothing open', () => monitor.openResources(), { statsStreams: 0, logStreams: 0, direct: 0, directFiles: 0, collected: 0 });
      await settledAtMost('after the last release: no more timers than before', timers, before.timers, AFTER_DISPOSE_MS);
      await settled('after the last release: the file descriptors of before', descriptors, before.fds, AFTER_DISPOSE_MS);
    });
  }
});
