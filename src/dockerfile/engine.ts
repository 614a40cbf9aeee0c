// lint(): text in, findings out. Synchronous, total (never throws) and linear in the text, so the
// editor can run it on every keystroke and the CLI on thousands of files.
import type { Dockerfile, Instruction } from 'dockerfile-ast';
import { docUrl } from './docUrl';
import type { Rule, RuleConfig, RuleFinding } from './rule';
import type { Finding, Range } from './types';
import { mergeConfig, overriddenSeverity, type LintConfig } from './config';
import { buildContext, parseDockerfile, type LintContext } from './context';
import { readPragmas, type Pragmas } from './pragmas';
import { dropTwins, type TwinNames } from './twins';
import { rules as hadolint } from './rules/hadolint/index';
import { rules as buildkit } from './rules/buildkit/index';
import { rules as stevedore } from './rules/stevedore/index';

/** Texts above this size get one DL1000 instead of a lint: no Dockerfile is that big, and it keeps lint fast. */
export const MAX_DOCKERFILE_LENGTH = 512 * 1024;

export interface LintOptions {
  config?: Partial<LintConfig>;
  /** The build context's .dockerignore: text, null when absent, undefined when unknown. */
  dockerignore?: string | null;
  /** Report BuildKit checks even where their hadolint twin speaks (twins.ts); for the checks' own specs. */
  keepTwins?: boolean;
  /**
   * The names a problem reported by both a hadolint rule and its BuildKit twin goes by: hadolint's
   * (default) or BuildKit's (`stevedore lint --codes buildkit`). The finding names the other in `twin`.
   */
  twinNames?: TwinNames;
}
export interface LintResult {
  /** Sorted by position, then code. */
  findings: Finding[];
  /** Rules that threw (a bug in the rule, not in the Dockerfile): `CODE: message`. Their findings are lost. */
  ruleErrors?: string[];
}

export const allRules: readonly Rule[] = Object.freeze([...hadolint, ...buildkit, ...stevedore]);
const rulesByCode = new Map<string, Rule>();
for (const rule of allRules) rulesByCode.set(rule.code.toUpperCase(), rule);

export function ruleByCode(code: string): Rule | undefined {
  return rulesByCode.get(code.toUpperCase());
}

export { docUrl };

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function parseError(message: string, range: Range = ORIGIN): Finding {
  return { code: 'DL1000', source: 'hadolint', severity: 'error', message, range, docUrl: docUrl('DL1000') };
}

/** The one finding for a text too large to lint; `size` says how large ("600,000 characters", "2,000,000 bytes"). */
export function tooLargeFinding(size: string): Finding {
  return parseError(`This file is too large to be a Dockerfile (${size}; the limit is ${MAX_DOCKERFILE_LENGTH.toLocaleString('en')} characters). It was not linted.`);
}

export function lint(text: string, options: LintOptions = {}): LintResult {
  try {
    return lintUnguarded(typeof text === 'string' ? text : String(text ?? ''), options);
  } catch (error) {
    // Our own bug, never the user's text: still answer with something a user can report.
    const reason = error instanceof Error ? error.message : String(error);
    return { findings: [parseError(`Stevedore could not lint this Dockerfile (internal error: ${reason}). Please report it.`)] };
  }
}

function lintUnguarded(rawText: string, options: LintOptions): LintResult {
  const config = mergeConfig(options.config);
  const ignored = new Set(config.ignored.map((code) => code.toUpperCase()));
  const keep = (findings: Finding[]): LintResult => ({ findings: findings.filter((f) => !ignored.has(f.code)) });
  if (rawText.length > MAX_DOCKERFILE_LENGTH) {
    return keep([tooLargeFinding(`${rawText.length.toLocaleString('en')} characters`)]);
  }
  if (rawText.includes('\u0000')) {
    return keep([parseError('This file looks binary (it contains NUL bytes), not a Dockerfile. It was not linted.')]);
  }
  // A byte-order mark would glue itself to the first keyword; a space keeps every offset.
  const text = rawText.charCodeAt(0) === 0xfeff ? ' ' + rawText.slice(1) : rawText;

  let dockerfile: Dockerfile;
  try {
    dockerfile = parseDockerfile(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return keep([parseError(`The Dockerfile could not be parsed: ${reason}`)]);
  }
  const ruleConfig: RuleConfig = {
    trustedRegistries: config.trustedRegistries,
    labelSchema: config.labelSchema,
    strictLabels: config.strictLabels,
  };
  const { context, pragmas } = buildContext(text, dockerfile, ruleConfig, options.dockerignore, (ctx) =>
    readPragmas(
      ctx.lines,
      ctx.commentLines,
      ctx.instructions.map((instruction) => instruction.getRange().start.line),
      ctx.instructions.map((instruction) => instruction.getRange().end.line),
    ),
  );
  const enabled = new Set(config.enabled.map((code) => code.toUpperCase()));
  const overriddenCodes = new Set(
    Object.values(config.overrides).flatMap((codes) => (codes ?? []).map((code) => code.toUpperCase())),
  );
  const findings: Finding[] = [];
  const ruleErrors: string[] = [];
  const instructionAt = instructionFinder(context.instructions);

  for (const rule of allRules) {
    const code = rule.code.toUpperCase();
    if (ignored.has(code)) continue;
    // hadolint gives off-by-default rules the `ignore` severity: `override` to a level turns them on,
    // as `enabled` does.
    if (rule.offByDefault && !enabled.has(code) && !overriddenCodes.has(code)) continue;
    if (!config.disableIgnorePragma && pragmas.globalIgnore.has(code)) continue;
    // BuildKit: `skip` applies to the checks that are on; an experimental check runs only where asked for.
    const wantedEverywhere =
      enabled.has(code) || overriddenCodes.has(code) || checkNamed(pragmas.checkExperimental, code);
    if (rule.experimental) {
      const wantedSomewhere = [...pragmas.checkByInstructionLine.values()]
        .some((options) => checkNamed(options.experimental, code));
      if (!wantedEverywhere && !wantedSomewhere) continue;
    } else if (rule.source === 'buildkit' && checkNamed(pragmas.checkSkip, code)) continue;
    let reported: RuleFinding[];
    try {
      reported = rule.check(context);
    } catch (error) {
      ruleErrors.push(`${rule.code}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (reported.length === 0) continue;
    const baseSeverity = rule.source === 'buildkit' && pragmas.checkError ? 'error' : rule.severity;
    const severity = overriddenSeverity(config, rule.code, baseSeverity);
    const url = docUrl(rule.code);
    for (const found of reported) {
      const range = clampRange(found.range, context);
      const instruction = instructionAt(range.start.line);
      if (!config.disableIgnorePragma && rule.code !== 'DL1000' && ignoredHere(pragmas, code, instruction)) continue;
      if (rule.source === 'buildkit') {
        const here = instruction && pragmas.checkByInstructionLine.get(instruction.getRange().start.line);
        const off = rule.experimental
          ? !wantedEverywhere && !(here && checkNamed(here.experimental, code))
          : here && checkNamed(here.skip, code);
        if (off) continue;
      }
      const message = found.message ?? rule.summary;
      const finding: Finding = { code: rule.code, source: rule.source, severity, message, range, docUrl: url };
      if (found.fix) finding.fix = found.fix;
      findings.push(finding);
    }
  }
  // BuildKit checks that repeat a hadolint rule: one finding per problem (see twins.ts).
  const kept = options.keepTwins ? findings : dropTwins(findings, {
    instructionAt,
    stages: context.stages,
    silenced: (twin, instruction) => {
      const code = twin.toUpperCase();
      if (ignored.has(code)) return true;
      const pragma = pragmas.globalIgnore.has(code) || ignoredHere(pragmas, code, instruction);
      if (!config.disableIgnorePragma && pragma) return true;
      if (/^DL\d/.test(code)) return false;
      // A BuildKit name: `# check=skip=` for the file or above the instruction silences it too.
      const here = instruction && pragmas.checkByInstructionLine.get(instruction.getRange().start.line);
      return checkNamed(pragmas.checkSkip, code) || (here !== undefined && checkNamed(here.skip, code));
    },
  }, options.twinNames);
  kept.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return ruleErrors.length > 0 ? { findings: kept, ruleErrors } : { findings: kept };
}

/** A `# check=` list names this check (upper-cased), or says `all`. */
function checkNamed(names: ReadonlySet<string>, code: string): boolean {
  return names.has('ALL') || names.has(code);
}

function ignoredHere(pragmas: Pragmas, code: string, instruction: Instruction | undefined): boolean {
  if (!instruction) return false;
  return pragmas.ignoreByInstructionLine.get(instruction.getRange().start.line)?.has(code) ?? false;
}

/** The instruction whose lines contain `line` (binary search over starts). */
function instructionFinder(instructions: readonly Instruction[]): (line: number) => Instruction | undefined {
  const starts = instructions.map((instruction) => instruction.getRange().start.line);
  return (line) => {
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid] <= line) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found === -1) return undefined;
    const instruction = instructions[found];
    return instruction.getRange().end.line >= line ? instruction : undefined;
  };
}

/** A rule's range kept inside the text, so editors and formatters can trust it. */
function clampRange(range: Range, context: LintContext): Range {
  const { index } = context;
  const start = index.positionAt(index.offsetAt(range.start));
  const end = index.positionAt(Math.max(index.offsetAt(range.start), index.offsetAt(range.end)));
  return { start, end };
}
