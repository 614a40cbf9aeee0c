// Short rule specs in the style of hadolint's DLxxxxSpec.hs: Dockerfiles a rule must flag and
// Dockerfiles it must pass, run through the real lint(). Usage, in test/unit/dockerfile/rules/CODE.test.ts:
//
//   ruleSpec('DL3014', {
//     flags: ['FROM debian\nRUN apt-get install python', { dockerfile: '...', line: 2, fixed: '...' }],
//     passes: ['FROM debian\nRUN apt-get install -y python'],
//   });
//
// `line` is 1-based (as hadolint prints it); `fixed` is the text after applying the fix of every
// finding of this rule (so the fix is checked to exist, to apply cleanly, and to clear the finding).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TWINS } from '../../../src/dockerfile/twins';
import { lint, ruleByCode, type Finding, type LintConfig, type Range, type TextEdit } from '../../../src/dockerfile/index';

export interface FlagCase {
  dockerfile: string;
  config?: Partial<LintConfig>;
  dockerignore?: string | null;
  /** How many findings of this rule (default: at least one). */
  count?: number;
  /** 1-based line of the first finding. */
  line?: number;
  /** Exact range of the first finding (0-based). */
  range?: Range;
  message?: string | RegExp;
  /** The text after applying the fixes of all this rule's findings; the rule must then be quiet. */
  fixed?: string;
  /** The finding must offer no fix (it would not be safe). */
  noFix?: boolean;
}
export interface PassCase {
  dockerfile: string;
  config?: Partial<LintConfig>;
  dockerignore?: string | null;
}
export interface RuleSpec {
  flags: Array<string | FlagCase>;
  passes: Array<string | PassCase>;
}

/** This rule's findings on a Dockerfile; fails the test if any rule threw. */
export function findingsOf(code: string, dockerfile: string, options: { config?: Partial<LintConfig>; dockerignore?: string | null } = {}): Finding[] {
  const config = { ...options.config, enabled: [...(options.config?.enabled ?? []), code] };
  // A BuildKit check twinned with a hadolint rule is tested on its own; twins.test.ts tests the pairing.
  const result = lint(dockerfile, { config, dockerignore: options.dockerignore, keepTwins: TWINS.has(code) });
  assert.deepEqual(result.ruleErrors ?? [], [], 'no rule may throw');
  const internal = result.findings.filter((finding) => finding.message.startsWith('Stevedore could not lint'));
  assert.deepEqual(internal, [], 'the engine must not fail');
  return result.findings.filter((finding) => finding.code === code);
}

/** Applies non-overlapping edits (the engine guarantees one fix's edits do not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  const offset = (p: { line: number; character: number }): number =>
    p.line >= starts.length ? text.length : Math.min(starts[p.line] + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}

function label(dockerfile: string): string {
  const flat = dockerfile.replace(/\n/g, ' ⏎ ');
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
}

export function ruleSpec(code: string, spec: RuleSpec): void {
  describe(`${code}`, () => {
    it('is a known rule with its docs page', () => {
      const rule = ruleByCode(code);
      assert.ok(rule, `${code} is listed in allRules`);
      assert.ok(existsSync(join(__dirname, '../../../docs/rules', `${code}.md`)), `docs/rules/${code}.md exists`);
    });
    for (const entry of spec.flags) {
      const c: FlagCase = typeof entry === 'string' ? { dockerfile: entry } : entry;
      it(`flags: ${label(c.dockerfile)}`, () => {
        const found = findingsOf(code, c.dockerfile, c);
        if (c.count !== undefined) assert.equal(found.length, c.count, `${code} reported ${found.length} times`);
        else assert.ok(found.length > 0, `${code} must be reported`);
        const first = found[0];
        if (c.line !== undefined) assert.equal(first.range.start.line + 1, c.line, 'line of the finding');
        if (c.range) assert.deepEqual(first.range, c.range, 'range of the finding');
        if (typeof c.message === 'string') assert.equal(first.message, c.message);
        else if (c.message) assert.match(first.message, c.message);
        if (c.noFix) assert.ok(found.every((finding) => !finding.fix), 'no fix is offered');
        if (c.fixed !== undefined) {
          assert.ok(found.every((finding) => finding.fix), 'every finding offers a fix');
          const fixed = applyEdits(c.dockerfile, found.flatMap((finding) => finding.fix?.edits ?? []));
          assert.equal(fixed, c.fixed, 'text after the fix');
          assert.deepEqual(findingsOf(code, fixed, c), [], `${code} is gone after the fix`);
        }
      });
    }
    for (const entry of spec.passes) {
      const c: PassCase = typeof entry === 'string' ? { dockerfile: entry } : entry;
      it(`passes: ${label(c.dockerfile)}`, () => {
        const found = findingsOf(code, c.dockerfile, c);
        assert.deepEqual(
          found.map((finding) => `${finding.range.start.line + 1}: ${finding.message}`),
          [],
          `${code} must not be reported`,
        );
      });
    }
  });
}
