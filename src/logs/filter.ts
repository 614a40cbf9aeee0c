// Filters over log lines: text, regex (under a time budget), level, service, LogQL line filters.
import type { CompiledLogFilter, FilterResult, LogFilter, LogFilterSpec, LogLine } from './types';

export const DEFAULT_FILTER_BUDGET_MS = 200;

export function compileLogFilter(spec: LogFilterSpec): CompiledLogFilter {
  void spec;
  throw new Error('not yet');
}

/** The indices of `lines` that pass; stops with timedOut when a regex runs past `budgetMs`. */
export function filterLines(lines: readonly LogLine[], filter: LogFilter, options: { budgetMs?: number; from?: number } = {}): FilterResult {
  void lines; void filter; void options;
  throw new Error('not yet');
}

/** One line (follow mode, the CLI): undefined when the budget ran out on it. */
export function matchesLine(line: LogLine, filter: LogFilter, budgetMs = DEFAULT_FILTER_BUDGET_MS): boolean | undefined {
  void line; void filter; void budgetMs;
  throw new Error('not yet');
}
