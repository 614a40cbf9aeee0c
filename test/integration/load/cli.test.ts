// `stevedore load` as users run it (the built CLI): the JSON fields, --fail-on's exit code, the
// refusal of a host that is not this machine, --compare; and a compose service (busybox httpd,
// published on 127.0.0.1) whose CPU rises in the same result, in agreement with the engine's stats
// stream (what `docker stats` reads) and with `docker stats` itself, sampled during the same run.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { LoadResult } from '../../../src/load';
import { buildTestImage, requireDocker } from '../../support/docker';
import { CLI, finished, runCli } from '../exporter/helpers';
import { EngineWindows, assertCpuWithinWindows, compose, dockerStats, writeProject } from '../stats/helpers';
import { TestServer } from './servers';

const PREFIX = 'stevedore-test-load';
const IMAGE = `${PREFIX}-busybox:latest`;
const PROJECT = `${PREFIX}-cli`;

describe('stevedore load at the command line (URL targets on 127.0.0.1)', function () {
  this.timeout(120_000);
  let hello: TestServer;
  let errors: TestServer;
  let dir: string;
  before(async () => {
    hello = await new TestServer('hello').start();
    errors = await new TestServer('every-tenth-500').start();
    dir = mkdtempSync(join(tmpdir(), `${PREFIX}-`));
  });
  after(async () => {
    await Promise.all([hello.stop(), errors.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('--format json: the issue\'s fields, exit 0', async () => {
    const run = await runCli(['load', hello.url, '-n', '200', '-c', '4', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as LoadResult;
    assert.equal(result.target, hello.url);
    assert.equal(result.requests, 200);
    assert.ok(result.durationSeconds > 0);
    assert.ok(result.requestsPerSecond > 0);
    for (const key of ['p50', 'p90', 'p95', 'p99', 'max'] as const) assert.equal(typeof result.latencyMs[key], 'number', key);
    assert.deepEqual(result.errors, { total: 0, rate: 0, byKind: {} });
    assert.equal(result.saturation, null);
    assert.equal(result.concurrency, 4);
    assert.equal((await hello.counts()).requests, 200);
  });

  it('tty: ab\'s summary and the percentiles; --fail-on met exits 1 saying why, not met exits 0', async () => {
    const tty = await runCli(['load', errors.url, '-n', '100', '-c', '5']);
    assert.equal(tty.code, 0, tty.stderr);
    assert.match(tty.stdout, /^Complete requests:\s+100$/m);
    assert.match(tty.stdout, /^Failed requests:\s+10$/m);
    assert.match(tty.stdout, /^Latency \(ms\)\s+min\s+p50/m);
    assert.match(tty.stdout, /^ {2}status 500\s+10$/m);

    const failing = await runCli(['load', errors.url, '-n', '100', '-c', '5', '--fail-on', 'p95>10s,errors>1%']);
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(failing.stderr, /^stevedore: fail-on: errors 10% > 1% \(--fail-on errors>1%\)$/m);
    assert.doesNotMatch(failing.stderr, /p95/);

    const passing = await runCli(['load', errors.url, '-n', '100', '-c', '5', '--fail-on', 'errors>10%']);
    assert.equal(passing.code, 0, passing.stderr);

    const malformed = await runCli(['load', errors.url, '--fail-on', 'p95>>1']);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /--fail-on: cannot read "p95>>1"/);
  });

  it('a host that is not this machine: refused with exit 2 before any traffic, naming the host and --allow-remote', async () => {
    // 192.0.2.0/24 is TEST-NET-1: never routed. Nothing is sent: the refusal comes first.
    for (const target of ['http://192.0.2.1:8080/', '192.0.2.1', 'http://[2001:db8::1]/']) {
      const started = Date.now();
      const run = await runCli(['load', target, '-n', '5']);
      assert.equal(run.code, 2, `${target}: ${run.stderr}`);
      assert.match(run.stderr, /^stevedore: refusing to send load to (192\.0\.2\.1|\[2001:db8::1\]): it is not this machine .* Add --allow-remote if you mean it\.$/m);
      assert.equal(run.stdout, '');
      assert.ok(Date.now() - started < 10_000);
    }
    const bad = await runCli(['load', hello.url, '-n', '2000000']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Requests: at most 1,000,000 \(the engine's cap\)/);
  });

  it('--compare FILE: the previous json result beside this run (tty lines, json "comparison")', async () => {
    const first = await runCli(['load', hello.url, '-n', '100', '--format', 'json']);
    assert.equal(first.code, 0, first.stderr);
    const file = join(dir, 'previous.json');
    writeFileSync(file, first.stdout);
    const tty = await runCli(['load', hello.url, '-n', '100', '--compare', file]);
    assert.equal(tty.code, 0, tty.stderr);
    assert.match(tty.stdout, /^Compared with the previous run:\n {2}p50 [\d.]+ ms → [\d.]+ ms\n {2}p95 [\d.]+ ms → [\d.]+ ms/m);
    assert.match(tty.stdout, /^ {2}errors 0% → 0%$/m);
    const json = await runCli(['load', hello.url, '-n', '100', '--compare', file, '--format', 'json']);
    const parsed = JSON.parse(json.stdout) as { comparison: string[] };
    assert.ok(parsed.comparison.some((line) => /^req\/s [\d,]+ → [\d,]+$/.test(line)), parsed.comparison.join('\n'));
    writeFileSync(join(dir, 'junk.json'), '{"hello": 1}');
    const junk = await runCli(['load', hello.url, '--compare', join(dir, 'junk.json')]);
    assert.equal(junk.code, 2);
    assert.match(junk.stderr, /--compare .*junk\.json: not a load test result/);
  });
});

describe('stevedore load SERVICE: a compose service under load, its saturation beside it', function () {
  this.timeout(240_000);
  let docker: Docker;
  let dir: string;
  const container = `${PROJECT}_web_1`;

  before(async function () {
    docker = await requireDocker(this);
    await buildTestImage(IMAGE, 'RUN mkdir -p /www && echo hello > /www/index.html\n');
    dir = writeProject('loadcli', `
services:
  web:
    image: ${IMAGE}
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    ports: ["127.0.0.1::8080", "127.0.0.1::9090"]
  idle:
    image: ${IMAGE}
    command: ["sleep", "100000"]
`);
    await compose(dir, PROJECT, ['down', '-t', '0']).catch(() => undefined);
    await compose(dir, PROJECT, ['up', '-d']);
  });

  after(async () => {
    if (dir) {
      await compose(dir, PROJECT, ['down', '-t', '0']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the service\'s published port is found (several: 8080 picked, said on stderr); CPU rises; saturation agrees with the engine and docker stats', async () => {
    const windows = await EngineWindows.open(docker, [container]);
    try {
      const child = cliIn(dir, ['load', 'web', '-d', '8s', '-c', '8', '--rate', '200', '--no-keepalive', '-p', PROJECT, '--format', 'json']);
      const done = finished(child);
      // docker stats itself, sampled while the load runs (each call measures about one second).
      const dockerCpu: { at: number; cpu: number }[] = [];
      const sampling = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 3000));
        while (child.exitCode === null && dockerCpu.length < 3) {
          const line = (await dockerStats([container])).get(container);
          if (line) dockerCpu.push({ at: Date.now(), cpu: Number.parseFloat(line.CPUPerc) });
        }
      })();
      const run = await done;
      await sampling;
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /"web" publishes several ports: loading container port 8080 \(host \d+\); --port 9090 for another\./);
      const result = JSON.parse(run.stdout) as LoadResult;
      assert.deepEqual(result.service, { project: PROJECT, name: 'web' });
      assert.match(result.target, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      assert.ok(result.requests > 0 && result.errors.total === 0, JSON.stringify(result.errors));
      const saturation = result.saturation;
      assert.ok(saturation, 'no saturation in the result');
      assert.equal(saturation.replicas, 1);
      // Idle busybox httpd uses ~0% CPU; under load it forks a process per connection.
      assert.ok(saturation.cpuPercentPeak > 5, `CPU peak ${saturation.cpuPercentPeak}%`);
      assert.ok(saturation.cpuPercentMean > 0 && saturation.cpuPercentMean <= saturation.cpuPercentPeak);
      assert.ok(saturation.memoryPeakBytes > 0);
      // Every per-second sample in the timeline against the engine's windows over the same second.
      const samples = result.timeline.map((tick) => tick.saturation).filter((s) => s !== null);
      const distinct = [...new Map(samples.map((s) => [s.at, s])).values()];
      assert.ok(distinct.length >= 4, `${distinct.length} saturation samples in 8 s`);
      // The run as a whole: the mean of our per-second samples against the engine's windows averaged
      // over the same seconds (from a tick before the first sample to the last one).
      distinct.sort((a, b) => a.at - b.at);
      const oursMean = distinct.reduce((sum, s) => sum + s.cpuPercent, 0) / distinct.length;
      const engineMean = await windows.mean(container, 'cpuPercent', distinct[0].at - 1000, distinct[distinct.length - 1].at);
      assert.ok(engineMean !== undefined, 'no engine window over the run');
      assert.ok(Math.abs(oursMean - engineMean) <= Math.max(3, engineMean * 0.05), `mean CPU over the run ${oursMean.toFixed(2)}% vs the engine's ${engineMean.toFixed(2)}%`);
      // Each second on its own, against the engine's windows within a second of its span: busybox
      // httpd forks a process per connection, so its CPU moves by a few points inside a second, and
      // two one-second readings offset by part of a second differ by that much (measured: 66.3 % vs
      // windows of 51.2..62.2 %, 40.4 % vs 43.6..48.6 %): within 5 points, as the Prometheus
      // comparison, of the lowest and highest window.
      for (const [i, sample] of distinct.entries()) {
        const from = i > 0 ? distinct[i - 1].at : sample.at - 2000;
        const range = await windows.range(container, 'cpuPercent', from - 1000, sample.at + 1000);
        assert.ok(
          sample.cpuPercent >= range.min - 5 && sample.cpuPercent <= range.max + 5,
          `sample at ${new Date(sample.at).toISOString()}: CPU ${sample.cpuPercent.toFixed(2)}% outside the engine's ${range.count} windows around it (${range.min.toFixed(2)}..${range.max.toFixed(2)}%) by more than 5 points`,
        );
      }
      // docker stats during the run saw the CPU rise too, within the range our samples spanned.
      // A docker stats call measures the second before it returns: one that returned after our last
      // sample may have measured the load's end, when the CPU falls.
      const lastSample = distinct[distinct.length - 1].at;
      const during = dockerCpu.filter((sample) => sample.at <= lastSample);
      assert.ok(during.length > 0, `docker stats answered no sample during the run (${dockerCpu.length} after it)`);
      const ours = distinct.map((s) => s.cpuPercent);
      const low = Math.min(...ours);
      const high = Math.max(...ours);
      for (const { at, cpu } of during) {
        await assertCpuWithinWindows(windows, container, cpu, at - 2500, at, `docker stats at ${new Date(at).toISOString()}`);
        assert.ok(cpu > 1, `docker stats ${cpu}% at ${new Date(at).toISOString()}: no rise`);
        assert.ok(cpu >= low * 0.5 - 2 && cpu <= high * 1.5 + 2, `docker stats ${cpu}% vs ours ${low.toFixed(1)}..${high.toFixed(1)}%`);
      }
    } finally {
      windows.close();
    }
  });

  it('errors a user meets: unknown service, a service without a port, --port not published', async () => {
    const unknown = await runIn(dir, ['load', 'nosuch', '-p', PROJECT]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No service "nosuch" in compose project/);
    const noPort = await runIn(dir, ['load', 'idle', '-p', PROJECT]);
    assert.equal(noPort.code, 1);
    assert.match(noPort.stderr, /"idle" publishes no TCP port on the host/);
    const wrongPort = await runIn(dir, ['load', 'web', '--port', '7777', '-p', PROJECT]);
    assert.equal(wrongPort.code, 2);
    assert.match(wrongPort.stderr, /publishes no port 7777: its ports are 8080 \(host \d+\), 9090 \(host \d+\)/);
    const chosen = await runIn(dir, ['load', 'web', '--port', '9090', '-n', '3', '-p', PROJECT, '--format', 'json']);
    // Nothing listens on 9090 inside the container: the engine's proxy closes or refuses each connection.
    assert.equal(chosen.code, 0, chosen.stderr);
    assert.equal((JSON.parse(chosen.stdout) as LoadResult).errors.total, 3);
  });
});

/** `stevedore ARGS` run in `cwd` (the compose project's folder), as users run it there. */
function cliIn(cwd: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
}

function runIn(cwd: string, args: string[]): ReturnType<typeof finished> {
  return finished(cliIn(cwd, args));
}
