// Engines that half-answer: every request has a deadline, every buffered answer a size cap, and an
// impostor (a web server, a port that hangs up) is named as "not a Docker engine". Fake engines are
// small Node servers on unix sockets; the limits are lowered so each test takes a second or less.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  connectDocker,
  createDockerClient,
  DockerEngineError,
  DockerUnreachableError,
  resolveDockerTarget,
  DEFAULT_REQUEST_LIMITS,
  type RequestLimits,
} from '../../../src/docker/connection';
import { unsafePathReason } from '../../../src/docker/requests';
import { sampleOnce } from '../../../src/stats/snapshot';
import { ComposeStatsMonitor } from '../../../src/stats/monitor';
import type { ConnectionState } from '../../../src/stats/types';
import { endlessChunked, fakeHttpEngine, pingThenHang, plainWebServer, rawServer, type FakeEngine } from './fakeEngines';

const FAST: RequestLimits = { ...DEFAULT_REQUEST_LIMITS, timeoutMs: 400, actionTimeoutMs: 400, longStreamOpenTimeoutMs: 400, maxResponseBytes: 1024 * 1024 };

function client(engine: FakeEngine, limits = FAST) {
  const target = resolveDockerTarget({ setting: engine.host, settingName: '--host', env: {} });
  return { target, docker: createDockerClient(target, limits) };
}

async function rejectsWithin<T>(promise: Promise<T>, boundMs: number): Promise<Error> {
  const started = performance.now();
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  const elapsed = performance.now() - started;
  assert.ok(caught instanceof Error, 'the request must fail, not succeed');
  assert.ok(elapsed < boundMs, `failed after ${elapsed.toFixed(0)} ms (bound ${boundMs} ms)`);
  return caught;
}

function composeFolder(): string {
  const dir = join(realpathSync(mkdtempSync(join(tmpdir(), 'stevedore-fake-proj-'))), 'proj');
  mkdirSync(dir);
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n');
  return dir;
}

describe('engine requests: an engine that answers /_ping and then nothing', () => {
  let engine: FakeEngine;
  beforeEach(async () => {
    engine = await pingThenHang();
  });
  afterEach(() => engine.close());

  it('connects (the ping works), then every request times out with an "unresponsive" message', async () => {
    const { docker } = await connectDocker({ setting: engine.host, settingName: '--host', env: {} }, 3000, FAST);
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['GET /version', () => docker.version()],
      ['GET /images/busybox/json', () => docker.getImage('busybox').inspect()],
      ['GET /containers/json', () => docker.listContainers({ all: true })],
      ['GET /containers/abc/stats', () => docker.getContainer('abc').stats({ stream: false }) as Promise<unknown>],
      ['GET /events', () => docker.getEvents({}) as Promise<unknown>],
    ];
    for (const [request, call] of calls) {
      const error = await rejectsWithin(call(), 2000);
      assert.ok(error instanceof DockerEngineError, `${request}: ${error.message}`);
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, new RegExp(`The Docker engine at unix://.* \\(from --host\\) did not answer ${request.replace(/[/]/g, '\\/')} within 400 ms: it is unresponsive\\. .*--host or DOCKER_HOST`));
    }
  });

  it('`stats --no-stream` (sampleOnce) fails with the unresponsive message instead of hanging', async () => {
    const { docker } = client(engine);
    const error = await rejectsWithin(sampleOnce({ folder: composeFolder(), env: {}, docker, dockerHost: engine.host }), 2000);
    assert.match(error.message, /did not answer GET \/version within 400 ms: it is unresponsive/);
  });

  it('the stats view shows the engine as unresponsive and retries', async () => {
    const { docker } = client(engine);
    const monitor = new ComposeStatsMonitor({ folder: composeFolder(), env: {}, dockerHost: engine.host, reconnectMinMs: 60_000 }, docker);
    const states: ConnectionState[] = [];
    monitor.on('connection', (state) => states.push(state));
    try {
      const started = performance.now();
      await monitor.start();
      assert.ok(performance.now() - started < 2000, 'start() resolves after the first attempt');
      const down = states.find((state) => state.state === 'disconnected');
      assert.ok(down && down.state === 'disconnected', `states: ${JSON.stringify(states)}`);
      assert.match(down.message, /did not answer GET \/version within 400 ms: it is unresponsive/);
      assert.equal(down.reason, 'unresponsive');
      assert.ok(down.retryInMs > 0);
    } finally {
      monitor.dispose();
    }
  });
});

describe('engine requests: answers are buffered only up to a bound', () => {
  it('an endless chunked answer to /_ping is cut at 64 KiB and named "not a Docker engine" (was 714 MB in 3 s)', async () => {
    const engine = await endlessChunked(false);
    try {
      const before = process.memoryUsage().rss;
      const error = await rejectsWithin(connectDocker({ setting: engine.host, settingName: '--host', env: {} }, 3000, FAST), 2500);
      assert.ok(error instanceof DockerUnreachableError);
      assert.match(error.message, /answered GET \/_ping with more than 64 KiB: it is not a Docker engine/);
      assert.ok(process.memoryUsage().rss - before < 100 * 1024 * 1024, 'memory stays bounded');
    } finally {
      await engine.close();
    }
  });

  it('an endless JSON answer from an engine that pings well is cut at maxResponseBytes', async () => {
    const engine = await endlessChunked(true);
    try {
      const { docker } = client(engine, { ...FAST, timeoutMs: 10_000 });
      const before = process.memoryUsage().rss;
      const error = await rejectsWithin(docker.listContainers({ all: true }), 5000);
      assert.ok(error instanceof DockerEngineError);
      assert.equal(error.kind, 'too-large');
      assert.match(error.message, /sent more than 1 MiB for GET \/containers\/json: Stevedore stops reading there/);
      assert.ok(process.memoryUsage().rss - before < 100 * 1024 * 1024, 'memory stays bounded');
    } finally {
      await engine.close();
    }
  });
});

describe('engine requests: something answers that is not a Docker engine', () => {
  for (const status of [404, 200] as const) {
    it(`a web server answering HTML ${status} is "not a Docker engine", without its page in the message`, async () => {
      const engine = await plainWebServer(status);
      try {
        const error = await rejectsWithin(connectDocker({ setting: engine.host, settingName: '--host', env: {} }, 3000, FAST), 2000);
        assert.ok(error instanceof DockerUnreachableError);
        assert.match(error.message, new RegExp(`unix://.* \\(from --host\\) answered, but it is not a Docker engine \\(GET /_ping got HTTP ${status}`));
        assert.doesNotMatch(error.message, /html|Secret/i);
      } finally {
        await engine.close();
      }
    });
  }

  it('a server that accepts and hangs up says so instead of "socket hang up"', async () => {
    const engine = await rawServer();
    try {
      const error = await rejectsWithin(connectDocker({ setting: engine.host, settingName: '--host', env: {} }, 3000, FAST), 2000);
      assert.match(error.message, /accepted the connection but closed it without answering GET \/_ping: it is not a Docker engine, or it expects TLS/);
    } finally {
      await engine.close();
    }
  });

  it('a server speaking another protocol (an SSH banner) is "not in HTTP"', async () => {
    const engine = await rawServer('SSH-2.0-OpenSSH_9.2\r\n');
    try {
      const error = await rejectsWithin(connectDocker({ setting: engine.host, settingName: '--host', env: {} }, 3000, FAST), 2000);
      assert.match(error.message, /answered, but not in HTTP: it is not a Docker engine/);
    } finally {
      await engine.close();
    }
  });
});

describe('engine requests: names cannot leave their path segment', () => {
  it('refuses paths with .. segments, a ? before the query, or controls, without sending them', async () => {
    const engine = await pingThenHang();
    try {
      const { docker } = client(engine);
      for (const name of ['a/../b', 'x/../../v1.41/containers/json', 'busybox?x=1', 'a b', 'a#b']) {
        const error = await rejectsWithin(docker.getImage(name).inspect(), 500);
        assert.ok(error instanceof DockerEngineError && error.kind === 'bad-path', `${name}: ${error.message}`);
        assert.match(error.message, /Stevedore did not send GET \/images\/.* to the Docker engine: it holds/);
      }
      assert.deepEqual(engine.requests, [], 'nothing reached the engine');
    } finally {
      await engine.close();
    }
  });

  it('accepts what dockerode sends for real names, IDs and queries', () => {
    for (const path of ['/images/registry.example:5000/team/app:1.2/json', '/images/sha256:0123abcd/json', '/containers/json?', '/images/sha256%3Aabc/get', '/_ping']) {
      assert.equal(unsafePathReason(path), undefined, path);
    }
  });
});

describe('engine answers of the wrong shape (an impostor that pings well)', () => {
  it('`stats --no-stream` says the container list is not one, instead of ".filter is not a function"', async () => {
    const engine = await fakeHttpEngine((request, response) => {
      if (request.url?.endsWith('/_ping')) {
        response.writeHead(200, { 'Api-Version': '1.41' });
        response.end('OK');
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(request.url?.includes('/version') ? 'null' : '{"containers": "no"}');
    });
    try {
      const { docker } = client(engine);
      const error = await rejectsWithin(sampleOnce({ folder: composeFolder(), env: {}, docker, dockerHost: engine.host }), 2000);
      assert.match(error.message, /answered GET \/containers\/json with something that is not a list of containers: is the host a Docker engine\?/);
    } finally {
      await engine.close();
    }
  });

  it('skips stats documents and list entries that are not objects', async () => {
    const labels = { 'com.docker.compose.project': 'proj', 'com.docker.compose.service': 'web' };
    const engine = await fakeHttpEngine((request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': '1.41' });
      if (request.url?.endsWith('/_ping')) response.end('OK');
      else if (request.url?.includes('/containers/json')) response.end(JSON.stringify([null, 5, { Id: 7 }, { Id: 'abc', Names: 'x', State: 'running', Labels: labels }]));
      else if (request.url?.includes('/stats')) response.end('null');
      else response.end('{}');
    });
    try {
      const { docker } = client(engine);
      const snapshot = await sampleOnce({ folder: composeFolder(), env: {}, docker, dockerHost: engine.host });
      assert.equal(snapshot.states[0].containers.length, 1);
      assert.equal(snapshot.states[0].containers[0].container, 'abc');
      assert.equal(snapshot.states[0].containers[0].sample, undefined);
    } finally {
      await engine.close();
    }
  });
});

describe('engine streams: stalled or endless streams are bounded', () => {
  const ID = 'a'.repeat(64);
  const labels = { 'com.docker.compose.project': 'proj', 'com.docker.compose.service': 'web' };
  /** Pings, lists one running container of `proj`, keeps events open, and answers stats with `stats`. */
  function engineWithStats(stats: (response: import('node:http').ServerResponse) => void): Promise<FakeEngine> {
    return fakeHttpEngine((request, response) => {
      const url = request.url ?? '';
      if (url.endsWith('/_ping')) {
        response.writeHead(200, { 'Api-Version': '1.41' });
        response.end('OK');
      } else if (url.includes('/events')) {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.flushHeaders();
      } else if (url.includes('/containers/json')) {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify([{ Id: ID, Names: ['/proj-web-1'], State: 'running', Labels: labels }]));
      } else if (url.includes('/stats')) {
        stats(response);
      } else {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{}');
      }
    });
  }

  async function watch(engine: FakeEngine, ms: number): Promise<void> {
    const { docker } = client(engine, { ...FAST, timeoutMs: 2000 });
    const monitor = new ComposeStatsMonitor({ folder: composeFolder(), env: {}, dockerHost: engine.host, countLogErrors: false, statsStallMs: 200, stateIntervalMs: 50 }, docker);
    try {
      await monitor.start();
      assert.equal(monitor.connectionState.state, 'connected');
      await new Promise((resolve) => setTimeout(resolve, ms));
      assert.equal(monitor.states()[0]?.containers[0]?.sample, undefined, 'no sample from a silent or endless stream');
    } finally {
      monitor.dispose();
    }
  }

  it('a stats stream that opens and then says nothing is closed and reopened (docker stats zeroes such a row)', async () => {
    const engine = await engineWithStats((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.flushHeaders();
    });
    try {
      await watch(engine, 1800);
      const opened = engine.requests.filter((line) => line.includes('/stats')).length;
      assert.ok(opened >= 2, `the stalled stream is reopened (${opened} stats requests)`);
    } finally {
      await engine.close();
    }
  });

  it('a stats stream without newlines is cut at 1 MiB, not buffered without end', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const engine = await engineWithStats((response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const pump = (): void => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    });
    try {
      const before = process.memoryUsage().rss;
      await watch(engine, 1500);
      assert.ok(process.memoryUsage().rss - before < 150 * 1024 * 1024, 'memory stays bounded');
      assert.ok(engine.requests.filter((line) => line.includes('/stats')).length >= 2, 'the cut stream is reopened');
    } finally {
      await engine.close();
    }
  });
});
