// History for a real Prometheus before it starts: series written as OpenMetrics text and turned into
// TSDB blocks by Prometheus' own `promtool tsdb create-blocks-from openmetrics`, into the data folder
// the server then opens. Tests and screenshots get a day of data without waiting a day.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BackfillSeries {
  metric: string;
  labels: Record<string, string>;
  /** The value at unix second `t` (a counter must not go down). */
  value(t: number): number;
}

export interface BackfillOptions {
  /** Unix seconds, inclusive. */
  from: number;
  to: number;
  stepSeconds: number;
}

const escape = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** OpenMetrics text: each metric's lines together (the parser refuses interleaved families), oldest first. */
export function openMetricsText(series: BackfillSeries[], options: BackfillOptions): string {
  const lines: string[] = [];
  const metrics = [...new Set(series.map((s) => s.metric))];
  for (const metric of metrics) {
    // Untyped: the name keeps its _total and the stored samples are the same as a scrape's.
    lines.push(`# TYPE ${metric} unknown`);
    for (const one of series.filter((s) => s.metric === metric)) {
      const labels = Object.entries(one.labels).map(([k, v]) => `${k}="${escape(v)}"`).join(',');
      for (let t = options.from; t <= options.to; t += options.stepSeconds) {
        lines.push(`${metric}{${labels}} ${one.value(t)} ${t}`);
      }
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** Writes the series into `dataDir` as TSDB blocks (promtool from Debian's prometheus package). */
export async function backfillPrometheus(dataDir: string, series: BackfillSeries[], options: BackfillOptions): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'stevedore-test-backfill-'));
  try {
    const file = join(scratch, 'history.om');
    writeFileSync(file, openMetricsText(series, options));
    // Blocks of at most 2 h (the default) would be fine too; 24 h blocks keep the folder small.
    await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', file, dataDir], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
