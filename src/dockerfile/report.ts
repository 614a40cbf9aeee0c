// How a finding reads on one line, and whether findings fail a run: shared by `stevedore lint`'s
// tty format, the `stevedore` task in VS Code (whose lines the $stevedore problem matcher reads), and
// any other place that prints findings, so the line and the exit status are computed once.
import type { Finding, Severity } from './types';

/** A severity threshold as `.hadolint.yaml`'s `failure-threshold` and `--failure-threshold` give it. */
export type FailureThreshold = Severity | 'none';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, style: 3 };

/** hadolint's rule: a run fails when any finding is at or above the threshold. */
export function failsThreshold(findings: Iterable<Finding>, threshold: FailureThreshold): boolean {
  if (threshold === 'none') return false;
  for (const finding of findings) if (RANK[finding.severity] <= RANK[threshold]) return true;
  return false;
}

/** Styles of the parts of a line; `plain` leaves them unstyled. */
export type LinePaint = (part: 'where' | 'code' | Severity, text: string) => string;
const plain: LinePaint = (_part, text) => text;

/**
 * hadolint's line format with the column added: `FILE:LINE:COLUMN CODE severity: message`
 * (1-based line and column). The $stevedore problem matcher (package.json) reads exactly this.
 */
export function findingLine(file: string, finding: Finding, paint: LinePaint = plain): string {
  const where = `${file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
  return `${paint('where', where)} ${paint('code', finding.code)} ${paint(finding.severity, finding.severity)}: ${finding.message}`;
}
