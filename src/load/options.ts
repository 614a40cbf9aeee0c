// A run's options checked and bounded before any traffic: every run stops at a request count and at
// a duration, whichever comes first, each within the engine's hard caps.
import { DEFAULT_REQUESTS, DEFAULT_TIMEOUT_MS, MAX_CONCURRENCY, MAX_DURATION_SECONDS, MAX_RATE, MAX_REQUESTS, type LoadOptions } from './types';

export class LoadOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadOptionsError';
  }
}

const UNITS: Record<string, number> = { ms: 0.001, s: 1, sec: 1, m: 60, min: 60, h: 3600 };

/** "30" (seconds), "500ms", "10s", "2m", "1h", "1m30s" -> seconds; undefined when malformed. */
export function parseDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const parts = /^(?:\d+(?:\.\d+)?(?:ms|sec|min|s|m|h))+$/.test(trimmed) ? trimmed.match(/\d+(?:\.\d+)?(?:ms|sec|min|s|m|h)/g) : null;
  if (!parts) return undefined;
  let seconds = 0;
  for (const part of parts) {
    const [, number, unit] = /^(\d+(?:\.\d+)?)(\D+)$/.exec(part) as RegExpExecArray;
    seconds += Number(number) * UNITS[unit];
  }
  return seconds;
}

export interface ResolvedLoadOptions {
  url: URL;
  maxRequests: number;
  maxSeconds: number;
  stoppedByDefault: 'requests' | 'duration';
  concurrency: number;
  rate: number | null;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | string | undefined;
  timeoutMs: number;
  keepAlive: boolean;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The bounds a run keeps: the asked count or duration, the other one the engine's cap. */
export function resolvedBounds(options: Pick<LoadOptions, 'requests' | 'durationSeconds'>): { maxRequests: number; maxSeconds: number } {
  const neither = options.requests === undefined && options.durationSeconds === undefined;
  return {
    maxRequests: options.requests ?? (neither ? DEFAULT_REQUESTS : MAX_REQUESTS),
    maxSeconds: options.durationSeconds ?? MAX_DURATION_SECONDS,
  };
}

/** Check every option (LoadOptionsError says which and why); the URL's host is checked by checkTargetAllowed. */
export function validateLoadOptions(options: LoadOptions): ResolvedLoadOptions {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new LoadOptionsError(`Not a URL: "${options.url}" (e.g. http://127.0.0.1:8080/).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LoadOptionsError(`Only http:// and https:// URLs can be load tested, not ${url.protocol}`);
  if (url.username || url.password) throw new LoadOptionsError('Put credentials in a header (-H "Authorization: …"), not in the URL.');
  const whole = (value: number | undefined, name: string, min: number, max: number): void => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < min) throw new LoadOptionsError(`${name}: a whole number from ${min} to ${max.toLocaleString('en-US')}, not ${value}.`);
    if (value > max) throw new LoadOptionsError(`${name}: at most ${max.toLocaleString('en-US')} (the engine's cap), not ${value.toLocaleString('en-US')}.`);
  };
  whole(options.requests, 'Requests', 1, MAX_REQUESTS);
  whole(options.concurrency, 'Concurrency', 1, MAX_CONCURRENCY);
  if (options.durationSeconds !== undefined) {
    const d = options.durationSeconds;
    if (!Number.isFinite(d) || d <= 0) throw new LoadOptionsError(`Duration: more than 0 seconds, not ${d}.`);
    if (d > MAX_DURATION_SECONDS) throw new LoadOptionsError(`Duration: at most ${MAX_DURATION_SECONDS} s (the engine's cap), not ${d} s.`);
  }
  if (options.rate !== undefined) {
    const r = options.rate;
    if (!Number.isFinite(r) || r <= 0) throw new LoadOptionsError(`Rate: requests per second above 0, not ${r}.`);
    if (r > MAX_RATE) throw new LoadOptionsError(`Rate: at most ${MAX_RATE.toLocaleString('en-US')} requests per second (the engine's cap), not ${r}.`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_DURATION_SECONDS * 1000) {
    throw new LoadOptionsError(`Timeout: from 1 ms to ${MAX_DURATION_SECONDS} s, not ${timeoutMs} ms.`);
  }
  const method = (options.method ?? 'GET').toUpperCase();
  if (!TOKEN.test(method) || method === 'CONNECT') throw new LoadOptionsError(`Not an HTTP method: "${method}".`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (!TOKEN.test(name)) throw new LoadOptionsError(`Not a header name: "${name}".`);
    if (/[\r\n\0]/.test(value)) throw new LoadOptionsError(`Header "${name}": no line breaks in a value.`);
    const lower = name.toLowerCase();
    if (lower === 'connection' || lower === 'transfer-encoding' || lower === 'content-length' || lower === 'keep-alive' || lower === 'upgrade') {
      throw new LoadOptionsError(`Header "${name}" is set by the load test itself (use --no-keepalive for Connection: close).`);
    }
    headers[lower] = value;
  }
  const { maxRequests, maxSeconds } = resolvedBounds(options);
  return {
    url,
    maxRequests,
    maxSeconds,
    stoppedByDefault: options.requests !== undefined || options.durationSeconds === undefined ? 'requests' : 'duration',
    concurrency: options.concurrency ?? 1,
    rate: options.rate ?? null,
    method,
    headers,
    body: options.body,
    timeoutMs,
    keepAlive: options.keepAlive ?? true,
  };
}
