// BuildKit's LegacyKeyValueFormat: `ENV key value` / `LABEL key value` instead of `key=value`.
import type { Rule, RuleFinding } from '../../rule';
import { argProperties, textOf } from '../kit';

export const LegacyKeyValueFormat: Rule = {
  code: 'LegacyKeyValueFormat',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Legacy key/value format with whitespace separator should not be used',
  explanation: [
    '`ENV key value` sets one variable to the whole rest of the line, so `ENV A 1 B 2` sets `A` to `1 B 2`;',
    'the `key=value` form has no such surprise and can set several variables at once. Docker reports the',
    'legacy form for `ENV` and `LABEL` (build check `LegacyKeyValueFormat`).',
    '',
    '```dockerfile',
    '# Bad',
    'ENV NODE_ENV production',
    'ENV GREETING hello world',
    '# Good',
    'ENV NODE_ENV=production',
    'ENV GREETING="hello world"',
    '```',
    '',
    'Quick fix: `ENV a b` becomes `ENV a=b`, and a value with spaces is double-quoted. It is offered only',
    'when the value has no quotes or backslashes of its own (those would change meaning once quoted).',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructionsOf('ENV', 'LABEL')) {
      const keyword = instruction.getKeyword();
      for (const property of argProperties(instruction)) {
        const valueRange = property.getValueRange();
        if (property.getAssignmentOperator() !== null || !valueRange) continue;
        const nameRange = property.getNameRange();
        const raw = textOf(context, valueRange);
        const singleLine = nameRange.start.line === valueRange.end.line;
        const plain = singleLine && !/["'\\]/.test(raw);
        const value = /\s/.test(raw) ? `"${raw}"` : raw;
        findings.push({
          range: property.getRange(),
          message: `"${keyword} key=value" should be used instead of legacy "${keyword} key value" format`,
          fix: plain
            ? {
                title: `Use ${keyword} ${property.getName()}=${value}`,
                edits: [{ range: { start: nameRange.start, end: valueRange.end }, newText: `${property.getName()}=${value}` }],
              }
            : undefined,
        });
      }
    }
    return findings;
  },
};
