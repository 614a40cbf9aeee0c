// The log engine on a real compose project: busybox services write known lines (JSON, logfmt, plain,
// stderr, a multi-line stack trace) at known offsets from a shared start instant, so the merged order,
// levels, counts and filters are exact. Then a replica restarts and another joins mid-stream, a
// service bursts 100k lines into a small ring, and a service writes bad input.
import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type Docker from 'dockerode';
import { buildTestImage, dockerCli, requireDocker } from '../../support/docker';
import { EngineProxy } from '../../support/engineProxy';
import { ProjectLogs, TRUNCATED_MARKER, compileLogFilter, filterLines, type ContainerChange, type LogFilterSpec, type LogLine } from '../../../src/logs';
import { IMAGE, compose, sleep, waitForLines, writeProject } from './helpers';

const PROJECT = 'stevedore-test-logs-it';
const ROOT = join(__dirname, '../../..');
const run = promisify(execFile);

/** `stevedore ARGS` in `cwd` through tsx: stdout, stderr and the exit status. */
async function stevedore(cwd: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/main.ts'), ...args], { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '' } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

/**
 * Every timed service waits for the signal file the test writes once all of them run (Compose starts
 * containers one by one, seconds apart on a busy machine), then sleeps its offsets (µs).
 */
const AT_START = 'while [ ! -e /signal/go ]; do usleep 10000; done';

export const COMPOSE_YAML = `
x-timed: &timed
  image: ${IMAGE}
  volumes: ["./signal:/signal:ro"]
services:
  api:
    <<: *timed
    command: ["sh", "-c", "${AT_START}; echo '{\\"level\\":\\"info\\",\\"msg\\":\\"api up\\"}'; usleep 600000; echo '{\\"level\\":50,\\"msg\\":\\"db down\\"}'; usleep 600000; echo 'DEBUG: cache stats'; exec sleep 100000"]
  worker:
    <<: *timed
    command: ["sh", "-c", "${AT_START}; usleep 200000; echo 'level=warn msg=\\"queue slow\\"'; exec sleep 100000"]
    deploy:
      replicas: 2
  web:
    <<: *timed
    command: ["sh", "-c", "${AT_START}; usleep 400000; echo '2026-12-04 18:00:00 INFO listening on :80'; usleep 400000; echo 'something odd' >&2; usleep 200000; printf 'ERROR Unhandled exception: boom\\\\n    at handler (app.js:10)\\\\n    at main (app.js:20)\\\\nCaused by: disk full\\\\n'; exec sleep 100000"]
  ticker:
    image: ${IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; n=$$(cat /n 2>/dev/null || echo 0); while :; do n=$$((n+1)); echo $$n > /n; echo \\"tick $$n\\"; usleep 100000; done"]
  burst:
    image: ${IMAGE}
    command: ["sh", "-c", "seq 1 100000 | sed 's/$$/ ${'x'.repeat(190)}/'; echo 'burst done'; exec sleep 100000"]
    profiles: ["burst"]
  bad:
    image: ${IMAGE}
    command: ["sh", "-c", "printf 'invalid \\\\377\\\\376 utf8\\\\n'; printf 'bell\\\\007 nul\\\\000 esc\\\\033[2J \\\\033[31mred\\\\033[0m\\\\n'; head -c 1048576 /dev/zero | tr '\\\\000' x; echo; head -c 50000 /dev/zero | tr '\\\\000' a; echo b; head -c 2000 /dev/urandom; echo; echo after; exec sleep 100000"]
`;

/** The timed lines as they must come out: service, stream, level, level source, message. */
const EXPECTED: Array<[string, string, string | null, string | null, string]> = [
  ['api', 'stdout', 'info', 'line', '{"level":"info","msg":"api up"}'],
  ['worker', 'stdout', 'warn', 'line', 'level=warn msg="queue slow"'],
  ['worker', 'stdout', 'warn', 'line', 'level=warn msg="queue slow"'],
  ['web', 'stdout', 'info', 'line', '2026-12-04 18:00:00 INFO listening on :80'],
  ['api', 'stdout', 'error', 'line', '{"level":50,"msg":"db down"}'],
  ['web', 'stderr', 'warn', 'stream', 'something odd'],
  ['web', 'stdout', 'error', 'line', 'ERROR Unhandled exception: boom'],
  ['web', 'stdout', 'error', 'head', '    at handler (app.js:10)'],
  ['web', 'stdout', 'error', 'head', '    at main (app.js:20)'],
  ['web', 'stdout', 'error', 'head', 'Caused by: disk full'],
  ['api', 'stdout', 'debug', 'line', 'DEBUG: cache stats'],
];
const TIMED = ['api', 'worker', 'web'];

function filtered(lines: readonly LogLine[], spec: LogFilterSpec): LogLine[] {
  const compiled = compileLogFilter(spec);
  if (!compiled.ok) assert.fail(compiled.error);
  return filterLines(lines, compiled.filter).indices.map((i) => lines[i]);
}

describe('logs with a real compose project: merged, levelled, filtered', function () {
  this.timeout(240_000);
  let docker: Docker;
  let dir: string;
  let start: number;
  const opened: ProjectLogs[] = [];
  const open = (options: Partial<ConstructorParameters<typeof ProjectLogs>[0]>) => {
    const logs = new ProjectLogs({ folder: dir, ...options }, docker);
    opened.push(logs);
    return logs;
  };

  before(async function () {
    docker = await requireDocker(this);
    await buildTestImage(IMAGE, '');
    dir = writeProject('logsdemo', COMPOSE_YAML);
    mkdirSync(join(dir, 'signal'));
    await compose(dir, PROJECT, ['up', '-d']);
    start = Date.now();
    writeFileSync(join(dir, 'signal', 'go'), '');
    // Until the last timed line is written.
    await sleep(3000);
  });

  after(async function () {
    for (const logs of opened) logs.dispose();
    if (dir) {
      await compose(dir, PROJECT, ['--profile', 'burst', 'down', '-v', '--remove-orphans', '-t', '1'], {}).catch(() => '');
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });

  let timed: readonly LogLine[] = [];

  it('merges every replica\'s lines in time order with service, replica, stream and level (found through the config_files labels)', async () => {
    const logs = open({ follow: false, services: TIMED });
    const batches: number[] = [];
    logs.on('lines', (batch) => batches.push(batch.lines.length));
    let ended = false;
    logs.on('end', () => (ended = true));
    await logs.start();
    assert.ok(ended, "'end' was emitted");
    timed = logs.lines();
    assert.equal(logs.project.name, 'logsdemo', 'the folder\'s project; its containers carry the -p name');
    assert.deepEqual(
      timed.map((l) => [l.service, l.stream, l.level, l.levelSource, l.message]),
      EXPECTED,
      timed.map((l) => `${l.timeText} ${l.container} ${l.message}`).join('\n'),
    );
    assert.deepEqual(timed.map((l) => l.seq), timed.map((_, i) => i), 'seq counts the merged order');
    assert.deepEqual(new Set(timed.filter((l) => l.service === 'worker').map((l) => l.replica)), new Set([1, 2]), 'one line from each worker replica');
    for (let i = 1; i < timed.length; i++) assert.ok(timed[i].time >= timed[i - 1].time, `line ${i} is not older than line ${i - 1}`);
    // The lines were written at the signal + offsets: the engine's times say so (within the machine's scheduling slack).
    const offset = (l: LogLine) => l.time - start;
    assert.ok(offset(timed[0]) >= 0 && offset(timed[0]) < 400, `api up at +${offset(timed[0]).toFixed(0)} ms`);
    assert.ok(offset(timed[10]) >= 1200, `cache stats at +${offset(timed[10]).toFixed(0)} ms`);
    for (const line of timed) {
      assert.match(line.timeText, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
      assert.match(line.container, new RegExp(`^${PROJECT}_${line.service}_${line.replica}$`));
      assert.match(line.containerId, /^[0-9a-f]{64}$/);
    }
    assert.equal(batches.reduce((a, b) => a + b, 0), 11, 'every line was emitted once');
  });

  it('filters them exactly: levels, services, text, regex and LogQL', () => {
    assert.equal(timed.length, 11);
    const messages = (spec: LogFilterSpec) => filtered(timed, spec).map((l) => `${l.service}: ${l.message}`);
    assert.deepEqual(messages({ levels: ['error'] }), [
      'api: {"level":50,"msg":"db down"}',
      'web: ERROR Unhandled exception: boom',
      'web:     at handler (app.js:10)',
      'web:     at main (app.js:20)',
      'web: Caused by: disk full',
    ]);
    assert.equal(filtered(timed, { levels: ['warn'] }).length, 3);
    assert.equal(filtered(timed, { services: ['worker'] }).length, 2);
    assert.deepEqual(messages({ services: ['api'], levels: ['info', 'debug'] }), ['api: {"level":"info","msg":"api up"}', 'api: DEBUG: cache stats']);
    assert.deepEqual(messages({ text: 'QUEUE' }).length, 2);
    assert.deepEqual(messages({ regex: 'app\\.js:\\d+\\)$' }), ['web:     at handler (app.js:10)', 'web:     at main (app.js:20)']);
    assert.deepEqual(messages({ query: '|= "cache" or "disk" != "Caused"' }), ['api: DEBUG: cache stats']);
    assert.deepEqual(messages({ query: '|~ "(?i)^error|^debug"' }), ['web: ERROR Unhandled exception: boom', 'api: DEBUG: cache stats']);
    assert.equal(filtered(timed, { from: timed[4].time, to: timed[6].time }).length, 2);
  });

  it('since and until select the same lines as the engine\'s times', async () => {
    const cut = timed[4];
    const since = open({ follow: false, services: TIMED, since: cut.timeText });
    await since.start();
    assert.deepEqual(since.lines().map((l) => l.message), timed.slice(4).map((l) => l.message));
    const until = open({ follow: false, services: TIMED, until: new Date(Math.floor(timed[3].time) + 1).toISOString() });
    await until.start();
    assert.deepEqual(until.lines().map((l) => l.message), timed.slice(0, 4).map((l) => l.message));
    assert.throws(() => open({ since: 'yesterday' }), /not a time/);
  });

  it('a replica that restarts keeps its earlier lines and continues without a gap or a repeat; a new replica joins', async () => {
    const logs = open({ follow: true, services: ['ticker'], tail: 'all' });
    const changes: ContainerChange[] = [];
    logs.on('container', (change) => changes.push(change));
    await logs.start();
    await waitForLines(logs, 'five ticks', (lines) => lines.length >= 5);
    const [ticker] = logs.containers();
    await dockerCli(['restart', '-t', '10', ticker.container]);
    const before = logs.lines().length;
    await waitForLines(logs, 'ticks after the restart', (lines) => lines.length >= before + 10);
    assert.ok(changes.some((c) => c.kind === 'restarted' && c.container.containerId === ticker.containerId), `restarted: ${JSON.stringify(changes.map((c) => c.kind))}`);
    assert.equal(logs.containers()[0].restarts, 1);
    await compose(dir, PROJECT, ['up', '-d', '--no-recreate', '--scale', 'ticker=2', 'ticker'], {});
    await waitForLines(logs, 'ticks of the second replica', (lines) => lines.filter((l) => l.replica === 2).length >= 3);
    assert.ok(changes.some((c) => c.kind === 'joined' && c.container.replica === 2), 'the second replica joined');
    logs.dispose();
    const first = logs.lines().filter((l) => l.replica === 1).map((l) => Number(/^tick (\d+)$/.exec(l.message)?.[1] ?? `NaN(${l.message})`));
    assert.deepEqual(first, first.map((_, i) => i + 1), `replica 1 ${JSON.stringify(logs.lines().filter((l) => l.replica === 1 && !/^tick \d+$/.test(l.message)).map((l) => l.message))} counts 1..${first.length} with no gap and no repeat across its restart: ${first.join(' ')}`);
    assert.ok(first.length >= before + 10);
  });

  it('the engine vanishing mid-stream is reported, and on its return every replica continues without a gap or a repeat', async () => {
    const proxy = new EngineProxy('stevedore-test-logs');
    await proxy.start();
    // Its own client through the proxy (not the suite's).
    const logs = new ProjectLogs({ folder: dir, follow: true, services: ['ticker'], tail: 3, dockerHost: `unix://${proxy.path}`, reconnectMinMs: 200, reconnectMaxMs: 500 });
    opened.push(logs);
    const states: string[] = [];
    logs.on('connection', (state) => states.push(state.state === 'disconnected' ? `disconnected: ${state.message}` : state.state));
    try {
      await logs.start();
      await waitForLines(logs, 'ticks', (lines) => lines.length >= 10);
      await proxy.stop();
      await sleep(1500);
      assert.ok(states.some((s) => s.startsWith('disconnected: ') && s.includes(proxy.path)), `reported: ${states.join(' | ')}`);
      const during = logs.lines().length;
      await proxy.start();
      await waitForLines(logs, 'ticks after the engine came back', (lines) => lines.length >= during + 20);
      assert.equal(states.at(-1), 'connected');
    } finally {
      logs.dispose();
      await proxy.stop();
      rmSync(proxy.dir, { recursive: true, force: true });
    }
    const replicas = [...new Set(logs.lines().map((l) => l.replica))];
    assert.ok(replicas.includes(1));
    for (const replica of replicas) {
      const ticks = logs.lines().filter((l) => l.replica === replica).map((l) => Number(/^tick (\d+)$/.exec(l.message)?.[1]));
      assert.ok(ticks.length >= 10, `replica ${replica}: ${ticks.length} ticks`);
      assert.deepEqual(ticks, ticks.map((_, i) => ticks[0] + i), `replica ${replica} counts on across the outage: ${ticks.join(' ')}`);
    }
  });

  it('a 100k-line burst keeps the ring within its line and byte bounds, losing no line on the way', async () => {
    const ringLines = 10_000;
    const ringBytes = 2 * 1024 * 1024;
    const logs = open({ follow: true, services: ['burst'], tail: 'all', ringLines, ringBytes });
    let emitted = 0;
    let lastNumber = 0;
    let inOrder = true;
    logs.on('lines', ({ lines }) => {
      for (const line of lines) {
        emitted++;
        const number = parseInt(line.message, 10);
        if (number) {
          if (number !== lastNumber + 1) inOrder = false;
          lastNumber = number;
        }
      }
    });
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    await logs.start();
    await compose(dir, PROJECT, ['--profile', 'burst', 'up', '-d', 'burst'], {});
    await waitForLines(logs, 'the end of the burst', (lines) => lines.at(-1)?.message === 'burst done', 120_000);
    gc();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    const lines = logs.lines();
    assert.equal(emitted, 100_001, 'every line was emitted once');
    assert.ok(inOrder, 'in order');
    assert.ok(lines.length <= ringLines, `${lines.length} lines held`);
    assert.ok(logs.ringBytes <= ringBytes, `${logs.ringBytes} bytes held`);
    assert.equal(logs.droppedLines, 100_001 - lines.length);
    assert.match(lines.at(-2)!.message, /^100000 x+$/);
    // 100k lines of 200 characters are ~60 MB as strings; the ring holds 2 MiB of them.
    assert.ok(heapGrowth < 24 * 1024 * 1024, `heap grew ${(heapGrowth / 1048576).toFixed(1)} MiB`);
  });

  it('bad input is shown safely: invalid UTF-8, controls, a 1 MB line, random bytes, a catastrophic regex; nothing lost', async () => {
    const logs = open({ follow: false, services: ['bad'] });
    const warnings: string[] = [];
    logs.on('warning', (w) => warnings.push(w));
    await logs.start();
    const lines = logs.lines();
    assert.deepEqual(warnings, []);
    assert.equal(lines[0].message, 'invalid \ufffd\ufffd utf8');
    assert.equal(lines[1].message, 'bell␇ nul␀ esc red', 'colour and screen escapes dropped, other controls visible');
    assert.ok(lines[2].message.endsWith(TRUNCATED_MARKER), 'the 1 MB line is cut with the marker');
    assert.equal(lines[2].message.length, 64 * 1024 + TRUNCATED_MARKER.length);
    assert.equal(lines[3].message, 'a'.repeat(50_000) + 'b');
    assert.equal(lines.at(-1)!.message, 'after', 'the line after the random bytes arrives');
    for (const line of lines) assert.doesNotMatch(line.message, /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/, 'no raw control character');
    const compiled = compileLogFilter({ regex: '(a+)+$' });
    assert.ok(compiled.ok);
    const started = performance.now();
    const result = filterLines(lines, compiled.filter, { budgetMs: 200 });
    assert.equal(result.timedOut, true);
    assert.equal(lines[result.scanned].message.slice(0, 5), 'aaaaa', 'stopped on the 50k a line');
    assert.ok(performance.now() - started < 2000, `stopped in ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('`stevedore logs --format json` prints one documented object per line, the engine\'s lines in the same order', async () => {
    const { stdout, stderr, code } = await stevedore(dir, ['logs', '--format', 'json', 'api', 'worker', 'web']);
    assert.equal(code, 0, stderr);
    const rows = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(rows.length, 11);
    for (const row of rows) assert.deepEqual(Object.keys(row), ['time', 'service', 'container', 'stream', 'level', 'message']);
    assert.deepEqual(rows, timed.map((l) => ({ time: l.timeText, service: l.service, container: l.container, stream: l.stream, level: l.level, message: l.message })));
  });

  it('`stevedore logs` prints service-prefixed lines; --level, --grep, --query and --since filter them', async () => {
    const errors = await stevedore(dir, ['logs', '--no-color', '--level', 'error', 'web']);
    assert.equal(errors.code, 0, errors.stderr);
    assert.deepEqual(errors.stdout.trimEnd().split('\n'), [
      'web-1    | ERROR Unhandled exception: boom',
      'web-1    |     at handler (app.js:10)',
      'web-1    |     at main (app.js:20)',
      'web-1    | Caused by: disk full',
    ]);
    const warnAndUp = await stevedore(dir, ['logs', '--level', 'warn', 'api', 'worker', 'web']);
    assert.equal(warnAndUp.stdout.trim().split('\n').length, 8, 'warn and error');
    const grep = await stevedore(dir, ['logs', '--grep', '^level=', '-t', 'worker']);
    assert.match(grep.stdout, /^worker-[12] +\| \d{4}-\d\d-\d\dT[\d:.]+Z level=warn msg="queue slow"\nworker-[12] +\| \S+ level=warn msg="queue slow"\n$/);
    const query = await stevedore(dir, ['logs', '--query', '|= "cache" or "disk" != "Caused"', 'api', 'web']);
    assert.equal(query.stdout, 'api-1    | DEBUG: cache stats\n');
    const since = await stevedore(dir, ['logs', '--since', timed[10].timeText, '--format', 'json', 'api', 'worker', 'web']);
    assert.equal(since.stdout.trim().split('\n').length, 1);
  });

  it('`stevedore logs --grep` with a catastrophic pattern skips the stuck line with a message and finishes', async () => {
    const started = Date.now();
    const { stderr, code } = await stevedore(dir, ['logs', '--grep', '(a+)+$', 'bad']);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /--grep took over 250 ms on a line of stevedore-test-logs-it_bad_1 .* \(50001 characters\); the line is skipped/);
    assert.ok(Date.now() - started < 30_000);
  });

  it('`stevedore logs` says what is wrong with its arguments', async () => {
    const since = await stevedore(dir, ['logs', '--since', 'yesterday']);
    assert.equal(since.code, 2);
    assert.match(since.stderr, /--since\/--until: "yesterday" is not a time: use a duration like 10m/);
    const level = await stevedore(dir, ['logs', '--level', 'loud']);
    assert.equal(level.code, 2);
    assert.match(level.stderr, /Unknown --level "loud": use error, warn, info, debug or none/);
    const grep = await stevedore(dir, ['logs', '--grep', '(']);
    assert.equal(grep.code, 2);
    assert.match(grep.stderr, /--grep: invalid regular expression "\("/);
    const query = await stevedore(dir, ['logs', '--query', '|= nope']);
    assert.equal(query.code, 2);
    assert.match(query.stderr, /--query: LogQL: expected a string/);
    const service = await stevedore(dir, ['logs', 'nosuch']);
    assert.equal(service.code, 1);
    assert.match(service.stderr, /No such service: nosuch \(the project logsdemo has api, worker, web, ticker, burst, bad\)/);
    const host = await stevedore(dir, ['logs', '-H', 'tcp://127.0.0.1:1']);
    assert.equal(host.code, 1);
    assert.match(host.stderr, /127\.0\.0\.1:1/);
  });

  it('`stevedore logs --follow` prints new lines as they come and ends cleanly on Ctrl-C', async () => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/main.ts'), 'logs', '--follow', '--tail', '0', '--format', 'json', 'ticker'], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line followed in 30 s: ${stderr}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.split('\n').length > 3) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGINT');
    const code = await Promise.race([exited, sleep(10_000).then(() => 'still running')]);
    assert.equal(code, 0, stderr);
    for (const line of stdout.trim().split('\n')) assert.match((JSON.parse(line) as { message: string }).message, /^tick \d+$/);
  });
});
