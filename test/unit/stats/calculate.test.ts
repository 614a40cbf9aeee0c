// The arithmetic of `docker stats`, checked against what the real docker CLI printed for the same
// recorded documents (test/fixtures/stats: cgroup v1 from this engine, cgroup v2, Windows).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockIoBytes, cpuPercentUnix, memoryPercent, memoryUsageNoCache, nanosecondsBetween, ratesBetween, sampleFromStats } from '../../../src/stats/calculate';
import type { EngineStats } from '../../../src/stats/engineJson';
import { sampleCells } from '../../../src/cli/stats';

interface Fixture {
  source: string;
  document: EngineStats;
  dockerStats: Record<string, string>;
}

const fixtureDir = join(__dirname, '../../fixtures/stats');
const fixtures = readdirSync(fixtureDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, fixture: JSON.parse(readFileSync(join(fixtureDir, file), 'utf8')) as Fixture }));

describe('stats arithmetic: the numbers docker stats prints for recorded documents', () => {
  it('has recorded documents from cgroup v1, cgroup v2 and Windows', () => {
    const names = fixtures.map((f) => f.file);
    assert.ok(names.some((n) => n.startsWith('v1-')), 'a cgroup v1 document');
    assert.ok(names.some((n) => n.startsWith('v2-')), 'a cgroup v2 document');
    assert.ok(names.some((n) => n.startsWith('windows-')), 'a Windows document');
  });

  for (const { file, fixture } of fixtures) {
    it(`${file}: CPU %, memory, mem %, net I/O, block I/O and PIDs match docker stats`, () => {
      const osType = file.startsWith('windows') ? 'windows' : 'linux';
      const sample = sampleFromStats(fixture.document, osType);
      const [cpu, memUsage, memPerc, netIo, blockIo, pids] = sampleCells(sample);
      const expected = fixture.dockerStats;
      assert.equal(cpu, expected.CPUPerc, 'CPU %');
      assert.equal(memUsage, expected.MemUsage, 'MEM USAGE / LIMIT');
      assert.equal(memPerc, expected.MemPerc, 'MEM %');
      assert.equal(netIo, expected.NetIO, 'NET I/O');
      assert.equal(blockIo, expected.BlockIO, 'BLOCK I/O');
      assert.equal(pids, expected.PIDs, 'PIDS');
      assert.equal(sample.container, expected.Name, 'name without the leading slash');
    });
  }

  it('subtracts total_inactive_file on cgroup v1 (a file written and not read again is cache, not use)', () => {
    const { document } = fixtures.find((f) => f.file === 'v1-memory.json')!.fixture;
    const inactive = document.memory_stats!.stats!.total_inactive_file;
    assert.ok(inactive > 0, 'the recorded container has inactive page cache');
    assert.equal(memoryUsageNoCache(document.memory_stats), document.memory_stats!.usage! - inactive);
  });

  it('subtracts inactive_file on cgroup v2, where total_inactive_file does not exist', () => {
    const { document } = fixtures.find((f) => f.file.startsWith('v2-'))!.fixture;
    assert.equal(document.memory_stats!.stats!.total_inactive_file, undefined);
    assert.equal(memoryUsageNoCache(document.memory_stats), document.memory_stats!.usage! - document.memory_stats!.stats!.inactive_file);
  });

  it('falls back to the number of per-CPU counters when online_cpus is missing (older engines)', () => {
    const { document } = fixtures.find((f) => f.file === 'v1-cpu.json')!.fixture;
    const withoutOnline = { ...document.cpu_stats!, online_cpus: undefined };
    assert.equal(cpuPercentUnix(document.precpu_stats, withoutOnline), cpuPercentUnix(document.precpu_stats, document.cpu_stats));
    assert.equal(withoutOnline.cpu_usage!.percpu_usage!.length, document.cpu_stats!.online_cpus);
  });
});

// The cases below are docker/cli's own (cli/command/container/stats_helpers_test.go).
describe('stats arithmetic: docker/cli test cases', () => {
  it('memory usage is usage minus total_inactive_file (500 - 400 = 100)', () => {
    assert.equal(memoryUsageNoCache({ usage: 500, stats: { total_inactive_file: 400 } }), 100);
  });

  it('checks cgroup v1 first, then v2, then uses usage as is (the condition order of calculateMemUsageUnixNoCache)', () => {
    // v1 key present but not smaller than usage: falls through to the v2 key.
    assert.equal(memoryUsageNoCache({ usage: 500, stats: { total_inactive_file: 600, inactive_file: 50 } }), 450);
    // Neither smaller: usage.
    assert.equal(memoryUsageNoCache({ usage: 500, stats: { inactive_file: 800 } }), 500);
    assert.equal(memoryUsageNoCache({ usage: 500 }), 500);
  });

  it('memory % is of the limit, and 0 without a limit', () => {
    assert.equal(memoryPercent(100, 70), 70);
    assert.equal(memoryPercent(0, 70), 0);
  });

  it('block I/O sums by op, case-insensitively, skipping entries without an op', () => {
    const { read, write } = blockIoBytes([
      { major: 8, minor: 0, op: 'read', value: 1234 },
      { major: 8, minor: 1, op: 'read', value: 4567 },
      { major: 8, minor: 0, op: 'Read', value: 6 },
      { major: 8, minor: 1, op: 'Read', value: 8 },
      { major: 8, minor: 0, op: 'write', value: 123 },
      { major: 8, minor: 1, op: 'write', value: 456 },
      { major: 8, minor: 0, op: 'Write', value: 6 },
      { major: 8, minor: 1, op: 'Write', value: 8 },
      { major: 8, minor: 1, op: '', value: 456 },
    ]);
    assert.equal(read, 5815);
    assert.equal(write, 593);
  });

  it('CPU % is 0 when either delta is not positive (first sample, counters reset)', () => {
    assert.equal(cpuPercentUnix({ cpu_usage: { total_usage: 10 }, system_cpu_usage: 100 }, { cpu_usage: { total_usage: 5 }, system_cpu_usage: 200, online_cpus: 2 }), 0);
    assert.equal(cpuPercentUnix({ cpu_usage: { total_usage: 10 }, system_cpu_usage: 200 }, { cpu_usage: { total_usage: 50 }, system_cpu_usage: 200, online_cpus: 2 }), 0);
  });

  it('reads engine timestamps to the nanosecond', () => {
    assert.equal(nanosecondsBetween('2017-01-11T08:32:45.2370118Z', '2017-01-11T08:32:46.2413794Z'), 1_004_367_600);
    assert.equal(nanosecondsBetween('2024-05-13T20:13:16.857814138Z', '2024-05-13T20:13:17.864869888Z'), 1_007_055_750);
  });
});

describe('stats arithmetic: rates between two samples of a container', () => {
  const v2 = fixtures.find((f) => f.file.startsWith('v2-'));
  const first = () => sampleFromStats((v2 as { fixture: Fixture }).fixture.document, 'linux');
  const zero = () => ({ netRxRate: 0, netTxRate: 0, blockReadRate: 0, blockWriteRate: 0 });

  it('divides each counter delta by the seconds between the reads', () => {
    const previous = first();
    const sample = { ...previous, readAt: previous.readAt + 2000, netRxBytes: previous.netRxBytes + 4000, netTxBytes: previous.netTxBytes + 1000, blockReadBytes: previous.blockReadBytes + 8192, blockWriteBytes: previous.blockWriteBytes };
    const rates = zero();
    ratesBetween(previous, sample, rates);
    assert.deepEqual(rates, { netRxRate: 2000, netTxRate: 500, blockReadRate: 4096, blockWriteRate: 0 });
  });

  it('counts a counter that went down (the container restarted) as 0, not a negative rate', () => {
    const previous = first();
    const sample = { ...previous, readAt: previous.readAt + 1000, netRxBytes: 0, netTxBytes: 0, blockReadBytes: 0, blockWriteBytes: 0 };
    const rates = { netRxRate: 9, netTxRate: 9, blockReadRate: 9, blockWriteRate: 9 };
    ratesBetween(previous, sample, rates);
    assert.deepEqual(rates, zero());
  });

  it('keeps the last rates when two samples share a read time', () => {
    const previous = first();
    const rates = { netRxRate: 1, netTxRate: 2, blockReadRate: 3, blockWriteRate: 4 };
    ratesBetween(previous, { ...previous, netRxBytes: previous.netRxBytes + 10 }, rates);
    assert.deepEqual(rates, { netRxRate: 1, netTxRate: 2, blockReadRate: 3, blockWriteRate: 4 });
  });
});
