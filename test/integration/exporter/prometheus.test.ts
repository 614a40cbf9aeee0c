// `stevedore exporter` scraped by a real Prometheus server (Debian's package) on the real engine:
// the target is up with no scrape errors, the series carry cAdvisor's names and labels, CPU, memory
// and PIDs agree with `docker stats` on both stats paths (`--collector cgroup`, the exporter Prometheus
// scrapes, and `--collector api`, a second exporter over the same 10 s), promtool finds nothing to say
// about the exposition, and the rules `export prometheus-rules` writes load and fire on these containers.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { buildTestImage, dockerCli, requireDocker } from '../../support/docker';
import { waitUntil } from '../../support/net';
import { IMAGE, PREFIX, PrometheusServer, finished, prometheusConfig, runCli, startExporter, type Finished } from './helpers';

const PROJECT = `${PREFIX}-shop`;
const BUSY = `${PREFIX}-busy`;
const WEB = `${PREFIX}-web`;
const BRIEF = `${PREFIX}-brief`;

/** docker stats' sizes (binary units) in bytes. */
function dockerBytes(text: string): number {
  const match = /^([\d.]+)\s*([KMGT]?i?B)$/.exec(text.trim());
  if (!match) throw new Error(`not a docker stats size: ${text}`);
  const power = { B: 0, KiB: 1, MiB: 2, GiB: 3, TiB: 4, kB: 1, KB: 1, MB: 2, GB: 3 }[match[2]] ?? 0;
  return Number(match[1]) * 1024 ** power;
}

/**
 * `docker stats` streaming for `seconds`: CPU averaged over its one-second readings (this machine is
 * shared and a 1 s reading jumps by 10 points under load), memory and PIDs from the last reading.
 */
async function dockerStatsOver(names: string[], seconds: number): Promise<Map<string, { cpu: number; memory: number; pids: number }>> {
  const child = spawn('docker', ['stats', '--format', '{{json .}}', ...names], { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = finished(child);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  child.kill('SIGKILL'); // the docker CLI's stats loop does not stop on SIGTERM
  const { stdout } = await done;
  const readings = new Map<string, { cpu: number[]; memory: number; pids: number }>();
  for (const json of stdout.match(/\{[^{}]*\}/g) ?? []) {
    const row = JSON.parse(json) as { Name: string; CPUPerc: string; MemUsage: string; PIDs: string };
    const cpu = parseFloat(row.CPUPerc);
    const entry = readings.get(row.Name) ?? { cpu: [], memory: 0, pids: 0 };
    // The first reading of a stream has no previous one (docker stats prints 0 %): left out.
    if (readings.has(row.Name) || cpu > 0) entry.cpu.push(cpu);
    entry.memory = dockerBytes(row.MemUsage.split('/')[0]);
    entry.pids = Number(row.PIDs);
    readings.set(row.Name, entry);
  }
  const rows = new Map<string, { cpu: number; memory: number; pids: number }>();
  for (const [name, { cpu, memory, pids }] of readings) rows.set(name, { cpu: cpu.reduce((a, b) => a + b, 0) / Math.max(1, cpu.length), memory, pids });
  return rows;
}

/** One sample's value in an exposition: `family` of the container `name` (the first such series). */
function exposed(text: string, family: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${family}{`) && /[{,]name="([^"]*)"/.exec(l)?.[1] === name);
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * An exporter's figures over `seconds`, scraping it every 250 ms: CPU % from its CPU counter between
 * the first and the last new value seen (a scrape shows a reading up to a second old, so the time a
 * value is first seen dates it within 250 ms), memory and PIDs from the last scrape.
 */
async function exporterOver(url: string, names: string[], seconds: number): Promise<Map<string, { cpu: number; memory: number; pids: number }>> {
  const changes = new Map<string, Array<{ at: number; value: number }>>(names.map((name) => [name, []]));
  const previous = new Map<string, number>();
  let text = '';
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    text = await (await fetch(url)).text();
    const at = Date.now();
    for (const name of names) {
      const value = exposed(text, 'container_cpu_usage_seconds_total', name);
      if (value === undefined) continue;
      if (previous.has(name) && previous.get(name) !== value) changes.get(name)!.push({ at, value });
      previous.set(name, value);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const rows = new Map<string, { cpu: number; memory: number; pids: number }>();
  for (const name of names) {
    const seen = changes.get(name)!;
    const [first, last] = [seen[0], seen[seen.length - 1]];
    // An idle container's counter may not move at all: 0 %.
    const cpu = seen.length >= 2 ? ((last.value - first.value) / ((last.at - first.at) / 1000)) * 100 : 0;
    rows.set(name, { cpu, memory: exposed(text, 'container_memory_working_set_bytes', name) ?? NaN, pids: exposed(text, 'container_processes', name) ?? NaN });
  }
  return rows;
}

async function promtoolCheckMetrics(exposition: string): Promise<{ code: number | null; output: string }> {
  const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const done = finished(child);
  child.stdin?.end(exposition);
  const result = await done;
  return { code: result.code, output: result.stdout + result.stderr };
}

describe('stevedore exporter scraped by a real Prometheus', function () {
  this.timeout(180_000);
  let exporter: { child: ChildProcess; url: string; port: number; done: Promise<Finished> } | undefined;
  const prometheus = new PrometheusServer();
  const ids = new Map<string, string>();
  let cgroupDriver = 'cgroupfs';
  type Figures = Map<string, { cpu: number; memory: number; pids: number }>;
  /** docker stats, each exporter, and Prometheus' reading of the cgroup one, over the same 10 s: measured once for both paths' tests. */
  let comparison: Promise<{ docker: Figures; exporters: Record<'cgroup' | 'api', Figures>; prometheus: Figures }> | undefined;

  before(async function () {
    await requireDocker(this);
    await dockerCli(['rm', '-f', BUSY, WEB, BRIEF]).catch(() => undefined);
    await buildTestImage(IMAGE, 'RUN mkdir -p /www && echo hello > /www/index.html\n');
    const labels = (service: string) => ['--label', `com.docker.compose.project=${PROJECT}`, '--label', `com.docker.compose.service=${service}`];
    // Busy: a loop held to a quarter CPU by its quota, so its CPU % is steady even on a shared machine
    // (25 % of one core, 100 % of its limit).
    await dockerCli(['run', '-d', '--name', BUSY, ...labels('busy'), '--cpus', '0.25', '--memory', '64m', IMAGE, 'sh', '-c', 'while :; do :; done']);
    // Web: busybox httpd on a loopback-published port, holding 16 MiB in /dev/shm (counted in its working set).
    await dockerCli([
      'run', '-d', '--name', WEB, ...labels('web'), '--label', 'org.example/odd-name=x y', '--memory', '20m', '-p', '127.0.0.1::8080',
      IMAGE, 'sh', '-c', 'head -c 16777216 /dev/zero > /dev/shm/blob; exec httpd -f -p 8080 -h /www',
    ]);
    for (const name of [BUSY, WEB]) ids.set(name, (await dockerCli(['inspect', '--format', '{{.Id}}', name])).trim());
    cgroupDriver = (await dockerCli(['info', '--format', '{{.CgroupDriver}}'])).trim();
    exporter = await startExporter({}, ['--collector', 'cgroup']);
    const rules = await runCli([
      'export', 'prometheus-rules', '-p', PROJECT, '--for', '1s', '--rate-window', '10s', '--memory-warning', '50', '--memory-critical', '95',
    ]);
    assert.equal(rules.code, 0, rules.stderr);
    assert.match(rules.stdout, /^groups:$/m, rules.stderr);
    await prometheus.start(prometheusConfig(`127.0.0.1:${exporter.port}`, '1s', ['rules.yml']), { 'rules.yml': rules.stdout });
    await waitUntil(async () => (await prometheus.query(`rate(container_cpu_usage_seconds_total{name="${BUSY}"}[10s])`)).length > 0, 60_000, 'a CPU rate for the busy container');
  });

  after(async () => {
    await prometheus.stop();
    if (exporter && exporter.child.exitCode === null) {
      exporter.child.kill('SIGTERM');
      await exporter.done;
    }
    await dockerCli(['rm', '-f', BUSY, WEB, BRIEF]).catch(() => undefined);
  });

  it('the target is up, with no scrape error and no engine error', async () => {
    const targets = await prometheus.api<{ activeTargets: { health: string; lastError: string; scrapeUrl: string }[] }>('targets');
    assert.equal(targets.activeTargets.length, 1);
    assert.equal(targets.activeTargets[0].health, 'up', targets.activeTargets[0].lastError);
    assert.equal(targets.activeTargets[0].lastError, '');
    assert.equal((await prometheus.query('up{job="stevedore"}'))[0]?.value[1], '1');
    assert.equal((await prometheus.query('container_scrape_error{job="stevedore"}'))[0]?.value[1], '0');
  });

  it("the machine: machine_cpu_cores and machine_memory_bytes equal docker info's NCPU and MemTotal", async () => {
    const [ncpu, memTotal] = (await dockerCli(['info', '--format', '{{.NCPU}} {{.MemTotal}}'])).trim().split(' ');
    const cores = await prometheus.query('machine_cpu_cores{job="stevedore"}');
    const memory = await prometheus.query('machine_memory_bytes{job="stevedore"}');
    assert.equal(cores.length, 1, JSON.stringify(cores));
    assert.equal(cores[0].value[1], ncpu);
    assert.equal(memory.length, 1, JSON.stringify(memory));
    assert.equal(memory[0].value[1], memTotal);
    // cAdvisor's machine labels are written empty (the engine does not give the machine's ids), which Prometheus stores as absent.
    assert.deepEqual(Object.keys(cores[0].metric).sort(), ['__name__', 'instance', 'job']);
    assert.equal((await prometheus.query('machine_scrape_error{job="stevedore"}'))[0]?.value[1], '0');
  });

  it("every container series has cAdvisor's names and labels: id (the cgroup), name, image, container_label_*", async () => {
    const families = [
      'container_cpu_usage_seconds_total', 'container_cpu_user_seconds_total', 'container_cpu_system_seconds_total',
      'container_memory_usage_bytes', 'container_memory_working_set_bytes', 'container_memory_rss', 'container_memory_cache',
      'container_spec_memory_limit_bytes', 'container_spec_cpu_period', 'container_network_receive_bytes_total',
      'container_network_transmit_bytes_total', 'container_processes', 'container_last_seen', 'container_start_time_seconds',
    ];
    for (const family of families) {
      for (const name of [BUSY, WEB]) {
        const series = await prometheus.query(`${family}{name="${name}"}`);
        assert.equal(series.length, 1, `${family} for ${name}: ${JSON.stringify(series)}`);
        const id = ids.get(name)!;
        const labels = series[0].metric;
        assert.equal(labels.id, cgroupDriver === 'systemd' ? `/system.slice/docker-${id}.scope` : `/docker/${id}`);
        assert.equal(labels.image, IMAGE, 'the image as the container was created from it');
        assert.equal(labels.container_label_com_docker_compose_project, PROJECT);
        assert.equal(labels.container_label_com_docker_compose_service, name === BUSY ? 'busy' : 'web');
        if (family === 'container_cpu_usage_seconds_total') assert.equal(labels.cpu, 'total');
        if (family.startsWith('container_network_')) assert.equal(labels.interface, 'eth0');
      }
    }
    const [web] = await prometheus.query(`container_memory_rss{name="${WEB}"}`);
    assert.equal(web.metric.container_label_org_example_odd_name, 'x y');
    // The quota from --cpus 0.5 and the limits from --memory, as cAdvisor reads them from the cgroup.
    assert.equal((await prometheus.query(`container_spec_cpu_quota{name="${BUSY}"}`))[0]?.value[1], '25000');
    assert.equal((await prometheus.query(`container_spec_cpu_period{name="${BUSY}"}`))[0]?.value[1], '100000');
    assert.equal((await prometheus.query(`container_spec_memory_limit_bytes{name="${WEB}"}`))[0]?.value[1], String(20 * 1024 * 1024));
    assert.deepEqual(await prometheus.query(`container_spec_cpu_quota{name="${WEB}"}`), [], 'no quota series without a CPU limit');
  });

  /** The api path's exporter runs only for this window; the containers are the same. */
  async function measure(): Promise<{ docker: Figures; exporters: Record<'cgroup' | 'api', Figures>; prometheus: Figures }> {
    const api = await startExporter({}, ['--collector', 'api']);
    try {
      await waitUntil(async () => {
        const text = await (await fetch(api.url)).text();
        return [BUSY, WEB].every((name) => (exposed(text, 'container_cpu_usage_seconds_total', name) ?? 0) > 0);
      }, 20_000, 'the api exporter to have read both containers');
      const [docker, cgroup, viaApi] = await Promise.all([
        dockerStatsOver([BUSY, WEB], 10), exporterOver(exporter!.url, [BUSY, WEB], 10), exporterOver(api.url, [BUSY, WEB], 10),
      ]);
      const [cpu, memory, pids] = await Promise.all([
        prometheus.query(`rate(container_cpu_usage_seconds_total{name=~"${PREFIX}-(busy|web)"}[10s]) * 100`),
        prometheus.query(`container_memory_working_set_bytes{name=~"${PREFIX}-(busy|web)"}`),
        prometheus.query(`container_processes{name=~"${PREFIX}-(busy|web)"}`),
      ]);
      const value = (vector: typeof cpu, name: string) => Number(vector.find((s) => s.metric.name === name)?.value[1]);
      const scraped: Figures = new Map([BUSY, WEB].map((name) => [name, { cpu: value(cpu, name), memory: value(memory, name), pids: value(pids, name) }]));
      return { docker, exporters: { cgroup, api: viaApi }, prometheus: scraped };
    } finally {
      api.child.kill('SIGTERM');
      await api.done;
    }
  }

  for (const collector of ['cgroup', 'api'] as const) {
    it(`--collector ${collector}: CPU (within 5 points), memory (within 5 %) and PIDs agree with docker stats`, async () => {
      // One 10 s window for both paths: docker stats' readings over it, each exporter's counters over it.
      const { docker, exporters, prometheus: scraped } = await (comparison ??= measure());
      const readers: Array<[string, Figures]> = [[`stevedore exporter --collector ${collector}`, exporters[collector]]];
      // The exporter Prometheus scrapes is the cgroup one: Prometheus' rate over the same 10 s too.
      if (collector === 'cgroup') readers.push(['Prometheus', scraped]);
      for (const [reader, figures] of readers) {
        for (const name of [BUSY, WEB]) {
          const expected = docker.get(name)!;
          const { cpu, memory, pids } = figures.get(name)!;
          assert.ok(Math.abs(cpu - expected.cpu) <= 5, `${name} CPU: ${reader} ${cpu} %, docker stats ${expected.cpu} %`);
          const tolerance = Math.max(0.05 * expected.memory, 64 * 1024);
          assert.ok(Math.abs(memory - expected.memory) <= tolerance, `${name} memory: ${reader} ${memory}, docker stats ${expected.memory}`);
          assert.equal(pids, expected.pids, `${name} PIDs (${reader})`);
        }
        assert.ok(figures.get(BUSY)!.cpu > 10, `the busy container is busy: ${figures.get(BUSY)!.cpu} % (${reader})`);
        assert.ok(figures.get(WEB)!.memory > 16 * 1024 * 1024, `the 16 MiB in /dev/shm count in the working set (${reader})`);
      }
    });
  }

  it('promtool check metrics reports no problem with the exposition, and a scrape takes well under 100 ms', async () => {
    const text = await (await fetch(exporter!.url)).text();
    const { code, output } = await promtoolCheckMetrics(text);
    assert.equal(code, 0, output);
    assert.equal(output.trim(), '', output);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await (await fetch(exporter!.url)).text();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    assert.ok(times[10] < 100, `median scrape ${times[10].toFixed(1)} ms`);
  });

  it('the rules from export prometheus-rules load, and fire on these containers as the thresholds say', async () => {
    const { groups } = await prometheus.api<{ groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] }>('rules');
    assert.equal(groups.length, 1);
    for (const rule of groups[0].rules) assert.equal(rule.health, 'ok', `${rule.name}: ${rule.lastError}`);
    type Alert = { labels: Record<string, string>; state: string };
    let alerts: Alert[] = [];
    const active = (name: string, container: string) => alerts.some((a) => a.labels.alertname === name && a.labels.name === container);
    await waitUntil(async () => {
      alerts = (await prometheus.api<{ alerts: Alert[] }>('alerts')).alerts;
      return active('StevedoreCPUCritical', BUSY) && active('StevedoreMemoryWarning', WEB);
    }, 30_000, 'the busy container near 100 % of its CPU limit to alert critical, the web one at ~80 % of its memory to warn');
    assert.ok(!active('StevedoreCPUWarning', WEB), 'an idle container raises no CPU alert');
    assert.ok(!active('StevedoreMemoryCritical', WEB), 'memory under the critical level raises no critical alert');
    const busy = alerts.find((a) => a.labels.alertname === 'StevedoreCPUCritical' && a.labels.name === BUSY)!;
    assert.equal(busy.labels.severity, 'critical');
    assert.equal(busy.labels.container_label_com_docker_compose_service, 'busy');
  });

  it('a removed container leaves the exposition; a new one enters it', async () => {
    await dockerCli(['run', '-d', '--name', BRIEF, IMAGE, 'sleep', '300']);
    const has = async (name: string) => (await (await fetch(exporter!.url)).text()).includes(`name="${name}"`);
    await waitUntil(() => has(BRIEF), 15_000, `${BRIEF} in the exposition`);
    await dockerCli(['rm', '-f', BRIEF]);
    await waitUntil(async () => !(await has(BRIEF)), 5_000, `${BRIEF} gone from the exposition`);
  });

  it('stops cleanly on SIGTERM: exit 0, the port closed', async () => {
    const { child, url, done } = exporter!;
    child.kill('SIGTERM');
    const result = await Promise.race([done, new Promise<undefined>((resolve) => setTimeout(resolve, 5_000))]);
    assert.ok(result, 'exited within 5 s');
    assert.equal(result.code, 0, result.stderr);
    await assert.rejects(fetch(url));
  });
});
