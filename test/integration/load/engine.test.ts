// The load engine (src/load) against servers with known behaviour, each in its own process on
// 127.0.0.1: the latency percentiles, the exact error rate, connection errors without a crash, the
// caps (requests, duration, rate) never exceeded, and a cancel that stops all traffic within 1 s.
// No Docker engine needed.
import * as assert from 'node:assert/strict';
import { appendFileSync, existsSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { join } from 'node:path';
import { runLoad, stopIdleTrafficWorkers, type LoadResult } from '../../../src/load';
import { TestServer, percentile } from './servers';

/** Raise the processes' priority (nice -10) where permitted; returns the undo. */
function raisePriority(pids: (number | undefined)[]): () => void {
  const previous: [number, number][] = [];
  for (const pid of pids) {
    if (pid === undefined) continue;
    try {
      const old = getPriority(pid);
      setPriority(pid, -10);
      previous.push([pid, old]);
    } catch {
      // not permitted (not root): the test runs at normal priority
    }
  }
  return () => {
    for (const [pid, old] of previous) {
      try {
        setPriority(pid, old);
      } catch {
        // the process has gone
      }
    }
  };
}

/** Skip the running test, printing why and recording it for the run's summary (as requireDocker does). */
function skipBecause(ctx: Mocha.Context, reason: string): never {
  console.log(`    skipped: ${reason}`);
  if (process.env.STEVEDORE_SKIP_REASONS) appendFileSync(process.env.STEVEDORE_SKIP_REASONS, `${ctx.test?.fullTitle() ?? 'load'}: ${reason.split('\n')[0]}\n`);
  ctx.skip();
  throw new Error('unreachable');
}

const within = (actual: number, expected: number, fraction: number): boolean => Math.abs(actual - expected) <= expected * fraction;

describe('load engine against servers with known behaviour (127.0.0.1)', function () {
  this.timeout(90_000);
  const servers: TestServer[] = [];
  const server = async (kind: ConstructorParameters<typeof TestServer>[0]): Promise<TestServer> => {
    const started = await new TestServer(kind).start();
    servers.push(started);
    return started;
  };
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('10 ms for 90% of answers and 100 ms for 10%: p50 ≈ 10 ms and p95 ≈ 100 ms (within 15%)', async function () {
    const target = await server('latency');
    // The machine running the tests may be busy: the server and this process get a higher
    // scheduling priority where allowed (root), and a run in which the server itself could not keep
    // its 10 ms (by its own clock) says nothing about the generator: it is measured again, up to 5
    // times, and skipped with the reason if the server never kept time. The bounds never move.
    const restore = raisePriority([process.pid, target.pid]);
    const attempts: string[] = [];
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const before = (await target.counts()).serviceMs.length;
        const result = await runLoad({ url: target.url, requests: 300, concurrency: 1 });
        const served = (await target.counts()).serviceMs.slice(before);
        const serverP50 = percentile(served, 50);
        attempts.push(`client p50 ${result.latencyMs.p50} p95 ${result.latencyMs.p95} min ${result.latencyMs.min}; server's own p50 ${serverP50.toFixed(2)} p95 ${percentile(served, 95).toFixed(2)}`);
        assert.equal(result.requests, 300);
        assert.equal(result.errors.total, 0);
        // Nothing answers faster than the server, and every tenth answer takes 100 ms.
        assert.ok(result.latencyMs.min >= 9.9, attempts.join('\n'));
        assert.ok(result.latencyMs.max >= 100, attempts.join('\n'));
        assert.ok(result.latencyMs.p50 >= serverP50 - 0.05, attempts.join('\n'));
        if (within(result.latencyMs.p50, 10, 0.15) && within(result.latencyMs.p95, 100, 0.15)) return;
        if (within(serverP50, 10, 0.05)) assert.fail(`the server kept its 10 ms, the measurement is more than 15% off:\n${attempts.join('\n')}`);
      }
      skipBecause(this, `the machine is too busy to time 10 ms (the server's own p50 stayed above 10.5 ms):\n${attempts.join('\n')}`);
    } finally {
      restore();
    }
  });

  it('500 to every tenth request: exactly 10% errors, all of kind "status 500"', async () => {
    const target = await server('every-tenth-500');
    const result = await runLoad({ url: target.url, requests: 500, concurrency: 10 });
    assert.equal(result.requests, 500);
    assert.equal(result.errors.total, 50);
    assert.equal(result.errors.rate, 0.1);
    assert.deepEqual(result.errors.byKind, { 'status 500': 50 });
    assert.deepEqual(result.statusCodes, { 200: 450, 500: 50 });
    assert.equal((await target.counts()).requests, 500);
  });

  it('a server that closes every connection: connection errors by kind, no crash, the run ends', async () => {
    const target = await server('closes');
    for (const keepAlive of [true, false]) {
      const result = await runLoad({ url: target.url, requests: 50, concurrency: 5, keepAlive });
      assert.equal(result.requests, 50);
      assert.equal(result.errors.total, 50, JSON.stringify(result.errors));
      const kinds = Object.keys(result.errors.byKind);
      assert.ok(kinds.every((kind) => ['socket closed', 'ECONNRESET', 'EPIPE'].includes(kind)), kinds.join(', '));
    }
  });

  it('nothing listening: ECONNREFUSED on every request, and the run still ends', async () => {
    const target = await server('hello');
    const url = target.url;
    await target.stop();
    const result = await runLoad({ url, requests: 20, concurrency: 2 });
    assert.equal(result.requests, 20);
    assert.deepEqual(result.errors.byKind, { ECONNREFUSED: 20 });
  });

  it('caps: never more requests than asked, nothing after the duration, a rate never exceeded', async () => {
    const hello = await server('hello');
    for (const [requests, concurrency, keepAlive] of [[137, 10, true], [41, 7, false], [1, 50, true]] as const) {
      const before = (await hello.counts()).requests;
      const result = await runLoad({ url: hello.url, requests, concurrency, keepAlive });
      assert.equal(result.requests, requests);
      assert.equal(result.sent, requests);
      assert.equal((await hello.counts()).requests - before, requests, `-n ${requests} -c ${concurrency}`);
    }

    const slow = await server('slow');
    const timed = await runLoad({ url: slow.url, durationSeconds: 1, concurrency: 5 });
    const afterRun = await slow.counts();
    assert.equal(timed.stoppedBy, 'duration');
    assert.ok(timed.durationSeconds < 1.5, `${timed.durationSeconds} s`);
    assert.ok(afterRun.requests <= 5 * Math.ceil(1 / 0.2) + 5, `${afterRun.requests} requests in 1 s at 200 ms each on 5 connections`);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const later = await slow.counts();
    assert.equal(later.requests, afterRun.requests, 'a request arrived after the run ended');
    assert.equal(later.openSockets, 0, 'connections left open after the run');

    const before = (await hello.counts()).requests;
    const paced = await runLoad({ url: hello.url, rate: 40, durationSeconds: 1, concurrency: 4 });
    const sent = (await hello.counts()).requests - before;
    assert.ok(sent <= 40, `${sent} requests in 1 s at --rate 40`);
    assert.ok(sent >= 30, `${sent} requests in 1 s at --rate 40 (the machine may be loaded, but not that much)`);
    assert.equal(paced.rate, 40);
  });

  it('cancel: the run resolves and all traffic stops within 1 s, sockets closed', async () => {
    const target = await server('slow');
    const cancel = new AbortController();
    const ticks: number[] = [];
    const running = runLoad({ url: target.url, durationSeconds: 60, concurrency: 20 }, { signal: cancel.signal, onProgress: (p) => ticks.push(p.requestsDone) });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const cancelledAt = performance.timeOrigin + performance.now();
    cancel.abort();
    const result: LoadResult = await running;
    const resolvedAt = performance.timeOrigin + performance.now();
    assert.equal(result.cancelled, true);
    assert.equal(result.stoppedBy, 'cancel');
    assert.ok(resolvedAt - cancelledAt < 1000, `resolved ${Math.round(resolvedAt - cancelledAt)} ms after the cancel`);
    assert.ok(ticks.length >= 1, 'a progress tick a second while running');
    // The server side: no request after the cancel, no connection left within the second.
    let counts = await target.counts();
    const deadline = cancelledAt + 1000;
    while (counts.openSockets > 0 && performance.timeOrigin + performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      counts = await target.counts();
    }
    assert.equal(counts.openSockets, 0, 'sockets still open 1 s after the cancel');
    assert.ok(counts.lastRequestAt <= cancelledAt + 5, `a request arrived ${Math.round(counts.lastRequestAt - cancelledAt)} ms after the cancel`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await target.counts()).requests, counts.requests, 'requests arrived after the cancel');
  });
});

// The editor's runs send their traffic from a worker thread (dist/features/load-worker.js, built by
// `npm test`): the same counts, the progress ticks back on this thread, and the cancel bound.
describe('load engine on a worker thread, as the editor runs it (127.0.0.1)', function () {
  this.timeout(60_000);
  const worker = join(__dirname, '../../../dist/features/load-worker.js');
  const servers: TestServer[] = [];
  const server = async (kind: ConstructorParameters<typeof TestServer>[0]): Promise<TestServer> => {
    const started = await new TestServer(kind).start();
    servers.push(started);
    return started;
  };
  before(function () {
    assert.ok(existsSync(worker), `${worker} is missing: \`npm run build\` makes it (npm test builds first)`);
  });
  after(async () => {
    stopIdleTrafficWorkers();
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('500 to every tenth request: exactly 10% errors, the same result as on the calling thread', async () => {
    const target = await server('every-tenth-500');
    const ticks: number[] = [];
    const result = await runLoad({ url: target.url, requests: 500, concurrency: 10 }, { trafficWorker: worker, onProgress: (p) => ticks.push(p.requestsDone) });
    assert.equal(result.requests, 500);
    assert.equal(result.sent, 500);
    assert.deepEqual(result.errors, { total: 50, rate: 0.1, byKind: { 'status 500': 50 } });
    assert.deepEqual(result.statusCodes, { 200: 450, 500: 50 });
    assert.equal(result.saturation, null);
    assert.equal(result.stoppedBy, 'requests');
    assert.deepEqual(result.timeline.map((p) => p.requestsDone), ticks, 'each tick reached the caller, in order');
    assert.equal(ticks.at(-1), 500);
    assert.equal((await target.counts()).requests, 500);
  });

  it('a server that closes every connection: errors by kind, no crash, the worker ends', async () => {
    const target = await server('closes');
    const result = await runLoad({ url: target.url, requests: 100, concurrency: 5 }, { trafficWorker: worker });
    assert.equal(result.requests, 100);
    assert.equal(result.errors.total, 100);
    assert.ok(Object.keys(result.errors.byKind).length > 0);
  });

  it('cancel: the run resolves and all traffic stops within 1 s, sockets closed', async () => {
    const target = await server('slow');
    const cancel = new AbortController();
    const running = runLoad({ url: target.url, durationSeconds: 60, concurrency: 20 }, { trafficWorker: worker, signal: cancel.signal });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.ok((await target.counts()).requests > 0, 'the worker sent traffic');
    const cancelledAt = performance.timeOrigin + performance.now();
    cancel.abort();
    const result: LoadResult = await running;
    const resolvedAt = performance.timeOrigin + performance.now();
    assert.equal(result.cancelled, true);
    assert.ok(resolvedAt - cancelledAt < 1000, `resolved ${Math.round(resolvedAt - cancelledAt)} ms after the cancel`);
    let counts = await target.counts();
    while (counts.openSockets > 0 && performance.timeOrigin + performance.now() < cancelledAt + 1000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      counts = await target.counts();
    }
    assert.equal(counts.openSockets, 0, 'sockets still open 1 s after the cancel');
    assert.ok(counts.lastRequestAt <= cancelledAt + 5, `a request arrived ${Math.round(counts.lastRequestAt - cancelledAt)} ms after the cancel`);
  });

  it('runs one after another on the kept worker, and two at once on two', async () => {
    const target = await server('every-tenth-500');
    for (let run = 0; run < 3; run++) {
      const result = await runLoad({ url: target.url, requests: 200, concurrency: 4 }, { trafficWorker: worker });
      assert.deepEqual(result.errors.byKind, { 'status 500': 20 }, `run ${run}`);
    }
    const [first, second] = await Promise.all([
      runLoad({ url: target.url, requests: 300, concurrency: 5 }, { trafficWorker: worker }),
      runLoad({ url: target.url, requests: 100, concurrency: 5 }, { trafficWorker: worker }),
    ]);
    assert.equal(first.requests, 300);
    assert.equal(second.requests, 100);
    assert.equal(first.errors.total + second.errors.total, 40);
  });

  it('a worker script that cannot load: a clear error, not a hang', async () => {
    const target = await server('hello');
    await assert.rejects(
      runLoad({ url: target.url, requests: 10, concurrency: 1 }, { trafficWorker: join(__dirname, 'no-such-worker.js') }),
      /load test's worker failed/,
    );
  });
});
