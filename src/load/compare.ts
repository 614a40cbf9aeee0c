// Two runs compared (TODO: being written).
import type { LoadResult } from './types';

/** Short lines: "p95 41 ms → 28 ms", "CPU peak 92% → 61%". */
export function compareResults(previous: LoadResult, current: LoadResult): string[] {
  void previous;
  void current;
  return [];
}

/** A result read back from `--format json` (or an editor export); throws on anything else. */
export function parseResultJson(text: string): LoadResult {
  return JSON.parse(text) as LoadResult;
}
