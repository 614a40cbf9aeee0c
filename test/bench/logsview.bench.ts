// What filtering the log view costs at 100k lines: the extension's pass (LogViewModel.setFilter over
// the log engine's filters) plus the page showing the result (the status and the visible window
// handled by the built page in Chromium, timed there up to forced layout), median of 7 runs per filter; beside
// it `grep` over the same lines as a file (what `docker logs app | grep` costs, without docker logs).
// Usage: npm run bench -- logsview
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogLine } from '../../src/logs';
import { EMPTY_FILTER, type ViewLogFilter } from '../../src/shared/protocol/logs';
import { LogViewModel } from '../../src/vscode/logs/model';
import { chromiumAvailable, openWebviewPage } from '../support/webviewPage';

const COUNT = 100_000;
const RUNS = 7;
const SERVICES = ['web', 'worker', 'cache', 'db'];

const lines: LogLine[] = [];
for (let i = 0; i < COUNT; i++) {
  const level = i % 50 === 0 ? 'error' : i % 7 === 0 ? 'warn' : 'info';
  const service = SERVICES[i % 4];
  lines.push({
    seq: i, time: 1_795_000_000_000 + i, timeText: new Date(1_795_000_000_000 + i).toISOString(), service,
    container: `shop-${service}-1`, containerId: 'c'.repeat(64), replica: 1, stream: 'stdout', level, levelSource: 'line',
    message: `level=${level} msg="request ${i}" method=GET path=/api/items/${i % 977} duration=${i % 300}ms user=${i % 13}`,
  });
}

const FILTERS: Array<[string, ViewLogFilter, string[]]> = [
  ['text "items/42"', { ...EMPTY_FILTER, text: 'items/42' }, ['-i', '-F', 'items/42']],
  ['regex "duration=2\\d\\dms"', { ...EMPTY_FILTER, text: 'duration=2\\d\\dms', regex: true }, ['-E', 'duration=2[0-9][0-9]ms']],
  ['level error', { ...EMPTY_FILTER, levels: ['error'] }, ['-F', 'level=error']],
  ['LogQL |= "GET" != "user=3" + service web', { ...EMPTY_FILTER, query: '|= "GET" != "user=3"', services: ['web'] }, ['-F', 'GET']],
];

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const model = new LogViewModel();
  model.ingest({ lines, firstSeq: 0 });
  const folder = mkdtempSync(join(tmpdir(), 'stevedore-logs-bench-'));
  const file = join(folder, 'lines.log');
  writeFileSync(file, model.text());
  const page = chromiumAvailable('logs') ? await openWebviewPage('logs') : undefined;
  if (!page) console.log('(no Chromium or no build: page times left out)');
  await page?.send({ type: 'logs/config', project: 'shop', trusted: true, services: SERVICES.map((name, colour) => ({ name, colour })) });
  console.log(`${COUNT.toLocaleString('en-US')} lines; median of ${RUNS} runs (ms)`);
  console.log('filter'.padEnd(44), 'host pass', ' + page', ' = total', '   grep');
  for (const [name, filter, grepArgs] of FILTERS) {
    const host: number[] = [];
    const total: number[] = [];
    const grep: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      model.setFilter(EMPTY_FILTER);
      const started = performance.now();
      model.setFilter(filter);
      host.push(performance.now() - started);
      let pageMs = 0;
      if (page) {
        // Timed inside the page: both messages handled, then style and layout forced (what the next frame paints).
        const start = Math.max(0, model.total - 100);
        const messages = [
          { type: 'logs/status', ...model.status('') },
          { type: 'logs/rows', generation: model.generation, start, total: model.total, rows: model.window(start, 100) },
        ];
        pageMs = await page.page.evaluate((sent) => {
          const t = performance.now();
          for (const data of sent) window.dispatchEvent(new MessageEvent('message', { data }));
          void (document.querySelector('.viewport') as HTMLElement).scrollHeight;
          for (const row of document.querySelectorAll<HTMLElement>('.row')) void row.offsetWidth;
          return performance.now() - t;
        }, messages);
      }
      total.push(host[host.length - 1] + pageMs);
      const grepStarted = performance.now();
      spawnSync('grep', ['-c', ...grepArgs, file]);
      grep.push(performance.now() - grepStarted);
    }
    const h = median(host);
    const t = median(total);
    console.log(name.padEnd(44), h.toFixed(1).padStart(9), (t - h).toFixed(1).padStart(7), t.toFixed(1).padStart(8), median(grep).toFixed(1).padStart(7),
      `  (${model.total.toLocaleString('en-US')} rows)`);
  }
  await page?.close();
  rmSync(folder, { recursive: true, force: true });
}

void main();
