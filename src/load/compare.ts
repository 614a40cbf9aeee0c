// Two runs of the same service compared, in the words the result card and `--compare` print.
import type { LoadResult } from './types';

const ms = (value: number): string => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const percent = (value: number): string => `${value < 10 ? value.toFixed(1) : Math.round(value)}%`;

/** Short lines: "p95 41 ms → 28 ms", "CPU peak 92% → 61%" (the previous run first). */
export function compareResults(previous: LoadResult, current: LoadResult): string[] {
  const lines = [
    `p50 ${ms(previous.latencyMs.p50)} → ${ms(current.latencyMs.p50)}`,
    `p95 ${ms(previous.latencyMs.p95)} → ${ms(current.latencyMs.p95)}`,
    `p99 ${ms(previous.latencyMs.p99)} → ${ms(current.latencyMs.p99)}`,
    `${previous.requestsPerSecond.toFixed(1)} → ${current.requestsPerSecond.toFixed(1)} req/s`,
    `errors ${percent(previous.errors.rate * 100)} → ${percent(current.errors.rate * 100)}`,
  ];
  if (previous.saturation && current.saturation) {
    lines.push(`CPU peak ${percent(previous.saturation.cpuPercentPeak)} → ${percent(current.saturation.cpuPercentPeak)}`);
  }
  return lines;
}

/** A result read back from `--format json` (or an editor export); throws on anything else. */
export function parseResultJson(text: string): LoadResult {
  const value = JSON.parse(text) as Partial<LoadResult> | null;
  if (!value || typeof value !== 'object' || typeof value.requests !== 'number' || !value.latencyMs || !value.errors) {
    throw new Error('not a Stevedore load test result (stevedore load --format json)');
  }
  return value as LoadResult;
}
