// What the log engine costs, side by side with what people use today:
// (1) filtering 100k lines (text, level, regex, LogQL; the view's bar: < 50 ms) vs `grep` over the same
//     100k lines in a file, and reading a 100k-line container's logs + filtering vs `docker logs | grep`;
// (2) ingesting a service that writes ~10k lines a second (the bar: < 10 % of one core at 10k lines/s),
//     in this process (process.cpuUsage), vs `docker logs -f` on the same container (/proc/PID/stat).
// Usage: npm run bench -- logs   (STEVEDORE_BENCH_SECONDS=N changes the ingest window, default 10)
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { buildTestImage, dockerOrReason } from '../support/docker';
import { IMAGE, compose, sleep, writeProject } from '../integration/logs/helpers';
import { ProjectLogs, compileLogFilter, filterLines, type LogFilterSpec, type LogLevel, type LogLine } from '../../src/logs';
import { LevelTracker } from '../../src/logs/level';

const run = promisify(execFile);
const PROJECT = 'stevedore-test-logs-bench';
const SECONDS = Number(process.env.STEVEDORE_BENCH_SECONDS ?? 10);
const TICKS_PER_SECOND = 100;

function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** 100k lines as a mixed project writes them: access logs, JSON, logfmt, stack traces. */
function sampleLines(): LogLine[] {
  const tracker = new LevelTracker();
  const lines: LogLine[] = [];
  const services = ['api', 'worker', 'web', 'db'];
  for (let i = 0; i < 100_000; i++) {
    const kind = i % 20;
    const message =
      kind === 0 ? `{"level":50,"time":${1733335200000 + i},"msg":"db timeout after ${i % 30}s","req":${i}}`
        : kind === 1 ? `level=warn msg="queue slow" depth=${i % 500} worker=${i % 8}`
          : kind === 2 ? `    at handler (/app/src/server.js:${i % 400}:12)`
            : `10.0.${i % 255}.${i % 7} - - [04/Dec/2026:18:00:00 +0000] "GET /api/items/${i} HTTP/1.1" ${i % 50 ? 200 : 500} ${i % 9000} "-" "curl/8.5"`;
    const { level, source } = tracker.next(message, 'stdout');
    const time = 1733335200000 + i;
    lines.push({ seq: i, time, timeText: new Date(time).toISOString(), service: services[i % 4], container: `p-${services[i % 4]}-1`, containerId: 'x', replica: 1, stream: 'stdout', level, levelSource: source, message });
  }
  return lines;
}

async function filterBench(): Promise<void> {
  const lines = sampleLines();
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-test-logs-bench-'));
  const file = join(dir, 'lines.txt');
  writeFileSync(file, lines.map((l) => l.message).join('\n') + '\n');
  const cases: Array<{ name: string; spec: LogFilterSpec; grep?: string[] }> = [
    { name: 'text "timeout"', spec: { text: 'timeout' }, grep: ['-ci', 'timeout'] },
    { name: 'level error', spec: { levels: ['error'] as LogLevel[] } },
    { name: 'service + level', spec: { services: ['api'], levels: ['error', 'warn'] } },
    { name: 'regex " 5\\d\\d \\d+ "', spec: { regex: ' 5\\d\\d \\d+ ' }, grep: ['-cE', ' 5[0-9][0-9] [0-9]+ '] },
    { name: 'LogQL |= "GET" != "200" |~ "items/1\\\\d+"', spec: { query: '|= "GET" != " 200 " |~ "items/1\\\\d+"' } },
  ];
  console.log('filter 100k lines (median of 7; bar < 50 ms)          ours      grep on a file');
  for (const { name, spec, grep } of cases) {
    const compiled = compileLogFilter(spec);
    if (!compiled.ok) throw new Error(compiled.error);
    const times: number[] = [];
    let matched = 0;
    for (let k = 0; k < 7; k++) {
      const result = filterLines(lines, compiled.filter);
      times.push(result.elapsedMs);
      matched = result.indices.length;
    }
    let grepText = '';
    if (grep) {
      const grepTimes: number[] = [];
      for (let k = 0; k < 5; k++) {
        const started = performance.now();
        await run('grep', [...grep, file]).catch(() => undefined);
        grepTimes.push(performance.now() - started);
      }
      grepText = `${median(grepTimes).toFixed(1)} ms (process included)`;
    }
    console.log(`  ${name.padEnd(48)} ${median(times).toFixed(1).padStart(6)} ms  ${grepText}   [${matched} lines]`);
  }
  const catastrophic = compileLogFilter({ regex: '(a+)+$' });
  if (catastrophic.ok) {
    const withBad = [...lines.slice(0, 1000), { ...lines[0], message: 'a'.repeat(40) + 'b' }];
    const started = performance.now();
    const result = filterLines(withBad, catastrophic.filter, { budgetMs: 250 });
    console.log(`  (a+)+$ over a stuck line: stopped after ${(performance.now() - started).toFixed(0)} ms (budget 250), timedOut=${result.timedOut}`);
  }
  rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  await filterBench();
  const docker = await dockerOrReason();
  if (typeof docker === 'string') {
    console.log(`engine parts skipped: ${docker}`);
    return;
  }
  await buildTestImage(IMAGE, '');
  const dir = writeProject('logsbench', `
services:
  hundredk:
    image: ${IMAGE}
    command: ["sh", "-c", "seq 1 100000 | sed 's/$$/ GET \\\\/api\\\\/items HTTP\\\\/1.1 200 1234 curl/'; exec sleep 100000"]
  chatty:
    image: ${IMAGE}
    command: ["sh", "-c", "while :; do seq 1 1000 | sed 's/^/level=info msg=\\"request served\\" id=/'; usleep 90000; done"]
    profiles: ["chatty"]
`);
  try {
    await compose(dir, PROJECT, ['up', '-d', 'hundredk']);
    await sleep(3000);
    const container = `${PROJECT}_hundredk_1`;
    // docker logs | grep: two processes, a pipe between them (no shell).
    const pipeTimes: number[] = [];
    for (let k = 0; k < 3; k++) {
      const started = performance.now();
      await new Promise<void>((resolve) => {
        const logs = spawn('docker', ['logs', container], { stdio: ['ignore', 'pipe', 'ignore'] });
        const grep = spawn('grep', ['-c', ' 99[0-9][0-9] '], { stdio: ['pipe', 'ignore', 'ignore'] });
        logs.stdout.pipe(grep.stdin);
        grep.on('exit', () => resolve());
      });
      pipeTimes.push(performance.now() - started);
    }
    const oursTimes: number[] = [];
    for (let k = 0; k < 3; k++) {
      const started = performance.now();
      const logs = new ProjectLogs({ folder: dir, follow: false, tail: 'all', services: ['hundredk'] }, docker);
      await logs.start();
      const compiled = compileLogFilter({ regex: ' 99[0-9][0-9] ' });
      if (compiled.ok) filterLines(logs.lines(), compiled.filter);
      oursTimes.push(performance.now() - started);
      logs.dispose();
    }
    console.log(`\nread a container's 100k lines and filter:  ProjectLogs + filterLines ${median(oursTimes).toFixed(0)} ms   docker logs | grep ${median(pipeTimes).toFixed(0)} ms`);

    // Ingest: follow the chatty service for SECONDS, ours in-process and docker logs -f as a child.
    const logs = new ProjectLogs({ folder: dir, follow: true, tail: 0, services: ['chatty'] }, docker);
    let received = 0;
    logs.on('lines', ({ lines }) => (received += lines.length));
    await logs.start();
    await compose(dir, PROJECT, ['--profile', 'chatty', 'up', '-d', 'chatty']);
    await sleep(2000);
    const follower = spawn('docker', ['logs', '-f', '--tail', '0', `${PROJECT}_chatty_1`], { stdio: ['ignore', 'ignore', 'ignore'] });
    await sleep(500);
    const cpuBefore = process.cpuUsage();
    const receivedBefore = received;
    const dockerCpuBefore = processCpuMs(follower.pid!);
    const started = performance.now();
    await sleep(SECONDS * 1000);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const dockerCpuMs = processCpuMs(follower.pid!) - dockerCpuBefore;
    follower.kill('SIGINT');
    logs.dispose();
    const rate = ((received - receivedBefore) / wallMs) * 1000;
    const oursPercent = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
    const dockerPercent = (dockerCpuMs / wallMs) * 100;
    console.log(`ingest ${rate.toFixed(0)} lines/s for ${SECONDS} s: ProjectLogs ${oursPercent.toFixed(1)} % of a core (${((oursPercent * 10_000) / rate).toFixed(1)} % at 10k lines/s; bar < 10 %, whole process incl. the bench's own timers)`);
    console.log(`                          docker logs -f ${dockerPercent.toFixed(1)} % of a core (${((dockerPercent * 10_000) / rate).toFixed(1)} % at 10k lines/s, writing to /dev/null)`);
  } finally {
    await compose(dir, PROJECT, ['--profile', 'chatty', 'down', '-t', '1', '--remove-orphans']).catch(() => '');
    rmSync(dirname(dir), { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
