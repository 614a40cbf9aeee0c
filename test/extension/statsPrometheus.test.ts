// The Container stats view with Prometheus as its source, in a real VS Code: a real Prometheus
// (Debian's package, a free loopback port, a temporary data folder holding a backfilled day) scrapes
// two hosts, `stevedore exporter` on the test's engine (host-a, running the demo project) and a
// cAdvisor-style host (host-b, one more worker replica of the same project). The view lists the
// project across both hosts, says which replicas this engine can act on, and the range picker
// redraws the charts from query_range.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../src/extension';
import type { RenderedService } from '../../src/shared/protocol/stats';
import { buildTestImage, requireDocker } from '../support/docker';
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
      const after = await waitFor(async () => {
        const answer = await snapshot();
        const chart = serviceIn(answer, 'worker')?.chart;
        return answer?.range === '24h' && chart && chart.first < now - 20 * 3600 ? answer : undefined;
      }, 'the worker chart to reach back a day', 60_000);
      const dayChart = serviceIn(after, 'worker')!.chart!;
      assert.ok(dayChart.points > hourChart.points / 2, `the day is drawn with points (${dayChart.points})`);
      assert.ok(now - dayChart.first > 23 * 3600, `the 24 h chart starts a day ago (${Math.round((now - dayChart.first) / 3600)} h)`);
      // The right-sizing hint speaks of the chosen range.
      assert.match(serviceIn(after, 'worker')!.detail ?? '', /limit 32 MiB, peak [\d.]+ MiB over (2[34] h|1 d)/);
    });
  });
}
