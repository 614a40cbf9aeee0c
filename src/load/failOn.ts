// --fail-on (TODO: being written).
import type { FailCondition, LoadResult } from './types';

export interface FailOnVerdict {
  failed: FailCondition[];
  /** One line per failed condition: "p95 212 ms > 200 ms". */
  messages: string[];
}

export function parseFailOn(text: string): FailCondition[] {
  void text;
  return [];
}

export function evaluateFailOn(conditions: readonly FailCondition[], result: LoadResult): FailOnVerdict {
  void conditions;
  void result;
  return { failed: [], messages: [] };
}
