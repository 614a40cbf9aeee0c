// rate() windows and range steps from the scrape interval: a window shorter than about four scrape
// intervals leaves gaps (rate() needs two samples inside it), so dashboards use
// max(4 × scrape interval, step + scrape interval); the same here.
import type { HistoryRange } from './types';

export const HISTORY_RANGES: readonly HistoryRange[] = ['15m', '1h', '6h', '24h'];

export const RANGE_SECONDS: Record<HistoryRange, number> = { '15m': 900, '1h': 3600, '6h': 21_600, '24h': 86_400 };

/** Points a chart gets at most per range (the step follows). */
const POINTS = 300;

/** The rate() window for current values (step 0) or for a range query's step, in whole seconds. */
export function rateWindowSeconds(scrapeIntervalSeconds: number, stepSeconds = 0): number {
  const interval = Math.max(1, scrapeIntervalSeconds);
  return Math.ceil(Math.max(4 * interval, stepSeconds + interval));
}

/** The query_range step for a range: about 300 points, never finer than the scrape interval. */
export function rangeStepSeconds(range: HistoryRange, scrapeIntervalSeconds: number): number {
  return Math.ceil(Math.max(scrapeIntervalSeconds, RANGE_SECONDS[range] / POINTS));
}
