// The log view's model on the extension's side (pure arithmetic over lines, no engine): the ring's
// trimming moves rows up and says by how much, markers sit where the replica changed, pausing holds
// new lines until resume, error jumps, a bad pattern keeps the previous view; and the protocol's
// validators refuse what is not exactly a known shape.
import * as assert from 'node:assert/strict';
import type { ContainerChange, LogLine } from '../../../src/logs';
import { EMPTY_FILTER, parseLogFilter, parseLogsFromWebview, parseLogsToWebview } from '../../../src/shared/protocol/logs';
import { LogViewModel } from '../../../src/vscode/logs/model';

function line(seq: number, service = 'web', level: LogLine['level'] = 'info', message = `line ${seq}`): LogLine {
  return {
    seq, time: 1_795_000_000_000 + seq, timeText: '', service, container: `p-${service}-1`, containerId: 'c'.repeat(64),
    replica: 1, stream: 'stdout', level, levelSource: 'line', message,
  };
}
const change = (kind: ContainerChange['kind'], service: string): ContainerChange => ({
  kind, at: 1_795_000_000_000, container: { containerId: 'c'.repeat(64), container: `p-${service}-1`, service, replica: 1, state: 'running', streaming: true, restarts: 1 },
});

describe('log view model', () => {
  it('trims with the ring and reports the shift; error counts follow', () => {
    const model = new LogViewModel();
    model.ingest({ lines: [0, 1, 2, 3].map((i) => line(i, 'web', i === 1 ? 'error' : 'info')), firstSeq: 0 });
    assert.equal(model.status('').errors, 1);
    model.ingest({ lines: [line(4), line(5)], firstSeq: 2 });
    const status = model.status('');
    assert.equal(status.total, 4);
    assert.equal(status.shift, 2);
    assert.equal(status.errors, 0, 'the error line left with the ring');
    assert.deepEqual(model.window(0, 10).map((row) => row.message), ['line 2', 'line 3', 'line 4', 'line 5']);
    assert.equal(model.status('').shift, 0, 'the shift is reported once');
  });

  it('places a marker where a replica restarted, shown with its service only', () => {
    const model = new LogViewModel();
    model.ingest({ lines: [line(0), line(1, 'db')], firstSeq: 0 });
    model.addMarker(change('restarted', 'db'));
    model.ingest({ lines: [line(2, 'db')], firstSeq: 0 });
    assert.deepEqual(model.window(0, 10).map((row) => row.kind), ['line', 'line', 'marker', 'line']);
    assert.match(model.window(2, 1)[0].message, /p-db-1 restarted/);
    model.setFilter({ ...EMPTY_FILTER, services: ['web'] });
    assert.deepEqual(model.window(0, 10).map((row) => row.kind), ['line']);
    model.setFilter({ ...EMPTY_FILTER, services: ['db'] });
    assert.deepEqual(model.window(0, 10).map((row) => row.kind), ['line', 'marker', 'line'], 'a rebuild keeps the marker in place');
  });

  it('holds new lines while paused and shows them on resume', () => {
    const model = new LogViewModel();
    model.ingest({ lines: [line(0)], firstSeq: 0 });
    model.setPaused(true);
    model.ingest({ lines: [line(1), line(2)], firstSeq: 0 });
    assert.equal(model.status('').total, 1);
    assert.equal(model.status('').pending, 2);
    model.setPaused(false);
    assert.equal(model.status('').total, 3);
  });

  it('jumps between errors and keeps the previous view when a pattern does not compile', () => {
    const model = new LogViewModel();
    model.ingest({ lines: [0, 1, 2, 3, 4].map((i) => line(i, 'web', i % 2 ? 'error' : 'info')), firstSeq: 0 });
    assert.equal(model.jump(-1, 'next'), 1);
    assert.equal(model.jump(1, 'next'), 3);
    assert.equal(model.jump(3, 'next'), null);
    assert.equal(model.jump(3, 'previous'), 1);
    assert.equal(model.setFilter({ ...EMPTY_FILTER, text: '(', regex: true }), false);
    assert.equal(model.status('').filterError?.part, 'text');
    assert.equal(model.total, 5);
    assert.match(model.text(1, 2), /ERROR line 1\n$/);
  });

  it('skips a catastrophic regex instead of freezing', () => {
    const model = new LogViewModel();
    model.ingest({ lines: [line(0, 'web', 'info', `${'a'.repeat(40)}b`), line(1, 'web', 'info', 'aaa')], firstSeq: 0 });
    const started = performance.now();
    model.setFilter({ ...EMPTY_FILTER, text: '(a+)+$', regex: true });
    assert.ok(performance.now() - started < 1000);
    assert.match(model.status('').filterNotice ?? '', /too long/);
    assert.deepEqual(model.window(0, 5).map((row) => row.message), ['aaa']);
  });
});

describe('log view protocol', () => {
  it('accepts known shapes and drops anything else', () => {
    assert.deepEqual(parseLogFilter({ text: 'x', regex: false, query: '', levels: ['error', 'error'], services: ['web'] }),
      { text: 'x', regex: false, query: '', levels: ['error'], services: ['web'] });
    assert.equal(parseLogFilter({ text: 'x', regex: false, query: '', levels: ['fatal'], services: [] }), undefined);
    assert.deepEqual(parseLogsFromWebview({ type: 'logs/window', start: 5, count: 10 }), { type: 'logs/window', start: 5, count: 10 });
    assert.equal(parseLogsFromWebview({ type: 'logs/window', start: -1, count: 10 }), undefined);
    assert.equal(parseLogsFromWebview({ type: 'logs/window', start: 0, count: 1e6 }), undefined);
    assert.equal(parseLogsFromWebview({ type: 'logs/copy', start: 5, end: 2 }), undefined);
    assert.equal(parseLogsFromWebview({ type: 'logs/showInStats', index: 'x' }), undefined);
    assert.equal(parseLogsToWebview({ type: 'logs/rows', generation: 0, start: 0, total: 1, rows: [{ index: 0, kind: 'line' }] }), undefined);
    assert.equal(parseLogsToWebview({ type: 'logs/config', project: 'p', trusted: true, services: [{ name: 'a', colour: 9 }] }), undefined);
  });
});
