// Bad input for the Prometheus source, through the CLI users run: Prometheus down, a wrong URL (a
// real Prometheus at another path), 401 from a tiny loopback server, a query that never answers, and a
// real Prometheus without cAdvisor metrics: one clear message each, exit 1, nothing hangs.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PrometheusError, PrometheusSource } from '../../../src/stats';
import { startFixtureHost, type FixtureHost } from '../../support/cadvisorFixture';
import { freePort } from '../../support/net';
import { startPrometheus, type PrometheusServer } from '../../support/prometheus';

const root = join(__dirname, '../../..');
const CLI = join(root, 'dist/cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function stats(url: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, 'stats', '--source', 'prometheus', '--prometheus-url', url, '-p', 'stevedore-test-prom-none', '--no-stream', '--format', 'json', ...extra], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => child.once('exit', (code) => {
    clearTimeout(killer);
    resolve({ code, stdout, stderr, ms: Date.now() - started });
  }));
}

async function tinyServer(handler: (response: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => handler(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const close = (server: Server | undefined) => new Promise<void>((resolve) => {
  if (!server) return resolve();
  server.closeAllConnections();
  server.close(() => resolve());
});

/** One line on stderr, no stack trace, exit 1. */
function oneMessage(run: Run, pattern: RegExp): void {
  assert.equal(run.code, 1, `exit code; stderr: ${run.stderr}`);
  assert.equal(run.stdout, '');
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${run.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
}

describe('Prometheus source: bad input gives one clear message and never hangs', function () {
  this.timeout(120_000);
  let prometheus: PrometheusServer | undefined;
  let empty: FixtureHost | undefined;
  const servers: Server[] = [];

  before(async () => {
    // A real server that scrapes a host without any container.
    empty = await startFixtureHost({ containers: [] });
    prometheus = await startPrometheus({ targets: [empty.target], scrapeIntervalSeconds: 1 });
    await prometheus.waitForTargets();
  });

  after(async () => {
    await prometheus?.stop();
    await empty?.close();
    for (const server of servers) await close(server);
  });

  it('Prometheus down: says nothing answers, and which flag to check', async () => {
    const run = await stats(`http://127.0.0.1:${await freePort()}`);
    oneMessage(run, /^stevedore: Prometheus at http:\/\/127\.0\.0\.1:\d+ does not answer \(ECONNREFUSED\)\. Check that it is running and that --prometheus-url is right/);
  });

  it('a wrong URL (a real Prometheus, wrong path): not the HTTP API, with an example of the right URL', async () => {
    const run = await stats(`${prometheus!.url}/prometheus`);
    oneMessage(run, /is not Prometheus' HTTP API \(HTTP 404.*\)\. Set --prometheus-url to the server's base URL/);
    const page = await stats(`${prometheus!.url}/graph`);
    oneMessage(page, /is not Prometheus' HTTP API/);
  });

  it('401: says the server refused and how to give a token (never echoing it)', async () => {
    const { url, server } = await tinyServer((response) => {
      response.writeHead(401, { 'www-authenticate': 'Bearer realm="prometheus"', 'content-type': 'text/plain' }).end('Unauthorized\n');
    });
    servers.push(server);
    const run = await stats(url, [], { STEVEDORE_PROMETHEUS_TOKEN: 'wrong-token-123' });
    oneMessage(run, /refused the request \(401 Unauthorized\)\. Set STEVEDORE_PROMETHEUS_TOKEN/);
    assert.doesNotMatch(run.stderr, /wrong-token-123/);
  });

  it('a query that never answers: a timeout after --prometheus-timeout, not a hang', async () => {
    const { url, server } = await tinyServer(() => undefined); // accepts, never answers
    servers.push(server);
    const run = await stats(url, ['--prometheus-timeout', '2']);
    oneMessage(run, /did not answer a query within 2 s\. .*raise --prometheus-timeout/);
    assert.ok(run.ms < 2000 + 5000, `exited after ${run.ms} ms`);
    assert.ok(run.ms >= 1900, `waited the timeout: ${run.ms} ms`);
  });

  it('a server without cAdvisor metrics: says so and what to scrape', async () => {
    const run = await stats(prometheus!.url);
    oneMessage(run, /has no container metrics \(no container_cpu_usage_seconds_total series\)\. Scrape cAdvisor, the kubelet's \/metrics\/cadvisor, or `stevedore exporter`/);
  });

  it('the source: every failure is a PrometheusError with its kind; dispose() aborts what is in flight at once', async () => {
    const hanging = await tinyServer(() => undefined);
    servers.push(hanging.server);
    const kinds = async (url: string, timeoutMs = 3000) => {
      const source = new PrometheusSource({ url, timeoutMs });
      try {
        await source.composeSnapshot({ project: 'x' });
        return 'ok';
      } catch (error) {
        assert.ok(error instanceof PrometheusError, String(error));
        return error.kind;
      } finally {
        source.dispose();
      }
    };
    assert.equal(await kinds(`http://127.0.0.1:${await freePort()}`), 'down');
    assert.equal(await kinds(`${prometheus!.url}/nope`), 'not-prometheus');
    assert.equal(await kinds(prometheus!.url), 'no-cadvisor');
    assert.equal(await kinds(hanging.url, 500), 'timeout');
    const source = new PrometheusSource({ url: hanging.url, timeoutMs: 60_000 });
    const started = Date.now();
    const pending = source.composeSnapshot({ project: 'x' }).then(() => 'ok', (error: Error) => error.name);
    setTimeout(() => source.dispose(), 200);
    assert.equal(await pending, 'AbortError');
    assert.ok(Date.now() - started < 2000, 'aborted, not timed out');
  });
});
