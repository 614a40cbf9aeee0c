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

/**
 * Unix seconds (with a fraction) for a `--since`/`--until` value; throws an Error that says what is
 * accepted when the value is none of them.
 */
export function parseTimeBound(value: string, now = Date.now()): number {
  const text = value.trim();
  if (!text) throw new Error('an empty time: use a duration like 10m or 1h30m, an RFC3339 time like 2026-12-04T18:00:00Z, or Unix seconds');
  const duration = parseGoDuration(text);
  // docker: a duration counts back from now (a negative one forward).
  if (duration !== undefined) return (now - duration) / 1000;
  if (/^\d+(\.\d{1,9})?$/.test(text)) return Number(text);
  const rfc = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (rfc) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = rfc;
    const base = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
    const ms = zone ? Date.parse(base + (zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone)) : new Date(base).getTime();
    if (!Number.isNaN(ms)) return ms / 1000 + (fraction ? Number(fraction) : 0);
  }
  throw new Error(`"${value}" is not a time: use a duration like 10m or 1h30m, an RFC3339 time like 2026-12-04T18:00:00Z, or Unix seconds`);
}

/** Unix seconds as the Engine API's `since`/`until` take them: seconds.nanoseconds. */
export function engineTimestamp(seconds: number): string {
  const whole = Math.floor(seconds);
  const nanos = Math.round((seconds - whole) * 1e9);
  return nanos ? `${whole}.${String(Math.min(nanos, 999_999_999)).padStart(9, '0')}` : String(whole);
}
