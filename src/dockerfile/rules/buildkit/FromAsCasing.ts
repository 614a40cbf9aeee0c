// BuildKit's FromAsCasing: the `AS` of `FROM image AS name` should be cased like `FROM`.
import type { Rule, RuleFinding } from '../../rule';

export const FromAsCasing: Rule = {
  code: 'FromAsCasing',
  source: 'buildkit',
  severity: 'warning',
  summary: "The 'as' keyword should match the case of the 'from' keyword",
  explanation: [
    'Mixing `FROM` with `as` (or `from` with `AS`) reads as a typo. Docker reports it as the build check',
    '`FromAsCasing` when the `FROM` keyword itself is all upper or all lower case (a mixed-case `From` is left',
    'to `ConsistentInstructionCasing`).',
    '',
    '```dockerfile',
    '# Bad',
    'FROM golang:1.23 as build',
    '# Good',
    'FROM golang:1.23 AS build',
    '```',
    '',
    'Quick fix: recase `as` to match `FROM`.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const from = stage.from;
      const args = from.getArguments();
      if (args.length < 3 || args[1].getValue().toLowerCase() !== 'as') continue;
      const keyword = from.getInstruction();
      const as = args[1].getValue();
      const wantLower = keyword === keyword.toLowerCase();
      const wantUpper = keyword === keyword.toUpperCase();
      if (!wantLower && !wantUpper) continue;
      const expected = wantLower ? as.toLowerCase() : as.toUpperCase();
      if (as === expected) continue;
      const range = args[1].getRange();
      findings.push({
        range,
        message: `'${as}' and '${keyword}' keywords' casing do not match`,
        fix: { title: `Change '${as}' to '${expected}'`, edits: [{ range, newText: expected }] },
      });
    }
    return findings;
  },
};
