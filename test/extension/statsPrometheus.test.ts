// The Container stats view with Prometheus as its source, in a real VS Code: a real Prometheus
// (Debian's package, a free loopback port, a temporary data folder holding a backfilled day) scrapes
// two hosts, `stevedore exporter` on the test's engine (host-a, running the demo project) and a
// cAdvisor-style host (host-b, one more worker replica of the same project). The view lists the
// project across both hosts, says which replicas this engine can act on, and the range picker
// redraws the charts from query_range.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../src/extension';
import type { RenderedService } from '../../src/shared/protocol/stats';
import { startFixtureHost, type FixtureContainer, type FixtureHost } from '../support/cadvisorFixture';
import { buildTestImage, requireDocker } from '../support/docker';
import { startPrometheus, type PrometheusServer } from '../support/prometheus';
import { startTwoHostStack, type TwoHostStack } from '../support/prometheusTwoHosts';
import { demoFile, driver, EXTENSION_ID, statsSnapshot, type StatsSnapshot, stevedore, waitFor } from './helpers';

const run = promisify(execFile);
const PROJECT = `stevedore-test-promview-${process.pid}`;
const DEMO_IMAGE = 'stevedore-demo-busybox:latest';

async function composeCommand(): Promise<[string, string[]]> {
  try {
    await run('docker', ['compose', 'version']);
    return ['docker', ['compose']];
  } catch {
    return ['docker-compose', ['--compatibility']];
  }
}

export default function register(): void {
  describe('stats (Prometheus source): two hosts and the range picker', function () {
    this.timeout(300_000);
    let api: StevedoreApi;
    let composeFile: string;
    let compose: [string, string[]];
    let stack: TwoHostStack | undefined;

    const composeRun = (...args: string[]) =>
      run(compose[0], [...compose[1], '-p', PROJECT, '-f', composeFile, ...args], { cwd: demoFile().fsPath, maxBuffer: 16 * 1024 * 1024 });
    const snapshot = (): Promise<StatsSnapshot | undefined> => statsSnapshot(api).catch(() => undefined);
    const serviceIn = (shot: StatsSnapshot | undefined, name: string): RenderedService | undefined =>
      shot?.services.find((s) => s.service === name);
    const settings = () => vscode.workspace.getConfiguration('stevedore');

    before(async function () {
      await requireDocker(this);
      compose = await composeCommand();
      composeFile = demoFile('compose.yaml').fsPath;
      try {
        await run('docker', ['image', 'inspect', DEMO_IMAGE]);
      } catch {
        await buildTestImage(DEMO_IMAGE, 'CMD ["sh"]\n');
      }
      await composeRun('up', '-d');
      // host-a: the exporter the extension ships (dist/cli.js), on this test's engine; host-b: cAdvisor-style.
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, 'the extension is installed');
      stack = await startTwoHostStack({
        project: PROJECT,
        image: DEMO_IMAGE,
        node: process.execPath,
        cli: join(extension.extensionPath, 'dist', 'cli.js'),
      });
      await settings().update('prometheus.url', stack.url, vscode.ConfigurationTarget.Workspace);
      await settings().update('stats.source', 'prometheus', vscode.ConfigurationTarget.Workspace);
      api = await stevedore();
      await vscode.commands.executeCommand('stevedore.containerStats.focus');
      await waitFor(() => api.webviews.get('stats'), 'the stats webview to resolve');
    });

    after(async () => {
      await settings().update('stats.source', undefined, vscode.ConfigurationTarget.Workspace);
      await settings().update('prometheus.url', undefined, vscode.ConfigurationTarget.Workspace);
      await stack?.stop();
      if (composeFile) await composeRun('down', '-t', '1', '--remove-orphans').catch(() => undefined);
    });

    it('lists the project across both hosts, each replica with its host, and the hosts header', async () => {
      const shot = await waitFor(async () => {
        const answer = await snapshot();
        const worker = serviceIn(answer, 'worker');
        return worker?.numbersShown && worker.hosts?.includes('host-b') && worker.hosts.includes('host-a')
          && ['web', 'cache'].every((name) => serviceIn(answer, name)?.numbersShown) ? answer : undefined;
      }, 'the view to list web, cache and worker on host-a and host-b', 180_000);
      const worker = serviceIn(shot, 'worker')!;
      assert.equal(worker.status, '3 running', 'two workers here and one on host-b');
      assert.deepEqual(serviceIn(shot, 'web')?.hosts, ['host-a']);
      assert.equal(shot.banner, '', 'no source problem is shown');
      assert.match(shot.header ?? '', /host-a/);
      assert.match(shot.header ?? '', /host-b/);
      assert.match(shot.header ?? '', /8 CPUs/, 'host-b reports machine_cpu_cores');
      // host-b's replica cannot be acted on from here, and the row says so in words.
      assert.match(worker.detail ?? '', /host-b is not reachable from here/);
    });

    it('redraws the chart from history when the range picker moves to 24 h', async () => {
      const now = Date.now() / 1000;
      const before = await waitFor(async () => {
        const answer = await snapshot();
        return answer?.range === '1h' && serviceIn(answer, 'worker')?.chart ? answer : undefined;
      }, 'the 1 h chart of the worker', 60_000);
      const hourChart = serviceIn(before, 'worker')!.chart!;
      assert.ok(hourChart.first >= now - 3700, `the 1 h chart starts within the hour (${now - hourChart.first} s ago)`);

      await driver({ action: 'clickInWebview', role: 'radio', name: 'Last 24 h' });
      // The chart is posted as the history arrives and the rows (with the hint) 50 ms later, coalesced
      // with other changes: wait for both, and say what was shown if they never agree.
      const hint = /limit 32 MiB, peak [\d.]+ MiB over (2[34] h|1 d)/;
      let last: RenderedService | undefined;
      const after = await waitFor(async () => {
        const answer = await snapshot();
        const worker = last = serviceIn(answer, 'worker');
        const chart = worker?.chart;
        return answer?.range === '24h' && chart && chart.first < now - 20 * 3600 && hint.test(worker.detail ?? '') ? answer : undefined;
      }, 'the worker chart to reach back a day and its hint to speak of it', 60_000).catch((error: Error) => {
        throw new Error(`${error.message}; the worker row showed ${JSON.stringify(last)}`);
      });
      const dayChart = serviceIn(after, 'worker')!.chart!;
      assert.ok(dayChart.points > hourChart.points / 2, `the day is drawn with points (${dayChart.points})`);
      assert.ok(now - dayChart.first > 23 * 3600, `the 24 h chart starts a day ago (${Math.round((now - dayChart.first) / 3600)} h)`);
      // The right-sizing hint speaks of the chosen range.
      assert.match(serviceIn(after, 'worker')!.detail ?? '', hint);
    });
  });
}

/** A kubelet-style replica of namespace `shop`: two pods of Deployment `api`, one of StatefulSet `db`. */
function kubePod(pod: string, container: string, owner: { kind: string; name: string }, cpu: number, mib: number, limits: boolean): FixtureContainer {
  return {
    id: randomBytes(16).toString('hex'),
    name: container,
    cpuCoresBusy: cpu,
    workingSetBytes: mib * 1024 * 1024,
    kubernetes: {
      namespace: 'shop',
      pod,
      container,
      owner,
      ...(limits ? {
        requests: { cpuCores: 0.25, memoryBytes: 64 * 1024 * 1024 },
        limits: { cpuCores: 1, memoryBytes: 256 * 1024 * 1024 },
      } : {}),
    },
  };
}

export function registerKubernetes(): void {
  describe('stats (Prometheus source, Kubernetes): pods grouped by workload', function () {
    this.timeout(180_000);
    let api: StevedoreApi;
    let node: FixtureHost | undefined;
    let server: PrometheusServer | undefined;
    const settings = () => vscode.workspace.getConfiguration('stevedore');
    const snapshot = (): Promise<StatsSnapshot | undefined> => statsSnapshot(api).catch(() => undefined);

    before(async () => {
      node = await startFixtureHost({
        cpuCores: 4,
        memoryBytes: 8 * 1024 * 1024 * 1024,
        kubeStateMetrics: true,
        containers: [
          kubePod('api-7d9f8b6c5d-x2x9z', 'api', { kind: 'ReplicaSet', name: 'api-7d9f8b6c5d' }, 0.5, 40, true),
          kubePod('api-7d9f8b6c5d-k8mfq', 'api', { kind: 'ReplicaSet', name: 'api-7d9f8b6c5d' }, 0.25, 30, true),
          kubePod('db-0', 'postgres', { kind: 'StatefulSet', name: 'db' }, 0.1, 120, false),
        ],
      });
      server = await startPrometheus({ targets: [{ target: node.target, labels: { node: 'node-1' } }], scrapeIntervalSeconds: 1 });
      await settings().update('prometheus.url', server.url, vscode.ConfigurationTarget.Workspace);
      await settings().update('prometheus.kubernetes', true, vscode.ConfigurationTarget.Workspace);
      await settings().update('prometheus.namespace', 'shop', vscode.ConfigurationTarget.Workspace);
      await settings().update('stats.source', 'prometheus', vscode.ConfigurationTarget.Workspace);
      api = await stevedore();
      await vscode.commands.executeCommand('stevedore.containerStats.focus');
      await waitFor(() => api.webviews.get('stats'), 'the stats webview to resolve');
    });

    after(async () => {
      for (const key of ['stats.source', 'prometheus.kubernetes', 'prometheus.namespace', 'prometheus.url']) {
        await settings().update(key, undefined, vscode.ConfigurationTarget.Workspace);
      }
      await server?.stop();
      await node?.close();
    });

    it('shows each workload with its pods, the rates the pods run at, and requests and limits beside the peak', async () => {
      let last: StatsSnapshot | undefined;
      const shot = await waitFor(async () => {
        const answer = last = await snapshot();
        const apiRow = answer?.services.find((s) => s.service === 'api');
        return apiRow?.numbersShown && /peak/.test(apiRow.detail ?? '') ? answer : undefined;
      }, 'the api workload with numbers and its peak', 90_000).catch((error: Error) => {
        throw new Error(`${error.message}; the view showed ${JSON.stringify(last)}`);
      });
      const apiRow = shot.services.find((s) => s.service === 'api')!;
      const db = shot.services.find((s) => s.service === 'db');
      assert.equal(apiRow.status, '2 running', 'two pods of the Deployment, one row');
      assert.ok(db, 'the StatefulSet db-0 is its own workload');
      assert.deepEqual(apiRow.hosts, ['node-1']);
      // 0.5 + 0.25 cores busy: 75% of one core, as docker stats counts. In a series' first seconds
      // rate() divides the few samples it has by the whole window and reads low (measured: 43% two
      // seconds after the first scrape), so the rate is checked once Prometheus holds ten seconds of
      // every pod's counter (the view's window is 4 scrape intervals, read one interval back), on a
      // view refresh made after that: the CPU the row shows changes with each refresh.
      const cpuOf = (row: RenderedService | undefined): number => Number(/([\d.]+)%/.exec(row?.text ?? '')?.[1]);
      await waitFor(async () => {
        const counts = await server!.query('min(count_over_time(container_cpu_usage_seconds_total{namespace="shop",container!="",container!="POD"}[10s]))');
        return Number(counts[0]?.value[1]) >= 9 || undefined;
      }, 'ten seconds of samples of every pod in Prometheus', 60_000);
      const stale = cpuOf((await snapshot())?.services.find((s) => s.service === 'api'));
      const seen: string[] = [];
      const cpu = await waitFor(async () => {
        const row = (await snapshot())?.services.find((s) => s.service === 'api');
        const value = cpuOf(row);
        if (!Number.isFinite(value) || value === stale) return undefined;
        seen.push(row!.text);
        return value;
      }, 'a refresh of the api row after the window filled', 30_000);
      assert.ok(Math.abs(cpu - 75) < 5, `api CPU ${cpu}% is the pods' 75% (row: ${seen.join(' | ')})`);
      assert.match(apiRow.text, /Deployment/);
      assert.match(apiRow.detail ?? '', /Requests and limits:.*request/);
      assert.match(apiRow.detail ?? '', /limit 256 MiB.*peak \d+ MiB over/);
      assert.match(apiRow.detail ?? '', /use kubectl/);
      assert.match(shot.header ?? '', /Kubernetes pods by workload/);
      assert.equal(shot.banner, '');
    });
  });
}
