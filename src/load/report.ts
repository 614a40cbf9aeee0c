// The CLI's renderings (TODO: being written).
import type { LoadResult } from './types';

export function ttyReport(result: LoadResult, comparison?: string[]): string {
  void comparison;
  return JSON.stringify(result);
}

export function resultJson(result: LoadResult): string {
  return JSON.stringify(result, null, 2);
}
