// Agreement with the upstream linters: each upstream spec case run through the real lint(), counted
// the way the quality bar counts it (expected findings found, false alarms raised).
import { TWINS } from '../../../../src/dockerfile/twins';
import { lint, type LintConfig } from '../../../../src/dockerfile/index';

export interface UpstreamCase {
  /** The rule the upstream spec asserts on (hadolint code or BuildKit check name). */
  code: string;
  dockerfile: string;
  /** Absent: at least one finding; 0: none; n: exactly n. */
  expect?: number;
  /** hadolint's onBuild variants: every RUN becomes `ONBUILD RUN`. */
  onbuild?: boolean;
  config?: Partial<LintConfig>;
  /** Where the case comes from upstream (file:line), to compare when either side changes. */
  at: string;
}

/** One BuildKit check test: a whole Dockerfile, every check on, the warnings it must give. */
export interface UpstreamBuildCase {
  dockerfile: string;
  /** The build context's .dockerignore; absent: the context has none. */
  dockerignore?: string;
  /** `CheckName:line` (1-based), one per expected warning; `CheckName` alone: on any line. */
  warnings: string[];
  at: string;
}

export interface CaseResult {
  /** Findings the upstream spec expects (a "some" case counts one). */
  expected: number;
  /** Of those, how many Stevedore reported (on the right lines, where lines are given). */
  found: number;
  /** Findings Stevedore reported that the upstream spec does not expect. */
  falseAlarms: number;
  /** All findings of the code, for messages: `line: message`. */
  reported: string[];
}

/** hadolint's onBuild wrapper: RUN instructions become ONBUILD RUN, nothing else changes. */
export function wrapRunInOnbuild(dockerfile: string): string {
  return dockerfile.replace(/^([ \t]*)(run\b)/gim, '$1ONBUILD $2');
}

export function runCase(upstream: UpstreamCase): CaseResult {
  const text = upstream.onbuild ? wrapRunInOnbuild(upstream.dockerfile) : upstream.dockerfile;
  const config = { ...upstream.config, enabled: [...(upstream.config?.enabled ?? []), upstream.code] };
  const result = lint(text, { config, keepTwins: TWINS.has(upstream.code) });
  const findings = result.findings.filter((finding) => finding.code === upstream.code);
  const reported = findings.map((finding) => `${finding.range.start.line + 1}: ${finding.message}`);
  if (result.ruleErrors?.length) reported.push(...result.ruleErrors.map((error) => `rule error: ${error}`));
  const count = findings.length;
  if (upstream.expect === undefined) return { expected: 1, found: count > 0 ? 1 : 0, falseAlarms: 0, reported };
  return {
    expected: upstream.expect,
    found: Math.min(count, upstream.expect),
    falseAlarms: Math.max(0, count - upstream.expect),
    reported,
  };
}

/** A BuildKit case as `docker build --check` sees it: BuildKit's names for every check (twins kept). */
export function runBuildCase(upstream: UpstreamBuildCase, only?: string): CaseResult {
  const result = lint(upstream.dockerfile, { dockerignore: upstream.dockerignore ?? null, keepTwins: true });
  const findings = result.findings.filter(
    (finding) => finding.source === 'buildkit' && (only === undefined || finding.code === only),
  );
  const reported = findings.map((finding) => `${finding.code}:${finding.range.start.line + 1}`);
  const remaining = [...reported];
  let found = 0;
  const expected = upstream.warnings.filter((warning) => only === undefined || warning.split(':')[0] === only);
  // Exact lines first, so a name-only warning cannot take a finding a lined one needs.
  const ordered = [...expected].sort((a, b) => Number(!a.includes(':')) - Number(!b.includes(':')));
  for (const warning of ordered) {
    const at = warning.includes(':')
      ? remaining.indexOf(warning)
      : remaining.findIndex((finding) => finding.startsWith(`${warning}:`));
    if (at >= 0) {
      found++;
      remaining.splice(at, 1);
    }
  }
  if (result.ruleErrors?.length) reported.push(...result.ruleErrors.map((error) => `rule error: ${error}`));
  return { expected: expected.length, found, falseAlarms: remaining.length, reported };
}

export interface Tally {
  cases: number;
  casesAgreeing: number;
  expected: number;
  found: number;
  falseAlarms: number;
  /** Findings reported in all (found + false alarms). */
  reported: number;
}

export function tally(results: Iterable<CaseResult>): Tally {
  const total: Tally = { cases: 0, casesAgreeing: 0, expected: 0, found: 0, falseAlarms: 0, reported: 0 };
  for (const result of results) {
    total.cases++;
    if (result.found === result.expected && result.falseAlarms === 0) total.casesAgreeing++;
    total.expected += result.expected;
    total.found += result.found;
    total.falseAlarms += result.falseAlarms;
    total.reported += result.found + result.falseAlarms;
  }
  return total;
}

/** `hadolint: 1046/1046 cases, 380/380 expected findings (100.0%), 0 false alarms (0.0% of 380 reported)`. */
export function describeTally(family: string, t: Tally): string {
  const percent = (part: number, whole: number): string => `${whole === 0 ? (part === 0 ? '0.0' : '100.0') : ((100 * part) / whole).toFixed(1)}%`;
  return (
    `${family}: ${t.casesAgreeing}/${t.cases} cases agree, ${t.found}/${t.expected} expected findings ` +
    `(${t.expected === 0 ? '100.0%' : percent(t.found, t.expected)}), ${t.falseAlarms} false alarms ` +
    `(${percent(t.falseAlarms, t.reported)} of ${t.reported} reported)`
  );
}
