// What live stats cost through the direct (cgroup) path against `docker stats`, counting the
// engine's share: each client runs alone on the same idle busybox containers, and its CPU is summed
// with what dockerd + containerd and the containers' shims spend meanwhile (utime + stime from
// /proc/PID/stat). Parts (STEVEDORE_BENCH_PART, default `cost`):
//   cost   30 containers, 20 s per client: stevedore stats (cgroup, then api), docker stats, and
//          stevedore exporter (cgroup) scraped every 2 s. Bars: stevedore stats (cgroup) at most half
//          of docker stats; the exporter's CPU per container per second at most docker stats'.
//   scale  200 containers shown by the monitor in this process (the view's engine) for
//          STEVEDORE_BENCH_MINUTES (default 10): CPU in all under 5 % of one core, and the heap
//          after GC and the resident memory sampled every 30 s, which must stay flat.
// Containers are named stevedore-test-cgroup-<part>_idle_N and removed at the end.
// Usage: npm run bench -- cgroup   (STEVEDORE_BENCH_PART=scale for the long run)
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { buildTestImage, dockerOrReason } from '../support/docker';
import { IMAGE, compose, writeProject } from '../integration/stats/helpers';
import { ComposeStatsMonitor } from '../../src/stats/monitor';

const run = promisify(execFile);
const PART = process.env.STEVEDORE_BENCH_PART ?? 'cost';
const TICKS_PER_SECOND = 100; // USER_HZ, the unit of utime/stime in /proc/PID/stat
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CLI = join(__dirname, '../../dist/cli.js');

/** utime + stime of a process in ms (0 once it is gone). */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The engine's processes: dockerd and containerd, and the containers' shims (which read their cgroups for the engine). */
function enginePids(): { engine: number[]; shims: number[] } {
  const engine: number[] = [];
  const shims: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let comm = '';
    try {
      comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (comm === 'dockerd' || comm === 'containerd') engine.push(Number(entry));
    else if (comm.startsWith('containerd-shim')) shims.push(Number(entry));
  }
  return { engine, shims };
}

/**
 * CPU ms the engine's processes spent since the meter was made: dockerd + containerd, and the shims.
 * Per process, over the processes alive at both ends (a shim that exits meanwhile is left out).
 */
function engineMeter(): () => { engineMs: number; shimMs: number } {
  const { engine, shims } = enginePids();
  const start = new Map([...engine, ...shims].map((pid) => [pid, processCpuMs(pid)]));
  const spent = (pids: number[]) => pids.reduce((total, pid) => {
    const now = processCpuMs(pid);
    return now > 0 ? total + now - (start.get(pid) ?? now) : total;
  }, 0);
  return () => ({ engineMs: spent(engine), shimMs: spent(shims) });
}

/** What the engine spends with no client for `seconds` (idle shims, other work on this shared machine), per second. */
async function engineBaseline(seconds: number): Promise<{ engineMsPerSecond: number; shimMsPerSecond: number }> {
  const meter = engineMeter();
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const elapsed = (Date.now() - t0) / 1000;
  const { engineMs, shimMs } = meter();
  const baseline = { engineMsPerSecond: engineMs / elapsed, shimMsPerSecond: shimMs / elapsed };
  console.log(`engine with no client for ${elapsed.toFixed(0)} s: dockerd/containerd ${(baseline.engineMsPerSecond / 10).toFixed(2)} %, shims ${(baseline.shimMsPerSecond / 10).toFixed(2)} % of one core (${load()})`);
  return baseline;
}

function residentMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await Promise.race([exited, sleep(3000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

const load = () => `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

async function startProject(part: string, count: number): Promise<{ dir: string; project: string; names: string[] }> {
  const project = `stevedore-test-cgroup-${part}`;
  const dir = writeProject(project, `
services:
  idle:
    image: ${IMAGE}
    command: ["sleep", "1000000"]
    deploy:
      resources:
        limits: { memory: 16M }
`);
  const startedAt = Date.now();
  await compose(dir, project, ['up', '-d', '--scale', `idle=${count}`], { COMPOSE_PARALLEL_LIMIT: '16' });
  const { stdout } = await run('docker', ['ps', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}}']);
  const names = stdout.trim().split('\n').filter(Boolean);
  if (names.length !== count) throw new Error(`expected ${count} running containers, found ${names.length}`);
  console.log(`started ${count} containers in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (${load()})`);
  return { dir, project, names };
}

async function removeProject(dir: string, project: string): Promise<void> {
  await compose(dir, project, ['down', '-t', '1', '-v']).catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
  rmSync(dirname(dir), { recursive: true, force: true });
}

interface Cost {
  label: string;
  clientMs: number;
  engineMs: number;
  shimMs: number;
  seconds: number;
  containers: number;
}

/** The engine's share net of what it spends with no client (measured just before), never below 0. */
function net(cost: Cost, baseline: { engineMsPerSecond: number; shimMsPerSecond: number }): Cost {
  return {
    ...cost,
    engineMs: Math.max(0, cost.engineMs - baseline.engineMsPerSecond * cost.seconds),
    shimMs: Math.max(0, cost.shimMs - baseline.shimMsPerSecond * cost.seconds),
  };
}

function printCost(cost: Cost): void {
  const total = cost.clientMs + cost.engineMs + cost.shimMs;
  const perContainerSecond = (ms: number) => (ms / cost.containers / cost.seconds).toFixed(3);
  console.log(
    `${cost.label.padEnd(34)} client ${cost.clientMs.toFixed(0).padStart(6)} ms + dockerd/containerd ${cost.engineMs.toFixed(0).padStart(6)} ms + shims ${cost.shimMs.toFixed(0).padStart(5)} ms` +
      ` = ${total.toFixed(0).padStart(6)} ms in ${cost.seconds.toFixed(1)} s: ${perContainerSecond(total)} ms per container per second (${((total / (cost.seconds * 1000)) * 100).toFixed(1)} % of one core)`,
  );
}

/** One client alone: started, given `warmupMs` to reach its steady state, then measured for `seconds`. */
async function measureChild(label: string, containers: number, seconds: number, start: () => ChildProcess, during?: () => Promise<void>): Promise<Cost> {
  const child = start();
  try {
    await sleep(6000); // start-up (a CLI's load, the first inspects and stream openings) left out
    if (child.exitCode !== null) throw new Error(`${label} exited early (${child.exitCode})`);
    const client0 = processCpuMs(child.pid!);
    const engine = engineMeter();
    const t0 = Date.now();
    const deadline = t0 + seconds * 1000;
    while (Date.now() < deadline) {
      await (during ? during() : sleep(Math.min(1000, deadline - Date.now())));
    }
    const elapsed = (Date.now() - t0) / 1000;
    const clientMs = processCpuMs(child.pid!) - client0;
    const { engineMs, shimMs } = engine();
    if (child.exitCode !== null) throw new Error(`${label} exited during the run (${child.exitCode})`);
    return { label, clientMs, engineMs, shimMs, seconds: elapsed, containers };
  } finally {
    await stop(child, label.startsWith('docker') ? 'SIGKILL' : 'SIGINT'); // docker stats ignores SIGINT/SIGTERM without a TTY
  }
}

async function costPart(): Promise<void> {
  const COUNT = 30;
  const SECONDS = Number(process.env.STEVEDORE_BENCH_SECONDS ?? 20);
  const { dir, project, names } = await startProject('cost', COUNT);
  const devNull = openSync('/dev/null', 'w');
  try {
    await sleep(3000);
    const baseline = await engineBaseline(SECONDS);
    const results: Cost[] = [];
    const stevedoreStats = (collector: string) => () =>
      spawn(process.execPath, [CLI, 'stats', '-p', project, '--collector', collector], { cwd: dir, stdio: ['ignore', devNull, 'inherit'] });
    console.log(`each client alone for ${SECONDS} s on ${COUNT} idle containers; engine figures net of the no-client baseline (${load()})`);
    const measured = async (label: string, start: () => ChildProcess) => {
      const cost = net(await measureChild(label, COUNT, SECONDS, start), baseline);
      results.push(cost);
      printCost(cost);
    };
    await measured('stevedore stats --collector cgroup', stevedoreStats('cgroup'));
    await measured('docker stats', () => spawn('docker', ['stats', ...names], { stdio: ['ignore', devNull, 'inherit'] }));
    await measured('stevedore stats --collector api', stevedoreStats('api'));

    // The exporter follows every running container of the engine (others' too): per container of what it served.
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/metrics`;
    let served = 0;
    const scrape = async () => {
      const begin = Date.now();
      const text = await fetch(url).then((r) => r.text(), () => '');
      const names = new Set(text.split('\n').filter((l) => l.startsWith('container_cpu_usage_seconds_total{')).map((l) => /name="([^"]*)"/.exec(l)?.[1]));
      served = Math.max(served, names.size);
      await sleep(Math.max(0, 2000 - (Date.now() - begin)));
    };
    const exporter = net(await measureChild('stevedore exporter --collector cgroup', COUNT, SECONDS, () =>
      spawn(process.execPath, [CLI, 'exporter', '--listen', `127.0.0.1:${port}`, '--collector', 'cgroup'], { stdio: ['ignore', devNull, 'inherit'] }), scrape), baseline);
    exporter.containers = served || COUNT;
    exporter.label = `stevedore exporter (${exporter.containers} served)`;
    results.push(exporter);
    printCost(exporter);

    const total = (c: Cost) => c.clientMs + c.engineMs + c.shimMs;
    const [cgroup, docker] = results;
    const ratio = total(cgroup) / (total(docker) * (cgroup.seconds / docker.seconds));
    console.log(`\nstevedore stats (cgroup) / docker stats, client + engine: ${ratio.toFixed(2)} (bar: at most 0.50) (${load()})`);
    const perCs = (c: Cost) => total(c) / c.containers / c.seconds;
    console.log(`exporter ${perCs(exporter).toFixed(3)} vs docker stats ${perCs(docker).toFixed(3)} ms per container per second (bar: at most docker stats')`);
    const ok = ratio <= 0.5 && perCs(exporter) <= perCs(docker);
    console.log(ok ? 'OK' : 'OVER');
    if (!ok) process.exitCode = 1;
  } finally {
    await removeProject(dir, project);
  }
}

async function scalePart(): Promise<void> {
  const COUNT = Number(process.env.STEVEDORE_BENCH_CONTAINERS ?? 200);
  const MINUTES = Number(process.env.STEVEDORE_BENCH_MINUTES ?? 10);
  const { dir, project } = await startProject('scale', COUNT);
  // What the engine spends without this client: 200 idle shims cost about a quarter of a core by themselves.
  const baseline = await engineBaseline(30);
  const monitor = new ComposeStatsMonitor({ folder: dir, projectName: project, statsCollector: 'cgroup', countLogErrors: false });
  monitor.on('warning', (message) => console.log(`warning: ${message}`));
  let states = 0;
  monitor.on('state', () => states++);
  try {
    await monitor.start();
    const deadline = Date.now() + 120_000;
    while (monitor.states()[0]?.containers.filter((c) => c.sample).length !== COUNT && Date.now() < deadline) await sleep(500);
    console.log(`${monitor.states()[0]?.containers.filter((c) => c.sample).length ?? 0} of ${COUNT} containers sampled; measuring for ${MINUTES} min`);
    await sleep(5000);
    const gc = (globalThis as { gc?: () => void }).gc;
    const heap = () => {
      gc?.();
      return process.memoryUsage().heapUsed / 1024 ** 2;
    };
    const rows: string[] = [];
    const cpu0 = process.cpuUsage();
    const engine = engineMeter();
    const t0 = Date.now();
    let lastCpu = process.cpuUsage();
    let lastEngine = { engineMs: 0, shimMs: 0 };
    let lastAt = t0;
    while (Date.now() - t0 < MINUTES * 60_000) {
      await sleep(30_000);
      const now = Date.now();
      const cpu = process.cpuUsage(lastCpu);
      lastCpu = process.cpuUsage();
      const eng = engine();
      const seconds = (now - lastAt) / 1000;
      const clientPct = ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100;
      const spent = eng.engineMs - lastEngine.engineMs + eng.shimMs - lastEngine.shimMs;
      const enginePct = ((spent - (baseline.engineMsPerSecond + baseline.shimMsPerSecond) * seconds) / (seconds * 1000)) * 100;
      lastEngine = eng;
      lastAt = now;
      const row = `${((now - t0) / 60_000).toFixed(1)} min: heap ${heap().toFixed(1)} MiB, rss ${residentMiB(process.pid).toFixed(1)} MiB, client ${clientPct.toFixed(2)} %, engine net of baseline ${enginePct.toFixed(2)} % of one core, ${monitor.states()[0]?.containers.filter((c) => c.sample).length ?? 0} sampled (${load()})`;
      rows.push(row);
      console.log(row);
    }
    const seconds = (Date.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const { engineMs, shimMs } = engine();
    const clientMs = (cpu.user + cpu.system) / 1000;
    const raw = { label: `monitor (cgroup), ${COUNT} shown, raw`, clientMs, engineMs, shimMs, seconds, containers: COUNT };
    printCost(raw);
    const cost = net({ ...raw, label: `monitor (cgroup), ${COUNT} shown, net` }, baseline);
    printCost(cost);
    const pct = ((cost.clientMs + cost.engineMs + cost.shimMs) / (seconds * 1000)) * 100;
    console.log(`${states} states emitted; in all ${pct.toFixed(2)} % of one core (bar: under 5 %)`);
    if (pct >= 5) process.exitCode = 1;
  } finally {
    monitor.dispose();
    await removeProject(dir, project);
  }
}

async function main(): Promise<void> {
  const docker = await dockerOrReason();
  if (typeof docker === 'string') {
    console.log(`cgroup bench skipped: ${docker}`);
    return;
  }
  await buildTestImage(IMAGE, '');
  if (PART === 'scale') await scalePart();
  else await costPart();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
