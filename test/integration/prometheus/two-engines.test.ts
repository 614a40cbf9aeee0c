// One compose project split over two Docker engines (two private dockerds), each with its own
// `stevedore exporter`, scraped by a real Prometheus that labels them host=engine-a / engine-b:
// `stevedore stats --source prometheus --no-stream --format json` lists every replica with its host,
// and CPU, memory and PIDs agree with docker stats on each engine over the same seconds.
import * as assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { PrometheusSource, type PrometheusJsonRow } from '../../../src/stats';
import { buildTestImage, dockerCli, requireDocker } from '../../support/docker';
import { waitUntil } from '../../support/net';
import { createPrivateBridge, removeEngineFolder, type PrivateBridge } from '../../support/privateDockerd';
import { startPrometheus, type PrometheusServer } from '../../support/prometheus';
import { runCli, startExporter, type Finished } from '../exporter/helpers';
import { compose, parseSize, writeProject } from '../stats/helpers';

const exec = promisify(execFile);
const PROJECT = 'stevedore-test-prom-split';
const IMAGE = 'stevedore-test-prom-busybox:latest';

const COMPOSE_YAML = `
services:
  busy:
    image: ${IMAGE}
    command: ["sh", "-c", "head -c 16777216 /dev/zero > /dev/shm/blob; while :; do :; done"]
    network_mode: none
    cpus: 0.5
    mem_limit: 64m
  idle:
    image: ${IMAGE}
    command: ["sleep", "3600"]
    network_mode: none
    mem_limit: 32m
`;

class PrivateEngine {
  readonly root = mkdtempSync(join(tmpdir(), 'stevedore-test-prom-dockerd-'));
  readonly host = `unix://${join(this.root, 'docker.sock')}`;
  private child?: ChildProcess;
  private bridge?: PrivateBridge;

  async start(): Promise<void> {
    const log = openSync(join(this.root, 'dockerd.log'), 'a');
    this.bridge = createPrivateBridge();
    this.child = spawn('dockerd', [
      '--host', this.host, '--data-root', join(this.root, 'data'), '--exec-root', join(this.root, 'exec'),
      '--pidfile', join(this.root, 'dockerd.pid'), ...this.bridge.args, '--iptables=false',
    ], { stdio: ['ignore', log, log] });
    await waitUntil(() => exec('docker', ['-H', this.host, 'version'], { timeout: 5000 }).then(() => true, () => false), 60_000, `the private dockerd ${this.host}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((line) => line.split(' ')[1])
      .filter((path): path is string => path !== undefined && path.startsWith(this.root))
      .sort((a, b) => b.length - a.length);
    for (const path of mounts) spawnSync('umount', [path]);
    this.bridge?.remove();
    removeEngineFolder(this.root);
  }
}

interface Reading {
  at: number;
  cpu: number;
  memory: number;
  pids: number;
}

/** docker stats streaming on one engine: every reading kept with the time it was printed. */
function recordDockerStats(host: string, names: string[]): { readings: Map<string, Reading[]>; stop(): void } {
  const readings = new Map<string, Reading[]>();
  const child = spawn('docker', ['-H', host, 'stats', '--format', '{{json .}}', ...names], { stdio: ['ignore', 'pipe', 'ignore'] });
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (const json of buffer.match(/\{[^{}]*\}/g) ?? []) {
      const row = JSON.parse(json) as { Name: string; CPUPerc: string; MemUsage: string; PIDs: string };
      const list = readings.get(row.Name) ?? [];
      list.push({ at: Date.now(), cpu: parseFloat(row.CPUPerc), memory: parseSize(row.MemUsage.split('/')[0].trim()), pids: Number(row.PIDs) });
      readings.set(row.Name, list);
    }
    buffer = buffer.slice(buffer.lastIndexOf('}') + 1);
  });
  return { readings, stop: () => child.kill('SIGKILL') };
}

describe('Prometheus source: one compose project over two Docker engines, each with stevedore exporter', function () {
  this.timeout(300_000);
  const engines = [new PrivateEngine(), new PrivateEngine()];
  const exporters: Array<{ child: ChildProcess; port: number; done: Promise<Finished> }> = [];
  let prometheus: PrometheusServer | undefined;
  let dir: string | undefined;

  before(async function () {
    await requireDocker(this);
    if (process.getuid?.() !== 0) {
      console.log('    skipped: starting a private dockerd needs root');
      this.skip();
    }
    await buildTestImage(IMAGE, '');
    const archive = join(mkdtempSync(join(tmpdir(), 'stevedore-test-prom-image-')), 'image.tar');
    await dockerCli(['save', '-o', archive, IMAGE]);
    await Promise.all(engines.map(async (engine) => {
      await engine.start();
      await exec('docker', ['-H', engine.host, 'load', '-i', archive]);
    }));
    rmSync(dirname(archive), { recursive: true, force: true });
    dir = writeProject('split', COMPOSE_YAML);
    // engine-a runs both services, engine-b a second busy replica.
    await compose(dir, PROJECT, ['up', '-d'], { DOCKER_HOST: engines[0].host });
    await compose(dir, PROJECT, ['up', '-d', 'busy'], { DOCKER_HOST: engines[1].host });
    for (const engine of engines) exporters.push(await startExporter({}, ['--host', engine.host]));
    prometheus = await startPrometheus({
      targets: exporters.map((e, i) => ({ target: `127.0.0.1:${e.port}`, labels: { host: i === 0 ? 'engine-a' : 'engine-b' } })),
      scrapeIntervalSeconds: 1,
    });
    await prometheus.waitForTargets();
    // Every replica with a window's worth of samples (rate() over a younger series is extrapolated).
    await waitUntil(async () => {
      const counts = await prometheus!.query(`count_over_time(container_cpu_usage_seconds_total{container_label_com_docker_compose_project="${PROJECT}"}[1m])`);
      return counts.length === 3 && counts.every((c) => Number(c.value[1]) >= 7);
    }, 60_000, 'seven scrapes of the three replicas');
  });

  after(async function () {
    this.timeout(120_000);
    await prometheus?.stop();
    for (const exporter of exporters) {
      exporter.child.kill('SIGTERM');
      await exporter.done;
    }
    if (dir) {
      for (const engine of engines) await compose(dir, PROJECT, ['down', '-t', '1'], { DOCKER_HOST: engine.host }).catch(() => '');
      rmSync(dirname(dir), { recursive: true, force: true });
    }
    for (const engine of engines) await engine.stop();
  });

  it('lists every replica with its host; CPU within 5 points and memory within 5 % of docker stats, PIDs equal', async () => {
    const names = [`${PROJECT}_busy_1`, `${PROJECT}_idle_1`];
    const recorders = [recordDockerStats(engines[0].host, names), recordDockerStats(engines[1].host, [names[0]])];
    try {
      await new Promise((resolve) => setTimeout(resolve, 7000));
      const started = Date.now();
      const run = await runCli(['stats', '--source', 'prometheus', '--prometheus-url', prometheus!.url, '-p', PROJECT, '--no-stream', '--format', 'json']);
      const ended = Date.now();
      assert.equal(run.code, 0, run.stderr);
      const rows = JSON.parse(run.stdout) as PrometheusJsonRow[];
      assert.deepEqual(rows.map((r) => [r.service, r.container, r.host]).sort(), [
        ['busy', names[0], 'engine-a'],
        ['busy', names[0], 'engine-b'],
        ['idle', names[1], 'engine-a'],
      ]);
      for (const row of rows) {
        assert.equal(row.project, PROJECT);
        assert.match(row.containerId, /^[0-9a-f]{64}$/);
        const fields = ['project', 'service', 'container', 'containerId', 'cpuPercent', 'memoryUsageBytes', 'memoryLimitBytes', 'memoryPercent',
          'netRxBytes', 'netTxBytes', 'blockReadBytes', 'blockWriteBytes', 'pids', 'host'];
        assert.deepEqual(Object.keys(row).sort(), fields.sort(), 'the fields of engine mode, and host');
        const id = (await exec('docker', ['-H', engines[row.host === 'engine-a' ? 0 : 1].host, 'inspect', '--format', '{{.Id}}', row.container])).stdout.trim();
        assert.equal(row.containerId, id, `${row.container} on ${row.host}: the id from that engine`);
        // docker stats over the seconds the rate window covered: 4 s ending one scrape interval (1 s)
        // before the query, which the CLI made between `started` and `ended`; each docker stats
        // reading covers the second before it. The rate is the mean CPU over that window, so it lies
        // within the lowest and highest of docker stats' seconds in it: 5 points either side of those.
        // (On this 2-core machine a busy container's CPU moves by 15 points from one second to the next.)
        const readings = recorders[row.host === 'engine-a' ? 0 : 1].readings.get(row.container) ?? [];
        const window = readings.filter((r) => r.at >= started - 4000 && r.at <= ended);
        assert.ok(window.length >= 2, `${row.container} on ${row.host}: docker stats readings (${readings.length} in all)`);
        const cpu = window.reduce((sum, r) => sum + r.cpu, 0) / window.length;
        const low = Math.min(...window.map((r) => r.cpu));
        const high = Math.max(...window.map((r) => r.cpu));
        const memory = window[window.length - 1].memory;
        assert.ok(row.cpuPercent >= low - 5 && row.cpuPercent <= high + 5,
          `${row.container} on ${row.host}: CPU ${row.cpuPercent.toFixed(2)} %, docker stats ${low.toFixed(2)}..${high.toFixed(2)} % (mean ${cpu.toFixed(2)} %) over the same seconds`);
        assert.ok(Math.abs(row.memoryUsageBytes - memory) <= Math.max(0.05 * memory, 64 * 1024), `${row.container} on ${row.host}: memory ${row.memoryUsageBytes}, docker stats ${memory}`);
        assert.equal(row.pids, window[window.length - 1].pids, `${row.container} on ${row.host}: PIDs`);
        assert.equal(row.memoryLimitBytes, (row.service === 'busy' ? 64 : 32) * 1024 * 1024);
        console.log(`      ${row.container} on ${row.host}: CPU ${row.cpuPercent.toFixed(2)} % (docker stats ${cpu.toFixed(2)} %), memory ${row.memoryUsageBytes} B (docker stats ${memory} B), PIDs ${row.pids}`);
        // Spinning, though a loaded 2-core machine may give it much less than its 0.5 CPU (measured: 9.7 % at load 16).
        if (row.service === 'busy') assert.ok(row.cpuPercent > 5, `busy is busy: ${row.cpuPercent} %`);
        if (row.service === 'busy') assert.ok(row.memoryUsageBytes > 16 * 1024 * 1024, 'the 16 MiB in /dev/shm count');
      }
    } finally {
      for (const recorder of recorders) recorder.stop();
    }
  });

  it('the snapshot: rows per service across both hosts, the hosts with their replicas, and the peak over the range', async () => {
    const source = new PrometheusSource({ url: prometheus!.url, timeoutMs: 10_000 });
    try {
      const shot = await source.composeSnapshot({ project: PROJECT, range: '15m' });
      assert.deepEqual(shot.states.map((s) => [s.service, s.containers.map((c) => c.host).sort()]), [
        ['busy', ['engine-a', 'engine-b']],
        ['idle', ['engine-a']],
      ]);
      assert.deepEqual(shot.hosts.map((h) => [h.host, h.replicas]), [['engine-a', 2], ['engine-b', 1]]);
      // No cAdvisor and no Node Exporter here: each host's CPUs and memory come from its exporter's
      // machine_cpu_cores and machine_memory_bytes, which are that engine's NCPU and MemTotal.
      for (const [index, host] of shot.hosts.entries()) {
        const [ncpu, memTotal] = (await exec('docker', ['-H', engines[index].host, 'info', '--format', '{{.NCPU}} {{.MemTotal}}'])).stdout.trim().split(' ');
        assert.equal(host.nodeExporter, false);
        assert.equal(host.cpuCount, Number(ncpu), `${host.host}: CPUs`);
        assert.equal(host.memoryBytes, Number(memTotal), `${host.host}: memory`);
      }
      const busy = shot.states[0];
      assert.equal(busy.declared.memoryLimitBytes, 64 * 1024 * 1024, 'the limit both replicas share');
      assert.match(busy.rightSizingHint ?? '', /^limit 64 MiB, peak 1[6-9](\.\d)? MiB over \d+ (s|min)$/);
      const history = await source.history({ project: PROJECT, range: '15m' });
      assert.deepEqual(Object.keys(history.services).sort(), ['busy', 'idle']);
      assert.equal(Object.keys(history.replicas).length, 3);
      assert.ok(history.services.busy.time.length > 3, 'points');
    } finally {
      source.dispose();
    }
  });

  it("an unlimited container's limit is its host's memory, as docker stats says, from the exporter alone", async () => {
    const project = `${PROJECT}-free`;
    const name = `${project}-free-1`;
    await exec('docker', ['-H', engines[1].host, 'run', '-d', '--name', name, '--network', 'none',
      '--label', `com.docker.compose.project=${project}`, '--label', 'com.docker.compose.service=free', IMAGE, 'sleep', '3600']);
    const source = new PrometheusSource({ url: prometheus!.url, timeoutMs: 10_000 });
    try {
      await waitUntil(async () => {
        const counts = await prometheus!.query(`count_over_time(container_memory_working_set_bytes{name="${name}"}[1m])`);
        return Number(counts[0]?.value[1]) >= 2;
      }, 60_000, 'the unlimited container in Prometheus');
      const shot = await source.composeSnapshot({ project });
      const stats = (await exec('docker', ['-H', engines[1].host, 'stats', '--no-stream', '--format', '{{.MemUsage}}', name])).stdout.trim();
      const memTotal = Number((await exec('docker', ['-H', engines[1].host, 'info', '--format', '{{.MemTotal}}'])).stdout.trim());
      assert.deepEqual(shot.rows.map((row) => [row.container, row.host]), [[name, 'engine-b']]);
      assert.equal(shot.rows[0].memoryLimitBytes, memTotal, `the limit is engine-b's MemTotal (docker stats: ${stats})`);
      const row = shot.rows[0];
      assert.ok(row.memoryUsageBytes > 0);
      assert.ok(Math.abs(row.memoryPercent - (row.memoryUsageBytes / memTotal) * 100) < 0.01, `memory % of the host: ${row.memoryPercent}`);
    } finally {
      source.dispose();
      await exec('docker', ['-H', engines[1].host, 'rm', '-f', name]).catch(() => undefined);
    }
  });

  it('the table names each replica\'s host', async () => {
    const run = await runCli(['stats', '--source', 'prometheus', '--prometheus-url', prometheus!.url, '-p', PROJECT, '--no-stream']);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0], new RegExp(`^project ${PROJECT} \\(Prometheus http://127\\.0\\.0\\.1:\\d+\\)$`));
    assert.match(lines[1], /^SERVICE\s+CONTAINER\s+HOST\s+CPU %/);
    assert.equal(lines.filter((line) => line.includes('engine-b')).length, 1);
    assert.equal(lines.filter((line) => line.includes('engine-a')).length, 2);
  });
});
