// One compose project on two hosts, as a real Prometheus sees it: `stevedore exporter` on this
// machine's engine (host-a, where the project runs), a cAdvisor-style host (host-b, one more worker
// replica), and a day of history for both backfilled with promtool before the server starts. Used by
// the extension test of the Container stats view in Prometheus mode and by the README screenshot.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFixtureHost, type FixtureContainer, type FixtureHost } from './cadvisorFixture';
import { freePort, waitUntil } from './net';
import { startPrometheus } from './prometheus';
import { backfillPrometheus, type BackfillSeries } from './prometheusBackfill';

const MiB = 1024 * 1024;
const DAY = 86_400;

export interface TwoHostOptions {
  /** The compose project's name, as its containers on this engine carry it. */
  project: string;
  /** The image host-b's replica reports. */
  image: string;
  /** Runs `stevedore exporter`: the Node (or Electron run as Node) executable and dist/cli.js. */
  node: string;
  cli: string;
  scrapeIntervalSeconds?: number;
}

export interface TwoHostStack {
  url: string;
  /** host-b's worker replica's full id. */
  hostBWorkerId: string;
  stop(): Promise<void>;
}

/** What a service did over the last day, per replica: CPU cores busy and working set in a daily swing. */
interface PastReplica {
  host: 'host-a' | 'host-b';
  service: string;
  number: number;
  cpuCores: number;
  memoryBytes: number;
  limitBytes: number;
}

const PAST: PastReplica[] = [
  { host: 'host-a', service: 'web', number: 1, cpuCores: 0.04, memoryBytes: 6 * MiB, limitBytes: 64 * MiB },
  { host: 'host-a', service: 'worker', number: 1, cpuCores: 0.12, memoryBytes: 9 * MiB, limitBytes: 32 * MiB },
  { host: 'host-a', service: 'worker', number: 2, cpuCores: 0.1, memoryBytes: 8 * MiB, limitBytes: 32 * MiB },
  { host: 'host-b', service: 'worker', number: 3, cpuCores: 0.2, memoryBytes: 12 * MiB, limitBytes: 32 * MiB },
  { host: 'host-a', service: 'cache', number: 1, cpuCores: 0.01, memoryBytes: 22 * MiB, limitBytes: 128 * MiB },
];

/** One replica's day as counters and gauges, with the labels cAdvisor and the exporter write. */
function pastSeries(project: string, image: string, targets: Record<string, string>, replica: PastReplica, from: number): BackfillSeries[] {
  const id = randomBytes(32).toString('hex');
  const labels = {
    job: 'stevedore', instance: targets[replica.host], host: replica.host, id: `/docker/${id}`,
    name: `${project}-${replica.service}-${replica.number}`, image,
    container_label_com_docker_compose_project: project,
    container_label_com_docker_compose_service: replica.service,
    container_label_com_docker_compose_container_number: String(replica.number),
  };
  // Busier by day: CPU between 0.4× and 1.6× its mean; memory follows with a lag of two hours.
  const phase = (t: number): number => ((t - from) / DAY) * 2 * Math.PI;
  const amplitude = 0.6 * replica.cpuCores;
  return [
    {
      // The integral of cpuCores × (1 + 0.6 sin), so rate() gives the swing back.
      metric: 'container_cpu_usage_seconds_total',
      labels: { ...labels, cpu: 'total' },
      value: (t) => replica.cpuCores * (t - from) + (amplitude * DAY / (2 * Math.PI)) * (1 - Math.cos(phase(t))),
    },
    {
      metric: 'container_memory_working_set_bytes',
      labels,
      value: (t) => Math.round(replica.memoryBytes * (1 + 0.35 * Math.sin(phase(t - 7200)))),
    },
    { metric: 'container_spec_memory_limit_bytes', labels, value: () => replica.limitBytes },
  ];
}

function hostBWorker(project: string, image: string, id: string): FixtureContainer {
  return {
    id,
    name: `${project}-worker-3`,
    image,
    cpuCoresBusy: 0.2,
    workingSetBytes: 12 * MiB,
    memoryLimitBytes: 32 * MiB,
    processes: 2,
    labels: {
      'com.docker.compose.project': project,
      'com.docker.compose.service': 'worker',
      'com.docker.compose.container-number': '3',
    },
  };
}

export async function startTwoHostStack(options: TwoHostOptions): Promise<TwoHostStack> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };
  try {
    const exporterPort = await freePort();
    const exporter: ChildProcess = spawn(options.node, [options.cli, 'exporter', '--listen', `127.0.0.1:${exporterPort}`], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: 'ignore',
    });
    cleanups.push(() => {
      exporter.kill('SIGTERM');
    });
    await waitUntil(async () => {
      const answer = await fetch(`http://127.0.0.1:${exporterPort}/metrics`).catch(() => undefined);
      return Boolean(answer?.ok && (await answer.text()).includes(options.project));
    }, 60_000, 'the exporter to serve the compose project');

    const hostBWorkerId = randomBytes(32).toString('hex');
    const hostB: FixtureHost = await startFixtureHost({
      containers: [hostBWorker(options.project, options.image, hostBWorkerId)],
      cpuCores: 8,
      memoryBytes: 16 * 1024 * MiB,
    });
    cleanups.push(() => hostB.close());

    const dataDir = mkdtempSync(join(tmpdir(), 'stevedore-test-prom-data-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const targets = { 'host-a': `127.0.0.1:${exporterPort}`, 'host-b': hostB.target };
    const now = Math.floor(Date.now() / 1000);
    const from = now - DAY;
    const series = PAST.flatMap((replica) => pastSeries(options.project, options.image, targets, replica, from));
    // Up to 7 minutes ago: backfilled series carry no staleness markers, so an instant query would
    // still count those replicas within its 5-minute lookback. The server's own scrapes follow.
    await backfillPrometheus(dataDir, series, { from, to: now - 420, stepSeconds: 60 });

    const server = await startPrometheus({
      targets: [
        { target: targets['host-a'], labels: { host: 'host-a' } },
        { target: targets['host-b'], labels: { host: 'host-b' } },
      ],
      scrapeIntervalSeconds: options.scrapeIntervalSeconds ?? 2,
      dataDir,
    });
    cleanups.push(() => server.stop());
    return { url: server.url, hostBWorkerId, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
