// The built comparison page (dist/webview/compare.js) in headless Chromium, fed a comparison the
// image engine computed from two archives: the figures it renders are the engine's, names stay
// text, filters and sorting work from the keyboard, and malformed messages change nothing.
import * as assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { analyzeImage, compareImages, comparisonSummary } from '../../../src/image/index';
import type { CompareSnapshot, CompareView } from '../../../src/shared/protocol/compare';
import { humanizeBytes, signedBytes } from '../../../src/shared/units';
import { CHROMIUM, chromiumAvailable, launchChromium, openWebviewPage, type WebviewPage } from '../../support/webviewPage';
import { archiveOf, type TestLayer, writeTemp } from '../image/archiveBuilder';

const HOSTILE = '<img src=x onerror=alert(1)>';

async function engineView(): Promise<CompareView> {
  const base: TestLayer = { entries: [{ name: 'bin/', type: 'directory' }, { name: 'bin/sh', content: Buffer.alloc(1000, 1) }], command: 'ADD base' };
  const a = writeTemp('a.tar', await archiveOf([
    base,
    {
      command: '/bin/sh -c make',
      entries: [
        { name: 'app/', type: 'directory' },
        { name: 'app/big', content: Buffer.alloc(2_000_000, 2) },
        { name: `app/${HOSTILE}`, content: Buffer.alloc(50, 3) },
        { name: 'app/conf', content: Buffer.alloc(10, 4), mode: 0o644 },
        { name: 'app/cache/', type: 'directory' },
        { name: 'app/cache/blob', content: Buffer.alloc(500_000, 5) },
      ],
    },
    {
      command: '/bin/sh -c chmod 600 /app/conf && rm -rf /app/cache',
      entries: [{ name: 'app/', type: 'directory' }, { name: 'app/conf', content: Buffer.alloc(10, 4), mode: 0o600 }, { name: 'app/.wh.cache' }],
    },
  ], { tag: 'stevedore-t-cmp-page:a' }));
  const b = writeTemp('b.tar', await archiveOf([
    base,
    {
      command: '/bin/sh -c make && rm -rf /app/cache',
      entries: [
        { name: 'app/', type: 'directory' },
        { name: 'app/big', content: Buffer.alloc(2_500_000, 2) },
        { name: `app/${HOSTILE}`, content: Buffer.alloc(50, 3) },
        { name: 'app/conf', content: Buffer.alloc(10, 4), mode: 0o644 },
        { name: 'app/new', content: Buffer.alloc(3000, 6) },
      ],
    },
  ], { tag: 'stevedore-t-cmp-page:b' }));
  const { result } = await compareImages({ kind: 'archive', path: a }, { kind: 'archive', path: b });
  const comparison = result.comparison();
  return { comparison, labelA: `a.tar ${HOSTILE}`, labelB: 'b.tar', summary: comparisonSummary(comparison), changesTotal: comparison.changes.length, canOpenDiff: true };
}

async function snapshot(view: WebviewPage): Promise<CompareSnapshot> {
  await view.send({ type: 'compare/snapshotRequest', id: 7 });
  const posted = (await view.posted()) as Array<{ type: string; id?: number; snapshot?: CompareSnapshot }>;
  const answer = posted.filter((m) => m.type === 'compare/snapshot' && m.id === 7).pop();
  assert.ok(answer?.snapshot, 'the page answered the snapshot request');
  return answer.snapshot;
}

describe('comparison page in Chromium (built bundle, the engine\'s comparison)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: WebviewPage;
  let shown: CompareView;

  before(async function () {
    if (!chromiumAvailable('compare')) {
      console.log(`    skipped: needs ${CHROMIUM} and a build (npm run build)`);
      this.skip();
    }
    browser = await launchChromium();
    shown = await engineView();
  });
  after(async () => browser?.close());
  afterEach(async () => page?.close());

  async function open(): Promise<WebviewPage> {
    page = await openWebviewPage('compare', { browser });
    await page.send({ type: 'compare/result', view: shown });
    await page.page.waitForSelector('tr.change-row');
    return page;
  }

  it('renders the engine\'s figures: headline, totals before and after, aligned layers, every change', async () => {
    const view = await open();
    const seen = await snapshot(view);
    const c = shown.comparison;
    assert.equal(seen.status, 'shown');
    assert.equal(seen.summary, shown.summary);
    assert.match(seen.summary, /^\+3\.0 kB, efficiency \d+\.\d% → 100\.0%, reclaimable 500 kB → 0 B$/);
    assert.deepEqual(seen.totals['Total size'], [humanizeBytes(c.a.sizeBytes), humanizeBytes(c.b.sizeBytes), signedBytes(c.sizeDeltaBytes)]);
    assert.deepEqual(seen.totals['Reclaimable bytes'], ['500 kB', '0 B', '−500 kB']);
    assert.equal(seen.layerRows, c.layers.length);
    assert.equal(seen.changeRows, c.changes.length);
    // Largest change first.
    assert.deepEqual(seen.paths.slice(0, 3), ['app/big', 'app/new', 'app/conf']);
  });

  it('shows names from the image as text, creating no element and running nothing', async () => {
    const hostile: CompareView = structuredClone(shown);
    hostile.comparison.changes.push({ ...hostile.comparison.changes[0], path: `app/${HOSTILE}/x`, change: 'added' });
    hostile.comparison.layers[1] = { ...hostile.comparison.layers[1], b: { ...hostile.comparison.layers[1].b!, command: HOSTILE } };
    page = await openWebviewPage('compare', { browser });
    let dialog = false;
    page.page.on('dialog', (d) => {
      dialog = true;
      void d.dismiss();
    });
    await page.send({ type: 'compare/result', view: hostile });
    await page.page.waitForSelector('tr.change-row');
    assert.equal(await page.page.locator('img').count(), 0);
    assert.ok((await page.page.locator('h1').textContent())?.includes(HOSTILE));
    assert.ok((await page.page.locator('td.command').allTextContents()).some((text) => text.includes(HOSTILE)));
    assert.equal(dialog, false);
  });

  it('filters by kind and size and sorts by path, from the keyboard', async () => {
    const view = await open();
    // Uncheck "Added" with the keyboard: focus it and press Space.
    await view.page.focus('input[data-kind="added"]');
    await view.page.keyboard.press('Space');
    let seen = await snapshot(view);
    assert.ok(!seen.paths.includes('app/new'));
    assert.equal(seen.changeRows, shown.comparison.changes.filter((c) => c.change !== 'added').length);
    await view.page.selectOption('select[aria-label="Only changes larger than"]', '100000');
    seen = await snapshot(view);
    assert.deepEqual(seen.paths, ['app/big']);
    await view.page.selectOption('select[aria-label="Only changes larger than"]', '0');
    await view.page.focus('th button[title="Sort by path"]');
    await view.page.keyboard.press('Enter');
    seen = await snapshot(view);
    assert.deepEqual(seen.paths, [...seen.paths].sort((x, y) => (x.replace(/\//g, '\0') < y.replace(/\//g, '\0') ? -1 : 1)));
    assert.equal(await view.page.getAttribute('th[aria-sort="ascending"] button', 'title'), 'Sort by path');
  });

  it('asks to open the diff of a modified file when its button is pressed with the keyboard', async () => {
    const view = await open();
    const button = view.page.locator('button[aria-label="Open the diff of /app/big"]');
    await button.focus();
    await view.page.keyboard.press('Enter');
    const posted = (await view.posted()) as Array<{ type: string; path?: string }>;
    assert.deepEqual(posted.filter((m) => m.type === 'compare/openDiff'), [{ type: 'compare/openDiff', path: 'app/big' }]);
    // Only modified files have one.
    assert.equal(await view.page.locator('button[aria-label="Open the diff of /app/new"]').count(), 0);
  });

  it('ignores malformed messages and keeps what it shows', async () => {
    const view = await open();
    const before = await snapshot(view);
    await view.send({ type: 'compare/result', view: { ...shown, comparison: { ...shown.comparison, changes: [{ path: 5 }] } } });
    await view.send({ type: 'compare/result', view: { ...shown, summary: 42 } });
    await view.send({ type: 'compare/error' });
    assert.deepEqual(await snapshot(view), before);
  });

  it('the Analyze page\'s "Compare with…" button asks the extension to compare, from the keyboard', async () => {
    const archive = writeTemp('one.tar', await archiveOf([{ entries: [{ name: 'etc/', type: 'directory' }, { name: 'etc/a', content: 'a' }] }], { tag: 'stevedore-t-cmp-page:one' }));
    const { analysis } = await analyzeImage({ kind: 'archive', path: archive });
    page = await openWebviewPage('analyze', { browser });
    await page.send({ type: 'analyze/summary', summary: { analysis, sourceLabel: archive, wastedEntryCount: 0 } });
    const button = page.page.locator('vscode-button', { hasText: 'Compare with…' });
    await button.focus();
    await page.page.keyboard.press('Enter');
    await page.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'analyze/compare'));
  });

  it('shows progress, then an error as an alert', async () => {
    page = await openWebviewPage('compare', { browser });
    await page.send({ type: 'compare/progress', message: 'Reading layer 2 of 5' });
    assert.equal(await page.page.locator('[role="status"]').textContent(), 'Reading layer 2 of 5');
    await page.send({ type: 'compare/error', message: 'No image "x" in the Docker engine.' });
    assert.equal(await page.page.locator('[role="alert"]').textContent(), 'No image "x" in the Docker engine.');
    assert.equal((await snapshot(page)).status, 'error');
  });
});
