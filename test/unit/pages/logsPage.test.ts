// The built log page (dist/webview/logs.js) in headless Chromium, driven by the extension's own
// LogViewModel over 100k lines (the same messages the panel sends): only the visible rows exist,
// follow mode survives filtering and scrolling, the keyboard moves and jumps between errors,
// hostile lines stay text, malformed messages change nothing; and the time a filter takes end to end.
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { LogLine } from '../../../src/logs';
import { parseLogsFromWebview, type RenderedLogView } from '../../../src/shared/protocol/logs';
import { LogViewModel } from '../../../src/vscode/logs/model';
import { CHROMIUM, chromiumAvailable, launchChromium, openWebviewPage, type WebviewPage } from '../../support/webviewPage';

const HOSTILE = '<img src=x onerror=alert(1)>';
const SERVICES = ['web', 'worker', 'cache', 'db'];

function makeLines(count: number, firstSeq = 0): LogLine[] {
  const lines: LogLine[] = [];
  for (let i = firstSeq; i < firstSeq + count; i++) {
    const level = i % 1000 === 7 ? 'error' : i % 7 === 0 ? 'warn' : 'info';
    const service = SERVICES[i % 4];
    lines.push({
      seq: i, time: 1_795_000_000_000 + i, timeText: '', service, container: `shop-${service}-1`, containerId: 'c'.repeat(64),
      replica: 1, stream: 'stdout', level, levelSource: 'line',
      message: i === 500 ? HOSTILE : `${level.toUpperCase()} request ${i} GET /api/items/${i % 977} took ${i % 300}ms`,
    });
  }
  return lines;
}

describe('log page in Chromium (built bundle, the extension\'s view model)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: WebviewPage;
  let model: LogViewModel;
  let nextSeq = 0;

  const status = (): Promise<void> => page.send({ type: 'logs/status', ...model.status('') });

  async function snapshot(): Promise<RenderedLogView> {
    const id = Math.floor(Math.random() * 1e6);
    await page.send({ type: 'logs/snapshotRequest', id });
    const posted = await page.posted();
    const answer = posted.map(parseLogsFromWebview).filter((m) => m?.type === 'logs/snapshot' && m.id === id).pop();
    assert.ok(answer?.type === 'logs/snapshot', 'the page answered the snapshot request with a valid message');
    return answer.view;
  }

  /** Wait until the visible rows are filled (no placeholder) and satisfy `check`. */
  async function settled(check: (view: RenderedLogView) => boolean = () => true): Promise<RenderedLogView> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const view = await snapshot();
      if (view.rows.length > 0 && !view.rows.some((row) => row.trim() === '…') && check(view)) return view;
      if (Date.now() > deadline) throw new Error(`the page did not settle: ${JSON.stringify(view).slice(0, 500)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  before(async function () {
    if (!chromiumAvailable('logs')) {
      console.log(`    skipped: needs ${CHROMIUM} and a build (npm run build)`);
      this.skip();
    }
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  beforeEach(async () => {
    model = new LogViewModel();
    model.ingest({ lines: makeLines(100_000), firstSeq: 0 });
    nextSeq = 100_000;
    // The page's requests are answered the way src/vscode/logs/panel.ts answers them.
    page = await openWebviewPage('logs', {
      browser,
      onMessage: async (raw, view) => {
        const message = parseLogsFromWebview(raw);
        if (!message) return;
        if (message.type === 'logs/window') {
          await view.send({ type: 'logs/rows', generation: model.generation, start: message.start, total: model.total, rows: model.window(message.start, message.count) });
        } else if (message.type === 'logs/setFilter') {
          model.setFilter(message.filter);
          await view.send({ type: 'logs/status', ...model.status('') });
        } else if (message.type === 'logs/jump') {
          await view.send({ type: 'logs/jumped', direction: message.direction, index: model.jump(message.from, message.direction) });
        }
      },
    });
    await page.send({ type: 'logs/config', project: 'shop', trusted: true, services: SERVICES.map((name, colour) => ({ name, colour })) });
    await status();
  });
  afterEach(async () => page?.close());

  it('shows the newest of 100k lines with only the visible rows in the page, following', async () => {
    const view = await settled();
    assert.equal(view.total, 100_000);
    assert.ok(view.following, 'follow mode is on at first');
    assert.ok(view.rowElements < 80, `only visible rows exist (${view.rowElements} elements)`);
    assert.match(view.rows[view.rows.length - 1], /request 99999 /);
  });

  it('keeps following across a new filter and new lines, and scrolling up pauses it until End', async () => {
    await settled();
    const started = performance.now();
    await page.page.fill('.text-filter', 'items/42 ');
    const filtered = await settled((v) => v.total !== 100_000);
    const elapsed = performance.now() - started;
    console.log(`      text filter over 100k lines, typed to rendered (incl. 150 ms debounce): ${elapsed.toFixed(0)} ms; host pass ${model.passMs.toFixed(1)} ms`);
    assert.ok(filtered.following, 'still following after filtering');
    assert.ok(filtered.rows.every((row) => row.includes('items/42 ')), filtered.rows.join('\n'));
    model.ingest({ lines: makeLines(977, nextSeq), firstSeq: 0 });
    nextSeq += 977;
    await status();
    const grown = await settled((v) => v.total === filtered.total + 1);
    assert.match(grown.rows[grown.rows.length - 1], /request 100673 GET \/api\/items\/42 /, 'the new matching line is shown at the bottom');

    await page.page.fill('.text-filter', '');
    await settled((v) => v.total > 90_000);
    await page.page.locator('.viewport').evaluate((grid) => { grid.scrollTop = 1000; });
    const scrolled = await settled((v) => !v.following);
    assert.equal(scrolled.following, false, 'scrolling up stops following');
    await page.page.locator('.viewport').press('End');
    const again = await settled((v) => v.following);
    assert.match(again.rows[again.rows.length - 1], /request 100976 /);
  });

  it('moves with the keyboard and jumps between errors with F8 / Shift+F8', async () => {
    await settled();
    const grid = page.page.locator('.viewport');
    await grid.press('Home');
    let view = await settled((v) => v.activeIndex === 0);
    assert.match(view.rows[0], /request 0 /);
    await grid.press('F8');
    view = await settled((v) => v.activeIndex === 7);
    assert.ok(!view.following);
    await grid.press('F8');
    await settled((v) => v.activeIndex === 1007);
    await grid.press('Shift+F8');
    await settled((v) => v.activeIndex === 7);
    await grid.press('ArrowDown');
    await settled((v) => v.activeIndex === 8);
    const label = await grid.getAttribute('aria-activedescendant');
    assert.equal(label, 'row-8', 'the active row is the grid\'s active descendant for screen readers');
    assert.equal(await grid.getAttribute('role'), 'grid');
    assert.equal(await grid.getAttribute('aria-rowcount'), '100000');
  });

  it('renders a hostile line as text and shows a bad pattern\'s error without losing the view', async () => {
    await settled();
    await page.page.fill('.text-filter', 'onerror');
    const view = await settled((v) => v.total === 1);
    assert.ok(view.rows[0].includes(HOSTILE));
    assert.equal(await page.page.locator('.viewport img').count(), 0, 'no element was made from the line');
    assert.equal(await page.page.evaluate(() => document.querySelectorAll('.viewport img').length), 0);

    await page.page.click('button[aria-label="Use regular expression"]');
    await page.page.fill('.text-filter', '(unclosed');
    const bad = await settled((v) => v.filterError !== '');
    assert.match(bad.filterError, /Regular expression/);
    assert.equal(bad.total, 1, 'the previous view stays');
    assert.equal(await page.page.getAttribute('.text-filter', 'aria-invalid'), 'true');
  });

  it('ignores malformed messages', async () => {
    const before = await settled();
    for (const message of [
      { type: 'logs/rows', generation: model.generation, start: 0, total: 5, rows: [{ index: 0, kind: 'line', message: 1 }] },
      { type: 'logs/status', total: -1 },
      { type: 'logs/config', project: 'x', trusted: true, services: [{ name: HOSTILE, colour: 99 }] },
      { type: 'logs/filter', filter: { text: 1 } },
      'logs/status',
      null,
    ]) await page.send(message);
    const after = await settled();
    assert.equal(after.total, before.total);
    assert.deepEqual(after.rows, before.rows);
  });
});
