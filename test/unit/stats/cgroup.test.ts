// The direct stats path's reader on recorded cgroup v2 trees (test/fixtures/cgroup/v2-systemd, two
// moments one second apart) and its parsers on the kernel's file formats: the document it builds
// gives, through docker stats' arithmetic, the numbers worked out by hand from the files.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleFromStats } from '../../../src/stats/calculate';
import {
  engineCgroupPath,
  parseBlkioV1,
  parseIoStatV2,
  parseNetDev,
  parseProcCgroup,
  parseSingleValue,
  parseSystemCpuNs,
} from '../../../src/stats/cgroup';
import { CgroupCollector, placeContainer } from '../../../src/stats/cgroupCollector';
import type { EngineStats } from '../../../src/stats/engineJson';

const fixture = join(__dirname, '../../fixtures/cgroup/v2-systemd');
const ID = '4f9e2c1b7a3d5e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7';
const PID = 41237;
const roots = { proc: join(fixture, 'first/proc'), cgroup: join(fixture, 'first/sys/fs/cgroup') };
const inspect = {
  Id: ID,
  Name: '/web-1',
  State: { Pid: PID, Running: true },
  HostConfig: { CgroupParent: '', NetworkMode: 'bridge' },
};
const info = { CgroupDriver: 'systemd', CgroupVersion: '2', OperatingSystem: 'Debian GNU/Linux 13 (trixie)' };

describe('direct stats path: cgroup files', () => {
  it('places a systemd-driver container on cgroup v2 from its inspect, checked against /proc/PID/cgroup', () => {
    const placement = placeContainer(inspect, info, roots, (path) => readFileSync(path, 'latin1'));
    const location = { version: 2, dir: `/system.slice/docker-${ID}.scope` };
    assert.deepEqual(placement, { ok: true, location, netDev: `${roots.proc}/${PID}/net/dev` });
  });

  it('refuses a process that is not the container (an engine in a VM), and Docker Desktop', () => {
    const other = { ...inspect, Id: 'a'.repeat(64) };
    const placement = placeContainer(other, info, roots, (path) => readFileSync(path, 'latin1'));
    assert.equal(placement.ok, false);
    assert.equal(placeContainer(inspect, { ...info, OperatingSystem: 'Docker Desktop' }, roots).ok, false);
    assert.equal(placeContainer({ ...inspect, State: { Pid: 0 } }, info, roots).ok, false);
  });

  it('two ticks of the v2 tree give docker stats figures worked out from the files', () => {
    let moment = 'first';
    const read = (path: string) => readFileSync(path.replace(`${fixture}/first/`, `${fixture}/${moment}/`), 'latin1');
    const collector = new CgroupCollector({ intervalMs: 0, roots, read, onlineCpus: 2 });
    const placement = collector.place(inspect, info);
    assert.ok(placement.ok);
    const docs: EngineStats[] = [];
    collector.add(ID, 'web-1', placement, (doc) => docs.push(doc), (error) => assert.fail(String(error)));
    collector.tick();
    moment = 'second';
    collector.tick();
    collector.dispose();
    assert.equal(docs.length, 2);
    const first = sampleFromStats(docs[0]);
    // No previous reading: empty precpu_stats, as in the engine's first document of a stream (the
    // container's lifetime over the host's uptime).
    assert.ok(Math.abs(first.cpuPercent - (1843200e3 / 104019214e7) * 2 * 100) < 1e-12, String(first.cpuPercent));
    const sample = sampleFromStats(docs[1]);
    // CPU: (2345800 - 1843200) µs of the container over (104019616 - 104019214) ticks of the host, 2 CPUs.
    assert.ok(Math.abs(sample.cpuPercent - (502_600_000 / 4_020_000_000) * 2 * 100) < 1e-9, String(sample.cpuPercent));
    // Memory: memory.current minus inactive_file; limit memory.max (below MemTotal).
    assert.equal(sample.memoryUsageBytes, 13737984 - 5111808);
    assert.equal(sample.memoryLimitBytes, 536870912);
    assert.equal(sample.memoryPercent, ((13737984 - 5111808) / 536870912) * 100);
    // Block I/O: rbytes and wbytes summed over the devices, as moby lists them and docker stats sums them.
    assert.equal(sample.blockReadBytes, 6885376 * 2);
    assert.equal(sample.blockWriteBytes, 45056 * 2);
    // Network: eth0 only (the engine never reports lo).
    assert.equal(sample.netRxBytes, 171002);
    assert.equal(sample.netTxBytes, 22183);
    assert.equal(sample.pids, 3);
    const cpuUsage = { total_usage: 2345800e3, usage_in_usermode: 1493000e3, usage_in_kernelmode: 852800e3 };
    assert.deepEqual(docs[1].cpu_stats?.cpu_usage, cpuUsage);
    assert.equal(docs[1].preread, docs[0].read);
  });

  it("gives each container the host's CPU time of the moment its counter was read, not of the tick's start", () => {
    // The host's CPU time follows the clock (2 CPUs: 2 ns a ns); reading the second container's
    // counter takes 60 ms (a preemption), so its host time must be ~120 ms of CPU later than the first's.
    const origin = performance.now();
    const hostNs = () => Math.round((performance.now() - origin) * 2e6);
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) { /* the process held off the CPU */ }
    };
    const other = '9'.repeat(64);
    const read = (path: string) => {
      if (path.endsWith('/proc/stat')) return `cpu  ${Math.round(hostNs() / 1e7)} 0 0 0 0 0 0 0 0 0\n`;
      if (path.includes(other) && path.endsWith('cpu.stat')) busy(60);
      return readFileSync(path.replace(other, ID), 'latin1');
    };
    const collector = new CgroupCollector({ intervalMs: 0, roots, read, onlineCpus: 2 });
    const placement = collector.place(inspect, info);
    assert.ok(placement.ok);
    const otherPlacement = { ...placement, location: { version: 2 as const, dir: placement.location.version === 2 ? placement.location.dir.replace(ID, other) : '' } };
    const docs = new Map<string, EngineStats>();
    collector.add(ID, 'web-1', placement, (doc) => docs.set(ID, doc), (error) => assert.fail(String(error)));
    collector.add(other, 'web-2', otherPlacement, (doc) => docs.set(other, doc), (error) => assert.fail(String(error)));
    collector.tick();
    collector.dispose();
    const first = docs.get(ID)!.cpu_stats!.system_cpu_usage!;
    const second = docs.get(other)!.cpu_stats!.system_cpu_usage!;
    // 60 ms of wall time on 2 CPUs is 120 ms of host CPU time, give or take /proc/stat's 10 ms ticks.
    assert.ok(second - first >= 100e6 && second - first <= 160e6, `host CPU time between the two counters: ${(second - first) / 1e6} ms`);
  });

  it('an unlimited container (memory.max "max") gets the machine\'s memory as its limit, as the engine reports it', () => {
    const read = (path: string) => (path.endsWith('memory.max') ? 'max\n' : readFileSync(path, 'latin1'));
    const collector = new CgroupCollector({ intervalMs: 0, roots, read, onlineCpus: 2 });
    const placement = collector.place(inspect, info);
    assert.ok(placement.ok);
    let doc: EngineStats | undefined;
    collector.add(ID, 'web-1', placement, (d) => (doc = d), (error) => assert.fail(String(error)));
    collector.tick();
    collector.dispose();
    assert.equal(doc?.memory_stats?.limit, 4014520 * 1024);
  });

  it('a read that fails drops the container once and reports it', () => {
    const read = (path: string) => {
      if (path.includes('cpu.stat')) throw new Error('ENOENT');
      return readFileSync(path, 'latin1');
    };
    const collector = new CgroupCollector({ intervalMs: 0, roots, read, onlineCpus: 2 });
    const placement = placeContainer(inspect, info, roots);
    assert.ok(placement.ok);
    let failures = 0;
    collector.add(ID, 'web-1', placement, () => assert.fail('no document'), () => failures++);
    collector.tick();
    collector.tick();
    assert.equal(failures, 1);
    assert.equal(collector.size, 0);
  });

  it('parses the kernel formats', () => {
    assert.equal(parseSingleValue('max\n'), Infinity);
    assert.throws(() => parseSingleValue(''));
    assert.deepEqual(parseBlkioV1('8:0 Read 4096\n8:0 Write 512\n8:0 Sync 4608\nTotal 4608\n'), [
      { major: 8, minor: 0, op: 'Read', value: 4096 },
      { major: 8, minor: 0, op: 'Write', value: 512 },
      { major: 8, minor: 0, op: 'Sync', value: 4608 },
    ]);
    assert.deepEqual(parseIoStatV2('259:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n'), [
      { major: 259, minor: 0, op: 'read', value: 10 },
      { major: 259, minor: 0, op: 'write', value: 20 },
    ]);
    assert.deepEqual(Object.keys(parseNetDev(readFileSync(join(fixture, `first/proc/${PID}/net/dev`), 'latin1'))), ['eth0']);
    assert.equal(parseSystemCpuNs('cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 2 3 4 5 6 7 8 9 10\n'), 28 * 1e7, 'the first seven fields, 100 ticks a second');
    const v1 = parseProcCgroup('12:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n0::/docker/abc\n');
    assert.equal(v1.v1.get('cpuacct'), '/docker/abc');
    assert.equal(v1.unified, '/docker/abc');
  });

  it('places containers as the engine does: cgroupfs under /docker or the parent, systemd under slices', () => {
    assert.equal(engineCgroupPath('abc', '', 'cgroupfs'), '/docker/abc');
    assert.equal(engineCgroupPath('abc', '/ci/', 'cgroupfs'), '/ci/abc');
    assert.equal(engineCgroupPath('abc', '', 'systemd'), '/system.slice/docker-abc.scope');
    assert.equal(engineCgroupPath('abc', 'my-app.slice', 'systemd'), '/my.slice/my-app.slice/docker-abc.scope');
  });
});
