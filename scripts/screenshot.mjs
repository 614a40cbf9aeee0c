// A screenshot of Stevedore in a real VS Code (code-server + headless Chromium), for the README:
// the demo Dockerfile with its diagnostics, the Problems panel, and the Container stats view; or,
// with `analyze`, the Analyze image panel on the demo's wasteful image, opened through the command
// palette and the quick pick as a user would.
// With `logs`, the log view of the demo compose project (opened from the command palette) beside
// the Container stats view.
// With `layerfile`, the Analyze panel as with `analyze`, then /app/VERSION of the last layer opened
// from the tree (Enter) in VS Code's diff editor against the layer before.
// With `load`, a load test of the demo's web service (the palette's "Load test a service…", the
// form filled in the panel), run twice so the result card compares the second run with the first.
// With `compose`, the demo compose file with its findings, each service's live CodeLens and the hover
// with its last minute, beside the Container stats view and the Problems panel.
// With `prometheus`, the Container stats view in Prometheus mode: a real Prometheus (a day backfilled
// with promtool) scraping `stevedore exporter` on this engine (host-a) and a cAdvisor-style host-b with
// a third worker, the range picker on 24 h and the worker's chart open.
// Usage: node scripts/screenshot.mjs [out.png] [light|hc] [analyze|logs|layerfile|load|compose|prometheus]
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath, freePort, root, startCodeServer } from './code-server.mjs';
import { DEMO_IMAGE, DEMO_PROJECT, demoUp, WASTEFUL_IMAGE } from './demo.mjs';

const out = process.argv.slice(2).find((a) => a.endsWith('.png')) ?? join(root, 'media', 'screenshots', 'vscode.png');
const theme = process.argv.includes('hc') ? 'Default High Contrast' : process.argv.includes('light') ? 'Default Light Modern' : 'Default Dark Modern';
// The Extension Development Host window does not read the user settings' theme, so it is also
// chosen through the theme picker, by its label.
const themeLabel = { 'Default High Contrast': 'Dark High Contrast', 'Default Light Modern': 'Light Modern', 'Default Dark Modern': 'Dark Modern' }[theme];
const layerFile = process.argv.includes('layerfile');
const analyze = process.argv.includes('analyze') || layerFile;
const logs = process.argv.includes('logs');
const loadTest = process.argv.includes('load');
const composeFile = process.argv.includes('compose');
const prometheusMode = process.argv.includes('prometheus');
console.log(demoUp());
// The two-host stack of the extension test (TypeScript, loaded through tsx); stopped in `finally`.
let prometheusStack;
if (prometheusMode) {
  const { register } = await import('tsx/cjs/api');
  register();
  const { startTwoHostStack } = createRequire(import.meta.url)('../test/support/prometheusTwoHosts.ts');
  prometheusStack = await startTwoHostStack({ project: DEMO_PROJECT, image: DEMO_IMAGE, node: process.execPath, cli: join(root, 'dist', 'cli.js') });
  console.log(`Prometheus at ${prometheusStack.url} scraping host-a (exporter) and host-b`);
}
const { chromium } = await import('playwright-core');
const scratch = mkdtempSync(join(tmpdir(), 'stevedore-shot-'));
const dataDir = join(scratch, 'cs');
mkdirSync(join(dataDir, 'user', 'User'), { recursive: true });
writeFileSync(join(dataDir, 'user', 'User', 'settings.json'), JSON.stringify({
  'workbench.colorTheme': theme,
  'workbench.startupEditor': 'none',
  'window.commandCenter': false,
  'workbench.tips.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.openRepositoryInParentFolders': 'never',
  'git.enabled': false,
  // The URL is a restricted setting: with no trust prompt it applies, as in a trusted workspace.
  ...(prometheusStack ? {
    'stevedore.stats.source': 'prometheus', 'stevedore.prometheus.url': prometheusStack.url, 'security.workspace.trust.enabled': false,
  } : {}),
}));
const port = await freePort();
const server = await startCodeServer({ port, workspace: join(root, 'demo'), dataDir });
const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root}`], ['skipWelcome', 'true']];
const url = `${server.url}/?folder=${encodeURIComponent(join(root, 'demo'))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
const context = await chromium.launchPersistentContext(join(scratch, 'browser'), {
  executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, viewport: { width: 1600, height: 1000 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  await page.waitForTimeout(4000);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  await page.waitForTimeout(1500);
  await page.keyboard.type(themeLabel);
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1500);
  // Quick open the demo Dockerfile (the wasteful image's, for the Analyze panel's line links).
  await page.keyboard.press('Control+P');
  await page.waitForTimeout(800);
  await page.keyboard.type(analyze ? 'wasteful/Dockerfile' : composeFile ? 'compose.yaml' : 'Dockerfile');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(2500);
  if (analyze) {
    // Command palette, then the image in the quick pick; the side bar hidden to give the panel room.
    await page.keyboard.press('Control+Shift+P');
    await page.waitForTimeout(800);
    await page.keyboard.type('Stevedore: Analyze image');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(2500);
    await page.keyboard.type(WASTEFUL_IMAGE.replace(/:latest$/, ''));
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(Number(process.env.STEVEDORE_SHOT_WAIT_MS ?? 8000));
    await page.keyboard.press('Control+B');
    if (layerFile) await openLayerFile(page);
  } else if (loadTest) {
    await page.click('.activitybar [aria-label^="Stevedore"]').catch(() => console.log('Stevedore activity bar item not found'));
    await page.waitForTimeout(4000);
    await page.keyboard.press('Control+Shift+P');
    await page.waitForTimeout(800);
    await page.keyboard.type('Stevedore: Load test a service');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(2500);
    await page.keyboard.type('web');
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
    await runLoadForm(page, async (frame) => {
      await frame.getByLabel('Requests', { exact: true }).fill('400');
      await frame.getByLabel('Connections').fill('2');
    });
    await (await findFrame(page, '.card:not([hidden])')).getByRole('button', { name: 'Run again…' }).click();
    await runLoadForm(page, async (frame) => {
      await frame.getByLabel('a duration').check();
      await frame.getByLabel('Duration (seconds)').fill('12');
      await frame.getByLabel('Connections').fill('8');
    });
    await page.keyboard.press('Control+B');
  } else if (composeFile) {
    // On a loaded machine the quick open above can be typed before it opens: try again until the tab shows.
    for (let attempt = 0; attempt < 3 && !(await page.locator('.tab[aria-label^="compose.yaml"]').count()); attempt++) {
      // Focus out of the stats webview first: key presses inside its frame do not reach quick open.
      await page.click('.part.editor', { position: { x: 20, y: 20 } }).catch(() => undefined);
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 }).catch(() => undefined);
      await page.keyboard.type('compose.yaml');
      await page.waitForTimeout(2000);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(3000);
    }
    // Container stats feeds the lenses; the Problems panel lists the findings; the hover on worker: shows its last minute.
    await page.click('.activitybar [aria-label^="Stevedore"]').catch(() => console.log('Stevedore activity bar item not found'));
    await page.waitForTimeout(1500);
    await page.keyboard.press('Control+Shift+M');
    await page.waitForTimeout(Number(process.env.STEVEDORE_SHOT_WAIT_MS ?? 40000));
    await page.keyboard.press('Control+1');
    await page.waitForTimeout(500);
    await page.keyboard.press('Control+G');
    await page.waitForTimeout(500);
    await page.keyboard.type(process.env.STEVEDORE_SHOT_LINE ?? '13');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await page.waitForTimeout(2500);
  } else if (prometheusMode) {
    // The stats view, the side bar widened, the range picker on 24 h and the worker's chart open,
    // beside the compose file it reads.
    await ensureTheme(page);
    await page.keyboard.press('Control+W');
    await page.keyboard.press('Control+P');
    await page.waitForTimeout(800);
    await page.keyboard.type('compose.yaml');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1500);
    await page.click('.activitybar [aria-label^="Stevedore"]').catch(() => console.log('Stevedore activity bar item not found'));
    await page.waitForTimeout(1500);
    // The side bar's right edge is a sash: dragged to the right, the view gets room for the chart.
    const box = await page.locator('.part.sidebar').boundingBox().catch(() => null);
    if (box) {
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width + 1, y);
      await page.mouse.down();
      await page.mouse.move(Number(process.env.STEVEDORE_SHOT_SIDEBAR ?? 960), y, { steps: 12 });
      await page.mouse.up();
      await page.waitForTimeout(500);
    }
    try {
      const frame = await findFrame(page, '.source-bar:not([hidden]) .hosts li');
      await frame.getByLabel('Last 24 h', { exact: true }).click();
      await page.waitForTimeout(4000);
      await frame.getByRole('button', { name: 'Chart of worker', exact: true }).click();
      await page.waitForTimeout(Number(process.env.STEVEDORE_SHOT_WAIT_MS ?? 6000));
    } catch (error) {
      // The picture then shows what the view says instead (a banner), which is what needs fixing.
      console.log(`The Prometheus view did not come up: ${error.message}`);
    }
  } else if (logs) {
    await page.click('.activitybar [aria-label^="Stevedore"]').catch(() => console.log('Stevedore activity bar item not found'));
    await page.waitForTimeout(1500);
    await page.keyboard.press('Control+Shift+P');
    await page.waitForTimeout(800);
    await page.keyboard.type('Stevedore: Show logs');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(Number(process.env.STEVEDORE_SHOT_WAIT_MS ?? 8000));
  } else {
    // The Stevedore activity-bar container with the Container stats view, and the Problems panel.
    await page.click('.activitybar [aria-label^="Stevedore"]').catch(() => console.log('Stevedore activity bar item not found'));
    await page.waitForTimeout(1500);
    await page.keyboard.press('Control+Shift+M');
    await page.waitForTimeout(Number(process.env.STEVEDORE_SHOT_WAIT_MS ?? 8000));
  }
  await page.waitForTimeout(1000);
  const themeKind = await page.evaluate(() => ['vs-dark', 'hc-black', 'hc-light', 'vs'].find((kind) => document.querySelector('.monaco-workbench')?.classList.contains(kind)));
  console.log(`theme: ${theme} (${themeKind})`);
  mkdirSync(join(out, '..'), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await context.close().catch(() => {});
  server.stop();
  await prometheusStack?.stop();
  rmSync(scratch, { recursive: true, force: true });
}

/** In the Analyze page's frame: the last layer, then /app/VERSION in its tree, opened with Enter. */
async function openLayerFile(page) {
  const frame = await findFrame(page, '[role="tree"]');
  await frame.locator('.layers [role="option"]').last().click();
  await page.waitForTimeout(1500);
  const app = frame.locator('[role="treeitem"][aria-label^="app,"]').first();
  await app.click();
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(800);
  await frame.locator('[role="treeitem"][aria-label^="VERSION,"]').first().click();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(Number(process.env.STEVEDORE_SHOT_WAIT_MS ?? 5000));
}

/** In the load test page's frame: fill the form, start, and wait for the result card. */
async function runLoadForm(page, fill) {
  const frame = await findFrame(page, 'form.form:not([hidden])');
  await fill(frame);
  await frame.getByRole('button', { name: 'Start load test' }).click();
  await frame.locator('.card:not([hidden])').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
}

/** On a loaded machine the theme picker can open too late and miss its label: pick it again until it took. */
async function ensureTheme(page) {
  const wanted = theme === 'Default High Contrast' ? 'hc-black' : theme === 'Default Light Modern' ? 'vs' : 'vs-dark';
  for (let attempt = 0; attempt < 3; attempt++) {
    const kind = await page.evaluate(() => ['vs-dark', 'hc-black', 'hc-light', 'vs'].find((k) => document.querySelector('.monaco-workbench')?.classList.contains(k)));
    if (kind === wanted) return;
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    await page.waitForTimeout(2500);
    await page.keyboard.type(themeLabel);
    await page.waitForTimeout(1500);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(2500);
  }
}

async function findFrame(page, selector) {
  for (let attempt = 0; attempt < 30; attempt++) {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    await page.waitForTimeout(1000);
  }
  throw new Error(`no frame shows ${selector}`);
}
