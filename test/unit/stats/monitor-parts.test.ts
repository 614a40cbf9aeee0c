// The pieces the monitor is made of: label matching, thresholds and episodes, the ring buffer,
// stream line splitting, service rows, and the CLI's safe rendering of names.
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { belongsToProject } from '../../../src/stats/containers';
import { SeriesRing } from '../../../src/stats/ring';
import { buildServiceStates, statsJsonRows } from '../../../src/stats/serviceState';
import { ERROR_LINE, onLines, onLogLines } from '../../../src/stats/streams';
import { CriticalDetector, cpuUse, levelOf, rightSizingHint } from '../../../src/stats/thresholds';
import { DEFAULT_THRESHOLDS, type ComposeProject, type ContainerSample } from '../../../src/stats/types';
import { clean, renderTable, safeJson } from '../../../src/cli/stats';

const project: ComposeProject = {
  name: 'shop',
  nameSource: 'folder',
  workingDir: '/srv/shop',
  configFiles: ['/srv/shop/compose.yaml'],
  services: [
    { name: 'api', declared: { memoryLimitBytes: 512 * 1024 ** 2 }, replicas: 2, profiles: [] },
    { name: 'batch', declared: {}, replicas: 1, profiles: ['manual'] },
  ],
  warnings: [],
};

const labels = (extra: Record<string, string>) => ({ 'com.docker.compose.service': 'api', ...extra });

describe('stats containers: which containers belong to the project', () => {
  it('matches by project label', () => {
    assert.ok(belongsToProject(labels({ 'com.docker.compose.project': 'shop' }), project));
  });
  it('finds a project started with another -p through its config files (v2 absolute, v1 relative to working_dir)', () => {
    assert.ok(belongsToProject(labels({ 'com.docker.compose.project': 'other', 'com.docker.compose.project.config_files': '/srv/shop/compose.yaml' }), project));
    assert.ok(belongsToProject(labels({ 'com.docker.compose.project': 'other', 'com.docker.compose.project.config_files': 'compose.yaml', 'com.docker.compose.project.working_dir': '/srv/shop' }), project));
  });
  it('does not take another project that shares the folder name but not the files', () => {
    assert.ok(!belongsToProject(labels({ 'com.docker.compose.project': 'other', 'com.docker.compose.project.config_files': '/home/x/shop/compose.yaml' }), project));
  });
  it('ignores one-off `compose run` containers and containers without a service label', () => {
    assert.ok(!belongsToProject(labels({ 'com.docker.compose.project': 'shop', 'com.docker.compose.oneoff': 'True' }), project));
    assert.ok(!belongsToProject({ 'com.docker.compose.project': 'shop' }, project));
  });
});

describe('stats thresholds: levels and one notification per critical episode', () => {
  it('levels follow the operators table (CPU 70/85, memory 80/90)', () => {
    assert.equal(levelOf(69.9, DEFAULT_THRESHOLDS.cpu), 'ok');
    assert.equal(levelOf(70, DEFAULT_THRESHOLDS.cpu), 'warning');
    assert.equal(levelOf(85.1, DEFAULT_THRESHOLDS.cpu), 'critical');
    assert.equal(levelOf(91, DEFAULT_THRESHOLDS.memory), 'critical');
  });
  it('CPU use is relative to a declared CPU limit', () => {
    assert.equal(cpuUse(45, { cpuLimit: 0.5 }), 90);
    assert.equal(cpuUse(45, {}), 45);
  });
  it('notifies once after N seconds critical, not again while it flaps, again after a calm period', () => {
    const detector = new CriticalDetector(30_000, 10_000);
    assert.equal(detector.update('critical', 0), undefined);
    assert.equal(detector.update('critical', 29_000), undefined);
    assert.deepEqual(detector.update('critical', 30_000), { criticalForMs: 30_000 });
    assert.equal(detector.update('critical', 31_000), undefined, 'one per episode');
    assert.equal(detector.update('warning', 32_000), undefined);
    assert.equal(detector.update('critical', 35_000), undefined, 'a dip shorter than the calm period is the same episode');
    for (let t = 36_000; t <= 50_000; t += 1000) detector.update('ok', t);
    assert.equal(detector.inEpisode, false);
    assert.equal(detector.update('critical', 60_000), undefined);
    assert.ok(detector.update('critical', 90_000), 'a new episode notifies again');
  });
  it('phrases the right-sizing hint', () => {
    assert.equal(rightSizingHint({ memoryLimitBytes: 512 * 1024 ** 2 }, 61 * 1024 ** 2, 600_000), 'limit 512 MiB, peak 61 MiB over 10 min');
    assert.equal(rightSizingHint({}, 61 * 1024 ** 2, 600_000), undefined);
  });
});

describe('stats ring buffer', () => {
  it('keeps the last N points, oldest first', () => {
    const ring = new SeriesRing(3);
    for (let i = 1; i <= 5; i++) ring.push(i * 1000, { cpuPercent: i, memoryUsageBytes: i, memoryPercent: 0, netRxRate: 0, netTxRate: 0, blockReadRate: 0, blockWriteRate: 0 });
    const snap = ring.snapshot();
    assert.deepEqual(snap.time, [3000, 4000, 5000]);
    assert.deepEqual(snap.cpuPercent, [3, 4, 5]);
    assert.deepEqual(ring.snapshot(4000).time, [5000]);
  });
});

describe('stats streams: lines across chunks and Docker log frames', () => {
  it('splits newline-delimited JSON however the chunks fall', () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    onLines(stream, (line) => lines.push(line));
    stream.write('{"a":1}\n{"b"');
    stream.write(':2}\n');
    stream.write('{"c":3}\n{"d":4}\n');
    assert.deepEqual(lines, ['{"a":1}', '{"b":2}', '{"c":3}', '{"d":4}']);
  });
  it('demultiplexes stdout and stderr frames and spots error lines', () => {
    const stream = new PassThrough();
    const got: string[] = [];
    onLogLines(stream, false, (line, source) => got.push(`${source}:${line}`));
    const frame = (type: number, text: string) => {
      const body = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = type;
      header.writeUInt32BE(body.length, 4);
      return Buffer.concat([header, body]);
    };
    const bytes = Buffer.concat([frame(1, 'ready\nERROR: db'), frame(1, ' down\n'), frame(2, 'warn\n')]);
    stream.write(bytes.subarray(0, 5)); // a header split across chunks
    stream.write(bytes.subarray(5, 30));
    stream.write(bytes.subarray(30));
    assert.deepEqual(got, ['stdout:ready', 'stdout:ERROR: db down', 'stderr:warn']);
    assert.ok(ERROR_LINE.test('java.lang.NullPointerException: x') === false, 'word boundary: Exception inside a word does not count');
    assert.ok(ERROR_LINE.test('panic: runtime error'));
    assert.ok(!ERROR_LINE.test('errors=0 terrorist'));
  });
});

const sample = (over: Partial<ContainerSample>): ContainerSample => ({
  containerId: 'a'.repeat(64), container: 'shop-api-1', readAt: 1000, cpuPercent: 10, memoryUsageBytes: 100 * 1024 ** 2, memoryLimitBytes: 512 * 1024 ** 2,
  memoryPercent: 19.53125, netRxBytes: 1000, netTxBytes: 10, blockReadBytes: 0, blockWriteBytes: 0, pids: 3, ...over,
});

describe('stats service rows: replicas, totals, not-created services', () => {
  const info = (n: number, state = 'running') => ({ containerId: String(n).repeat(64), container: `shop-api-${n}`, project: 'shop', service: 'api', number: n, state });
  it('shows each replica and a total (CPU and memory summed, memory % of the summed limits)', () => {
    const states = buildServiceStates(project, [
      { info: info(2), sample: sample({ containerId: '2'.repeat(64), cpuPercent: 90, memoryUsageBytes: 300 * 1024 ** 2, memoryPercent: 58.59375 }) },
      { info: info(1), sample: sample({}) },
    ], DEFAULT_THRESHOLDS);
    const api = states.find((s) => s.service === 'api')!;
    assert.deepEqual(api.containers.map((c) => c.container), ['shop-api-1', 'shop-api-2']);
    assert.equal(api.total!.cpuPercent, 100);
    assert.equal(api.total!.memoryUsageBytes, 400 * 1024 ** 2);
    assert.equal(api.total!.memoryPercent, (400 / 1024) * 100);
    assert.equal(api.cpuLevel, 'critical', 'the worst replica sets the level');
    assert.equal(api.status, 'running');
    const batch = states.find((s) => s.service === 'batch')!;
    assert.equal(batch.status, 'not-created');
    assert.equal(statsJsonRows(states).length, 2);
  });
  it('a service with fewer running replicas than declared is partial', () => {
    const states = buildServiceStates(project, [{ info: info(1), sample: sample({}) }, { info: info(2, 'exited') }], DEFAULT_THRESHOLDS);
    assert.equal(states[0].status, 'partial');
  });
});

describe('stevedore stats output: names are data, printed safely', () => {
  it('removes terminal control characters from names in the table', () => {
    assert.equal(clean('evil\x1b[2J\x1b]0;pwned\x07name'), 'evil?[2J?]0;pwned?name');
    assert.equal(clean('a\u202eb\u009bc'), 'a?b?c');
    const hostile = '\x1b[31m<img src=x onerror=alert(1)>';
    const lines = renderTable(project, buildServiceStates(project, [{ info: { containerId: 'b'.repeat(64), container: hostile, project: 'shop', service: 'api', number: 1, state: 'running' }, sample: sample({}) }], DEFAULT_THRESHOLDS));
    const text = lines.join('\n');
    assert.ok(!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(text), 'no control characters reach the terminal');
    assert.ok(text.includes('?[31m<img src=x onerror=alert(1)>'), 'the name is shown as text');
  });
  it('escapes C1 controls in JSON, which JSON.stringify leaves raw', () => {
    const json = safeJson([{ container: 'x\u009b31my' }]);
    assert.ok(!json.includes('\u009b'));
    assert.equal(JSON.parse(json)[0].container, 'x\u009b31my', 'the data is unchanged');
  });
});
