// `--fail-on "p95>200ms,errors>1%"`: conditions that make a run fail (a non-zero exit in CI).
// Latencies in ms (or s), errors as a percentage of the completed requests or a count, throughput
// in requests per second, CPU and memory peaks in percent (memory of its limit).
import { LoadOptionsError } from './options';
import type { FailCondition, LoadResult } from './types';

export interface FailOnVerdict {
  failed: FailCondition[];
  /** One line per failed condition: "p95 212 ms > 200 ms". */
  messages: string[];
}

const LATENCIES = ['p50', 'p90', 'p95', 'p99', 'max', 'mean'] as const;
const METRICS = [...LATENCIES, 'errors', 'rps', 'cpu', 'memory'] as const;

/** Parse the comma-separated conditions; LoadOptionsError names the one that is malformed. */
export function parseFailOn(text: string): FailCondition[] {
  const conditions: FailCondition[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const match = /^([a-z0-9]+)\s*(>=|<=|>|<)\s*(\d+(?:\.\d+)?)\s*(ms|s|%|rps|req\/s)?$/i.exec(part);
    const metric = match?.[1].toLowerCase().replace(/^req\/s$/, 'rps') as FailCondition['metric'] | undefined;
    if (!match || !metric || !(METRICS as readonly string[]).includes(metric)) {
      throw new LoadOptionsError(`--fail-on: cannot read "${part}": use e.g. p95>200ms, errors>1%, rps<100, cpu>90% (metrics: ${METRICS.join(', ')}).`);
    }
    const op = match[2] as FailCondition['op'];
    const number = Number(match[3]);
    const unit = match[4]?.toLowerCase();
    let condition: FailCondition;
    if ((LATENCIES as readonly string[]).includes(metric)) {
      if (unit && unit !== 'ms' && unit !== 's') throw new LoadOptionsError(`--fail-on: "${part}": a latency is in ms or s.`);
      condition = { metric, op, value: unit === 's' ? number * 1000 : number, unit: 'ms', text: part };
    } else if (metric === 'errors') {
      if (unit && unit !== '%') throw new LoadOptionsError(`--fail-on: "${part}": errors are a percentage (errors>1%) or a count (errors>0).`);
      condition = unit === '%' ? { metric, op, value: number / 100, unit: '%', text: part } : { metric, op, value: number, unit: 'count', text: part };
    } else if (metric === 'rps') {
      if (unit && unit !== 'rps' && unit !== 'req/s') throw new LoadOptionsError(`--fail-on: "${part}": throughput is in requests per second (rps<100).`);
      condition = { metric, op, value: number, unit: 'rps', text: part };
    } else {
      if (unit && unit !== '%') throw new LoadOptionsError(`--fail-on: "${part}": ${metric} is a percentage (${metric}>90%).`);
      condition = { metric, op, value: number, unit: '%', text: part };
    }
    conditions.push(condition);
  }
  return conditions;
}

function measured(condition: FailCondition, result: LoadResult): number | undefined {
  switch (condition.metric) {
    case 'errors':
      return condition.unit === '%' ? result.errors.rate : result.errors.total;
    case 'rps':
      return result.requestsPerSecond;
    case 'cpu':
      return result.saturation?.cpuPercentPeak;
    case 'memory':
      return result.saturation && result.saturation.memoryLimitBytes > 0
        ? (result.saturation.memoryPeakBytes / result.saturation.memoryLimitBytes) * 100
        : undefined;
    default:
      return result.latencyMs[condition.metric];
  }
}

function shown(condition: FailCondition, value: number): string {
  switch (condition.unit) {
    case 'ms':
      return `${Number(value.toFixed(1))} ms`;
    case '%':
      return condition.metric === 'errors' ? `${Number((value * 100).toFixed(2))}%` : `${Number(value.toFixed(1))}%`;
    case 'rps':
      return `${Number(value.toFixed(1))} req/s`;
    default:
      return String(value);
  }
}

/** The conditions the result meets (the failures); a condition on saturation without saturation fails too. */
export function evaluateFailOn(conditions: readonly FailCondition[], result: LoadResult): FailOnVerdict {
  const verdict: FailOnVerdict = { failed: [], messages: [] };
  for (const condition of conditions) {
    const value = measured(condition, result);
    const name = condition.metric === 'rps' ? 'req/s' : condition.metric === 'cpu' ? 'CPU peak' : condition.metric === 'memory' ? 'memory peak' : condition.metric;
    if (value === undefined) {
      verdict.failed.push(condition);
      verdict.messages.push(`${condition.text}: no ${name} measured (the target is not a compose service, or the engine gave no sample).`);
      continue;
    }
    const hit = condition.op === '>' ? value > condition.value
      : condition.op === '>=' ? value >= condition.value
        : condition.op === '<' ? value < condition.value
          : value <= condition.value;
    if (hit) {
      verdict.failed.push(condition);
      verdict.messages.push(`${name} ${shown(condition, value)} ${condition.op} ${shown(condition, condition.value)} (--fail-on ${condition.text})`);
    }
  }
  return verdict;
}
