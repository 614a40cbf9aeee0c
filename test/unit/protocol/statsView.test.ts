// The engine's service states as the view's messages (src/vscode/stats/toView.ts).
import * as assert from 'node:assert/strict';
import { parseStatsToWebview } from '../../../src/shared/protocol/stats';
import { buildServiceStates, type ContainerView } from '../../../src/stats/serviceState';
import { DEFAULT_THRESHOLDS, type ComposeProject, type ContainerSample } from '../../../src/stats/types';
import { declaredWords, historyPoints, toViewProjects } from '../../../src/vscode/stats/toView';

const MiB = 1024 * 1024;
const project: ComposeProject = {
  name: 'shop',
  nameSource: 'folder',
  workingDir: '/work/shop',
  configFiles: ['/work/shop/compose.yaml'],
  warnings: [],
  services: [
    { name: 'web', declared: { memoryLimitBytes: 512 * MiB, cpuLimit: 0.5 }, replicas: 1, profiles: [] },
    { name: 'worker', declared: {}, replicas: 2, profiles: [] },
    { name: 'migrate', declared: {}, replicas: 1, profiles: [] },
  ],
};

const sample = (id: string, cpu: number, memory: number, limit: number, osType?: 'windows'): ContainerSample => ({
  containerId: id, container: id, readAt: 1_700_000_000_000, cpuPercent: cpu, memoryUsageBytes: memory, memoryLimitBytes: limit,
  memoryPercent: (memory / limit) * 100, netRxBytes: 10, netTxBytes: 20, blockReadBytes: 0, blockWriteBytes: 0, pids: 3,
  ...(osType ? { osType } : {}),
});
const id = (n: number): string => String(n).repeat(64).slice(0, 64);
const container = (n: number, service: string, state: string, s?: ContainerSample, rates?: ContainerView['rates']): ContainerView => ({
  // Started with `-p shop-dev`: the containers carry that project name.
  info: { containerId: id(n), container: `shop-dev-${service}-${n}`, project: 'shop-dev', service, number: n, state },
  ...(s ? { sample: s } : {}),
  ...(rates ? { rates } : {}),
});

describe('stats view rows from engine states', () => {
  const states = buildServiceStates(project, [
    container(1, 'web', 'running', sample(id(1), 47.5, 61 * MiB, 512 * MiB), { netRxRate: 100, netTxRate: 5, blockReadRate: 0, blockWriteRate: 8 }),
    container(2, 'worker', 'running', sample(id(2), 3, 10 * MiB, 32 * MiB), { netRxRate: 1, netTxRate: 2, blockReadRate: 3, blockWriteRate: 4 }),
    container(3, 'worker', 'running', sample(id(3), 5, 12 * MiB, 32 * MiB), { netRxRate: 10, netTxRate: 20, blockReadRate: 30, blockWriteRate: 40 }),
  ], DEFAULT_THRESHOLDS);
  const [view] = toViewProjects([{ folder: 'shop', services: states }]);

  it('puts a folder\'s services in one group named as its containers are, with never-created services in it', () => {
    assert.equal(view.project, 'shop-dev');
    assert.deepEqual(view.services.map((s) => [s.service, s.status]), [['web', 'running'], ['worker', 'running'], ['migrate', 'not-created']]);
  });

  it('sums the replicas\' rates into the service total and keeps each replica\'s own', () => {
    const worker = view.services.find((s) => s.service === 'worker')!;
    assert.equal(worker.total?.cpuPercent, 8);
    assert.deepEqual([worker.total?.netRxRate, worker.total?.netTxRate, worker.total?.blockReadRate, worker.total?.blockWriteRate], [11, 22, 33, 44]);
    assert.deepEqual(worker.containers.map((c) => c.numbers?.netRxRate), [1, 10]);
  });

  it('words the compose file\'s resources, and carries the right-sizing hint', () => {
    assert.deepEqual(declaredWords({ memoryLimitBytes: 512 * MiB, memoryReservationBytes: 64 * MiB, cpuLimit: 0.5 }, 2),
      ['memory limit 512 MiB', 'memory reservation 64 MiB', 'CPU limit 0.5', '2 replicas']);
    const web = view.services.find((s) => s.service === 'web')!;
    assert.deepEqual(web.declared, ['memory limit 512 MiB', 'CPU limit 0.5']);
    assert.equal(web.cpuLevel, 'critical', '47.5 % of a 0.5 CPU limit is 95 % of what it may use');
  });

  it('reports no memory limit for Windows containers, as docker stats prints "--"', () => {
    const windows = buildServiceStates(project, [container(1, 'web', 'running', sample(id(1), 1, 50 * MiB, 0, 'windows'))], DEFAULT_THRESHOLDS);
    const [row] = toViewProjects([{ folder: 'shop', services: windows }])[0].services;
    assert.equal(row.total?.memoryLimitBytes, 0);
    assert.equal(row.total?.memoryUsageBytes, 50 * MiB);
  });

  it('makes messages the page accepts', () => {
    const parsed = parseStatsToWebview({ type: 'stats/projects', at: 1, projects: [view] });
    assert.deepEqual(parsed, { type: 'stats/projects', at: 1, projects: [view] });
  });

  it('turns the ring buffer into [unix seconds, CPU %, memory bytes] points, skipping unusable ones', () => {
    const points = historyPoints({
      time: [1_700_000_000_000, 1_700_000_001_000, 1_700_000_002_000],
      cpuPercent: [1.234, Number.NaN, 3],
      memoryUsageBytes: [100.4, 200, 300],
      memoryPercent: [0, 0, 0], netRxRate: [0, 0, 0], netTxRate: [0, 0, 0], blockReadRate: [0, 0, 0], blockWriteRate: [0, 0, 0],
    });
    assert.deepEqual(points, [[1_700_000_000, 1.23, 100], [1_700_000_002, 3, 300]]);
  });
});

describe('stats view rows: message size', () => {
  it('sends percentages as the page prints them (two decimals), not every digit of the arithmetic', () => {
    const states = buildServiceStates(project, [
      container(1, 'web', 'running', sample(id(1), 4.320367878787879, 61 * MiB, 512 * MiB), { netRxRate: 1.23456, netTxRate: 0, blockReadRate: 0, blockWriteRate: 0 }),
    ], DEFAULT_THRESHOLDS);
    const web = toViewProjects([{ folder: 'shop', services: states }])[0].services[0];
    assert.equal(web.total?.cpuPercent, 4.32);
    assert.equal(web.total?.memoryPercent, 11.91);
    assert.equal(web.total?.netRxRate, 1.2);
  });
});
