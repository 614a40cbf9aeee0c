// Compose rule specs, like test/unit/dockerfile/spec.ts: compose files a rule must flag (and how the
// fix leaves them) and files it must pass, run through the real lintCompose(). `line` is 1-based.
//
//   composeSpec('SDC1005', {
//     flags: [{ compose: 'version: "3"\nservices: {}\n', line: 1, fixed: 'services: {}\n' }],
//     passes: ['services: {}\n'],
//   });
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { composeRuleByCode, lintCompose, type ComposeLintOptions } from '../../../src/compose';
import type { Finding } from '../../../src/dockerfile';
import { applyEdits } from '../dockerfile/spec';

type Options = Pick<ComposeLintOptions, 'observations' | 'headroom' | 'dockerignore' | 'config'>;

export interface ComposeFlagCase extends Options {
  compose: string;
  count?: number;
  line?: number;
  message?: string | RegExp;
  /** The text after every fix of this rule; the rule must then be quiet. */
  fixed?: string;
  noFix?: boolean;
}
export interface ComposePassCase extends Options {
  compose: string;
}

export function composeFindings(code: string, compose: string, options: Options = {}): Finding[] {
  const result = lintCompose(compose, options);
  assert.deepEqual(result.ruleErrors ?? [], [], 'no rule may throw');
  assert.deepEqual(result.findings.filter((f) => f.message.startsWith('Stevedore could not lint')), [], 'the engine must not fail');
  return result.findings.filter((finding) => finding.code === code);
}

const label = (text: string): string => {
  const flat = text.replace(/\n/g, ' ⏎ ');
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
};

export function composeSpec(code: string, spec: { flags: Array<string | ComposeFlagCase>; passes: Array<string | ComposePassCase> }): void {
  describe(code, () => {
    it('is a known rule with its docs page', () => {
      assert.ok(composeRuleByCode(code), `${code} is listed in composeRules`);
      assert.ok(existsSync(join(__dirname, '../../../docs/rules', `${code}.md`)), `docs/rules/${code}.md exists`);
    });
    for (const entry of spec.flags) {
      const c: ComposeFlagCase = typeof entry === 'string' ? { compose: entry } : entry;
      it(`flags: ${label(c.compose)}`, () => {
        const found = composeFindings(code, c.compose, c);
        if (c.count !== undefined) assert.equal(found.length, c.count, `${code} reported ${found.length} times`);
        else assert.ok(found.length > 0, `${code} must be reported`);
        if (c.line !== undefined) assert.equal(found[0].range.start.line + 1, c.line, 'line of the finding');
        if (typeof c.message === 'string') assert.equal(found[0].message, c.message);
        else if (c.message) assert.match(found[0].message, c.message);
        if (c.noFix) assert.ok(found.every((finding) => !finding.fix), 'no fix is offered');
        if (c.fixed !== undefined) {
          const edits = found.flatMap((finding) => finding.fix?.edits ?? []);
          assert.ok(edits.length > 0, 'a fix is offered');
          const fixed = applyEdits(c.compose, edits);
          assert.equal(fixed, c.fixed, 'text after the fix');
          assert.deepEqual(composeFindings(code, fixed, c), [], `${code} is gone after the fix`);
          assert.deepEqual(composeFindings('SDC1000', fixed, c), [], 'the fixed file is still valid YAML');
        }
      });
    }
    for (const entry of spec.passes) {
      const c: ComposePassCase = typeof entry === 'string' ? { compose: entry } : entry;
      it(`passes: ${label(c.compose)}`, () => {
        const found = composeFindings(code, c.compose, c);
        assert.deepEqual(found.map((f) => `${f.range.start.line + 1}: ${f.message}`), [], `${code} must not be reported`);
      });
    }
  });
}

const MiB = 1024 * 1024;
/** One observed service: `observed('web', 40)` = a 40 MiB peak over 10 minutes. */
export function observed(name: string, peakMiB: number, cpus?: number): Map<string, { peakMemoryBytes: number; peakCpus?: number; windowSeconds: number }> {
  return new Map([[name, { peakMemoryBytes: peakMiB * MiB, peakCpus: cpus, windowSeconds: 600 }]]);
}
