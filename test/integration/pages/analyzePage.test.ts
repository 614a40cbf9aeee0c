// The built Analyze page (dist/webview/analyze.js) in headless Chromium, fed the engine's analysis
// of an image the real engine builds here: figures as the engine computed them, names as text,
// keyboard navigation, aria, virtualised rows, and malformed messages ignored.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { type AnalyzedImage, analyzeImage, encodeFileTree, evaluateCi, type FileNode } from '../../../src/image';
import type { AnalyzeToWebview } from '../../../src/shared/protocol/analyze';
import { chromiumAvailable, CHROMIUM, light, openWebviewPage, type WebviewPage as PanelPage } from '../../support/webviewPage';
import { BUSYBOX_PREAMBLE, busyboxPath, dockerCli, requireDocker } from '../../support/docker';

const TAG = 'stevedore-t-imgui-page:1';
const HOSTILE = '<img src=x onerror=alert(1)>';

type Posted = { type: string; layerIndex?: number; scope?: string };

describe('analyze panel page in Chromium (built bundle, engine analysis of a real image)', function () {
  this.timeout(120_000);
  let docker: Docker;
  let image: AnalyzedImage;
  let panel: PanelPage;
  /** Off when a test answers the page's tree requests itself. */
  let answerTrees = true;

  before(async function () {
    docker = await requireDocker(this);
    if (!chromiumAvailable('analyze')) {
      console.log(`    skipped: needs ${CHROMIUM} and a build (npm run build)`);
      this.skip();
    }
    const context = mkdtempSync(join(tmpdir(), 'stevedore-t-imgui-page-'));
    try {
      copyFileSync(busyboxPath(), join(context, 'busybox'));
      writeFileSync(
        join(context, 'Dockerfile'),
        `${BUSYBOX_PREAMBLE}RUN mkdir -p /app/lib/deep /app/data && echo a > /app/lib/deep/a.txt && head -c 30000 /dev/zero > /app/data/blob\n` +
          `RUN head -c 40000 /dev/zero > /app/data/blob && touch '/app/${HOSTILE}' && rm /app/lib/deep/a.txt\n`,
      );
      await dockerCli(['build', '--network', 'none', '-q', '-t', TAG, context]);
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
    image = await analyzeImage({ kind: 'engine', docker, image: TAG });
  });

  beforeEach(async () => {
    answerTrees = true;
    panel = await openWebviewPage('analyze', {
      theme: light,
      onMessage: async (message, page) => {
        const posted = message as Posted;
        if (posted.type === 'ready') {
          await page.post({ type: 'analyze/summary', summary: { analysis: image.analysis, sourceLabel: TAG, wastedEntryCount: image.analysis.wasted.length } });
        } else if (posted.type === 'analyze/requestTree' && posted.layerIndex !== undefined && answerTrees) {
          const scope = posted.scope === 'aggregate' ? 'aggregate' : 'layer';
          await page.post({ type: 'analyze/tree', layerIndex: posted.layerIndex, scope, tree: encodeFileTree(image.files.files(posted.layerIndex, scope)) });
        }
      },
    });
    await panel.page.waitForSelector('.tree-row:not([hidden])');
  });

  afterEach(async () => panel?.close());

  after(async () => {
    await dockerCli(['rmi', '-f', TAG]).catch(() => undefined);
  });

  const requests = (): Posted[] => (panel.received as Posted[]).filter((message) => message.type === 'analyze/requestTree');
  const activeRow = (): Promise<string> =>
    panel.page.evaluate(() => {
      const tree = document.querySelector('.tree') as HTMLElement;
      return document.getElementById(tree.getAttribute('aria-activedescendant') ?? '')?.querySelector('.name')?.textContent ?? '';
    });

  it('shows the engine figures and one option per layer, starting on the largest layer', async () => {
    const { analysis } = image;
    const figure = (name: string): Promise<number> => panel.page.evaluate((key) => Number(document.querySelector<HTMLElement>(`[data-figure="${key}"]`)?.dataset.value), name);
    assert.equal(await figure('size'), analysis.sizeBytes);
    assert.equal(await figure('efficiency'), analysis.efficiencyScore);
    assert.equal(await figure('wasted'), analysis.wastedBytes);
    assert.equal(await figure('reclaimable'), analysis.reclaimableBytes);
    assert.equal(await panel.page.locator('.layers [role="option"]').count(), analysis.layers.length);
    const largest = analysis.layers.reduce((best, layer) => (layer.sizeBytes > best.sizeBytes ? layer : best));
    assert.equal(await panel.page.getAttribute('.layers', 'aria-activedescendant'), `layer-${largest.index}`);
    assert.equal(requests()[0]?.layerIndex, largest.index);
  });

  it('renders a file named like HTML as text, never as markup', async () => {
    await panel.page.focus('.layers');
    await panel.page.keyboard.press('End');
    await panel.page.waitForFunction((name) => [...document.querySelectorAll('.tree-row .name')].some((node) => node.textContent === name), HOSTILE);
    assert.equal(await panel.page.locator('img').count(), 0);
  });

  it('moves through layers with the arrow keys, Home and End, asking for each tree', async () => {
    const last = image.analysis.layers.length - 1;
    await panel.page.focus('.layers');
    await panel.page.keyboard.press('Home');
    assert.equal(await panel.page.getAttribute('#layer-0', 'aria-selected'), 'true');
    await panel.page.keyboard.press('ArrowDown');
    assert.equal(await panel.page.getAttribute('#layer-1', 'aria-selected'), 'true');
    assert.equal(await panel.page.getAttribute('#layer-0', 'aria-selected'), 'false');
    await panel.page.keyboard.press('End');
    assert.equal(await panel.page.getAttribute(`#layer-${last}`, 'aria-selected'), 'true');
    assert.deepEqual(requests().slice(-3).map((request) => request.layerIndex), [0, 1, last]);
  });

  it('names every layer by the index the CLI and JSON use (dive counts from 0)', async () => {
    const { analysis } = image;
    const last = analysis.layers[analysis.layers.length - 1];
    const shown = await panel.page.evaluate(() =>
      [...document.querySelectorAll('.layers [role="option"]')].map((option) => [option.querySelector('.layer-index')?.textContent, option.getAttribute('aria-label')]));
    assert.deepEqual(shown.map(([number]) => number), analysis.layers.map((layer) => String(layer.index)));
    assert.equal(shown[0][0], '0');
    shown.forEach(([, label], position) => assert.ok(label?.startsWith(`Layer ${analysis.layers[position].index},`), label ?? ''));
    await panel.page.focus('.layers');
    await panel.page.keyboard.press('End');
    await panel.page.waitForFunction((index) => document.querySelector('.tree-status')?.textContent?.includes(`layer ${index}`), last.index);
    assert.match(await panel.page.textContent('.layer-detail-facts') ?? '', new RegExp(`^Layer ${last.index} `));
    assert.equal(await panel.page.getAttribute('.tree', 'aria-label'), `Files changed by layer ${last.index}`);
    // "written by layer N, deleted by layer M": both numbers as in the JSON's wasted entries.
    const causes = await panel.page.locator('.top-files td.cause').allTextContents();
    assert.ok(causes.length > 0, 'the test image wastes bytes (a file overwritten, one deleted)');
    assert.deepEqual(causes.map((text) => text.match(/^layer (\d+),.* layer (\d+)/)?.slice(1)),
      analysis.wasted.slice(0, causes.length).map((entry) => [String(entry.layer), String(entry.causedByLayer)]));
  });

  it('draws the selected layer in the list selection colours and commands in the normal foreground, not the red of <code>', async () => {
    // VS Code's default webview style colours <code> with textPreformat-foreground (#a31515 in Light Modern).
    await panel.page.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-textPreformat-foreground', '#a31515');
      document.styleSheets[0].insertRule('code { color: var(--vscode-textPreformat-foreground); }', 0);
    });
    const colours = (): Promise<Record<string, string>> => panel.page.evaluate(() => {
      // No helper functions in here: the test's transpiler would wrap them in a __name() the page lacks.
      const selected = document.querySelector('.layer[aria-selected="true"]') as HTMLElement;
      return {
        foreground: getComputedStyle(document.body).color,
        detailCommand: getComputedStyle(document.querySelector('.layer-detail-command') as Element).color,
        rowBackground: getComputedStyle(selected).backgroundColor,
        rowCommand: getComputedStyle(selected.querySelector('.layer-command') as Element).color,
        rowIndex: getComputedStyle(selected.querySelector('.layer-index') as Element).color,
      };
    });
    const rgb = (hex: string): string => `rgb(${[1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)).join(', ')})`;
    await panel.page.focus('.tree');
    const idle = await colours();
    assert.equal(idle.detailCommand, idle.foreground, 'the full command is plain text');
    assert.equal(idle.rowBackground, rgb('#e4e6f1'), 'list.inactiveSelectionBackground while the list is not focused');
    assert.equal(idle.rowCommand, idle.foreground);
    await panel.page.focus('.layers');
    const focused = await colours();
    assert.equal(focused.rowBackground, rgb('#e8e8e8'), 'list.activeSelectionBackground');
    assert.equal(focused.rowCommand, rgb('#000000'), 'list.activeSelectionForeground');
    assert.equal(focused.rowIndex, rgb('#000000'), 'the number takes the selection foreground too');
    assert.equal(focused.detailCommand, focused.foreground);
  });

  it("wraps the failing rules on dive's CI card instead of cutting them off", async () => {
    const ci = evaluateCi(image.analysis, { lowestEfficiency: '0.9999', highestWastedBytes: '1', highestUserWastedPercent: '0.0001' });
    assert.equal(ci.results.filter((result) => result.status === 'FAIL').length, 3, 'the test image fails all three rules');
    await panel.post({ type: 'analyze/summary', summary: { analysis: image.analysis, sourceLabel: TAG, wastedEntryCount: image.analysis.wasted.length, ci: { ...ci, source: '.dive-ci' } } });
    const card = await panel.page.evaluate(() => {
      const detail = document.querySelector('[data-figure="ci"] .figure-detail') as HTMLElement;
      return { text: detail.textContent ?? '', fits: detail.scrollWidth <= detail.clientWidth, lines: Math.round(detail.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(detail).lineHeight || '14')) };
    });
    for (const rule of ['efficiency', 'wasted bytes', 'user wasted %']) assert.ok(card.text.includes(rule), card.text);
    assert.ok(card.fits, 'nothing is cut off');
    const tooltip = (await panel.page.getAttribute('[data-figure="ci"]', 'title')) ?? '';
    for (const rule of ['lowestEfficiency', 'highestWastedBytes', 'highestUserWastedPercent']) assert.ok(tooltip.includes(`FAIL ${rule}`), tooltip);
  });

  it('walks the tree by keyboard: Right opens, Left closes and climbs, Home/End, with aria state', async () => {
    await panel.page.focus('.layers');
    await panel.page.keyboard.press('End');
    await panel.page.waitForFunction((last) => document.querySelector('.tree-status')?.textContent?.includes(`layer ${last}`), image.analysis.layers.length - 1);
    await panel.page.focus('.tree');
    await panel.page.keyboard.press('Home');
    assert.equal(await activeRow(), 'app');
    const expanded = (): Promise<string | null> =>
      panel.page.evaluate(() => document.getElementById(document.querySelector('.tree')?.getAttribute('aria-activedescendant') ?? '')?.getAttribute('aria-expanded') ?? null);
    assert.equal(await expanded(), 'true', 'a small tree opens fully');
    await panel.page.keyboard.press('ArrowLeft');
    assert.equal(await expanded(), 'false');
    await panel.page.keyboard.press('ArrowRight');
    assert.equal(await expanded(), 'true');
    await panel.page.keyboard.press('ArrowRight');
    assert.equal(await activeRow(), HOSTILE, 'Right on an open folder goes to its first child');
    await panel.page.keyboard.press('ArrowLeft');
    assert.equal(await activeRow(), 'app', 'Left on a file climbs to its folder');
    await panel.page.keyboard.press('End');
    const levels = await panel.page.evaluate(() => [...document.querySelectorAll('.tree-row:not([hidden])')].map((row) => [row.getAttribute('role'), row.getAttribute('aria-level'), row.getAttribute('aria-posinset'), row.getAttribute('aria-setsize')]));
    for (const [role, level, position, size] of levels) {
      assert.equal(role, 'treeitem');
      assert.ok(Number(level) >= 1 && Number(position) >= 1 && Number(position) <= Number(size));
    }
    assert.equal(await panel.page.getAttribute('.tree', 'role'), 'tree');
  });

  it('sends typing on the tree to the filter box and shows only matches and their folders', async () => {
    await panel.page.focus('.layers');
    await panel.page.keyboard.press('End');
    await panel.page.waitForFunction((last) => document.querySelector('.tree-status')?.textContent?.includes(`layer ${last}`), image.analysis.layers.length - 1);
    await panel.page.focus('.tree');
    await panel.page.keyboard.type('blob');
    await panel.page.keyboard.press('Enter');
    await panel.page.waitForFunction(() => [...document.querySelectorAll('.tree-row:not([hidden]) .name')].map((node) => node.textContent).join('/') === 'app/data/blob');
    assert.equal(await panel.page.evaluate(() => (document.querySelector('vscode-textfield') as HTMLElement & { value: string }).value), 'blob');
    await panel.page.keyboard.press('Escape');
  });

  it('shows everything up to the selected layer on request, and sorts by size', async () => {
    await panel.page.focus('.layers');
    await panel.page.keyboard.press('End');
    await panel.page.waitForFunction((last) => document.querySelector('.tree-status')?.textContent?.includes(`layer ${last}`), image.analysis.layers.length - 1);
    await panel.page.click('vscode-radio[value="aggregate"]');
    await panel.page.waitForFunction((last) => document.querySelector('.tree-status')?.textContent?.includes(`layers 0–${last}`), image.analysis.layers.length - 1);
    assert.deepEqual(requests().at(-1), { type: 'analyze/requestTree', layerIndex: 3, scope: 'aggregate' });
    const expected = image.files.files(3, 'aggregate').filter((node) => !node.path.includes('/') && node.change !== 'removed');
    expected.sort((a, b) => b.sizeBytes - a.sizeBytes || (a.path < b.path ? -1 : 1));
    await panel.page.evaluate(() => {
      const select = document.querySelector('vscode-single-select') as HTMLElement & { value: string };
      select.value = 'size';
      select.dispatchEvent(new Event('change'));
    });
    await panel.page.focus('.tree');
    await panel.page.keyboard.press('Home');
    assert.equal(await activeRow(), expected[0].path, 'the largest top-level entry comes first');
    // Close it (bin/ holds busybox's 268 links) so every top-level row is in the rendered window.
    await panel.page.keyboard.press('ArrowLeft');
    const tops = await panel.page.evaluate(() => [...document.querySelectorAll('.tree-row:not([hidden])')].filter((row) => row.getAttribute('aria-level') === '1').map((row) => row.querySelector('.name')?.textContent));
    assert.deepEqual(tops, expected.map((node) => node.path));
  });

  /** Rows a user sees: laid out, whatever attributes say. */
  const shownRows = (): Promise<string[]> =>
    panel.page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.tree-row')].filter((row) => row.getClientRects().length > 0).map((row) => row.querySelector('.name')?.textContent ?? ''));
  const selectLayer = async (index: number, scope = 'layer'): Promise<void> => {
    await panel.page.click(`#layer-${index}`);
    await panel.page.waitForFunction(([n, s]) => document.querySelector('.tree-status')?.textContent?.includes(s === 'layer' ? `layer ${n}` : `layers 0–${n}`), [index, scope] as const);
  };

  it('shows only the rows of the layer selected after a bigger one (recycled rows stay out of sight)', async () => {
    // Layer 1 is busybox --install: 268 links and /bin, more rows than the last layer has.
    const last = image.analysis.layers.length - 1;
    await selectLayer(1);
    assert.ok((await shownRows()).length > 20);
    await selectLayer(last);
    const expected = await panel.page.evaluate(() => Number(/^(\d+) of/.exec(document.querySelector('.tree-status')?.textContent ?? '')?.[1]));
    const rows = await shownRows();
    assert.equal(rows.length, expected, rows.join(', '));
    assert.ok(!rows.some((name) => name === 'arch' || name === 'busybox'), rows.join(', '));
  });

  it('keeps the selected layer\'s tree when a reply for the layer shown before arrives late', async () => {
    const last = image.analysis.layers.length - 1;
    await selectLayer(last); // answered and cached
    answerTrees = false;
    const pending = requests().length;
    await panel.page.click(`#layer-${last - 1}`);
    while (requests().length === pending) await new Promise((resolve) => setTimeout(resolve, 20));
    await selectLayer(last); // from the cache, while layer last-1's reply is still on its way
    const before = await shownRows();
    await panel.post({ type: 'analyze/tree', layerIndex: last - 1, scope: 'layer', tree: encodeFileTree(image.files.files(last - 1, 'layer')) });
    await panel.page.waitForTimeout(200);
    assert.deepEqual(await shownRows(), before);
    assert.match((await panel.page.textContent('.tree-status')) ?? '', new RegExp(`layer ${last} `));
  });

  it('switches to "Everything up to it" with the arrow keys on the radio group', async () => {
    const last = image.analysis.layers.length - 1;
    await selectLayer(last);
    await panel.page.focus('vscode-radio[value="layer"]');
    await panel.page.keyboard.press('ArrowRight');
    await panel.page.waitForFunction((n) => document.querySelector('.tree-status')?.textContent?.includes(`layers 0–${n}`), last);
    assert.equal(await panel.page.getAttribute('.tree', 'aria-label'), `Files as of layer ${last}`);
    await panel.page.keyboard.press('ArrowLeft');
    await panel.page.waitForFunction((n) => document.querySelector('.tree-status')?.textContent?.includes(`layer ${n} `), last);
  });

  it('Esc in the filter clears the box as well as the filter, and a filter matching nothing says so', async () => {
    await selectLayer(image.analysis.layers.length - 1);
    const box = (): Promise<string> => panel.page.evaluate(() => (document.querySelector('vscode-textfield') as HTMLElement & { value: string }).value);
    await panel.page.click('vscode-textfield');
    await panel.page.keyboard.type('zzz');
    // The filter applies per keystroke ("z" and "zz" match nothing already): wait for the last one.
    await panel.page.waitForFunction(() => (document.querySelector('vscode-textfield') as HTMLElement & { value: string }).value === 'zzz' && document.querySelector('.tree-status')?.textContent?.startsWith('0 of'));
    await panel.page.waitForFunction(() => document.querySelector('.tree-empty')?.textContent?.includes('zzz'), undefined, { timeout: 2000 }).catch(() => undefined);
    assert.equal((await panel.page.textContent('.tree-empty'))?.trim(), 'No files match “zzz”.');
    await panel.page.keyboard.press('Escape');
    await panel.page.waitForFunction(() => document.activeElement?.classList.contains('tree'));
    await panel.page.waitForTimeout(100);
    assert.equal(await box(), '');
    await panel.page.click('vscode-textfield');
    await panel.page.keyboard.type('blob');
    await panel.page.waitForTimeout(100);
    assert.equal(await box(), 'blob');
    assert.deepEqual(await shownRows(), ['app', 'data', 'blob']);
  });

  it('keeps only the rows in view in the DOM for a 20,000-entry tree, and ignores a malformed tree', async () => {
    const nodes: FileNode[] = [];
    for (let i = 0; i < 20_000; i++) nodes.push({ path: `srv/pkg${i % 100}/file${i}`, kind: 'file', sizeBytes: i, change: 'added' });
    const last = image.analysis.layers.length - 1;
    const pending = requests().length;
    answerTrees = false;
    await panel.page.focus('.layers');
    await panel.page.keyboard.press('End');
    // The page asked for the last layer; answer with a big generated tree instead.
    while (requests().length === pending) await new Promise((resolve) => setTimeout(resolve, 20));
    const big: AnalyzeToWebview = { type: 'analyze/tree', layerIndex: last, scope: 'layer', tree: encodeFileTree(nodes) };
    await panel.post(big);
    await panel.page.waitForFunction(() => document.querySelector('.tree-status')?.textContent?.startsWith('1'));
    await panel.page.click('vscode-checkbox'); // changes only: every folder open, 20,101 rows
    await panel.page.waitForFunction(() => document.querySelector('.tree-status')?.textContent?.startsWith('20,101 of 20,101'));
    const rows = await panel.page.locator('.tree-row').count();
    assert.ok(rows < 120, `${rows} rows in the DOM`);
    const before = await panel.page.evaluate(() => document.querySelector('.tree-status')?.textContent);
    const tree = encodeFileTree(nodes.slice(0, 3));
    await panel.post({ type: 'analyze/tree', layerIndex: last, scope: 'layer', tree: { ...tree, parents: tree.parents.map((_, i) => i) } });
    await panel.post({ type: 'analyze/summary', summary: { analysis: { ...image.analysis, efficiencyScore: 7 }, sourceLabel: 'x', wastedEntryCount: 0 } });
    await panel.page.waitForTimeout(200);
    assert.equal(await panel.page.evaluate(() => document.querySelector('.tree-status')?.textContent), before);
    assert.equal(await panel.page.locator('.layers [role="option"]').count(), image.analysis.layers.length);
  });
});
