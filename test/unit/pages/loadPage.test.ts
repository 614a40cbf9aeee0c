// The built load test page (dist/webview/load.js) in headless Chromium, fed the messages the panel
// sends: the form refuses what the extension would refuse and sends valid values only; Escape and
// Cancel ask to stop a running test; the result card shows the four golden signals and the
// comparison; names and error kinds stay text; malformed messages change nothing.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { type LoadToWebview, parseLoadFromWebview } from '../../../src/shared/protocol/load';
import { CHROMIUM, chromiumAvailable, launchChromium, openWebviewPage, type WebviewPage } from '../../support/webviewPage';

const HOSTILE = '<img src=x onerror=alert(1)>';
const LIMITS = { maxRequests: 100_000, maxDurationSeconds: 300, maxConcurrency: 256, maxRate: 10_000 };
const FORM: LoadToWebview = {
  type: 'load/form', project: 'shop', service: 'web', trusted: true, limits: LIMITS,
  targets: [{ url: 'http://127.0.0.1:32768/', description: 'container port 8080' }, { url: 'http://127.0.0.1:32769/', description: 'container port 9090' }],
  values: { mode: 'requests', requests: 1000, durationSeconds: 10, concurrency: 10, rate: null, path: '/' },
};
const START = 1_795_000_000;

function tick(second: number): LoadToWebview {
  const p50 = 8 + Math.sin(second) * 2;
  return {
    type: 'load/tick',
    tick: {
      at: START + second, requestsDone: second * 190, requestsPerSecond: 180 + (second % 3) * 10,
      latencyMs: { p50, p90: p50 * 3, p95: p50 * 4, p99: p50 * 7, max: p50 * 12 }, errors: second === 4 ? 2 : 0,
      cpuPercent: 20 + second * 5, memoryBytes: (4 + second * 0.2) * 1024 * 1024,
    },
  };
}

const DONE: LoadToWebview = {
  type: 'load/done',
  result: {
    url: 'http://127.0.0.1:32768/', requests: 1000, durationSeconds: 5.26, requestsPerSecond: 190.1,
    latencyMs: { p50: 8.1, p90: 24.3, p95: 28.4, p99: 61.2, max: 120.5 },
    errors: { total: 2, rate: 0.002, byKind: [{ kind: 'status 503', count: 1 }, { kind: HOSTILE, count: 1 }] },
    saturation: { cpuPercentPeak: 49.8, cpuPercentMean: 41.2, memoryPeakBytes: 5.1 * 1024 * 1024, memoryLimitBytes: 64 * 1024 * 1024 },
    cancelled: false, settings: '1,000 requests, 10 connections, GET /', finishedAt: START * 1000 + 5260,
  },
  comparison: ['p95 41 ms → 28.4 ms', 'CPU peak 92% → 49.8%', 'throughput 150 → 190.1 req/s'],
  previousAt: START * 1000 - 3_600_000,
};

describe('load test page in Chromium (built bundle)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: WebviewPage;

  const sent = async (type: string): Promise<unknown[]> =>
    (await page.posted()).map(parseLoadFromWebview).filter((m) => m?.type === type);

  async function snapshot(): Promise<Extract<ReturnType<typeof parseLoadFromWebview>, { type: 'load/snapshot' }>> {
    const id = Math.floor(Math.random() * 1e6);
    await page.send({ type: 'load/snapshotRequest', id });
    const answer = (await page.posted()).map(parseLoadFromWebview).filter((m) => m?.type === 'load/snapshot' && m.id === id).pop();
    assert.ok(answer?.type === 'load/snapshot', 'the page answered the snapshot request with a valid message');
    return answer;
  }

  before(async function () {
    if (!chromiumAvailable('load')) {
      console.log(`    skipped: needs ${CHROMIUM} and a build (npm run build)`);
      this.skip();
    }
    browser = await launchChromium();
  });
  after(async () => browser?.close());
  beforeEach(async () => {
    page = await openWebviewPage('load', { browser });
  });
  afterEach(async () => page?.close());

  it('validates the form as the extension does and sends only valid values', async () => {
    await page.send(FORM);
    assert.equal((await snapshot()).phase, 'form');
    const connections = page.page.getByLabel('Connections');
    await connections.fill('0');
    await page.page.getByRole('button', { name: 'Start load test' }).click();
    assert.equal((await sent('load/submit')).length, 0, 'an invalid form is not sent');
    assert.equal(await connections.getAttribute('aria-invalid'), 'true');
    assert.match(await page.page.locator('#error-concurrency').textContent() ?? '', /Connections: a whole number from 1/);
    await connections.fill('2000');
    assert.match(await page.page.locator('#error-concurrency').textContent() ?? '', /at most 256/);
    await connections.fill('4');
    await page.page.getByLabel('a duration').check();
    await page.page.getByLabel('Duration (seconds)').fill('3');
    await page.page.getByLabel('Target').selectOption('http://127.0.0.1:32769/');
    await page.page.getByLabel('Path').fill('/health?full=1');
    await page.page.getByLabel('Path').press('Enter');
    const [submit] = await sent('load/submit');
    assert.deepEqual(submit, {
      type: 'load/submit', url: 'http://127.0.0.1:32769/',
      values: { mode: 'duration', requests: 1000, durationSeconds: 3, concurrency: 4, rate: null, path: '/health?full=1' },
    });
  });

  it('draws ticks, cancels on Escape, then shows the result card with the comparison, names as text', async () => {
    await page.send({
      type: 'load/started', project: 'shop', service: HOSTILE, url: 'http://127.0.0.1:32768/', settings: '1,000 requests, 10 connections, GET /',
      startedAt: START, expectedSeconds: 0, expectedRequests: 1000, memoryLimitBytes: 64 * 1024 * 1024,
    });
    for (let second = 1; second <= 5; second++) await page.send(tick(second));
    const running = await snapshot();
    assert.equal(running.phase, 'running');
    assert.equal(running.ticks, 5);
    await page.page.keyboard.press('Escape');
    assert.equal((await sent('load/cancel')).length, 1, 'Escape asks the extension to cancel');
    await page.send({ type: 'load/tick', tick: { at: 'now' } });
    await page.send({ type: 'load/done', result: { ...(DONE as { result: object }).result, requests: -1 }, comparison: [], previousAt: null });
    assert.equal((await snapshot()).phase, 'running', 'malformed messages change nothing');
    await page.send(DONE);
    const done = await snapshot();
    assert.equal(done.phase, 'done');
    for (const text of ['p95', '28.4 ms', '190.1 req/s', '49.80%', '0.20%', 'p95 41 ms → 28.4 ms', 'CPU peak 92% → 49.8%', HOSTILE]) {
      assert.ok(done.card.includes(text), `the card shows ${text}: ${done.card}`);
    }
    assert.equal(await page.page.locator('img').count(), 0, 'a hostile name or error kind is never HTML');
    if (process.env.STEVEDORE_LOAD_PAGE_SHOT) {
      writeFileSync(process.env.STEVEDORE_LOAD_PAGE_SHOT, await page.page.screenshot({ fullPage: true }));
    }
    await page.page.getByRole('button', { name: 'Export JSON…' }).click();
    assert.equal((await sent('load/export')).length, 1);
  });
});
