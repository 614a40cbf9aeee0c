// The view's Prometheus feed over time (src/vscode/stats/prometheusFeed.ts): polls, history per
// range, one failure state with retries, recovery by itself, and nothing hangs.
import * as assert from 'node:assert/strict';
import { FeedTimeout, PrometheusFeed, type FeedRange, type PrometheusReader } from '../../../src/vscode/stats/prometheusFeed';

interface Snap { n: number; range: FeedRange; scrapeIntervalSeconds: number }

class ScriptedReader implements PrometheusReader<Snap, string> {
  down = false;
  hang = false;
  snapshots = 0;
  histories: FeedRange[] = [];
  delayMs = 0;
  disposed = false;

  private answer<T>(value: () => T): Promise<T> {
    if (this.hang) return new Promise<T>(() => undefined);
    return new Promise<T>((resolve, reject) => setTimeout(() => (this.down ? reject(new Error('ECONNREFUSED')) : resolve(value())), this.delayMs));
  }

  snapshot(range: FeedRange): Promise<Snap> {
    return this.answer(() => ({ n: ++this.snapshots, range, scrapeIntervalSeconds: 0.01 }));
  }

  history(range: FeedRange): Promise<string> {
    return this.answer(() => {
      this.histories.push(range);
      return `history ${range}`;
    });
  }

  dispose(): void {
    this.disposed = true;
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function feedOf(reader: ScriptedReader, hardTimeoutMs = 1000) {
  const seen = { snapshots: [] as Snap[], histories: [] as string[], failures: [] as Array<{ error: unknown; retryInMs: number }>, recovered: 0 };
  const feed = new PrometheusFeed(reader, {
    snapshot: (s) => seen.snapshots.push(s),
    history: (h) => seen.histories.push(h),
    failed: (error, retryInMs) => seen.failures.push({ error, retryInMs }),
    recovered: () => seen.recovered++,
  }, { range: '1h', minPollMs: 10, retryMinMs: 10, retryMaxMs: 40, hardTimeoutMs });
  return { feed, seen };
}

describe('PrometheusFeed (the view\'s Prometheus source over time)', () => {
  it('loads the range\'s history once, then polls snapshots at the scrape interval', async () => {
    const reader = new ScriptedReader();
    const { feed, seen } = feedOf(reader);
    feed.start();
    await wait(120);
    feed.dispose();
    assert.deepEqual(seen.histories, ['history 1h']);
    assert.ok(seen.snapshots.length >= 4, `polled ${seen.snapshots.length} times`);
    assert.ok(reader.disposed, 'dispose closes the reader');
  });

  it('redraws from the new range\'s history when the picker changes, dropping answers for the old one', async () => {
    const reader = new ScriptedReader();
    reader.delayMs = 20;
    const { feed, seen } = feedOf(reader);
    feed.start();
    await wait(5);
    feed.setRange('24h');
    await wait(150);
    feed.dispose();
    assert.deepEqual(seen.histories, ['history 24h'], 'only the chosen range reaches the view');
    assert.ok(seen.snapshots.every((s) => s.range === '24h'));
  });

  it('reports a failure once per attempt with growing delays, and recovers by itself', async () => {
    const reader = new ScriptedReader();
    reader.down = true;
    const { feed, seen } = feedOf(reader);
    feed.start();
    await wait(100);
    assert.ok(seen.failures.length >= 2);
    assert.deepEqual(seen.failures.slice(0, 3).map((f) => f.retryInMs), [10, 20, 40].slice(0, Math.min(3, seen.failures.length)));
    assert.ok(feed.isFailing);
    reader.down = false;
    await wait(100);
    feed.dispose();
    assert.equal(seen.recovered, 1);
    assert.deepEqual(seen.histories, ['history 1h'], 'the history is loaded again after the recovery');
  });

  it('fails a request that never answers after the hard timeout instead of hanging', async () => {
    const reader = new ScriptedReader();
    reader.hang = true;
    const { feed, seen } = feedOf(reader, 30);
    feed.start();
    await wait(60);
    feed.dispose();
    assert.ok(seen.failures[0]?.error instanceof FeedTimeout);
  });

  it('stops polling while the view is hidden', async () => {
    const reader = new ScriptedReader();
    const { feed } = feedOf(reader);
    feed.start();
    await wait(30);
    feed.setVisible(false);
    await wait(20);
    const count = reader.snapshots;
    await wait(60);
    assert.equal(reader.snapshots, count);
    feed.setVisible(true);
    await wait(30);
    feed.dispose();
    assert.ok(reader.snapshots > count);
  });
});
