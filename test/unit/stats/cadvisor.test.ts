// The exporter's mapping from the Engine's JSON to cAdvisor's metrics, on stats documents recorded
// from real engines (cgroup v1 here, cgroup v2 from Docker Desktop, Windows), checked against what
// cAdvisor reads from the same cgroup files and against `docker stats` where the two agree.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CadvisorExposition, baseLabels, cadvisorMachine, cadvisorSpec, cadvisorUsage, cgroupIdOf, sanitizeLabelName } from '../../../src/stats/cadvisor';
import { memoryUsageNoCache } from '../../../src/stats/calculate';
import type { EngineStats } from '../../../src/stats/engineJson';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures/stats', `${name}.json`), 'utf8')) as { document: EngineStats };
const ID = '22875d22ec110cb1fd7ad8d0195df598d665bc5be4e6ea94e362a6886cc43b25';

describe('exporter: cAdvisor metrics from recorded engine stats', () => {
  it('cgroup v1: CPU seconds from nanoseconds, RSS and cache from total_rss/total_cache, working set = usage - total_inactive_file', () => {
    const doc = fixture('v1-memory').document;
    const usage = cadvisorUsage(doc);
    assert.equal(usage.cpuUsageSeconds, 0.167237223);
    assert.equal(usage.cpuUserSeconds, 0.02);
    assert.equal(usage.cpuSystemSeconds, 0.14);
    assert.equal(usage.memoryUsageBytes, 63918080);
    assert.equal(usage.memoryRssBytes, 49152);
    assert.equal(usage.memoryCacheBytes, 62918656);
    assert.equal(usage.memoryWorkingSetBytes, 63918080 - 20971520);
    // The figure docker stats prints as MEM USAGE for this document (40.96MiB).
    assert.equal(usage.memoryWorkingSetBytes, memoryUsageNoCache(doc.memory_stats));
    assert.deepEqual(usage.networks, [{ interface: 'eth0', receiveBytes: 698, transmitBytes: 0 }]);
    assert.equal(usage.processes, 1);
  });

  it('cgroup v2: RSS = anon, cache = file, working set = usage - inactive_file, per-device bytes from lower-case ops', () => {
    const usage = cadvisorUsage(fixture('v2-docker-desktop').document);
    assert.equal(usage.cpuUsageSeconds, 105.675152);
    assert.equal(usage.cpuUserSeconds, 70.337504);
    assert.equal(usage.cpuSystemSeconds, 35.337648);
    assert.equal(usage.memoryRssBytes, 47476736);
    assert.equal(usage.memoryCacheBytes, 98709504);
    assert.equal(usage.memoryWorkingSetBytes, 175489024 - 75161600);
    assert.deepEqual(usage.disks, [
      { major: 254, minor: 0, readBytes: 40759296, writeBytes: 3485696 },
      { major: 254, minor: 32, readBytes: 114688, writeBytes: 0 },
    ]);
    assert.equal(usage.processes, 237);
  });

  it('cgroup v1 block I/O: Read and Write per device; Sync, Async and Total are not counted again', () => {
    const usage = cadvisorUsage({
      ...fixture('v1-cpu').document,
      blkio_stats: {
        io_service_bytes_recursive: ['Read', 'Write', 'Sync', 'Async', 'Discard', 'Total'].flatMap((op, i) => [
          { major: 8, minor: 0, op, value: 1000 * (i + 1) },
          { major: 253, minor: 1, op, value: 10 * (i + 1) },
        ]),
      },
    });
    assert.deepEqual(usage.disks, [
      { major: 8, minor: 0, readBytes: 1000, writeBytes: 2000 },
      { major: 253, minor: 1, readBytes: 10, writeBytes: 20 },
    ]);
  });

  it('working set is 0, not negative, when inactive file pages exceed usage (cAdvisor clamps)', () => {
    const usage = cadvisorUsage({ read: 'x', memory_stats: { usage: 100, stats: { total_inactive_file: 150, total_rss: 1, total_cache: 2 } } });
    assert.equal(usage.memoryWorkingSetBytes, 0);
  });

  it('Windows: CPU in 100 ns intervals, memory from the private working set, no RSS, cache or processes', () => {
    const usage = cadvisorUsage(fixture('windows-iis').document, 'windows');
    assert.equal(usage.cpuUsageSeconds, 53.671875);
    assert.equal(usage.memoryWorkingSetBytes, 59961344);
    assert.equal(usage.memoryRssBytes, undefined);
    assert.equal(usage.processes, undefined);
  });
});

describe('exporter: labels and spec as cAdvisor names them', () => {
  it('sanitises label names: every character outside [a-zA-Z0-9_] becomes _', () => {
    assert.equal(sanitizeLabelName('com.docker.compose.service'), 'com_docker_compose_service');
    assert.equal(sanitizeLabelName('org.opencontainers.image/title-x'), 'org_opencontainers_image_title_x');
  });

  it('id is the cgroup path: /docker/<id> (cgroupfs), under --cgroup-parent, or the systemd scope', () => {
    assert.equal(cgroupIdOf(ID, { CgroupDriver: 'cgroupfs' }), `/docker/${ID}`);
    assert.equal(cgroupIdOf(ID, undefined), `/docker/${ID}`);
    assert.equal(cgroupIdOf(ID, { CgroupDriver: 'cgroupfs' }, '/ci/jobs/'), `/ci/jobs/${ID}`);
    assert.equal(cgroupIdOf(ID, { CgroupDriver: 'systemd' }), `/system.slice/docker-${ID}.scope`);
    assert.equal(cgroupIdOf(ID, { CgroupDriver: 'systemd' }, 'ci-jobs.slice'), `/ci.slice/ci-jobs.slice/docker-${ID}.scope`);
  });

  it('limits: memory 0 when unlimited, CPU period 100000 µs by default, quota from --cpus (NanoCpus) or --cpu-quota', () => {
    const base = { Id: ID, Name: '/web-1', Config: { Image: 'busybox:1.36', Labels: { a: 'b' } }, State: { StartedAt: '2026-12-04T18:00:01.123Z' } };
    const unlimited = cadvisorSpec({ ...base, HostConfig: { Memory: 0, NanoCpus: 0, CpuQuota: 0, CpuPeriod: 0 } }, { CgroupDriver: 'cgroupfs' });
    assert.deepEqual(unlimited, {
      id: `/docker/${ID}`,
      name: 'web-1',
      image: 'busybox:1.36',
      labels: { a: 'b' },
      startTimeSeconds: Math.floor(Date.parse('2026-12-04T18:00:01.123Z') / 1000),
      memoryLimitBytes: 0,
      cpuPeriod: 100000,
      sharesNetwork: false,
    });
    const limited = cadvisorSpec({ ...base, HostConfig: { Memory: 64 * 1024 * 1024, NanoCpus: 500_000_000 } }, undefined);
    assert.equal(limited.memoryLimitBytes, 67108864);
    assert.equal(limited.cpuQuota, 50000);
    assert.equal(cadvisorSpec({ ...base, HostConfig: { CpuPeriod: 50000, CpuQuota: 25000 } }, undefined).cpuQuota, 25000);
    assert.equal(cadvisorSpec({ ...base, HostConfig: { NetworkMode: 'container:abc' } }, undefined).sharesNetwork, true);
  });

  it('takes the union of label names over all containers; the first of two names that sanitise alike wins', () => {
    const spec = (name: string, labels: Record<string, string>) => cadvisorSpec({ Id: name, Name: `/${name}`, Config: { Image: 'i', Labels: labels } }, undefined);
    const { names, values } = baseLabels([spec('a', { 'com.x': '1', 'com-x': '2' }), spec('b', { other: 'o' })]);
    assert.deepEqual(names, ['id', 'name', 'image', 'container_label_com_x', 'container_label_other']);
    assert.deepEqual(values[0], { id: '/docker/a', name: 'a', image: 'i', container_label_com_x: '2' });
    assert.deepEqual(values[1], { id: '/docker/b', name: 'b', image: 'i', container_label_other: 'o' });
  });
});

describe('exporter: the exposition text', () => {
  const spec = cadvisorSpec(
    {
      Id: ID,
      Name: '/shop-api-1',
      Config: { Image: 'shop/api:1.2', Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'api', note: 'say "hi"\\n' } },
      State: { StartedAt: '2026-12-04T18:00:00Z' },
      HostConfig: { Memory: 100663296, NanoCpus: 1_500_000_000 },
    },
    { CgroupDriver: 'cgroupfs' },
  );
  const doc = fixture('v1-memory').document;

  it('writes every family with its cAdvisor type, the base labels, cpu="total", and escapes label values', async () => {
    const text = await new CadvisorExposition((major, minor) => `dev${major}_${minor}`).write([{ spec, usage: cadvisorUsage(doc), readAt: Date.parse(doc.read!) }], true);
    const labels = `id="/docker/${ID}",name="shop-api-1",image="shop/api:1.2",container_label_com_docker_compose_project="shop",container_label_com_docker_compose_service="api",container_label_note="say \\"hi\\"\\\\n"`;
    for (const [family, type] of [
      ['container_cpu_usage_seconds_total', 'counter'],
      ['container_cpu_user_seconds_total', 'counter'],
      ['container_cpu_system_seconds_total', 'counter'],
      ['container_memory_usage_bytes', 'gauge'],
      ['container_memory_working_set_bytes', 'gauge'],
      ['container_memory_rss', 'gauge'],
      ['container_memory_cache', 'gauge'],
      ['container_spec_memory_limit_bytes', 'gauge'],
      ['container_spec_cpu_quota', 'gauge'],
      ['container_spec_cpu_period', 'gauge'],
      ['container_network_receive_bytes_total', 'counter'],
      ['container_network_transmit_bytes_total', 'counter'],
      ['container_processes', 'gauge'],
      ['container_last_seen', 'gauge'],
      ['container_start_time_seconds', 'gauge'],
      ['container_scrape_error', 'gauge'],
    ]) {
      assert.match(text, new RegExp(`^# TYPE ${family} ${type}$`, 'm'), family);
    }
    assert.ok(text.includes(`container_cpu_usage_seconds_total{${labels},cpu="total"} 0.167237223\n`), text);
    assert.ok(text.includes(`container_memory_working_set_bytes{${labels}} 42946560\n`));
    assert.ok(text.includes(`container_spec_cpu_quota{${labels}} 150000\n`));
    assert.ok(text.includes(`container_network_receive_bytes_total{${labels},interface="eth0"} 698\n`));
    assert.ok(text.includes(`container_last_seen{${labels}} ${Math.floor(Date.parse(doc.read!) / 1000)}\n`));
    assert.ok(text.includes('container_scrape_error 0\n'));
  });

  it('a container without a sample yet shows its spec only; an unreachable engine sets container_scrape_error 1', async () => {
    const exposition = new CadvisorExposition();
    const text = await exposition.write([{ spec }], true);
    assert.match(text, /^container_spec_memory_limit_bytes\{.*\} 100663296$/m);
    assert.doesNotMatch(text, /^container_cpu_usage_seconds_total\{/m);
    const down = await exposition.write([], false);
    assert.match(down, /^container_scrape_error 1$/m);
    assert.doesNotMatch(down, /^container_spec_memory_limit_bytes\{/m, 'gone containers are dropped');
  });

  it("the engine's machine as cAdvisor's machine_cpu_cores and machine_memory_bytes: gauges, its help and labels", async () => {
    const machine = cadvisorMachine({ NCPU: 12, MemTotal: 33_470_164_992 });
    assert.deepEqual(machine, { cpuCores: 12, memoryBytes: 33_470_164_992 });
    const text = await new CadvisorExposition().write([{ spec }], true, Date.now(), machine);
    assert.match(text, /^# HELP machine_cpu_cores Number of logical CPU cores\.$/m);
    assert.match(text, /^# TYPE machine_cpu_cores gauge$/m);
    assert.match(text, /^# HELP machine_memory_bytes Amount of memory installed on the machine\.$/m);
    assert.match(text, /^# TYPE machine_memory_bytes gauge$/m);
    // cAdvisor's machine labels, empty: the engine's API does not give the machine's ids.
    assert.ok(text.includes('machine_cpu_cores{boot_id="",machine_id="",system_uuid=""} 12\n'), text);
    assert.ok(text.includes('machine_memory_bytes{boot_id="",machine_id="",system_uuid=""} 33470164992\n'), text);
    assert.ok(text.includes('machine_scrape_error 0\n'));
  });

  it('without the engine\'s info (or an engine that does not say) the machine series are left out and machine_scrape_error is 1', async () => {
    for (const info of [undefined, {}, { NCPU: 0, MemTotal: 1 }, { NCPU: 2 }, { NCPU: Number.NaN, MemTotal: 5 }]) {
      assert.equal(cadvisorMachine(info), undefined, JSON.stringify(info));
    }
    const text = await new CadvisorExposition().write([{ spec }], false);
    assert.doesNotMatch(text, /^machine_cpu_cores\{/m);
    assert.doesNotMatch(text, /^machine_memory_bytes\{/m);
    assert.match(text, /^machine_scrape_error 1$/m);
  });

  it('a new label name rebuilds the families; counters are refilled, not added up, from scrape to scrape', async () => {
    const exposition = new CadvisorExposition();
    const usage = cadvisorUsage(doc);
    await exposition.write([{ spec, usage }], true);
    const other = { ...spec, id: '/docker/other', name: 'other', labels: { brand_new: 'x' } };
    const text = await exposition.write([{ spec, usage }, { spec: other, usage }], true);
    assert.match(text, /container_cpu_user_seconds_total\{id="\/docker\/other",name="other",image="shop\/api:1.2",container_label_brand_new="x"\} 0.02$/m);
    assert.equal(text.match(/^container_cpu_user_seconds_total\{.*\} 0.02$/gm)?.length, 2, 'the same cumulative value each scrape');
  });
});
