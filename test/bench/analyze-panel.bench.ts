// `npm run bench -- analyze-panel`: the Analyze panel's file tree with 200,000 entries, in headless
// Chromium running the built page (dist/webview/analyze.js). Prints: encoding in the extension
// host, time from message to first rows, main-thread work per scroll step (Chrome's own metrics),
// keyboard, filter, "changes only" and sort timings. A benchmark, not a timed test.
// STEVEDORE_PANEL_BENCH_IMAGE=IMAGE also times the real path for an engine image: the engine's
// analysis, its largest layer's tree, encoding, and the page drawing it.
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { FileNode, ImageAnalysis } from '../../src/image/types';
import { encodeFileTree } from '../../src/image';
import type { AnalyzeToWebview } from '../../src/shared/protocol/analyze';
import { dark, openWebviewPage } from '../support/webviewPage';

const FILES = 200_000;

/** A layer of 200k files in 500 packages, in the engine's tree order (directories with their totals). */
function generatedLayer(): FileNode[] {
  const files: FileNode[] = [];
  for (let i = 0; i < FILES; i++) {
    const pkg = `pkg-${String(i % 500).padStart(3, '0')}`;
    const sub = `mod${String(i % 40).padStart(2, '0')}`;
    // Flat strings, as the engine's paths are (built from tar headers, not concatenated).
    const path = JSON.parse(JSON.stringify(`usr/lib/python3/dist-packages/${pkg}/${sub}/file${i}.py`)) as string;
    files.push({ path, kind: 'file', sizeBytes: (i * 7919) % 65536, change: i % 10 === 0 ? 'modified' : 'added' });
  }
  const dirs = new Map<string, number>();
  for (const file of files) {
    for (let slash = file.path.indexOf('/'); slash > 0; slash = file.path.indexOf('/', slash + 1)) {
      const dir = file.path.slice(0, slash);
      dirs.set(dir, (dirs.get(dir) ?? 0) + file.sizeBytes);
    }
  }
  const nodes: FileNode[] = [...files, ...[...dirs].map(([path, sizeBytes]): FileNode => ({ path, kind: 'dir', sizeBytes, change: 'added' }))];
  const key = (path: string): string => path.replace(/\//g, '\u0000');
  return nodes.map((node) => [key(node.path), node] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, node]) => node);
}

function summaryFor(nodes: FileNode[]): ImageAnalysis {
  const size = nodes.filter((node) => node.kind === 'file').reduce((sum, node) => sum + node.sizeBytes, 0);
  return {
    image: 'bench/200k-files:latest',
    sizeBytes: size,
    efficiencyScore: 1,
    wastedBytes: 0,
    userWastedPercent: 0,
    reclaimableBytes: 0,
    layers: [{ index: 0, digest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000', command: 'RUN pip install everything', sizeBytes: size, files: FILES, added: FILES, modified: 0, removed: 0 }],
    wasted: [],
    largestFiles: [],
  };
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

async function main(): Promise<void> {
  if (!existsSync(join(__dirname, '../../dist/webview/analyze.js'))) throw new Error('Build first: npm run build');
  if (!existsSync('/usr/bin/chromium')) {
    console.log('skipped: no /usr/bin/chromium (apt-get install chromium)');
    return;
  }
  const nodes = generatedLayer();
  let started = performance.now();
  const tree = encodeFileTree(nodes);
  const encodeMs = performance.now() - started;
  const message: AnalyzeToWebview = { type: 'analyze/tree', layerIndex: 0, scope: 'layer', tree };
  const json = JSON.stringify(message);
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} (figures stretch under load)`);
  console.log(`tree: ${tree.names.length.toLocaleString('en-US')} entries (${FILES.toLocaleString('en-US')} files), ${(json.length / 1e6).toFixed(1)} MB of JSON`);
  console.log(`  encode in the extension host:        ${ms(encodeMs)}`);

  const panel = await openWebviewPage('analyze', {
    theme: dark,
    onMessage: async (received, page) => {
      if ((received as { type?: string }).type === 'ready') {
        await page.post({ type: 'analyze/summary', summary: { analysis: summaryFor(nodes), sourceLabel: 'bench', wastedEntryCount: 0 } });
      }
    },
  });
  try {
    const { page } = panel;
    await page.waitForSelector('.layers [role="option"]');
    await page.waitForSelector('.tree-message:not([hidden])');
    // From the message arriving to rows on screen: parse, validate, build the model, first paint.
    const firstRows = await page.evaluate(async (text) => {
      const data: unknown = JSON.parse(text);
      const t0 = performance.now();
      window.postMessage(data, '*');
      // (No named inner functions here: tsx's keepNames helper does not exist in the page.)
      while (!document.querySelector('.tree-row:not([hidden])')) await new Promise((resolve) => requestAnimationFrame(resolve));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return performance.now() - t0;
    }, json);
    console.log(`  message to first rows on screen:     ${ms(firstRows)}`);

    const status = (): Promise<string> => page.evaluate(() => document.querySelector('.tree-status')?.textContent ?? '');
    const timed = async (action: () => Promise<unknown>, until: () => Promise<boolean>): Promise<number> => {
      const t0 = performance.now();
      await action();
      while (!(await until())) await new Promise((resolve) => setTimeout(resolve, 2));
      return performance.now() - t0;
    };

    // Every directory open: "changes only" opens all kept directories, and every entry changed.
    const expandAll = await timed(
      () => page.click('vscode-checkbox'),
      async () => (await status()).startsWith(`${tree.names.length.toLocaleString('en-US')} of`),
    );
    console.log(`  "changes only" (all ${tree.names.length.toLocaleString('en-US')} rows open): ${ms(expandAll)} (incl. Playwright round trips)`);

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async (): Promise<Record<string, number>> =>
      Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }).metrics.map((m) => [m.name, m.value]));
    const steps = 400;
    const before = await metrics();
    const stepTimes = await page.evaluate(async (count) => {
      const treeElement = document.querySelector('.tree') as HTMLElement;
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        // Alternate long jumps (scrollbar drags) with wheel-sized steps.
        treeElement.scrollTop = i % 2 ? ((i * 7919 * 22) % treeElement.scrollHeight) : treeElement.scrollTop + 120;
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        times.push(performance.now() - t0);
      }
      return times;
    }, steps);
    const after = await metrics();
    const perStep = (name: string): number => ((after[name] - before[name]) * 1000) / steps;
    const rendered = await page.evaluate(() => document.querySelectorAll('.tree-row:not([hidden])').length);
    console.log(`  scroll, ${steps} steps (${rendered} rows in the DOM):`);
    console.log(`    main-thread work per step:         ${ms(perStep('TaskDuration'))} (script ${ms(perStep('ScriptDuration'))}, layout ${ms(perStep('LayoutDuration'))}, style ${ms(perStep('RecalcStyleDuration'))})`);
    console.log(`    step to next painted frame:        median ${ms(percentile(stepTimes, 0.5))}, p95 ${ms(percentile(stepTimes, 0.95))}, max ${ms(Math.max(...stepTimes))}`);

    await page.focus('.tree');
    const endKey = await page.evaluate(async () => {
      const t0 = performance.now();
      document.querySelector('.tree')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return performance.now() - t0;
    });
    const arrows = await page.evaluate(async () => {
      const t0 = performance.now();
      for (let i = 0; i < 100; i++) {
        document.querySelector('.tree')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      }
      return (performance.now() - t0) / 100;
    });
    console.log(`  End key (to row ${tree.names.length.toLocaleString('en-US')}):             ${ms(endKey)}; ArrowUp: ${ms(arrows)} a key, frame included`);

    const filterMs = await page.evaluate(async () => {
      const box = document.querySelector('vscode-textfield') as HTMLElement & { value: string };
      box.value = 'file19999';
      const statusLine = document.querySelector('.tree-status') as HTMLElement;
      const previous = statusLine.textContent;
      const t0 = performance.now();
      box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      while (statusLine.textContent === previous) await new Promise((resolve) => setTimeout(resolve, 0));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return performance.now() - t0;
    });
    console.log(`  filter "file19999" over 200k names:  ${ms(filterMs)} -> ${await status()}`);
    await page.evaluate(() => {
      const box = document.querySelector('vscode-textfield') as HTMLElement & { value: string };
      box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    const sortMs = await page.evaluate(async () => {
      const select = document.querySelector('vscode-single-select') as HTMLElement & { value: string };
      const t0 = performance.now();
      select.value = 'size';
      select.dispatchEvent(new Event('change'));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return performance.now() - t0;
    });
    console.log(`  sort by size (all rows open):        ${ms(sortMs)}`);
    const heap = (await metrics()).JSHeapUsedSize;
    console.log(`  page JS heap after all of it:        ${(heap / 1e6).toFixed(0)} MB`);
  } finally {
    await panel.close();
  }
}

/** The whole path for a real image: engine analysis, one layer's tree, encoding, first rows in the page. */
async function realImage(image: string): Promise<void> {
  const { connectDocker } = await import('../../src/docker/connection');
  const { analyzeImage } = await import('../../src/image');
  const { docker } = await connectDocker();
  let started = performance.now();
  const analyzed = await analyzeImage({ kind: 'engine', docker, image });
  const analysisMs = performance.now() - started;
  const layer = analyzed.analysis.layers.reduce((best, next) => (next.files > best.files ? next : best));
  started = performance.now();
  const files = analyzed.files.files(layer.index, 'layer');
  const filesMs = performance.now() - started;
  started = performance.now();
  const tree = encodeFileTree(files);
  const encodeMs = performance.now() - started;
  console.log(`\nreal image ${image}: ${analyzed.analysis.layers.length} layers, ${(analyzed.analysis.sizeBytes / 1e6).toFixed(0)} MB`);
  console.log(`  engine analysis (read + analyse):    ${ms(analysisMs)}`);
  console.log(`  layer ${layer.index + 1} tree from the engine:      ${ms(filesMs)} (${files.length.toLocaleString('en-US')} entries)`);
  console.log(`  encode for the page:                 ${ms(encodeMs)}`);
  const panel = await openWebviewPage('analyze', {
    theme: dark,
    onMessage: async (received, page) => {
      const message = received as { type?: string; layerIndex?: number };
      if (message.type === 'ready') {
        await page.post({ type: 'analyze/summary', summary: { analysis: { ...analyzed.analysis, wasted: analyzed.analysis.wasted.slice(0, 100) }, sourceLabel: image, wastedEntryCount: analyzed.analysis.wasted.length } });
      } else if (message.type === 'analyze/requestTree' && message.layerIndex !== undefined) {
        const answer = message.layerIndex === layer.index ? tree : encodeFileTree(analyzed.files.files(message.layerIndex, 'layer'));
        await page.post({ type: 'analyze/tree', layerIndex: message.layerIndex, scope: 'layer', tree: answer });
      }
    },
  });
  try {
    await panel.page.waitForSelector('.tree-row:not([hidden])', { timeout: 120_000 });
    const count = tree.names.length.toLocaleString('en-US');
    started = performance.now();
    await panel.page.click(`#layer-${layer.index} .layer-command`);
    await panel.page.waitForFunction((text) => document.querySelector('.tree-status')?.textContent?.includes(`of ${text} entries`), count, { timeout: 120_000 });
    console.log(`  click on the layer to its rows:      ${ms(performance.now() - started)} (page request, encoded tree sent by Playwright, page model, first paint)`);
  } finally {
    await panel.close();
  }
}

main()
  .then(() => (process.env.STEVEDORE_PANEL_BENCH_IMAGE ? realImage(process.env.STEVEDORE_PANEL_BENCH_IMAGE) : undefined))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
