// Kubernetes mode against a real Prometheus scraping two fake kubelets (cadvisorFixture, kubelet-style
// labels, counters growing at rates this test picks): the source shows exactly those rates, the pods
// grouped by their workload (from kube_pod_owner, and from the pod names when kube-state-metrics is
// absent), requests and limits beside each container, the pod cgroup and pause series left out.
import * as assert from 'node:assert/strict';
import { PrometheusSource, type KubernetesSnapshot } from '../../../src/stats';
import { startFixtureHost, type FixtureContainer, type FixtureHost } from '../../support/cadvisorFixture';
import { startPrometheus, type PrometheusServer } from '../../support/prometheus';
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, waitUntil } from '../../support/net';

const MiB = 1024 * 1024;
const id = (n: number) => n.toString(16).padStart(64, 'a');

function pod(
  n: number,
  namespace: string,
  podName: string,
  container: string,
  cpuCoresBusy: number,
  workingSetBytes: number,
  owner?: { kind: string; name: string },
): FixtureContainer {
  return {
    id: id(n),
    name: '',
    cpuCoresBusy,
    workingSetBytes,
    netRxBytesPerSecond: 1000 * n,
    processes: n,
    kubernetes: {
      namespace,
      pod: podName,
      container,
      ...(owner ? { owner } : {}),
      requests: { cpuCores: 0.1, memoryBytes: 64 * MiB },
      limits: { cpuCores: 1, memoryBytes: 128 * MiB },
    },
  };
}

const WEB_RS = { kind: 'ReplicaSet', name: 'web-7d9cf5b6c8' };
const DB_STS = { kind: 'StatefulSet', name: 'db' };
const nodeA = (ksm: boolean) => [
  pod(1, 'shop', 'web-7d9cf5b6c8-x2x4k', 'web', 0.25, 50 * MiB, ksm ? WEB_RS : undefined),
  pod(2, 'shop', 'db-0', 'db', 0.5, 100 * MiB, ksm ? DB_STS : undefined),
  pod(3, 'shop', 'db-0', 'metrics', 0.05, 10 * MiB, ksm ? DB_STS : undefined),
];
const nodeB = (ksm: boolean) => [
  pod(4, 'shop', 'web-7d9cf5b6c8-q5z7m', 'web', 0.75, 70 * MiB, ksm ? WEB_RS : undefined),
  pod(5, 'other', 'lonely', 'app', 0.1, 5 * MiB),
];

for (const ksm of [true, false]) {
  describe(`Prometheus source, Kubernetes mode (${ksm ? 'kube-state-metrics present' : 'no kube-state-metrics: pod name patterns'})`, function () {
    this.timeout(90_000);
    let hosts: FixtureHost[] = [];
    let prometheus: PrometheusServer | undefined;
    let source: PrometheusSource | undefined;
    let shot: KubernetesSnapshot;
    let nodeExporter: ChildProcess | undefined;

    before(async () => {
      hosts = [
        await startFixtureHost({ containers: nodeA(ksm), cpuCores: 4, memoryBytes: 8 * 1024 * MiB, kubeStateMetrics: ksm }),
        await startFixtureHost({ containers: nodeB(ksm), cpuCores: 8, memoryBytes: 16 * 1024 * MiB, kubeStateMetrics: ksm }),
      ];
      // Node Exporter (Debian's prometheus-node-exporter, CPU and memory only) for node-a.
      const nodePort = await freePort();
      nodeExporter = spawn('prometheus-node-exporter', [
        `--web.listen-address=127.0.0.1:${nodePort}`, '--collector.disable-defaults', '--collector.cpu', '--collector.meminfo',
      ], { stdio: 'ignore' });
      prometheus = await startPrometheus({
        targets: [
          { target: `127.0.0.1:${nodePort}`, labels: { node: 'node-a' }, job: 'node' },
          { target: hosts[0].target, labels: { node: 'node-a' }, job: 'kubelet' },
          { target: hosts[1].target, labels: { node: 'node-b' }, job: 'kubelet' },
        ],
        scrapeIntervalSeconds: 1,
      });
      await prometheus.waitForTargets();
      source = new PrometheusSource({ url: prometheus.url, timeoutMs: 5000 });
      // A series younger than the rate window (4 × the interval) gets an extrapolated rate: wait until
      // every container has a window and two scrapes of samples.
      await waitUntil(async () => {
        const counts = await prometheus!.query('count_over_time(container_cpu_usage_seconds_total{container!="",container!="POD"}[1m])');
        return counts.length === 5 && counts.every((c) => Number(c.value[1]) >= 7);
      }, 30_000, 'seven scrapes of every container');
      await waitUntil(async () => {
        shot = await source!.kubernetesSnapshot({ namespace: 'shop', range: '15m' });
        return shot.rows.length === 4 && shot.rows.every((row) => row.cpuPercent > 0);
      }, 30_000, 'all four containers of shop with a CPU rate');
    });

    after(async () => {
      source?.dispose();
      await prometheus?.stop();
      nodeExporter?.kill('SIGTERM');
      for (const host of hosts) await host.close();
    });

    it('reads the scrape interval from the server and picks the rate window from it', () => {
      assert.equal(shot.scrapeIntervalSeconds, 1);
      assert.equal(shot.rateWindowSeconds, 4);
    });

    it('groups the pods by workload: a Deployment over two nodes, a StatefulSet with two containers', () => {
      assert.deepEqual(shot.workloads.map((w) => [w.name, w.kind, w.source, [...w.pods].sort()]), [
        ['db', 'StatefulSet', ksm ? 'kube_pod_owner' : 'name-pattern', ['db-0']],
        ['web', 'Deployment', ksm ? 'kube_pod_owner' : 'name-pattern', ['web-7d9cf5b6c8-q5z7m', 'web-7d9cf5b6c8-x2x4k']],
      ]);
      assert.equal(shot.kubeStateMetrics, ksm);
      assert.deepEqual(shot.states.map((s) => s.service), ['db', 'web']);
      const web = shot.states.find((s) => s.service === 'web')!;
      assert.deepEqual(web.containers.map((c) => [c.container, c.host]).sort(), [
        ['web-7d9cf5b6c8-q5z7m/web', 'node-b'],
        ['web-7d9cf5b6c8-x2x4k/web', 'node-a'],
      ]);
      assert.ok(web.containers.every((c) => c.containerId.length === 64), 'the full container id');
    });

    it('shows exactly the rates the fixture grows its counters at, without the pod cgroup and pause series', () => {
      const row = (podName: string, container: string) => shot.rows.find((r) => r.pod === podName && r.container === `${podName}/${container}`)!;
      // [pod, container, CPU %, working set, rx B/s, processes]
      const expected: Array<[string, string, number, number, number, number]> = [
        ['web-7d9cf5b6c8-x2x4k', 'web', 25, 50 * MiB, 1000, 1],
        ['db-0', 'db', 50, 100 * MiB, 2000, 2],
        ['db-0', 'metrics', 5, 10 * MiB, 3000, 3],
        ['web-7d9cf5b6c8-q5z7m', 'web', 75, 70 * MiB, 4000, 4],
      ];
      for (const [podName, container, cpu, memory, rx, pids] of expected) {
        const r = row(podName, container);
        assert.ok(r, `${podName}/${container} in ${JSON.stringify(shot.rows.map((x) => x.container))}`);
        // The fixture computes a counter when it answers, Prometheus stamps it when the scrape began: 1 point covers that jitter.
        assert.ok(Math.abs(r.cpuPercent - cpu) < 1, `${podName}/${container} CPU ${r.cpuPercent} %, expected ${cpu} %`);
        assert.equal(r.memoryUsageBytes, memory);
        assert.equal(r.pids, pids);
        const state = shot.states.flatMap((s) => s.containers).find((c) => c.container === `${podName}/${container}`)!;
        assert.ok(Math.abs((state.netRxRate ?? 0) - rx) / rx < 0.02, `${podName}/${container} rx ${state.netRxRate} B/s, expected ${rx}`);
      }
      const web = shot.states.find((s) => s.service === 'web')!;
      assert.ok(Math.abs(web.total!.cpuPercent - 100) < 1, `web's two replicas sum to 100 %: ${web.total!.cpuPercent}`);
      assert.equal(web.total!.memoryUsageBytes, 120 * MiB);
    });

    it('an unlimited container shows its node memory as the limit, like docker stats', () => {
      const r = shot.rows.find((x) => x.pod === 'db-0' && x.container === 'db-0/db')!;
      assert.equal(r.memoryLimitBytes, 8 * 1024 * MiB);
      assert.ok(Math.abs(r.memoryPercent - (100 * 100) / (8 * 1024)) < 0.01);
      const hostB = shot.hosts.find((h) => h.host === 'node-b')!;
      assert.deepEqual([hostB.cpuCount, hostB.memoryBytes, hostB.replicas, hostB.nodeExporter], [8, 16 * 1024 * MiB, 1, false]);
    });

    it('a host scraped by Node Exporter shows its CPU use and available memory', () => {
      const hostA = shot.hosts.find((h) => h.host === 'node-a')!;
      assert.equal(hostA.nodeExporter, true);
      assert.equal(hostA.cpuCount, 4, "cAdvisor's machine_cpu_cores first");
      assert.ok(hostA.cpuUsePercent !== undefined && hostA.cpuUsePercent >= 0 && hostA.cpuUsePercent <= 100, `CPU use ${hostA.cpuUsePercent}`);
      assert.ok((hostA.memoryAvailableBytes ?? 0) > 0, `available ${hostA.memoryAvailableBytes}`);
    });

    it(ksm ? 'requests and limits come from kube-state-metrics, beside the observed peak' : 'without kube-state-metrics there are no requests or limits', () => {
      const web = shot.states.find((s) => s.service === 'web')!;
      const row = shot.rows.find((r) => r.workload === 'web')!;
      if (ksm) {
        assert.deepEqual(row.requests, { cpuCores: 0.1, memoryBytes: 64 * MiB });
        assert.deepEqual(row.limits, { cpuCores: 1, memoryBytes: 128 * MiB });
        assert.deepEqual(web.declared, { memoryLimitBytes: 128 * MiB, cpuLimit: 1, memoryReservationBytes: 64 * MiB, cpuReservation: 0.1 });
        assert.equal(web.peakMemoryBytes, 70 * MiB);
        assert.match(web.rightSizingHint ?? '', /^limit 128 MiB, reservation 64 MiB, peak 70 MiB over \d+ s$/);
      } else {
        assert.deepEqual(row.requests, {});
        assert.deepEqual(web.declared, {});
      }
    });

    it('lists the namespaces, and another namespace shows only its own pods', async () => {
      assert.deepEqual(await source!.namespaces(), ['other', 'shop']);
      const other = await source!.kubernetesSnapshot({ namespace: 'other' });
      assert.deepEqual(other.rows.map((r) => [r.workload, r.workloadKind, r.host]), [['lonely', 'Pod', 'node-b']]);
    });

    it('history: per workload series from query_range and the peaks over the range', async () => {
      const history = await source!.history({ namespace: 'shop', range: '15m' });
      assert.equal(history.stepSeconds, 3);
      assert.deepEqual(Object.keys(history.services).sort(), ['db', 'web'], JSON.stringify(history).slice(0, 2000));
      const web = history.services.web;
      assert.ok(web.time.length >= 1, 'points');
      const last = web.cpuPercent[web.cpuPercent.length - 1];
      assert.ok(Math.abs(last - 100) < 2, `web's last CPU point ${last}`);
      assert.equal(web.memoryUsageBytes[web.memoryUsageBytes.length - 1], 120 * MiB);
      assert.equal(history.peaks.find((p) => p.service === 'db')?.peakMemoryBytes, 100 * MiB);
      assert.equal(Object.keys(history.replicas).length, 4);
    });
  });
}
