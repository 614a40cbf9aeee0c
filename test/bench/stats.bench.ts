// What live stats cost: 30 busybox containers of one compose project streamed for 30 s by
// (a) Stevedore's ComposeStatsMonitor in this process (process.cpuUsage), (b) the `stevedore stats`
// CLI and (c) `docker stats` on the same containers, both as child processes writing to /dev/null
// (CPU from /proc/PID/stat utime+stime). Figures: CPU milliseconds per container per second.
// Usage: npm run bench -- stats   (STEVEDORE_BENCH_SECONDS=N to change the window)
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { buildTestImage, dockerOrReason } from '../support/docker';
import { IMAGE, compose, writeProject } from '../integration/stats/helpers';
import { ComposeStatsMonitor } from '../../src/stats/monitor';
import { renderTable } from '../../src/cli/stats';

const run = promisify(execFile);
const PROJECT = 'stevedore-t-stats-bench';
const CONTAINERS = 30;
const SECONDS = Number(process.env.STEVEDORE_BENCH_SECONDS ?? 30);
const TICKS_PER_SECOND = 100; // Linux USER_HZ, the unit of utime/stime in /proc/PID/stat

/** utime + stime of a process, in ms. */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** SIGINT like a user's Ctrl-C, then SIGKILL if it has not exited within 3 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  await Promise.race([exited, sleep(3000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const docker = await dockerOrReason();
  if (typeof docker === 'string') {
    console.log(`stats bench skipped: ${docker}`);
    return;
  }
  await buildTestImage(IMAGE, '');
  const dir = writeProject('benchdemo', `
services:
  idle:
    image: ${IMAGE}
    command: ["sh", "-c", "while :; do sleep 1; done"]
    deploy:
      resources:
        limits: { memory: 16M }
`);
  const children: ChildProcess[] = [];
  let monitor: ComposeStatsMonitor | undefined;
  try {
    const startedAt = Date.now();
    await compose(dir, PROJECT, ['up', '-d', '--scale', `idle=${CONTAINERS}`]);
    console.log(`started ${CONTAINERS} containers in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    const { stdout } = await run('docker', ['ps', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--format', '{{.Names}}']);
    const names = stdout.trim().split('\n').filter(Boolean);
    if (names.length !== CONTAINERS) throw new Error(`expected ${CONTAINERS} running containers, found ${names.length}`);

    // (a) the monitor in this process, rendering the table each second like the CLI would.
    monitor = new ComposeStatsMonitor({ folder: dir, projectName: PROJECT });
    let rendered = 0;
    monitor.on('state', (states) => {
      rendered += renderTable(monitor!.composeProject, states).length;
    });
    await monitor.start();
    // (b) and (c): the two CLIs, their output thrown away so this process does no work for them.
    const devNull = openSync('/dev/null', 'w');
    const cli = spawn(process.execPath, [join(__dirname, '../../dist/cli.js'), 'stats', '-p', PROJECT], { cwd: dir, stdio: ['ignore', devNull, 'inherit'] });
    const dockerStats = spawn('docker', ['stats', ...names], { stdio: ['ignore', devNull, 'inherit'] });
    children.push(cli, dockerStats);

    // Wait until every stream delivers, then a few seconds more so start-up costs are left out.
    const deadline = Date.now() + 60_000;
    while (monitor.states()[0]?.containers.filter((c) => c.sample).length !== CONTAINERS && Date.now() < deadline) await sleep(250);
    await sleep(3000);

    // Three rounds over the same window for all three, so a burst of load elsewhere on the machine shows up as spread.
    const rounds = 3;
    const totals = { monitor: 0, cli: 0, docker: 0, seconds: 0 };
    const perContainerSecond = (ms: number, seconds: number) => ms / CONTAINERS / seconds;
    for (let round = 1; round <= rounds; round++) {
      const cpu0 = process.cpuUsage();
      const cli0 = processCpuMs(cli.pid!);
      const docker0 = processCpuMs(dockerStats.pid!);
      const t0 = Date.now();
      await sleep((SECONDS * 1000) / rounds);
      const seconds = (Date.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const monitorMs = (cpu.user + cpu.system) / 1000;
      const cliMs = processCpuMs(cli.pid!) - cli0;
      const dockerMs = processCpuMs(dockerStats.pid!) - docker0;
      totals.monitor += monitorMs;
      totals.cli += cliMs;
      totals.docker += dockerMs;
      totals.seconds += seconds;
      console.log(`round ${round} (${seconds.toFixed(1)} s): monitor ${perContainerSecond(monitorMs, seconds).toFixed(3)}, stevedore stats ${perContainerSecond(cliMs, seconds).toFixed(3)}, docker stats ${perContainerSecond(dockerMs, seconds).toFixed(3)} ms per container per second`);
    }
    const sampledNow = monitor.states()[0]?.containers.filter((c) => c.sample).length ?? 0;
    const { seconds } = totals;
    const row = (label: string, ms: number) =>
      console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms CPU   ${perContainerSecond(ms, seconds).toFixed(3).padStart(7)} ms per container per second   (${((ms / (seconds * 1000)) * 100).toFixed(2)} % of one core)`);
    console.log(`\n${CONTAINERS} containers streamed for ${seconds.toFixed(1)} s (${sampledNow} with live samples; ${rendered} table lines rendered in-process)`);
    row('Stevedore ComposeStatsMonitor (in-process)', totals.monitor);
    row('stevedore stats (CLI, child process)', totals.cli);
    row('docker stats (CLI, child process)', totals.docker);
    const monitorMs = totals.monitor;
    const cliMs = totals.cli;
    const dockerMs = totals.docker;
    const verdict = monitorMs <= dockerMs && cliMs <= dockerMs ? 'OK: Stevedore costs no more than docker stats' : 'OVER: Stevedore costs more than docker stats';
    console.log(verdict);
    if (!verdict.startsWith('OK')) process.exitCode = 1;
  } finally {
    monitor?.dispose();
    await Promise.all(children.map(stopChild));
    await compose(dir, PROJECT, ['down', '-t', '1', '-v']).catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
    rmSync(dirname(dir), { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
