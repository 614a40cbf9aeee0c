// What the exporter costs: N busybox containers (30 by default) served by `stevedore exporter` (the
// built CLI) and scraped every 2 s for a few minutes, against `docker stats` streaming the same
// containers for a window of its own (one after the other, so they do not share dockerd's load).
// Figures: each tool's own CPU (ms per container per second, from /proc/PID/stat), dockerd's CPU in
// each window, scrape latency (p50/p95/max), and the exporter's resident memory over the run.
// Usage: npm run bench -- exporter   (STEVEDORE_BENCH_CONTAINERS=N, STEVEDORE_BENCH_SECONDS=S)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTestImage, dockerCli, dockerOrReason } from '../support/docker';
import { freePort, waitUntil } from '../support/net';

const PREFIX = 'stevedore-test-exporter-bench';
const IMAGE = 'stevedore-test-exporter-busybox:latest';
const CONTAINERS = Number(process.env.STEVEDORE_BENCH_CONTAINERS ?? 30);
const SECONDS = Number(process.env.STEVEDORE_BENCH_SECONDS ?? 180);
const DOCKER_STATS_SECONDS = Math.min(60, SECONDS);
const SCRAPE_EVERY_MS = 2000;
const TICKS_PER_SECOND = 100; // Linux USER_HZ, the unit of utime/stime in /proc/PID/stat

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** utime + stime of a process, in ms. */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function residentMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? 'VmRSS: 0 kB';
  return Number(line.split(/\s+/)[1]) / 1024;
}

function dockerdPid(): number | undefined {
  try {
    return Number(readFileSync('/var/run/docker.pid', 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const docker = await dockerOrReason();
  if (typeof docker === 'string') {
    console.log(`exporter bench skipped: ${docker}`);
    return;
  }
  const names = Array.from({ length: CONTAINERS }, (_, i) => `${PREFIX}-${i + 1}`);
  await dockerCli(['rm', '-f', ...names]).catch(() => undefined);
  await buildTestImage(IMAGE, 'RUN mkdir -p /www && echo hello > /www/index.html\n');
  const dockerd = dockerdPid();
  const children: ChildProcess[] = [];
  try {
    for (const name of names) {
      await dockerCli(['run', '-d', '--name', name, '--label', `com.docker.compose.project=${PREFIX}`, '--label', 'com.docker.compose.service=idle',
        '--memory', '16m', IMAGE, 'sh', '-c', 'while :; do sleep 1; done']);
    }
    const running = Number(execFileSync('docker', ['ps', '-q']).toString().trim().split('\n').filter(Boolean).length);
    console.log(`${CONTAINERS} busybox containers started (${running} running on the engine in all); ${SECONDS} s exporter window, scraped every ${SCRAPE_EVERY_MS / 1000} s`);

    // (a) stevedore exporter, scraped every 2 s.
    const port = await freePort();
    const exporter = spawn(process.execPath, [join(__dirname, '../../dist/cli.js'), 'exporter', '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(exporter);
    const url = `http://127.0.0.1:${port}/metrics`;
    await waitUntil(async () => {
      const text = await fetch(url).then((r) => r.text(), () => '');
      const sampled = new Set(text.split('\n').filter((l) => l.startsWith('container_cpu_usage_seconds_total{')).map((l) => /name="([^"]*)"/.exec(l)?.[1]));
      return names.every((name) => sampled.has(name));
    }, 60_000, 'every bench container in the exposition');
    await sleep(5000); // past start-up: the first inspects and stream openings
    const latencies: number[] = [];
    const memory: number[] = [];
    let bytes = 0;
    let followed = CONTAINERS;
    const cpuStart = processCpuMs(exporter.pid!);
    const dockerdStart = dockerd ? processCpuMs(dockerd) : 0;
    const startedAt = Date.now();
    let nextMemoryAt = startedAt;
    while (Date.now() - startedAt < SECONDS * 1000) {
      const begin = performance.now();
      const text = await (await fetch(url)).text();
      latencies.push(performance.now() - begin);
      bytes = text.length;
      // The exporter follows every running container of the engine, others' too: count what it served.
      followed = new Set(text.split('\n').filter((l) => l.startsWith('container_cpu_usage_seconds_total{')).map((l) => /name="([^"]*)"/.exec(l)?.[1])).size;
      if (Date.now() >= nextMemoryAt) {
        memory.push(residentMiB(exporter.pid!));
        nextMemoryAt += 15_000;
      }
      await sleep(Math.max(0, SCRAPE_EVERY_MS - (performance.now() - begin)));
    }
    const elapsed = (Date.now() - startedAt) / 1000;
    const exporterCpu = processCpuMs(exporter.pid!) - cpuStart;
    const dockerdExporterCpu = dockerd ? processCpuMs(dockerd) - dockerdStart : NaN;
    memory.push(residentMiB(exporter.pid!));
    await stop(exporter, 'SIGTERM');
    const perContainer = (ms: number, seconds: number, count = CONTAINERS) => (ms / seconds / count).toFixed(2);
    latencies.sort((a, b) => a - b);
    console.log(`stevedore exporter: ${perContainer(exporterCpu, elapsed, followed)} ms CPU per container per second over the ${followed} it served ` +
      `(${(exporterCpu / elapsed / 10).toFixed(1)} % of one core); dockerd meanwhile ${perContainer(dockerdExporterCpu, elapsed, followed)} ms/container/s`);
    console.log(`scrapes: ${latencies.length}, exposition ${(bytes / 1024).toFixed(0)} KiB; latency p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`);
    console.log(`exporter resident memory every 15 s (MiB): ${memory.map((m) => m.toFixed(1)).join(' ')}`);
    await sleep(3000);

    // (b) docker stats streaming the same containers, output to nowhere.
    const stats = spawn('docker', ['stats', '--format', '{{json .}}', ...names], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(stats);
    await sleep(5000);
    const statsStart = processCpuMs(stats.pid!);
    const dockerdStatsStart = dockerd ? processCpuMs(dockerd) : 0;
    const statsStartedAt = Date.now();
    await sleep(DOCKER_STATS_SECONDS * 1000);
    const statsElapsed = (Date.now() - statsStartedAt) / 1000;
    if (stats.exitCode !== null) throw new Error(`docker stats exited early (${stats.exitCode})`);
    const statsCpu = processCpuMs(stats.pid!) - statsStart;
    const dockerdStatsCpu = dockerd ? processCpuMs(dockerd) - dockerdStatsStart : NaN;
    await stop(stats, 'SIGKILL');
    console.log(`docker stats:       ${perContainer(statsCpu, statsElapsed)} ms CPU per container per second ` +
      `(${(statsCpu / statsElapsed / 10).toFixed(1)} % of one core); dockerd meanwhile ${perContainer(dockerdStatsCpu, statsElapsed)} ms/container/s`);
  } finally {
    for (const child of children) await stop(child, 'SIGKILL');
    await dockerCli(['rm', '-f', ...names]).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
