// The session's chart history (engine mode): the last hour of each service survives the view, in
// bounded memory, oldest series dropped first.
import * as assert from 'node:assert/strict';
import { ServiceHistoryStore } from '../../../src/stats/serviceHistory';
import { historyPoints } from '../../../src/vscode/stats/toView';

describe('ServiceHistoryStore (the chart history kept while the extension runs)', () => {
  it('keeps points oldest first and only the newest `capacity` of them', () => {
    const store = new ServiceHistoryStore({ capacity: 3 });
    for (let i = 1; i <= 5; i++) store.record('web', i * 1000, i, i * 1024);
    const points = store.points('web');
    assert.deepEqual(points.time, [3000, 4000, 5000]);
    assert.deepEqual(points.cpuPercent, [3, 4, 5]);
    assert.deepEqual(points.memoryUsageBytes, [3072, 4096, 5120]);
  });

  it('keeps an hour at one point a second in 72 KB a service, whatever the session length', () => {
    const store = new ServiceHistoryStore({ capacity: 3600, maxSeries: 4 });
    const start = Date.UTC(2026, 0, 1);
    for (let s = 0; s < 7200; s++) {
      for (const service of ['a', 'b']) store.record(service, start + s * 1000, 12.5, 64 * 1024 ** 2 + s);
    }
    assert.equal(store.bytes, 2 * 3600 * 20);
    const points = store.points('a');
    assert.equal(points.time.length, 3600);
    assert.equal(points.time[0], start + 3600 * 1000);
    assert.equal(points.memoryUsageBytes[3599], 64 * 1024 ** 2 + 7199, 'memory bytes are exact (float64)');
  });

  it('drops the series written longest ago when the cap is reached', () => {
    const store = new ServiceHistoryStore({ capacity: 10, maxSeries: 2 });
    store.record('a', 1000, 1, 1);
    store.record('b', 1000, 1, 1);
    store.record('a', 2000, 1, 1);
    store.record('c', 2000, 1, 1);
    assert.equal(store.size, 2);
    assert.ok(store.has('a') && store.has('c') && !store.has('b'));
  });

  it('ignores points that go back in time and values that are not numbers', () => {
    const store = new ServiceHistoryStore({ capacity: 10 });
    store.record('web', 2000, 1, 1);
    store.record('web', 1000, 2, 2);
    store.record('web', 2000, 3, 3);
    store.record('web', 3000, Number.NaN, 3);
    assert.deepEqual(store.points('web').time, [2000]);
  });

  it('gives only the points after `since`, as the view\'s chart points in unix seconds', () => {
    const store = new ServiceHistoryStore();
    for (let i = 0; i < 10; i++) store.record('web', 1_700_000_000_000 + i * 1000, 1.234, 1000);
    const points = historyPoints(store.points('web', 1_700_000_000_000 + 7000));
    assert.deepEqual(points, [[1_700_000_008, 1.23, 1000], [1_700_000_009, 1.23, 1000]]);
  });
});
