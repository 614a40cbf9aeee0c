// Bad input for the Container stats view's Prometheus source (PrometheusView over the feed and the
// real reader, as the extension builds them, without VS Code): Prometheus down, a wrong URL (a real
// Prometheus at another path), 401, a query that never answers, and a real Prometheus without
// cAdvisor metrics. Each gives the view one message, naming the setting to change and offering the
// banner's fix, and the view keeps retrying by itself; nothing hangs. Loopback only.
import * as assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_THRESHOLDS } from '../../../src/stats';
import { createScopeReader } from '../../../src/vscode/stats/prometheusReader';
import type { PrometheusSettings } from '../../../src/vscode/stats/prometheusSettings';
import { PrometheusView } from '../../../src/vscode/stats/prometheusView';
import { startFixtureHost, type FixtureHost } from '../../support/cadvisorFixture';
import { freePort, waitUntil } from '../../support/net';
import { startPrometheus, type PrometheusServer } from '../../support/prometheus';

async function tinyServer(handler: (response: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => handler(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('Container stats view, Prometheus source: bad input gives one message each and never hangs', function () {
  this.timeout(120_000);
  let prometheus: PrometheusServer | undefined;
  let empty: FixtureHost | undefined;
  const servers: Server[] = [];
  const views: PrometheusView[] = [];

  before(async () => {
    empty = await startFixtureHost({ containers: [] });
    prometheus = await startPrometheus({ targets: [empty.target], scrapeIntervalSeconds: 1 });
    await prometheus.waitForTargets();
  });

  after(async () => {
    for (const view of views) view.dispose();
    await prometheus?.stop();
    await empty?.close();
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  /** The view's connection line once a round failed, and how long that took. */
  async function failureOf(url: string, timeoutSeconds = 5, secret?: string): Promise<{ message: string; fix?: string; ms: number; logs: string[] }> {
    const settings: PrometheusSettings = {
      source: 'prometheus', url, authentication: secret ? 'bearer' : 'none', username: '', caFile: '', timeoutSeconds, kubernetes: true, namespace: 'default',
    };
    const logs: string[] = [];
    const view = new PrometheusView({
      url, kubernetes: true, namespace: 'default', range: '15m', timeoutSeconds, engineName: 'unix:///var/run/docker.sock',
      createReader: (scope) => createScopeReader(settings, secret, scope, DEFAULT_THRESHOLDS),
      post: () => undefined, changed: () => undefined, log: (text) => logs.push(text),
    }, []);
    views.push(view);
    const started = Date.now();
    view.setVisible(true);
    view.start();
    await waitUntil(() => view.connection().status === 'source-down', (timeoutSeconds + 10) * 1000, `the view to report ${url} failing`);
    const { message, fix } = view.connection();
    // One sentence-like line, with the retry the view makes by itself.
    assert.doesNotMatch(message, /\n/);
    assert.match(message, / Retrying by itself in \d+ s\.$/);
    assert.deepEqual(view.projects(), []);
    return { message, fix, ms: Date.now() - started, logs };
  }

  it('Prometheus down: nothing answers, check stevedore.prometheus.url', async () => {
    const failure = await failureOf(`http://127.0.0.1:${await freePort()}`);
    assert.match(failure.message, /^Prometheus at http:\/\/127\.0\.0\.1:\d+ does not answer \(ECONNREFUSED\)\. Check that it is running and that stevedore\.prometheus\.url is right/);
    assert.equal(failure.fix, 'openSettings');
  });

  it('a wrong URL (a real Prometheus, wrong path): not the HTTP API', async () => {
    const failure = await failureOf(`${prometheus!.url}/prometheus`);
    assert.match(failure.message, /is not Prometheus' HTTP API \(HTTP 404.*\)\. Set stevedore\.prometheus\.url to the server's base URL/);
    assert.equal(failure.fix, 'openSettings');
  });

  it('401: the server refused; the fix sets the secret, which is never echoed', async () => {
    const { url, server } = await tinyServer((response) => {
      response.writeHead(401, { 'www-authenticate': 'Bearer realm="prometheus"', 'content-type': 'text/plain' }).end('Unauthorized\n');
    });
    servers.push(server);
    const failure = await failureOf(url, 5, 'wrong-token-123');
    assert.match(failure.message, /refused the request \(401 Unauthorized\)/);
    assert.equal(failure.fix, 'setSecret');
    assert.doesNotMatch(failure.message + failure.logs.join('\n'), /wrong-token-123/);
  });

  it('a query that never answers: a timeout after stevedore.prometheus.timeoutSeconds, not a hang', async () => {
    const { url, server } = await tinyServer(() => undefined);
    servers.push(server);
    const failure = await failureOf(url, 2);
    assert.match(failure.message, /within 2 s/);
    assert.match(failure.message, /stevedore\.prometheus\.timeoutSeconds/);
    assert.equal(failure.fix, 'openSettings');
    assert.ok(failure.ms >= 1900 && failure.ms < 2000 + 5000, `reported after ${failure.ms} ms`);
  });

  it('a server without cAdvisor metrics: says so and what to scrape', async () => {
    const failure = await failureOf(prometheus!.url);
    assert.match(failure.message, /has no container metrics \(no container_cpu_usage_seconds_total series\)\. Scrape cAdvisor, the kubelet's \/metrics\/cadvisor, or `stevedore exporter`/);
  });
});
