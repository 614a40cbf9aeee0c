// The load test panel's messages, validated in both directions, and the form's rules (one function
// both sides run). The extension owns the run (src/load's engine) and sends one tick a second;
// the page draws them and never starts traffic itself. Owned by src/vscode/load and webview/load.
import { type CommonFromWebview, type CommonToWebview, isIndex, isRecord, isShortString, parseCommonFromWebview } from './common';

/** What the form holds. A run is bounded by a request count or by a duration (the other is the engine's cap). */
export interface LoadFormValues {
  mode: 'requests' | 'duration';
  requests: number;
  durationSeconds: number;
  concurrency: number;
  /** Requests per second (a fixed arrival rate); null: as fast as the connections allow. */
  rate: number | null;
  /** Path and query, starting with "/". */
  path: string;
}

/** The caps (settings, never above the engine's own): the form refuses anything beyond them. */
export interface LoadLimits {
  maxRequests: number;
  maxDurationSeconds: number;
  maxConcurrency: number;
  maxRate: number;
}

export type LoadField = 'requests' | 'durationSeconds' | 'concurrency' | 'rate' | 'path';
export interface LoadFieldError {
  field: LoadField;
  message: string;
}

/** Latency percentiles in milliseconds. */
export interface LoadPercentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** One second of the run: traffic and latency of that second, the service's CPU and memory beside it. */
export interface LoadTick {
  /** Unix seconds (the chart's time axis, shared by every series). */
  at: number;
  requestsDone: number;
  requestsPerSecond: number;
  /** Null when no request completed in that second. */
  latencyMs: LoadPercentiles | null;
  errors: number;
  cpuPercent: number | null;
  memoryBytes: number | null;
}

export interface LoadSaturation {
  cpuPercentPeak: number;
  cpuPercentMean: number;
  memoryPeakBytes: number;
  memoryLimitBytes: number;
}

/** The result card: the four golden signals of one run. */
export interface LoadResultView {
  url: string;
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyMs: LoadPercentiles;
  errors: { total: number; rate: number; byKind: Array<{ kind: string; count: number }> };
  saturation: LoadSaturation | null;
  cancelled: boolean;
  /** The settings in words: "1,000 requests, 10 connections, GET /". */
  settings: string;
  /** Unix ms when the run ended. */
  finishedAt: number;
}

export interface LoadTargetChoice {
  url: string;
  /** "container port 8080". */
  description: string;
}

/** extension -> webview */
export type LoadToWebview =
  | CommonToWebview
  /** Show the form (first open, and "Run again"). */
  | {
    type: 'load/form'; project: string; service: string; targets: LoadTargetChoice[]; values: LoadFormValues;
    limits: LoadLimits; trusted: boolean;
  }
  | {
    type: 'load/started'; project: string; service: string; url: string; settings: string; startedAt: number;
    /** The run's bound, for the progress bar: its duration, or its request count (0 for the other). */
    expectedSeconds: number; expectedRequests: number; memoryLimitBytes: number | null;
  }
  | { type: 'load/tick'; tick: LoadTick }
  /** The run ended (finished or cancelled); `comparison` against the service's previous run, empty when none. */
  | { type: 'load/done'; result: LoadResultView; comparison: string[]; previousAt: number | null }
  | { type: 'load/error'; message: string }
  | { type: 'load/message'; text: string }
  | { type: 'load/snapshotRequest'; id: number };

export type LoadPhase = 'form' | 'running' | 'done' | 'error';

/** webview -> extension */
export type LoadFromWebview =
  | CommonFromWebview
  | { type: 'load/submit'; url: string; values: LoadFormValues }
  | { type: 'load/cancel' }
  | { type: 'load/export' }
  | { type: 'load/again' }
  | { type: 'load/snapshot'; id: number; phase: LoadPhase; card: string; ticks: number };

export const MAX_PATH = 2048;
const MAX_TEXT = 4096;
const MAX_KINDS = 64;
const MAX_TARGETS = 64;
const PHASES: readonly LoadPhase[] = ['form', 'running', 'done', 'error'];

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isNonNegative = (value: unknown): value is number => isNumber(value) && value >= 0;
const isNullableNonNegative = (value: unknown): value is number | null => value === null || isNonNegative(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_TEXT;
const isUrl = (value: unknown): value is string => isShortString(value, MAX_PATH) && /^https?:\/\//.test(value);

/** The form's rules, run by the page as the user types and again by the extension before any traffic. */
export function validateLoadForm(values: LoadFormValues, limits: LoadLimits): LoadFieldError[] {
  const errors: LoadFieldError[] = [];
  const whole = (field: LoadField, value: number, min: number, max: number, what: string): void => {
    if (!Number.isInteger(value) || value < min) errors.push({ field, message: `${what}: a whole number from ${min} to ${max.toLocaleString('en-US')}.` });
    else if (value > max) errors.push({ field, message: `${what}: at most ${max.toLocaleString('en-US')} (stevedore.load caps).` });
  };
  if (values.mode === 'requests') whole('requests', values.requests, 1, limits.maxRequests, 'Requests');
  else whole('durationSeconds', values.durationSeconds, 1, limits.maxDurationSeconds, 'Duration in seconds');
  whole('concurrency', values.concurrency, 1, limits.maxConcurrency, 'Connections');
  if (values.rate !== null) {
    if (!isNumber(values.rate) || values.rate <= 0) errors.push({ field: 'rate', message: 'Rate: requests per second above 0, or empty for as fast as possible.' });
    else if (values.rate > limits.maxRate) errors.push({ field: 'rate', message: `Rate: at most ${limits.maxRate.toLocaleString('en-US')} requests per second (stevedore.load caps).` });
  }
  if (!values.path.startsWith('/') || values.path.length > MAX_PATH || /[\s\u0000-\u001f\u007f]/.test(values.path)) {
    errors.push({ field: 'path', message: 'Path: starts with "/", no spaces or control characters (e.g. /health?full=1).' });
  }
  return errors;
}

/** "1,000 requests, 10 connections, 50 req/s, GET /health". */
export function describeSettings(values: LoadFormValues): string {
  const bound = values.mode === 'requests'
    ? `${values.requests.toLocaleString('en-US')} requests`
    : `${values.durationSeconds} s`;
  const rate = values.rate === null ? '' : `, ${values.rate.toLocaleString('en-US')} req/s`;
  return `${bound}, ${values.concurrency} connection${values.concurrency === 1 ? '' : 's'}${rate}, GET ${values.path}`;
}

export function parseFormValues(value: unknown): LoadFormValues | undefined {
  if (!isRecord(value)) return undefined;
  const { mode, requests, durationSeconds, concurrency, rate, path } = value;
  if (mode !== 'requests' && mode !== 'duration') return undefined;
  if (!isNonNegative(requests) || !isNonNegative(durationSeconds) || !isNonNegative(concurrency)) return undefined;
  if (!isNullableNonNegative(rate) || typeof path !== 'string' || path.length > MAX_PATH) return undefined;
  return { mode, requests, durationSeconds, concurrency, rate, path };
}

function parseLimits(value: unknown): LoadLimits | undefined {
  if (!isRecord(value)) return undefined;
  const { maxRequests, maxDurationSeconds, maxConcurrency, maxRate } = value;
  if (![maxRequests, maxDurationSeconds, maxConcurrency, maxRate].every(isNonNegative)) return undefined;
  return { maxRequests, maxDurationSeconds, maxConcurrency, maxRate } as LoadLimits;
}

function parsePercentiles(value: unknown): LoadPercentiles | undefined {
  if (!isRecord(value)) return undefined;
  const { p50, p90, p95, p99, max } = value;
  return [p50, p90, p95, p99, max].every(isNonNegative) ? { p50, p90, p95, p99, max } as LoadPercentiles : undefined;
}

function parseTick(value: unknown): LoadTick | undefined {
  if (!isRecord(value)) return undefined;
  const { at, requestsDone, requestsPerSecond, latencyMs, errors, cpuPercent, memoryBytes } = value;
  if (![at, requestsDone, requestsPerSecond, errors].every(isNonNegative)) return undefined;
  if (!isNullableNonNegative(cpuPercent) || !isNullableNonNegative(memoryBytes)) return undefined;
  const latency = latencyMs === null ? null : parsePercentiles(latencyMs);
  if (latency === undefined) return undefined;
  const [second, done, perSecond, failed] = [at, requestsDone, requestsPerSecond, errors] as number[];
  return {
    at: second, requestsDone: done, requestsPerSecond: perSecond, latencyMs: latency, errors: failed,
    cpuPercent, memoryBytes,
  };
}

function parseResult(value: unknown): LoadResultView | undefined {
  if (!isRecord(value)) return undefined;
  const { url, requests, durationSeconds, requestsPerSecond, errors, saturation } = value;
  const { cancelled, settings, finishedAt } = value;
  const latencyMs = parsePercentiles(value.latencyMs);
  if (!isUrl(url) || !latencyMs || typeof cancelled !== 'boolean' || !isText(settings)) return undefined;
  if (![requests, durationSeconds, requestsPerSecond, finishedAt].every(isNonNegative)) return undefined;
  if (!isRecord(errors) || !isNonNegative(errors.total) || !isNonNegative(errors.rate)) return undefined;
  if (!Array.isArray(errors.byKind)) return undefined;
  if (errors.byKind.length > MAX_KINDS) return undefined;
  const byKind: Array<{ kind: string; count: number }> = [];
  for (const item of errors.byKind) {
    if (!isRecord(item) || !isShortString(item.kind, 128) || !isNonNegative(item.count)) return undefined;
    byKind.push({ kind: item.kind, count: item.count });
  }
  let parsedSaturation: LoadResultView['saturation'] = null;
  if (saturation !== null) {
    if (!isRecord(saturation)) return undefined;
    const { cpuPercentPeak, cpuPercentMean, memoryPeakBytes, memoryLimitBytes } = saturation;
    if (![cpuPercentPeak, cpuPercentMean, memoryPeakBytes, memoryLimitBytes].every(isNonNegative)) return undefined;
    parsedSaturation = { cpuPercentPeak, cpuPercentMean, memoryPeakBytes, memoryLimitBytes } as LoadSaturation;
  }
  return {
    url,
    requests: requests as number,
    durationSeconds: durationSeconds as number,
    requestsPerSecond: requestsPerSecond as number,
    latencyMs,
    errors: { total: errors.total, rate: errors.rate, byKind },
    saturation: parsedSaturation,
    cancelled,
    settings,
    finishedAt: finishedAt as number,
  };
}

/** Validate a message from the load page; anything not exactly of a known shape is dropped. */
export function parseLoadFromWebview(message: unknown): LoadFromWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  switch (message.type) {
    case 'load/submit': {
      const values = parseFormValues(message.values);
      return values && isUrl(message.url) ? { type: 'load/submit', url: message.url, values } : undefined;
    }
    case 'load/cancel':
    case 'load/export':
    case 'load/again':
      return { type: message.type };
    case 'load/snapshot': {
      const { id, phase, card, ticks } = message;
      if (!isIndex(id) || !PHASES.includes(phase as LoadPhase) || !isText(card) || !isIndex(ticks)) return undefined;
      return { type: 'load/snapshot', id, phase: phase as LoadPhase, card, ticks };
    }
    default:
      return parseCommonFromWebview(message);
  }
}

/** Validate a message from the extension on the page's side; unknown or malformed ones are dropped. */
export function parseLoadToWebview(message: unknown): LoadToWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  switch (message.type) {
    case 'ping':
    case 'load/snapshotRequest':
      return isIndex(message.id) ? { type: message.type, id: message.id } : undefined;
    case 'load/form': {
      const { project, service, targets, trusted } = message;
      const values = parseFormValues(message.values);
      const limits = parseLimits(message.limits);
      if (!isShortString(project, 256) || !isShortString(service, 256) || !values || !limits || typeof trusted !== 'boolean') return undefined;
      if (!Array.isArray(targets) || targets.length === 0 || targets.length > MAX_TARGETS) return undefined;
      const choices: LoadTargetChoice[] = [];
      for (const item of targets) {
        if (!isRecord(item) || !isUrl(item.url) || !isText(item.description)) return undefined;
        choices.push({ url: item.url, description: item.description });
      }
      return { type: 'load/form', project, service, targets: choices, values, limits, trusted };
    }
    case 'load/started': {
      const { project, service, url, settings, startedAt, expectedSeconds, expectedRequests } = message;
      const { memoryLimitBytes } = message;
      if (!isShortString(project, 256) || !isShortString(service, 256)) return undefined;
      if (!isUrl(url) || !isText(settings)) return undefined;
      if (![startedAt, expectedSeconds, expectedRequests].every(isNonNegative)) return undefined;
      if (!isNullableNonNegative(memoryLimitBytes)) return undefined;
      return {
        type: 'load/started', project, service, url, settings, startedAt: startedAt as number, expectedSeconds: expectedSeconds as number,
        expectedRequests: expectedRequests as number, memoryLimitBytes,
      };
    }
    case 'load/tick': {
      const tick = parseTick(message.tick);
      return tick ? { type: 'load/tick', tick } : undefined;
    }
    case 'load/done': {
      const result = parseResult(message.result);
      const { comparison, previousAt } = message;
      if (!result || !Array.isArray(comparison) || comparison.length > 32) return undefined;
      if (!comparison.every(isText)) return undefined;
      if (!isNullableNonNegative(previousAt)) return undefined;
      return { type: 'load/done', result, comparison: comparison as string[], previousAt };
    }
    case 'load/error':
      return isText(message.message) ? { type: 'load/error', message: message.message } : undefined;
    case 'load/message':
      return isText(message.text) ? { type: 'load/message', text: message.text } : undefined;
    default:
      return undefined;
  }
}
