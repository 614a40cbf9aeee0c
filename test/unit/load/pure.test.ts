// The load engine's pure parts: option bounds and durations, the loopback guard, port choice,
// --fail-on, the comparison of two runs, the JSON round trip and the tty report; and the CLI's own
// parsing (headers, URL targets, service names, flags to engine options).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MAX_CONCURRENCY, MAX_DURATION_SECONDS, MAX_RATE, MAX_REQUESTS, checkTargetAllowed, compareResults, engineHostName, evaluateFailOn,
  isLoopbackHost, parseDurationSeconds, parseFailOn, parseResultJson, pickCandidate, resolvedBounds, resultJson, summarizeSaturation,
  ttyReport, validateLoadOptions, LoadOptionsError, RemoteTargetError, type LoadResult, type SaturationSample,
} from '../../../src/load';
import { isServiceName, loadOptions, parseHeaders, targetUrl, type LoadCliOptions } from '../../../src/cli/load';
import { CliError } from '../../../src/cli/errors';

function result(overrides: Partial<LoadResult> = {}): LoadResult {
  return {
    target: 'http://127.0.0.1:8080/', method: 'GET', concurrency: 10, rate: null, keepAlive: true, requests: 1000, sent: 1000,
    durationSeconds: 2, requestsPerSecond: 500, latencyMs: { p50: 10, p90: 20, p95: 41, p99: 80, max: 120, mean: 12, min: 1 },
    errors: { total: 10, rate: 0.01, byKind: { 'status 500': 10 } }, statusCodes: { 200: 990, 500: 10 }, bytes: { received: 5000, sent: 0 },
    transferRate: 2500, saturation: null, timeline: [], stoppedBy: 'requests', cancelled: false, startedAt: 0, finishedAt: 2000,
    clientCpuMicrosPerRequest: 80, ...overrides,
  };
}

const saturation = { replicas: 1, samples: 3, cpuPercentPeak: 92, cpuPercentMean: 60, memoryPeakBytes: 50 * 1048576, memoryLimitBytes: 100 * 1048576, netRxBytes: 1, netTxBytes: 2, pidsPeak: 5 };

describe('load engine: options and bounds', () => {
  it('durations: seconds, units and sums; malformed ones undefined', () => {
    assert.equal(parseDurationSeconds('30'), 30);
    assert.equal(parseDurationSeconds('500ms'), 0.5);
    assert.equal(parseDurationSeconds('2m'), 120);
    assert.equal(parseDurationSeconds('1m30s'), 90);
    assert.equal(parseDurationSeconds('1h'), 3600);
    for (const bad of ['', 'abc', '10 parsecs', '-5s', '5s10']) assert.equal(parseDurationSeconds(bad), undefined, bad);
  });

  it('every run is bounded: the count or duration asked, the other one the engine cap; neither = 1 request', () => {
    assert.deepEqual(resolvedBounds({ requests: 10 }), { maxRequests: 10, maxSeconds: MAX_DURATION_SECONDS });
    assert.deepEqual(resolvedBounds({ durationSeconds: 5 }), { maxRequests: MAX_REQUESTS, maxSeconds: 5 });
    assert.deepEqual(resolvedBounds({}), { maxRequests: 1, maxSeconds: MAX_DURATION_SECONDS });
  });

  it('above a cap, or malformed: LoadOptionsError naming the option, before any traffic', () => {
    const url = 'http://127.0.0.1/';
    const cases: [Parameters<typeof validateLoadOptions>[0], RegExp][] = [
      [{ url, requests: MAX_REQUESTS + 1 }, /Requests: at most 1,000,000/],
      [{ url, requests: 0 }, /Requests: a whole number/],
      [{ url, concurrency: MAX_CONCURRENCY + 1 }, /Concurrency: at most 1,000/],
      [{ url, durationSeconds: MAX_DURATION_SECONDS + 1 }, /Duration: at most 3600/],
      [{ url, rate: MAX_RATE + 1 }, /Rate: at most 100,000/],
      [{ url, method: 'GE T' }, /Not an HTTP method/],
      [{ url, headers: { Connection: 'close' } }, /set by the load test itself/],
      [{ url, headers: { 'X-A': 'a\r\nInjected: 1' } }, /no line breaks/],
      [{ url: 'ftp://127.0.0.1/' }, /Only http/],
      [{ url: 'http://user:pw@127.0.0.1/' }, /credentials in a header/],
      [{ url: 'not a url' }, /Not a URL/],
    ];
    for (const [options, message] of cases) assert.throws(() => validateLoadOptions(options), (e: Error) => e instanceof LoadOptionsError && message.test(e.message), JSON.stringify(options));
  });
});

describe('load engine: where traffic may go', () => {
  it('loopback hosts only by default; others need allowRemote, or the engine host with a workspace port', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'app.localhost', '[::ffff:127.0.0.1]']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['10.0.0.1', 'example.com', '[::2]', '128.0.0.1', 'localhost.example.com']) assert.ok(!isLoopbackHost(host), host);
    assert.throws(() => checkTargetAllowed('http://192.0.2.10:8080/'), (e: Error) => e instanceof RemoteTargetError && e.host === '192.0.2.10');
    checkTargetAllowed('http://192.0.2.10:8080/', { allowRemote: true });
    checkTargetAllowed('http://192.0.2.10:8080/', { engineHost: '192.0.2.10', workspacePorts: [8080] });
    assert.throws(() => checkTargetAllowed('http://192.0.2.10:9090/', { engineHost: '192.0.2.10', workspacePorts: [8080] }), RemoteTargetError);
    assert.equal(engineHostName('tcp://192.0.2.10:2376'), '192.0.2.10');
    assert.equal(engineHostName('ssh://me@build.example:22'), 'build.example');
    assert.equal(engineHostName('unix:///var/run/docker.sock'), undefined);
  });

  it('several published ports: the one asked for, else the HTTP-looking one, else the first', () => {
    const c = (containerPort: number, hostPort: number) => ({ url: `http://127.0.0.1:${hostPort}/`, containerPort, hostPort, hostIp: '127.0.0.1' });
    const candidates = [c(5432, 40001), c(8080, 40002), c(9000, 40003)];
    assert.equal(pickCandidate(candidates)?.containerPort, 8080);
    assert.equal(pickCandidate(candidates, 9000)?.hostPort, 40003);
    assert.equal(pickCandidate(candidates, 40001)?.containerPort, 5432);
    assert.equal(pickCandidate(candidates, 1234), undefined);
    assert.equal(pickCandidate([c(5432, 1), c(6379, 2)])?.containerPort, 5432);
  });
});

describe('load engine: --fail-on, compare, JSON and the tty report', () => {
  it('--fail-on reads latencies, errors (% or count), req/s and saturation; malformed conditions are named', () => {
    const conditions = parseFailOn('p95>200ms, errors>1%, rps<100, cpu>=90%, p99>0.5s, errors>0');
    assert.deepEqual(conditions.map((c) => [c.metric, c.op, c.value, c.unit]), [
      ['p95', '>', 200, 'ms'], ['errors', '>', 0.01, '%'], ['rps', '<', 100, 'rps'], ['cpu', '>=', 90, '%'], ['p99', '>', 500, 'ms'], ['errors', '>', 0, 'count'],
    ]);
    for (const bad of ['p95>>2', 'latency>2ms', 'p95>2%', 'errors>2ms']) assert.throws(() => parseFailOn(bad), LoadOptionsError, bad);
  });

  it('--fail-on verdicts: met conditions fail with a readable line; saturation conditions without saturation fail', () => {
    const passing = evaluateFailOn(parseFailOn('p95>200ms,errors>1%'), result());
    assert.deepEqual(passing.messages, []);
    const failing = evaluateFailOn(parseFailOn('p95>40ms,errors>=1%,rps<1000,cpu>90%'), result());
    assert.deepEqual(failing.messages.map((m) => m.split(' (')[0]), ['p95 41 ms > 40 ms', 'errors 1% >= 1%', 'req/s 500 req/s < 1000 req/s', 'cpu>90%: no CPU peak measured']);
    assert.equal(evaluateFailOn(parseFailOn('cpu>90%'), result({ saturation: { ...saturation, cpuPercentPeak: 95 } })).failed.length, 1);
  });

  it('compare: "p95 41 ms → 28 ms", "CPU peak 92% → 61%"', () => {
    const lines = compareResults(result({ saturation }), result({ latencyMs: { ...result().latencyMs, p95: 28 }, saturation: { ...saturation, cpuPercentPeak: 61 } }));
    assert.ok(lines.includes('p95 41 ms → 28 ms'), lines.join('\n'));
    assert.ok(lines.includes('CPU peak 92% → 61%'), lines.join('\n'));
    assert.ok(!compareResults(result(), result()).some((line) => line.startsWith('CPU')));
  });

  it('the JSON result round-trips, holds the fields the issue lists, and a malformed file says what is missing', () => {
    const original = result({ saturation });
    const text = resultJson(original);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    for (const key of ['target', 'requests', 'durationSeconds', 'requestsPerSecond', 'latencyMs', 'errors', 'saturation']) assert.ok(key in parsed, key);
    assert.deepEqual(parseResultJson(text), original);
    assert.throws(() => parseResultJson('{'), /not JSON/);
    assert.throws(() => parseResultJson('{"latencyMs":{}}'), /latencyMs\.p50/);
    assert.throws(() => parseResultJson('[]'), /expected an object/);
  });

  it('the tty report: ab\'s summary lines, the percentiles, errors by kind, saturation; control characters from the network cleaned', () => {
    const text = ttyReport(result({ saturation, service: { project: 'shop', name: 'web\u001b[31m' }, errors: { total: 10, rate: 0.01, byKind: { 'status 500\u009b': 10 } } }), ['p95 41 ms → 28 ms']);
    for (const line of ['Concurrency Level:      10', 'Complete requests:      1000', 'Failed requests:        10', 'Requests per second:    500.00 [#/sec] (mean)', 'Non-2xx responses:      10']) {
      assert.ok(text.includes(line), line);
    }
    assert.match(text, /Latency \(ms\)\s+min\s+p50\s+p90\s+p95\s+p99\s+max\n\s+1\.0\s+10\.0\s+20\.0\s+41\.0\s+80\.0\s+120\.0/);
    assert.match(text, /CPU:\s+peak 92\.0%, mean 60\.0%/);
    assert.match(text, /Memory peak:\s+50\.0 MiB of 100\.0 MiB \(50\.0%\)/);
    assert.match(text, /Compared with the previous run:\n {2}p95 41 ms → 28 ms/);
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text), 'no control characters');
  });

  it('saturation summary: peak and mean over the run\'s samples, network as the difference', () => {
    const s = (at: number, cpu: number, mem: number, rx: number): SaturationSample => ({ at, replicas: 2, cpuPercent: cpu, memoryBytes: mem, memoryLimitBytes: 1000, netRxBytes: rx, netTxBytes: 0, pids: 3 });
    assert.equal(summarizeSaturation([]), null);
    assert.deepEqual(summarizeSaturation([s(1, 10, 100, 50), s(2, 80, 300, 150), s(3, 30, 200, 250)]), {
      replicas: 2, samples: 3, cpuPercentPeak: 80, cpuPercentMean: 40, memoryPeakBytes: 300, memoryLimitBytes: 1000, netRxBytes: 200, netTxBytes: 0, pidsPeak: 3,
    });
  });
});

describe('stevedore load: the command line\'s own parsing', () => {
  const base: LoadCliOptions = { header: [], keepalive: true, format: 'tty' };

  it('targets: a service name, a URL, host:port without a scheme; --path replaces the path', () => {
    for (const name of ['web', 'api_1', 'shop.web']) assert.ok(isServiceName(name), name);
    for (const url of ['http://127.0.0.1:8080/', '127.0.0.1:8080', 'localhost', '127.0.0.1', 'localhost:3000/x']) assert.ok(!isServiceName(url), url);
    assert.equal(targetUrl('127.0.0.1:8080'), 'http://127.0.0.1:8080/');
    assert.equal(targetUrl('http://127.0.0.1:8080/a?b=1', '/health?x=2'), 'http://127.0.0.1:8080/health?x=2');
    assert.equal(targetUrl('localhost:3000', 'api'), 'http://localhost:3000/api');
    assert.throws(() => targetUrl('http://[bad'), (e: Error) => e instanceof CliError && e.exitCode === 2);
  });

  it('-H "Name: value" (repeatable); a header without a colon is a usage error', () => {
    assert.deepEqual(parseHeaders(['Authorization: Bearer a:b', 'X-Empty:']), { Authorization: 'Bearer a:b', 'X-Empty': '' });
    assert.throws(() => parseHeaders(['NoColon']), (e: Error) => e instanceof CliError && e.exitCode === 2);
  });

  it('flags to engine options: numbers checked, durations read, --body-file read and POST by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stevedore-test-load-'));
    try {
      writeFileSync(join(dir, 'body.json'), '{"a":1}');
      const options = loadOptions('http://127.0.0.1/', { ...base, requests: '100', concurrency: '4', duration: '1m', rate: '12.5', timeout: '500ms', bodyFile: join(dir, 'body.json'), keepalive: false }, parseDurationSeconds);
      assert.equal(options.requests, 100);
      assert.equal(options.concurrency, 4);
      assert.equal(options.durationSeconds, 60);
      assert.equal(options.rate, 12.5);
      assert.equal(options.timeoutMs, 500);
      assert.equal(options.method, 'POST');
      assert.equal(options.keepAlive, false);
      assert.equal(Buffer.from(options.body as Uint8Array).toString(), '{"a":1}');
      for (const bad of [{ requests: '1e3' }, { concurrency: '-1' }, { duration: 'soon' }, { rate: '0' }, { timeout: 'x' }, { bodyFile: join(dir, 'missing') }]) {
        assert.throws(() => loadOptions('http://127.0.0.1/', { ...base, ...bad }, parseDurationSeconds), (e: Error) => e instanceof CliError && e.exitCode === 2, JSON.stringify(bad));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
