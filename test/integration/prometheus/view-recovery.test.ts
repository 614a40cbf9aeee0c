// The Container stats view's Prometheus side (PrometheusView over the feed and the real reader, the
// same objects the extension builds, without VS Code) against a real Prometheus that goes away and
// comes back at the same address: the view says so in one sentence and then, with no click and no
// setting touched, shows the rows and redraws the history again. Loopback only.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatsToWebview } from '../../../src/shared/protocol/stats';
import { DEFAULT_THRESHOLDS } from '../../../src/stats';
import { createScopeReader } from '../../../src/vscode/stats/prometheusReader';
import type { PrometheusSettings } from '../../../src/vscode/stats/prometheusSettings';
import { PrometheusView } from '../../../src/vscode/stats/prometheusView';
import { startFixtureHost, type FixtureContainer, type FixtureHost } from '../../support/cadvisorFixture';
import { freePort, waitUntil } from '../../support/net';
import { startPrometheus, type PrometheusServer } from '../../support/prometheus';

const NAMESPACE = 'stevedore-test-promrecover';

function pod(name: string, cpu: number): FixtureContainer {
  return {
    id: randomBytes(16).toString('hex'),
    name: 'app',
    cpuCoresBusy: cpu,
    workingSetBytes: 20 * 1024 * 1024,
    kubernetes: { namespace: NAMESPACE, pod: name, container: 'app', owner: { kind: 'ReplicaSet', name: 'app-6c9f7d8b5f' } },
  };
}

describe('Container stats view, Prometheus source: recovers by itself when Prometheus comes back', function () {
  this.timeout(180_000);
  let node: FixtureHost | undefined;
  let server: PrometheusServer | undefined;
  let view: PrometheusView | undefined;
  let dataDir: string | undefined;

  after(async () => {
    view?.dispose();
    await server?.stop();
    await node?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('one sentence while the server is down, then the rows and the history again without a retry', async () => {
    node = await startFixtureHost({
      kubeStateMetrics: true,
      containers: [pod('app-6c9f7d8b5f-x2x9z', 0.5), pod('app-6c9f7d8b5f-k8mfq', 0.25)],
    });
    const port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'stevedore-test-promrecover-data-'));
    const start = () => startPrometheus({ targets: [{ target: node!.target, labels: { node: 'node-1' } }], scrapeIntervalSeconds: 1, port, dataDir });
    server = await start();
    const url = server.url;
    const settings: PrometheusSettings = {
      source: 'prometheus', url, authentication: 'none', username: '', caFile: '', timeoutSeconds: 5, kubernetes: true, namespace: NAMESPACE,
    };
    const posted: StatsToWebview[] = [];
    const logs: string[] = [];
    view = new PrometheusView({
      url,
      kubernetes: true,
      namespace: NAMESPACE,
      range: '15m',
      timeoutSeconds: settings.timeoutSeconds,
      engineName: 'unix:///var/run/docker.sock',
      createReader: (scope) => createScopeReader(settings, undefined, scope, DEFAULT_THRESHOLDS),
      post: (message) => posted.push(message),
      changed: () => undefined,
      log: (text) => logs.push(text),
    }, []);
    view.setVisible(true);
    view.start();
    const workload = () => view!.projects().flatMap((p) => p.services).find((s) => s.service === 'app');
    const histories = () => posted.filter((m) => m.type === 'stats/history').length;

    await waitUntil(() => view!.connection().status === 'connected' && workload()?.containers.length === 2, 60_000, 'the app workload with its two pods');
    const historiesBefore = histories();
    assert.ok(historiesBefore >= 1, 'the range\'s history was drawn');

    // Prometheus goes away.
    await server.stop();
    server = undefined;
    await waitUntil(() => view!.connection().status === 'source-down', 30_000, 'the view to say the source is down');
    const down = view.connection();
    assert.match(down.message, new RegExp(`^[^\\n]*${url.replace(/[.]/g, '\\.')}[^\\n]*Retrying by itself in \\d+ s\\.$`), down.message);
    assert.equal(down.fix, 'openSettings');
    assert.deepEqual(view.projects(), [], 'no stale rows under the message');
    const failureLines = logs.filter((line) => !line.includes('answers again'));
    assert.equal(new Set(failureLines).size, failureLines.length, `each distinct failure logged once: ${failureLines.join(' | ')}`);

    // Down for a few retries (1, 2, 4 s…), then back at the same address with the same data.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    assert.equal(view.connection().status, 'source-down', 'still down while nothing answers');
    server = await start();
    const back = Date.now();
    await waitUntil(() => view!.connection().status === 'connected' && workload()?.containers.length === 2, 45_000, 'the view back by itself');
    const recoveredMs = Date.now() - back;
    await waitUntil(() => histories() > historiesBefore, 15_000, 'the history redrawn after the recovery');
    assert.ok(logs.some((line) => line === `Container stats (Prometheus): ${url} answers again`), logs.join(' | '));
    console.log(`      recovered ${(recoveredMs / 1000).toFixed(1)} s after Prometheus was ready again; log: ${logs.join(' | ')}`);
  });
});
