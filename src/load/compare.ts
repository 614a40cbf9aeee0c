// Two runs side by side in a few words, the same for `stevedore load --compare` and the editor's
// result card: "p95 41 ms → 28 ms", "CPU peak 92% → 61%".
import type { LoadResult } from './types';

const ms = (value: number): string => (value >= 100 ? `${Math.round(value)} ms` : `${Number(value.toFixed(value >= 10 ? 1 : 2))} ms`);
const percent = (value: number): string => `${Number(value.toFixed(value >= 10 ? 0 : 1))}%`;
const count = (value: number): string => Math.round(value).toLocaleString('en-US');
const mib = (bytes: number): string => `${Number((bytes / 1048576).toFixed(1))} MiB`;

/** Short lines, previous → current: latency, traffic, errors, saturation when both runs have it. */
export function compareResults(previous: LoadResult, current: LoadResult): string[] {
  const lines = [
    `p50 ${ms(previous.latencyMs.p50)} → ${ms(current.latencyMs.p50)}`,
    `p95 ${ms(previous.latencyMs.p95)} → ${ms(current.latencyMs.p95)}`,
    `p99 ${ms(previous.latencyMs.p99)} → ${ms(current.latencyMs.p99)}`,
    `req/s ${count(previous.requestsPerSecond)} → ${count(current.requestsPerSecond)}`,
    `errors ${percent(previous.errors.rate * 100)} → ${percent(current.errors.rate * 100)}`,
  ];
  if (previous.saturation && current.saturation) {
    lines.push(`CPU peak ${percent(previous.saturation.cpuPercentPeak)} → ${percent(current.saturation.cpuPercentPeak)}`);
    lines.push(`memory peak ${mib(previous.saturation.memoryPeakBytes)} → ${mib(current.saturation.memoryPeakBytes)}`);
  }
  return lines;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A result read back from `--format json` (or the editor's export); Error saying what is missing otherwise. */
export function parseResultJson(text: string): LoadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON (${(error as Error).message})`);
  }
  if (!isRecord(value)) throw new Error('not a load test result (expected an object)');
  const latency = value.latencyMs;
  if (!isRecord(latency) || !['p50', 'p90', 'p95', 'p99', 'max'].every((key) => isNumber(latency[key]))) {
    throw new Error('not a load test result (latencyMs.p50 … max missing)');
  }
  if (!isNumber(value.requestsPerSecond) || !isNumber(value.requests)) throw new Error('not a load test result (requests, requestsPerSecond missing)');
  const errors = value.errors;
  if (!isRecord(errors) || !isNumber(errors.rate) || !isNumber(errors.total)) throw new Error('not a load test result (errors.total, errors.rate missing)');
  const saturation = value.saturation;
  if (saturation !== null && saturation !== undefined) {
    if (!isRecord(saturation) || !isNumber(saturation.cpuPercentPeak) || !isNumber(saturation.memoryPeakBytes)) {
      throw new Error('not a load test result (saturation malformed)');
    }
  }
  return { ...(value as unknown as LoadResult), saturation: (saturation ?? null) as LoadResult['saturation'] };
}
