// The load test in a real VS Code with the real engine: the demo compose project is brought up under
// its own name, the "Load test" action of the web service's row sends a short load to its published
// loopback port, and the panel's page answers a validated snapshot of its result card. A second run
// is compared with the first; a long run reads its CPU through the view's monitor (no second one)
// and is cancelled, its traffic stopping within a second.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../src/extension';
import { type LoadFromWebview, parseLoadFromWebview } from '../../src/shared/protocol/load';
import { buildTestImage, requireDocker } from '../support/docker';
import { demoFile, statsSnapshot, stevedore, waitFor } from './helpers';

const run = promisify(execFile);
const PROJECT = `stevedore-test-loadview-ext-${process.pid}`;
const DEMO_IMAGE = 'stevedore-demo-busybox:latest';

type LoadSnapshot = Extract<LoadFromWebview, { type: 'load/snapshot' }>;
let nextId = 2_000_000;

function loadSnapshot(api: StevedoreApi, timeoutMs = 5000): Promise<LoadSnapshot> {
  const webview = api.webviews.get('load');
  if (!webview) return Promise.reject(new Error('The load test panel is not open'));
  const id = nextId++;
  return new Promise<LoadSnapshot>((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error('The load test panel did not answer the snapshot request'));
    }, timeoutMs);
    const listener = webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseLoadFromWebview(raw);
      if (message?.type !== 'load/snapshot' || message.id !== id) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(message);
    });
    void webview.postMessage({ type: 'load/snapshotRequest', id });
  });
}

export default function register(): void {
  describe('load: a load test of the demo web service from its Container stats row', function () {
    this.timeout(240_000);
    let api: StevedoreApi;
    let compose: [string, string[]];
    const composeRun = (...args: string[]) =>
      run(compose[0], [...compose[1], '-p', PROJECT, '-f', demoFile('compose.yaml').fsPath, ...args], { cwd: demoFile().fsPath });
    const done = (): Promise<LoadSnapshot> => waitFor(async () => {
      const shot = await loadSnapshot(api).catch(() => undefined);
      return shot?.phase === 'done' || shot?.phase === 'error' ? shot : undefined;
    }, 'the load test panel to show its result card', 90_000);

    before(async function () {
      await requireDocker(this);
      try {
        await run('docker', ['compose', 'version']);
        compose = ['docker', ['compose']];
      } catch {
        compose = ['docker-compose', ['--compatibility']];
      }
      try {
        await run('docker', ['image', 'inspect', DEMO_IMAGE]);
      } catch {
        await buildTestImage(DEMO_IMAGE, 'CMD ["sh"]\n');
      }
      await composeRun('up', '-d', 'web');
      api = await stevedore();
    });

    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      if (compose) await composeRun('down', '-t', '1', '--remove-orphans').catch(() => undefined);
    });

    it('runs a short load on web and shows the result card with its CPU beside the latency', async () => {
      await vscode.commands.executeCommand('stevedore.containerStats.focus');
      await waitFor(async () => {
        const shot = await statsSnapshot(api).catch(() => undefined);
        return shot?.services.find((s) => s.service === 'web' && s.status === 'running' && s.numbersShown);
      }, 'the web row to run with numbers', 120_000);
      // The row's action and its context menu send this command with the row's project and service.
      const started = await vscode.commands.executeCommand<{ started: boolean } | undefined>('stevedore.load.run', {
        webviewSection: 'service', project: PROJECT, service: 'web',
        run: { mode: 'requests', requests: 300, durationSeconds: 10, concurrency: 4, rate: null, path: '/' },
      });
      assert.ok(started?.started, 'the load test started');
      const shot = await done();
      assert.equal(shot.phase, 'done', shot.card);
      assert.match(shot.card, /Requests\s*300(?!\d)/, shot.card);
      assert.match(shot.card, /p95\s*[\d.]+ ms/, shot.card);
      assert.match(shot.card, /Total\s*0(?!\d)/, `no errors against busybox httpd: ${shot.card}`);
      assert.match(shot.card, /CPU peak\s*[\d.]+%/, shot.card);
      assert.match(shot.card, /127\.0\.0\.1:\d+/, 'the traffic went to the loopback port web publishes');
      assert.ok(shot.ticks >= 1, 'the charts drew at least one second');
      assert.match(shot.card, /first run of this service/);
    });

    it('compares a second run with the first, and stops a long run within a second of Cancel', async () => {
      await vscode.commands.executeCommand('stevedore.load.run', {
        project: PROJECT, service: 'web', run: { mode: 'requests', requests: 200, durationSeconds: 10, concurrency: 2, rate: null, path: '/' },
      });
      const second = await done();
      assert.match(second.card, /Compared with the previous run/, second.card);
      assert.match(second.card, /p95 [\d.]+ ms → [\d.]+ ms/, second.card);

      const monitors = api.statsMonitors();
      assert.ok(monitors >= 1, 'the Container stats view holds its monitor');
      const long = vscode.commands.executeCommand('stevedore.load.run', {
        project: PROJECT, service: 'web', run: { mode: 'duration', requests: 1000, durationSeconds: 60, concurrency: 4, rate: null, path: '/' },
      });
      await waitFor(async () => {
        const shot = await loadSnapshot(api).catch(() => undefined);
        return shot?.phase === 'running' && shot.ticks >= 2 ? shot : undefined;
      }, 'two seconds of the long run', 30_000);
      assert.equal(api.statsMonitors(), monitors, "the run's saturation probe leased the view's monitor");
      const cancelledAt = Date.now();
      await vscode.commands.executeCommand('stevedore.load.cancel');
      await long;
      const stoppedMs = Date.now() - cancelledAt;
      assert.ok(stoppedMs < 1000, `the run ended ${stoppedMs} ms after Cancel`);
      const shot = await done();
      assert.match(shot.card, /Cancelled/, shot.card);
    });
  });
}
