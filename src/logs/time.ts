// since/until as `docker logs` reads them (docker/cli's opts and the daemon's timetypes): a Go
// duration before now (`10m`, `1h30m`, `1.5h`, `250ms`), an RFC3339 time with or without fraction
// and zone (without a zone it is local time, as docker does), a date, or Unix seconds with a fraction.

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go duration (time.ParseDuration's grammar) in ms, or undefined. */
export function parseGoDuration(text: string): number | undefined {
  const whole = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
  if (!whole.test(text)) return text === '0' ? 0 : undefined;
  let total = 0;
  for (const [, number, unit] of text.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(number) * UNIT_MS[unit];
  return text.startsWith('-') ? -total : total;
}

/** A time bound to the nanosecond: whole Unix seconds and nanoseconds (a double would lose the last digits). */
export interface ExactTime {
  seconds: number;
  nanos: number;
}

const NOT_A_TIME = 'use a duration like 10m or 1h30m, an RFC3339 time like 2026-12-04T18:00:00Z, or Unix seconds';

function fromMs(ms: number, extraNanos = 0): ExactTime {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) + extraNanos };
}

/** A `--since`/`--until` value to the nanosecond; throws an Error that says what is accepted. */
export function parseExactTimeBound(value: string, now = Date.now()): ExactTime {
  const text = value.trim();
  if (!text) throw new Error(`an empty time: ${NOT_A_TIME}`);
  const duration = parseGoDuration(text);
  // docker: a duration counts back from now (a negative one forward).
  if (duration !== undefined) return fromMs(now - duration);
  const unix = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text);
  if (unix) return { seconds: Number(unix[1]), nanos: Number((unix[2] ?? '').padEnd(9, '0')) };
  const rfc = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (rfc) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = rfc;
    const base = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
    const offset = !zone || zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    // Without a zone it is local time, as docker reads it.
    const ms = zone ? Date.parse(base + offset) : new Date(base).getTime();
    if (!Number.isNaN(ms)) return { seconds: Math.floor(ms / 1000), nanos: Number(fraction.padEnd(9, '0')) };
  }
  throw new Error(`"${value}" is not a time: ${NOT_A_TIME}`);
}

/** Unix seconds (with a fraction) for a `--since`/`--until` value (see parseExactTimeBound). */
export function parseTimeBound(value: string, now = Date.now()): number {
  const exact = parseExactTimeBound(value, now);
  return exact.seconds + exact.nanos / 1e9;
}

/** The Engine API's form of a time for `since`/`until`: seconds.nanoseconds. */
export function engineTimestamp(time: ExactTime): string {
  return time.nanos ? `${time.seconds}.${String(time.nanos).padStart(9, '0')}` : String(time.seconds);
}
