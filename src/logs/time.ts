// since/until as docker logs reads them.
/** Unix seconds (with fraction) for a duration before `now`, an RFC3339 time or Unix seconds; throws on anything else. */
export function parseTimeBound(value: string, now = Date.now()): number {
  void value; void now;
  throw new Error('not yet');
}
