// Live stats of a real compose project (busybox services with known behaviour) on the real engine,
// compared with `docker stats` for the same containers. The project is started with `-p` under a
// name that differs from its folder, so it must be found through the config_files labels.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { buildTestImage, dockerCli, requireDocker } from '../../support/docker';
import { ComposeStatsMonitor } from '../../../src/stats/monitor';
import { sampleOnce } from '../../../src/stats/snapshot';
import type { ContainerSample, CriticalEpisode, LogLine, ServiceState, StatsJsonRow } from '../../../src/stats/types';
import { bytesSize } from '../../../src/stats/units';
import { IMAGE, EngineWindows, assertCpuWithinWindows, assertMemoryWithinWindows, compose, dockerStats, parseSize, sampled, service, waitForState, writeProject, type DockerStatsLine } from './helpers';
import type { StatsCollectorMode } from '../../../src/stats/cgroupCollector';

const run = promisify(execFile);
const PROJECT = 'stevedore-t-stats-it';
/** The burner's CPU limit (a CFS quota): its one-second figures move by up to a period's quota. */
const BURNER_CPUS = 0.5;

const COMPOSE_YAML = `
services:
  burner:
    image: ${IMAGE}
    command: ["sh", "-c", "while :; do :; done"]
    deploy:
      resources:
        limits: { cpus: "${BURNER_CPUS}", memory: 64M }
  holder:
    image: ${IMAGE}
    # 40 MiB of anonymous memory (tmpfs) that stays put: memory figures are stable between reads.
    command: ["sh", "-c", "dd if=/dev/zero of=/dev/shm/fill bs=1M count=40 2>/dev/null; sleep 100000"]
    shm_size: 128m
    deploy:
      replicas: 2
      resources:
        limits: { memory: 96M }
        reservations: { memory: 48M }
  logger:
    image: ${IMAGE}
    command: ["sh", "-c", "echo starting; echo 'ERROR disk slow' >&2; echo 'all fine'; echo 'fatal: lost $$HOME'; sleep 100000"]
  later:
    image: ${IMAGE}
    command: ["sleep", "100000"]
    profiles: ["extra"]
`;

/** docker stats' figures vs ours for one container where nothing moves between reads: the memory limit and PIDs. */
function assertSameAsDockerStats(ours: ContainerSample, theirs: DockerStatsLine, label: string): void {
  const limit = theirs.MemUsage.split(' / ')[1];
  assert.equal(bytesSize(ours.memoryLimitBytes), limit, `${label}: memory limit`);
  assert.equal(String(ours.pids), theirs.PIDs, `${label}: PIDs`);
}

/** `docker stats --no-stream` run while ours samples, with the span it ran over (its one-second window lies inside). */
async function dockerStatsTimed(names: string[]): Promise<{ lines: Map<string, DockerStatsLine>; from: number; to: number }> {
  const from = Date.now();
  const lines = await dockerStats(names);
  return { lines, from, to: Date.now() };
}

/**
 * CPU and memory, ours and docker stats' alike, against the engine's windows over the span each was
 * measured in: the two are taken side by side, so their spans overlap, and each must agree with the
 * engine's own windows over its span (a busy container's CPU on a loaded machine moves from second to
 * second). Memory % is checked against memory and the limit, each already compared.
 */
async function assertMovingFiguresAsDockerStats(
  windows: EngineWindows,
  name: string,
  ours: { sample: Pick<ContainerSample, 'cpuPercent' | 'memoryUsageBytes' | 'memoryLimitBytes' | 'memoryPercent'>; from: number; to: number },
  theirs: { line: DockerStatsLine; from: number; to: number },
  label: string,
): Promise<void> {
  assert.ok(ours.from < theirs.to && theirs.from < ours.to, `${label}: ours and docker stats' spans overlap`);
  const { sample } = ours;
  const cpuLimit = name === `${PROJECT}_burner_1` ? BURNER_CPUS : undefined;
  await assertCpuWithinWindows(windows, name, sample.cpuPercent, ours.from, ours.to, `${label} (ours)`, cpuLimit);
  await assertCpuWithinWindows(windows, name, parseFloat(theirs.line.CPUPerc), theirs.from, theirs.to, `${label} (docker stats)`, cpuLimit);
  await assertMemoryWithinWindows(windows, name, sample.memoryUsageBytes, ours.from, ours.to, `${label} (ours)`);
  await assertMemoryWithinWindows(windows, name, parseSize(theirs.line.MemUsage.split(' / ')[0]), theirs.from, theirs.to, `${label} (docker stats)`);
  assert.ok(Math.abs(sample.memoryPercent - (sample.memoryUsageBytes / sample.memoryLimitBytes) * 100) < 1e-9, `${label}: memory % of the limit`);
}

describe('stats with a real compose project: the numbers docker stats shows', function () {
  this.timeout(180_000);
  let docker: Docker;
  let dir: string;
  let monitor: ComposeStatsMonitor | undefined;
  let windows: EngineWindows | undefined;
  const NAMES = ['burner_1', 'holder_1', 'holder_2', 'logger_1'].map((n) => `${PROJECT}_${n}`);

  before(async function () {
    docker = await requireDocker(this);
    await buildTestImage(IMAGE, '');
    dir = writeProject('shopdemo', COMPOSE_YAML);
    await compose(dir, PROJECT, ['up', '-d']);
    windows = await EngineWindows.open(docker, NAMES);
  });

  after(async function () {
    windows?.close();
    monitor?.dispose();
    if (dir) {
      await compose(dir, PROJECT, ['--profile', 'extra', 'down', '-v', '--remove-orphans']).catch(() => '');
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });

  it('finds the project started with another -p name through its config_files labels', async () => {
    const snapshot = await sampleOnce({ folder: dir, docker });
    assert.equal(snapshot.project.name, 'shopdemo', 'Compose would call the folder project "shopdemo"');
    const holder = service(snapshot.states, 'holder');
    assert.equal(holder.project, PROJECT, 'the containers carry the -p name');
    assert.equal(holder.containers.length, 2);
  });

  // The same comparisons on both paths: the cgroup files (cgroup v1 or v2, whichever this machine
  // runs) and the engine's stats API. `cgroup` rather than `auto`, so a container that falls back to
  // the API says so, and the test fails on it.
  for (const collector of ['cgroup', 'api'] as const satisfies readonly StatsCollectorMode[]) {
    describe(`through the ${collector === 'cgroup' ? 'cgroup files' : 'stats API'} (--collector ${collector})`, () => {
      it('--no-stream figures match docker stats --no-stream, taken side by side, for every container (CPU burner, memory holder, 2 replicas, limits)', async () => {
        const warnings: string[] = [];
        const from = Date.now();
        const [snapshot, theirs] = await Promise.all([
          sampleOnce({ folder: dir, docker, statsCollector: collector, onWarning: (m) => warnings.push(m) }).then((result) => ({ result, to: Date.now() })),
          dockerStatsTimed(NAMES),
        ]);
        assert.deepEqual(warnings, [], 'every container read through the chosen path');
        const names = snapshot.result.rows.map((row) => row.container);
        assert.equal(names.length, 4, `four running containers, got ${names.join(', ')}`);
        for (const state of snapshot.result.states) {
          for (const c of state.containers) {
            if (!c.sample) continue;
            const line = theirs.lines.get(c.container)!;
            assertSameAsDockerStats(c.sample, line, c.container);
            await assertMovingFiguresAsDockerStats(windows!, c.container, { sample: c.sample, from, to: snapshot.to }, { line, ...theirs }, c.container);
          }
        }
        const burner = service(snapshot.result.states, 'burner').containers[0].sample!;
        // Busy, and held under its 0.5 CPU limit (how busy depends on what else this machine runs).
        assert.ok(burner.cpuPercent > 1 && burner.cpuPercent < 60, `the burner burns within its 0.5 CPU limit: ${burner.cpuPercent}`);
        assert.equal(burner.memoryLimitBytes, 64 * 1024 ** 2, 'deploy.resources.limits.memory applied');
        const holder = service(snapshot.result.states, 'holder');
        for (const c of holder.containers) assert.ok(c.sample!.memoryUsageBytes >= 40 * 1024 ** 2, `${c.container} holds its 40 MiB`);
        assert.equal(holder.total!.memoryUsageBytes, holder.containers[0].sample!.memoryUsageBytes + holder.containers[1].sample!.memoryUsageBytes, 'the total sums the replicas');
        assert.equal(service(snapshot.result.states, 'later').status, 'not-created');
      });

      it('`stevedore stats --no-stream --format json` prints one documented row per container, matching docker stats side by side', async () => {
        const root = join(__dirname, '../../..');
        const from = Date.now();
        const [ours, theirs] = await Promise.all([
          run(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/cli/main.ts'), 'stats', '--no-stream', '--format', 'json', '--collector', collector], { cwd: dir }).then((result) => ({ ...result, to: Date.now() })),
          dockerStatsTimed(NAMES),
        ]);
        assert.equal(ours.stderr, '', 'no fallback warning: every container read through the chosen path');
        const rows = JSON.parse(ours.stdout) as StatsJsonRow[];
        assert.deepEqual(rows.map((r) => `${r.service}/${r.container}`).sort(), ['burner/stevedore-t-stats-it_burner_1', 'holder/stevedore-t-stats-it_holder_1', 'holder/stevedore-t-stats-it_holder_2', 'logger/stevedore-t-stats-it_logger_1']);
        for (const row of rows) {
          assert.deepEqual(Object.keys(row), ['project', 'service', 'container', 'containerId', 'cpuPercent', 'memoryUsageBytes', 'memoryLimitBytes', 'memoryPercent', 'netRxBytes', 'netTxBytes', 'blockReadBytes', 'blockWriteBytes', 'pids']);
          assert.equal(row.project, PROJECT);
          assert.match(row.containerId, /^[0-9a-f]{64}$/);
        }
        for (const row of rows) {
          const line = theirs.lines.get(row.container)!;
          assertSameAsDockerStats({ ...row, readAt: 0 }, line, `CLI ${row.container}`);
          await assertMovingFiguresAsDockerStats(windows!, row.container, { sample: row, from, to: ours.to }, { line, ...theirs }, `CLI ${row.container}`);
        }
      });

      it('streams the same numbers as docker stats side by side, one reading per container per second', async () => {
        const streaming = new ComposeStatsMonitor({ folder: dir, stateIntervalMs: 500, statsCollector: collector, countLogErrors: false });
        const warnings: string[] = [];
        streaming.on('warning', (m) => warnings.push(m));
        try {
          await streaming.start();
          await waitForState(streaming, 'samples from all four containers', (s) =>
            sampled(service(s, 'burner'), 1) && sampled(service(s, 'holder'), 2) && sampled(service(s, 'logger'), 1) &&
            service(s, 'burner').containers[0].sample!.cpuPercent > 5,
          );
          const theirs = await dockerStatsTimed(NAMES);
          // The monitor's latest readings, each over the second before its read time: they overlap docker stats' run.
          const fresh = await waitForState(streaming, 'readings after docker stats started', (s) =>
            s.every((st) => st.containers.every((c) => !c.sample || c.sample.readAt > theirs.from)),
          );
          for (const state of fresh) {
            for (const c of state.containers) {
              if (!c.sample) continue;
              const line = theirs.lines.get(c.container)!;
              assertSameAsDockerStats(c.sample, line, `streamed ${c.container}`);
              const ours = { sample: c.sample, from: c.sample.readAt - 1100, to: c.sample.readAt };
              await assertMovingFiguresAsDockerStats(windows!, c.container, ours, { line, ...theirs }, `streamed ${c.container}`);
            }
          }
          assert.deepEqual(warnings, [], 'every container read through the chosen path');
        } finally {
          streaming.dispose();
        }
      });
    });
  }

  // After the comparisons (mocha runs a suite's own tests before its nested suites): these change the project.
  describe('while streaming', () => {
    it('streams with a total and a right-sizing hint per service', async () => {
      monitor = new ComposeStatsMonitor({ folder: dir, stateIntervalMs: 500 });
      await monitor.start();
      assert.equal(monitor.connectionState.state, 'connected');
      await waitForState(monitor, 'samples from all four containers', (s) =>
        sampled(service(s, 'burner'), 1) && sampled(service(s, 'holder'), 2) && sampled(service(s, 'logger'), 1),
      );
      const holder = service(monitor.states(), 'holder');
      assert.equal(holder.status, 'running');
      assert.ok(holder.peakMemoryBytes! >= 40 * 1024 ** 2);
      assert.match(holder.rightSizingHint ?? '', /^limit 96 MiB, reservation 48 MiB, peak 4\d MiB over \d+ s$/);
      assert.ok(monitor.history('holder').time.length >= 1, 'the service has chart history');
    });

    it('counts error lines in the logs and follows logs with errors flagged', async () => {
      const states = await waitForState(monitor!, 'the logger error count', (s) => service(s, 'logger').errorCount === 2);
      assert.equal(service(states, 'logger').errorCount, 2, '"ERROR disk slow" and "fatal: lost $HOME"');
      const lines: LogLine[] = [];
      const follow = monitor!.followLogs('logger', (line) => lines.push(line));
      const deadline = Date.now() + 10_000;
      while (lines.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      follow.dispose();
      assert.deepEqual(lines.filter((l) => l.isError).map((l) => l.text).sort(), ['ERROR disk slow', 'fatal: lost $HOME'], 'stdout and stderr may interleave either way');
      assert.equal(lines.find((l) => l.text === 'ERROR disk slow')?.stream, 'stderr');
    });

    it('follows a container stopped and started while streaming (engine events)', async () => {
      const replica = service(monitor!.states(), 'holder').containers[1];
      await dockerCli(['stop', '-t', '1', replica.container]);
      let states = await waitForState(monitor!, 'the stopped replica', (s) => service(s, 'holder').containers.some((c) => c.containerId === replica.containerId && c.state === 'exited'));
      assert.equal(service(states, 'holder').status, 'partial');
      assert.equal(service(states, 'holder').containers.filter((c) => c.sample).length, 1, 'the stopped replica has no sample');
      await dockerCli(['start', replica.container]);
      states = await waitForState(monitor!, 'the restarted replica streaming again', (s) => sampled(service(s, 'holder'), 2) && service(s, 'holder').status === 'running');
      assert.equal(service(states, 'holder').containers.length, 2);
    });

    it('follows a service scaled up and down while streaming', async () => {
      await compose(dir, PROJECT, ['up', '-d', '--no-recreate', '--scale', 'holder=3']);
      let states = await waitForState(monitor!, 'three holder replicas', (s) => sampled(service(s, 'holder'), 3));
      assert.deepEqual(service(states, 'holder').containers.map((c) => c.number), [1, 2, 3]);
      await compose(dir, PROJECT, ['up', '-d', '--no-recreate', '--scale', 'holder=2']);
      states = await waitForState(monitor!, 'back to two replicas', (s) => service(s, 'holder').containers.length === 2);
      assert.ok(sampled(service(states, 'holder'), 2));
    });

    it('starts a declared but not created service through Compose, then stops and restarts it', async () => {
      const output = await monitor!.startService('later');
      assert.ok(typeof output === 'string');
      let states: ServiceState[] = await waitForState(monitor!, 'the started service', (s) => sampled(service(s, 'later'), 1), 60_000);
      assert.equal(service(states, 'later').project, PROJECT, 'created under the project name its siblings run with');
      await monitor!.stopService('later');
      states = await waitForState(monitor!, 'the stopped service', (s) => service(s, 'later').status === 'stopped');
      await monitor!.startService('later');
      states = await waitForState(monitor!, 'started again', (s) => service(s, 'later').status === 'running' && sampled(service(s, 'later'), 1));
      const inspect = (await monitor!.inspect(service(states, 'later').containers[0].containerId)) as { Config?: { Labels?: Record<string, string> } };
      assert.equal(inspect.Config?.Labels?.['com.docker.compose.service'], 'later');
    });

    it('notifies once when a service stays critical, not once per sample', async () => {
      // Thresholds low enough that the burner is surely critical, whatever else loads this machine.
      const strict = new ComposeStatsMonitor({ folder: dir, stateIntervalMs: 250, criticalForSeconds: 2, countLogErrors: false, thresholds: { cpu: { warning: 0.2, critical: 0.5 }, memory: { warning: 99, critical: 100 } } });
      const episodes: CriticalEpisode[] = [];
      strict.on('critical', (episode) => episodes.push(episode));
      try {
        await strict.start();
        await waitForState(strict, 'the burner critical', (s) => service(s, 'burner').cpuLevel === 'critical');
        await new Promise((r) => setTimeout(r, 7000));
      } finally {
        strict.dispose();
      }
      const burner = episodes.filter((e) => e.service === 'burner');
      assert.equal(burner.length, 1, `one notification for one episode, got ${burner.length}`);
      assert.equal(burner[0].metric, 'cpu');
      assert.ok(burner[0].criticalForMs >= 2000);
      assert.equal(burner[0].project, PROJECT);
    });

    it('pauses streams while hidden and resumes when shown', async () => {
      monitor!.setVisible(false);
      let emitted = 0;
      const count = () => emitted++;
      monitor!.on('state', count);
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(emitted, 0, 'no state while hidden');
      monitor!.setVisible(true);
      await waitForState(monitor!, 'streams resumed', (s) => sampled(service(s, 'holder'), 2) && sampled(service(s, 'burner'), 1));
      monitor!.off('state', count);
      assert.ok(emitted > 0);
    });
  });
});
