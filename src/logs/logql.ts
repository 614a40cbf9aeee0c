// LogQL line filters (`|= "x"`, `!= "x"`, `|~ "re"`, `!~ "re"`, chained), with Loki's string rules.
export type LineFilterOp = '|=' | '!=' | '|~' | '!~';
export interface LineFilter {
  op: LineFilterOp;
  /** The values (more than one with `or`): text for |= and !=, a pattern for |~ and !~. */
  values: string[];
}
export function parseLogQL(query: string): { ok: true; filters: LineFilter[] } | { ok: false; error: string; offset: number } {
  void query;
  throw new Error('not yet');
}
