// Actions that need the engine, in the Container stats view's Prometheus mode (PrometheusView with a
// real ComposeStatsMonitor and the real reader, as the extension builds them, over a real Prometheus):
// a service whose replicas all run on another host is refused with a sentence naming that host (start
// would otherwise create it on this engine, and stop, logs and shell would act on nothing), a service
// with a container on this engine is acted on, and an engine that is not connected is said as such.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComposeStatsMonitor, DEFAULT_THRESHOLDS } from '../../../src/stats';
import { createScopeReader } from '../../../src/vscode/stats/prometheusReader';
import type { PrometheusSettings } from '../../../src/vscode/stats/prometheusSettings';
import { PrometheusView } from '../../../src/vscode/stats/prometheusView';
import { startFixtureHost, type FixtureHost } from '../../support/cadvisorFixture';
import { buildTestImage, dockerCli, requireDocker } from '../../support/docker';
import { waitUntil } from '../../support/net';
import { startPrometheus, type PrometheusServer } from '../../support/prometheus';

const PROJECT = 'stevedore-test-promactions';
const IMAGE = 'stevedore-test-promactions-busybox:latest';
const DB = `${PROJECT}-db-1`;

describe('Container stats view, Prometheus source: actions that need the engine', function () {
  this.timeout(180_000);
  const hosts: FixtureHost[] = [];
  const monitors: ComposeStatsMonitor[] = [];
  const views: PrometheusView[] = [];
  let server: PrometheusServer | undefined;
  let folder: string | undefined;

  before(async function () {
    await requireDocker(this);
    await dockerCli(['rm', '-f', DB]).catch(() => undefined);
    await buildTestImage(IMAGE, '');
    folder = mkdtempSync(join(tmpdir(), 'stevedore-test-promactions-'));
    writeFileSync(join(folder, 'compose.yaml'), `name: ${PROJECT}\nservices:\n  api:\n    image: ${IMAGE}\n  db:\n    image: ${IMAGE}\n`);
    // db runs on this engine (host-a); api only on host-b, which this machine's engine does not know.
    await dockerCli(['run', '-d', '--name', DB, '--network', 'none', '--label', `com.docker.compose.project=${PROJECT}`,
      '--label', 'com.docker.compose.service=db', '--label', 'com.docker.compose.container-number=1', '--label', 'com.docker.compose.oneoff=False',
      IMAGE, 'sleep', '600']);
    const dbId = (await dockerCli(['inspect', '--format', '{{.Id}}', DB])).trim();
    const labels = (service: string) => ({ 'com.docker.compose.project': PROJECT, 'com.docker.compose.service': service, 'com.docker.compose.container-number': '1' });
    hosts.push(await startFixtureHost({ containers: [{ id: dbId, name: DB, cpuCoresBusy: 0.01, workingSetBytes: 1 << 20, labels: labels('db') }] }));
    hosts.push(await startFixtureHost({
      containers: [{ id: randomBytes(32).toString('hex'), name: `${PROJECT}-api-1`, cpuCoresBusy: 0.1, workingSetBytes: 4 << 20, labels: labels('api') }],
    }));
    server = await startPrometheus({
      targets: [{ target: hosts[0].target, labels: { host: 'host-a' } }, { target: hosts[1].target, labels: { host: 'host-b' } }],
      scrapeIntervalSeconds: 1,
    });
    await server.waitForTargets();
  });

  after(async () => {
    for (const view of views) view.dispose();
    for (const monitor of monitors) monitor.dispose();
    await server?.stop();
    for (const host of hosts) await host.close();
    await dockerCli(['rm', '-f', DB]).catch(() => undefined);
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  async function viewOver(dockerHost: string | undefined): Promise<{ view: PrometheusView; monitor: ComposeStatsMonitor }> {
    const monitor = new ComposeStatsMonitor({ folder: folder!, ...(dockerHost ? { dockerHost } : {}), reconnectMinMs: 60_000 });
    monitors.push(monitor);
    monitor.setVisible(false);
    await monitor.start();
    const settings: PrometheusSettings = {
      source: 'prometheus', url: server!.url, authentication: 'none', username: '', caFile: '', timeoutSeconds: 5, kubernetes: false, namespace: 'default',
    };
    const view = new PrometheusView({
      url: server!.url,
      kubernetes: false,
      namespace: 'default',
      range: '15m',
      timeoutSeconds: 5,
      engineName: monitor.target.host,
      createReader: (scope) => createScopeReader(settings, undefined, scope, DEFAULT_THRESHOLDS),
      post: () => undefined,
      changed: () => undefined,
      log: () => undefined,
    }, [{ folder: 'app', monitor }]);
    views.push(view);
    view.setVisible(true);
    view.start();
    await waitUntil(() => {
      const services = view.projects().flatMap((p) => p.services);
      return ['api', 'db'].every((name) => services.find((s) => s.service === name)?.containers.length === 1);
    }, 60_000, 'api on host-b and db on host-a in the view');
    return { view, monitor };
  }

  it('a service only on another host: refused in words naming it; a service with a container here: allowed', async () => {
    const { view, monitor } = await viewOver(undefined);
    await waitUntil(() => monitor.connectionState.state === 'connected' && monitor.states().some((s) => s.service === 'db' && s.containers.length === 1),
      30_000, 'the engine to list db');
    for (const action of ['start', 'stop', 'restart', 'logs', 'shell', 'inspect']) {
      const refusal = view.serviceRefusal(PROJECT, 'api', action);
      assert.equal(refusal, `Cannot ${action} "api": it runs on host-b, whose engine Stevedore does not reach (it uses ${monitor.target.host}); nothing was done.`);
      assert.equal(view.serviceRefusal(PROJECT, 'db', action), undefined, `${action} db acts on this engine`);
    }
    const api = view.projects().flatMap((p) => p.services).find((s) => s.service === 'api')!;
    assert.equal(api.containers[0].engineReachable, false);
    assert.match(api.engineNote ?? '', /^host-b: not the engine Stevedore reaches .*start, stop, logs and shell are not available here\.$/);
    const db = view.projects().flatMap((p) => p.services).find((s) => s.service === 'db')!;
    assert.equal(db.containers[0].engineReachable, true);
    assert.equal(view.hostOfReplica(PROJECT, 'api', api.containers[0].containerId), 'host-b');
  });

  it('the engine Stevedore uses not connected: every service refused, saying the engine is not connected and why', async () => {
    const { view } = await viewOver('unix:///nonexistent/stevedore-test-promactions.sock');
    for (const service of ['api', 'db']) {
      const refusal = view.serviceRefusal(PROJECT, service, 'stop') ?? '';
      assert.match(refusal, new RegExp(`^Cannot stop "${service}": the Docker engine Stevedore uses \\(unix:///nonexistent/stevedore-test-promactions\\.sock\\) is not connected: .*nonexistent.* Prometheus still shows its numbers; nothing was done\\.$`), refusal);
    }
  });
});
