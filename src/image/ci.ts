// dive's CI rules (runtime/ci): the same keys, defaults, `.dive-ci` file and verdicts, so a
// pipeline can swap `dive --ci` for `stevedore analyze --ci` and keep its thresholds.
import { parse as parseYaml } from 'yaml';
import type { CiRuleKey, CiRuleResult, CiStatus, CiVerdict } from '../shared/protocol/imageAnalysis';
import type { ImageAnalysis } from './types';

// The verdict travels to the page: its types live in src/shared/protocol/imageAnalysis.ts.
export type { CiRuleKey, CiRuleResult, CiStatus, CiVerdict };

export const CI_RULE_KEYS: CiRuleKey[] = ['lowestEfficiency', 'highestWastedBytes', 'highestUserWastedPercent'];

/** dive's flag defaults. */
export const DIVE_CI_DEFAULTS: Record<CiRuleKey, string> = {
  lowestEfficiency: '0.9',
  highestWastedBytes: 'disabled',
  highestUserWastedPercent: '0.1',
};

const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: 1e3, kb: 1e3, ki: 1024, kib: 1024,
  m: 1e6, mb: 1e6, mi: 1024 ** 2, mib: 1024 ** 2,
  g: 1e9, gb: 1e9, gi: 1024 ** 3, gib: 1024 ** 3,
  t: 1e12, tb: 1e12, ti: 1024 ** 4, tib: 1024 ** 4,
  p: 1e15, pb: 1e15, pi: 1024 ** 5, pib: 1024 ** 5,
  e: 1e18, eb: 1e18, ei: 1024 ** 6, eib: 1024 ** 6,
};

/** go-humanize ParseBytes: "20MB" = 20e6, "20MiB" = 20*2^20, "1,000 kB", bare numbers are bytes. */
export function parseDiveBytes(text: string): number {
  const match = /^([\d.,]*)(.*)$/s.exec(text) as RegExpExecArray;
  const number = match[1].replace(/,/g, '');
  const unit = match[2].trim().toLowerCase();
  const value = Number(number);
  if (number === '' || !/^\d*\.?\d*$/.test(number) || Number.isNaN(value)) throw new Error(`strconv.ParseFloat: parsing "${number}": invalid syntax`);
  const multiplier = SIZE_UNITS[unit];
  if (multiplier === undefined) throw new Error(`unhandled size name: ${unit}`);
  return Math.floor(value * multiplier);
}

/** Go's strconv.ParseFloat, strictly enough for config values ("0.9", "1e-1"). */
function parseGoFloat(text: string): number {
  const trimmed = text;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed) && !/^[+-]?(inf|infinity|nan)$/i.test(trimmed)) {
    throw new Error(`strconv.ParseFloat: parsing "${text}": invalid syntax`);
  }
  return Number(trimmed.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
}

/**
 * A `.dive-ci` holds three rules in a few lines. A bigger file is refused before it is parsed: the
 * YAML library's duplicate-key check is quadratic (64 KiB of keys: 1.1 s; a 33 MB file: minutes).
 */
export const MAX_DIVE_CI_BYTES = 16 * 1024;

/**
 * Flow collections (`[`, `{`) nested deeper than this are refused before parsing: the YAML parser
 * recurses per level, and near the end of the stack V8 aborts the whole process (8,000 `[` in 16 KB).
 */
const MAX_DIVE_CI_NESTING = 64;

function flowNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x5b || code === 0x7b) deepest = Math.max(deepest, ++depth);
    else if ((code === 0x5d || code === 0x7d) && depth > 0) depth--;
  }
  return deepest;
}

/** A `.dive-ci` that cannot be used at all; `message` completes "The CI rules file FILE is …". */
export class DiveCiFileError extends Error {
  override name = 'DiveCiFileError';
}

/**
 * The `rules` of a `.dive-ci` YAML file, as strings (dive reads them with viper's GetString). dive
 * ignores what it does not know; `warnings`, when given, receives a sentence for each such thing,
 * since a misspelt rule silently left at its default is a threshold the user thinks is on.
 * Throws DiveCiFileError for a file too large or not YAML (its message never quotes the file).
 */
export function parseDiveCiFile(text: string, warnings?: string[]): Partial<Record<CiRuleKey, string>> {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_DIVE_CI_BYTES) {
    throw new DiveCiFileError(`too large (${bytes} bytes; a CI rules file holds three rules and may have at most ${MAX_DIVE_CI_BYTES / 1024} KiB)`);
  }
  if (flowNesting(text) > MAX_DIVE_CI_NESTING) throw new DiveCiFileError(`nested too deeply (brackets more than ${MAX_DIVE_CI_NESTING} deep; a CI rules file holds three rules)`);
  let document: unknown;
  try {
    document = parseYaml(text) as unknown;
  } catch (error) {
    // The YAML library's message quotes the offending line after the first line: keep the first.
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/:$/, '');
    const reason = /call stack/i.test(first) ? 'it is nested too deeply' : first;
    throw new DiveCiFileError(`not valid YAML (${reason})`);
  }
  const rules: Partial<Record<CiRuleKey, string>> = {};
  const isMapping = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!isMapping(document)) {
    if (document !== null && document !== undefined) warnings?.push('the file is not a YAML mapping with a "rules" section: every rule keeps its default');
    return rules;
  }
  const section = document.rules;
  if (!isMapping(section)) {
    warnings?.push('the file has no "rules" section: every rule keeps its default');
    return rules;
  }
  for (const key of Object.keys(section)) {
    if (!(CI_RULE_KEYS as string[]).includes(key)) warnings?.push(`unknown rule "${key}" is ignored (the rules are ${CI_RULE_KEYS.join(', ')})`);
  }
  for (const key of CI_RULE_KEYS) {
    const value = section[key];
    if (value !== undefined && value !== null) rules[key] = String(value);
  }
  return rules;
}

/**
 * A threshold given on the command line, checked before any work: a plain sentence when it is not
 * a value the rule can use (dive's own check, and NaN too, which dive lets pass every image).
 */
export function thresholdProblem(rule: CiRuleKey, value: string): string | undefined {
  if (value === 'disabled' || validate(rule, value) === undefined) return undefined;
  return rule === 'highestWastedBytes' ? 'a size such as 20MB, 512KiB or 1GB, or "disabled"' : 'a ratio from 0 to 1 (e.g. 0.9), or "disabled"';
}

/** One check for both the command line and `.dive-ci`: what is refused on one is refused on the other. */
function validate(rule: CiRuleKey, value: string): string | undefined {
  try {
    if (rule === 'highestWastedBytes') {
      parseDiveBytes(value);
      return undefined;
    }
    const number = parseGoFloat(value);
    // dive lets NaN through, and every comparison with it passes: a threshold that checks nothing.
    if (Number.isNaN(number)) return `invalid config value ('${value}'): NaN is not a ratio; give a value from 0 to 1`;
    if (number < 0 || number > 1) return `${rule} config value is outside allowed range (0-1), given '${value}'`;
    return undefined;
  } catch (error) {
    return `invalid config value ('${value}'): ${(error as Error).message}`;
  }
}

/** Go's %v for a float64. */
function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(value);
}

/** Evaluate the rules as dive does: a disabled rule is skipped; a bad value fails the whole run. */
export function evaluateCi(analysis: ImageAnalysis, values: Record<CiRuleKey, string>): CiVerdict {
  const results: CiRuleResult[] = [];
  let misconfigured = false;
  for (const rule of CI_RULE_KEYS) {
    const value = values[rule];
    if (value === 'disabled') {
      results.push({ rule, value, status: 'SKIP', message: 'rule disabled' });
      continue;
    }
    const problem = validate(rule, value);
    if (problem) {
      misconfigured = true;
      results.push({ rule, value, status: 'MISCONFIGURED', message: problem });
    } else {
      results.push({ rule, value, status: 'PASS', message: '' });
    }
  }
  if (misconfigured) {
    // Like dive, nothing is evaluated then; the valid rules say so rather than claim a pass.
    for (const result of results) {
      if (result.status === 'PASS') Object.assign(result, { status: 'SKIP', message: 'not evaluated: another rule is misconfigured' });
    }
    return { pass: false, misconfigured, results };
  }
  for (const result of results) {
    if (result.status === 'SKIP') continue;
    const { rule, value } = result;
    if (rule === 'lowestEfficiency') {
      const threshold = parseGoFloat(value);
      if (threshold > analysis.efficiencyScore) {
        Object.assign(result, { status: 'FAIL', message: `image efficiency is too low (efficiency=${goFloat(analysis.efficiencyScore)} < threshold=${goFloat(threshold)})` });
      }
    } else if (rule === 'highestWastedBytes') {
      const threshold = parseDiveBytes(value);
      if (analysis.wastedBytes > threshold) {
        Object.assign(result, { status: 'FAIL', message: `too many bytes wasted (wasted-bytes=${analysis.wastedBytes} > threshold=${threshold})` });
      }
    } else {
      const threshold = parseGoFloat(value);
      if (threshold < analysis.userWastedPercent) {
        Object.assign(result, {
          status: 'FAIL',
          message: `too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes=${goFloat(analysis.userWastedPercent)} > threshold=${goFloat(threshold)})`,
        });
      }
    }
  }
  return { pass: results.every((result) => result.status !== 'FAIL'), misconfigured, results };
}
