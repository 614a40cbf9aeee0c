// The built Container stats page (dist/webview/stats.js) in headless Chromium, fed rows recorded
// from the real engine (stats-fixture.json): names stay text, the keyboard works, Restricted mode
// disables what runs things, and malformed messages change nothing.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { HistoryPoint, ViewProject } from '../../../src/shared/protocol/stats';
import { CHROMIUM, chromiumAvailable, launchChromium, light, openWebviewPage, type WebviewPage as StatsPage } from '../../support/webviewPage';

interface Fixture {
  at: number;
  projects: ViewProject[];
  series: Record<string, HistoryPoint[]>;
}

const fixture = JSON.parse(readFileSync(join(__dirname, 'stats-fixture.json'), 'utf8')) as Fixture;
const thresholds = { cpu: { warning: 70, critical: 85 }, memory: { warning: 80, critical: 90 } };
const HOSTILE = '<img src=x onerror=alert(1)>';

async function show(view: StatsPage, projects: ViewProject[], trusted = true): Promise<void> {
  await view.send({ type: 'stats/config', trusted, thresholds, historySeconds: 600 });
  await view.send({ type: 'stats/connection', status: 'connected', message: '' });
  await view.send({ type: 'stats/history', series: fixture.series });
  await view.send({ type: 'stats/projects', at: fixture.at, projects });
  await view.page.waitForSelector('.service-row');
}

const actionsPosted = async (view: StatsPage): Promise<Array<{ action: string; service: string }>> =>
  ((await view.posted()) as Array<{ type: string; action: string; service: string }>).filter((m) => m.type === 'stats/action');

describe('stats view page in Chromium (built bundle, recorded engine rows)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let view: StatsPage;

  before(async function () {
    if (!chromiumAvailable('stats')) {
      console.log(`    skipped: needs ${CHROMIUM} and a build (npm run build)`);
      this.skip();
    }
    browser = await launchChromium();
  });
  after(async () => browser?.close());
  afterEach(async () => view?.close());

  it('shows a service and container named like HTML as text, creating no element and running nothing', async () => {
    view = await openWebviewPage('stats', { browser });
    let dialog = false;
    view.page.on('dialog', (d) => {
      dialog = true;
      void d.dismiss();
    });
    const hostile: ViewProject[] = structuredClone(fixture.projects);
    const worker = hostile[0].services.find((s) => s.containers.length > 1)!;
    worker.service = HOSTILE;
    worker.containers[0].name = `${HOSTILE}_1`;
    worker.hint = HOSTILE;
    hostile[0].project = `<b>${HOSTILE}</b>`;
    await show(view, hostile);
    await view.page.click(`.service-row:has-text("${HOSTILE}") button[aria-controls]`);
    const found = await view.page.evaluate(() => ({
      images: document.querySelectorAll('img, b').length,
      text: document.body.textContent ?? '',
    }));
    assert.equal(found.images, 0, 'no <img> or <b> element was created');
    assert.ok(found.text.includes(HOSTILE), 'the name is shown literally');
    assert.ok(found.text.includes(`<b>${HOSTILE}</b>`), 'the project name is shown literally');
    assert.equal(dialog, false);
  });

  it('scales each CPU sparkline to its own recent peak (5 % at least) and memory to the declared limit', async () => {
    view = await openWebviewPage('stats', { browser, theme: light });
    await show(view, fixture.projects);
    // Per service: the top the canvas was drawn against, and the highest and lowest rows its line reaches.
    const drawn = await view.page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('.service-row')].map((row) => {
      const sparks = [...row.querySelectorAll<HTMLCanvasElement>('canvas.spark')].map((canvas) => {
        const { width, height } = canvas;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
        let highest = height;
        let lowest = -1;
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            if (pixels[(y * width + x) * 4 + 3] > 150) {
              highest = Math.min(highest, y);
              lowest = Math.max(lowest, y);
            }
          }
        }
        return { top: Number(canvas.dataset.top), highest, lowest, height };
      });
      return [row.dataset.key ?? '', sparks];
    })));
    const project = fixture.projects[0];
    for (const service of project.services) {
      const key = `${service.project}/${service.service}`;
      const points = fixture.series[key] ?? [];
      if (points.length === 0) continue;
      const [cpu, memory] = drawn[key];
      const window = points.slice(-29).map((point) => point[1]);
      const peak = Math.max(...window, service.total?.cpuPercent ?? 0);
      assert.ok(cpu.top >= 5 && cpu.top < 100, `${key}: CPU top ${cpu.top}`);
      assert.ok(Math.abs(cpu.top - Math.max(peak * 1.2, 5)) < 0.05, `${key}: CPU top ${cpu.top}, recent peak ${peak}`);
      if (peak >= 5) assert.ok(cpu.highest <= 4, `${key}: at ${peak.toFixed(1)} % the line reaches the upper part, not a flat line (row ${cpu.highest})`);
      if (peak < 0.01) assert.ok(cpu.highest >= cpu.height - 3, `${key}: idle is a baseline at the bottom (row ${cpu.highest})`);
      assert.equal(memory.top, service.total?.memoryLimitBytes, `${key}: memory against the declared limit`);
    }
    const worker = drawn[`${project.project}/worker`][0];
    assert.ok(worker.lowest - worker.highest >= 6, `2-11 % CPU is a visible wave (${worker.highest}..${worker.lowest})`);
    // Set apart from the number beside it, so an idle line does not read as an underline.
    const gap = await view.page.evaluate(() => {
      const canvas = document.querySelector<HTMLElement>('.service-row canvas.spark')!;
      const value = canvas.parentElement!.querySelector<HTMLElement>('.value')!;
      return canvas.getBoundingClientRect().left - value.getBoundingClientRect().right;
    });
    assert.ok(gap >= 6, `gap between number and sparkline: ${gap}px`);
  });

  it('moves between services with the arrow keys, opens the chart with Enter and reaches the actions with Tab', async () => {
    view = await openWebviewPage('stats', { browser });
    await show(view, fixture.projects);
    const rows = await view.page.$$('.service-row');
    assert.ok(rows.length >= 3);
    await view.page.focus('.service-row[tabindex="0"]');
    const focusedKey = () => view.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.key);
    const first = await focusedKey();
    await view.page.keyboard.press('ArrowDown');
    const second = await focusedKey();
    assert.notEqual(second, first, 'ArrowDown moved to the next service');
    assert.equal(await view.page.$$eval('.service-row[tabindex="0"]', (r) => r.length), 1, 'one row is in the Tab order');
    await view.page.keyboard.press('Enter');
    const expanded = await view.page.$eval(`.service-row[data-key="${second}"] button[aria-controls]`, (b) => b.getAttribute('aria-expanded'));
    assert.equal(expanded, 'true');
    await view.page.waitForSelector('.detail-row:not([hidden]) canvas');
    await view.page.keyboard.press('Tab');
    const label = await view.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
    assert.ok(label && label.length > 0, 'Tab reaches a labelled action button of the row');
    await view.page.keyboard.press('ArrowUp').catch(() => undefined);
  });

  it('offers table semantics with column headers and announces status changes, not numbers', async () => {
    view = await openWebviewPage('stats', { browser });
    await show(view, fixture.projects);
    const headers = await view.page.$$eval('[role="table"] [role="columnheader"]', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(headers.slice(0, 3), ['Service', 'CPU', 'Memory']);
    const live = () => view.page.$eval('[aria-live]', (e) => e.textContent);
    const before = await live();
    const busier: ViewProject[] = structuredClone(fixture.projects);
    const running = busier[0].services.find((s) => s.total)!;
    running.total!.cpuPercent += 3;
    await view.send({ type: 'stats/projects', at: fixture.at + 1, projects: busier });
    assert.equal(await live(), before, 'a new CPU figure is not announced');
    running.status = 'stopped';
    running.containers = running.containers.map((c) => ({ containerId: c.containerId, name: c.name, state: 'exited' }));
    delete running.total;
    await view.send({ type: 'stats/projects', at: fixture.at + 2, projects: busier });
    assert.equal(await live(), `${running.service}: stopped`);
  });

  it('in Restricted mode disables start, stop and restart and sends no such action, while logs still work', async () => {
    view = await openWebviewPage('stats', { browser });
    await show(view, fixture.projects, false);
    assert.equal(await view.page.isVisible('.notice'), true, 'the Restricted mode notice is shown');
    const disabled = await view.page.$$eval('.service-row [data-action="stop"], .service-row [data-action="restart"]', (b) => b.every((x) => x.hasAttribute('disabled')));
    assert.equal(disabled, true);
    await view.page.focus('.service-row[tabindex="0"]');
    for (const key of ['x', 'r', 's']) await view.page.keyboard.press(key);
    await view.page.keyboard.press('l');
    const sent = await actionsPosted(view);
    assert.deepEqual(sent.map((m) => m.action), ['logs']);

    await view.send({ type: 'stats/config', trusted: true, thresholds, historySeconds: 600 });
    await view.page.keyboard.press('x');
    assert.deepEqual((await actionsPosted(view)).map((m) => m.action), ['logs', 'stop']);
  });

  it('ignores malformed or oversized messages from the extension', async () => {
    view = await openWebviewPage('stats', { browser, theme: light });
    await show(view, fixture.projects);
    const text = () => view.page.$eval('.projects', (e) => e.textContent);
    const shown = await text();
    const broken: ViewProject[] = structuredClone(fixture.projects);
    broken[0].services[0].total = { ...broken[0].services[0].total!, cpuPercent: Number.NaN };
    await view.send({ type: 'stats/projects', at: fixture.at + 1, projects: broken });
    await view.send({ type: 'stats/projects', at: fixture.at + 1, projects: 'everything' });
    await view.send({ type: 'stats/history', series: { x: Array(5000).fill([1, 1, 1]) } });
    await view.send({ type: 'stats/unknown' });
    assert.equal(await text(), shown);
  });

  it('says when the engine is down, and offers to pick a compose file when there is none', async () => {
    view = await openWebviewPage('stats', { browser });
    const message = 'Docker engine not reachable at unix:///var/run/docker.sock (the default): connection refused.';
    await view.send({ type: 'stats/connection', status: 'engine-down', message });
    assert.ok((await view.page.textContent('.banner'))?.includes(message));
    await view.page.click('.banner vscode-button');
    await view.send({ type: 'stats/connection', status: 'no-compose', message: 'No compose file found.' });
    await view.page.click('.banner vscode-button');
    const types = ((await view.posted()) as Array<{ type: string }>).map((m) => m.type);
    assert.ok(types.includes('stats/retry') && types.includes('stats/pickComposeFile'));
  });
});
