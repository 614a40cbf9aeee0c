// BuildKit's MaintainerDeprecated: MAINTAINER is replaced by a label.
import type { Rule, RuleFinding } from '../../rule';

export const MaintainerDeprecated: Rule = {
  code: 'MaintainerDeprecated',
  source: 'buildkit',
  severity: 'warning',
  summary: 'The MAINTAINER instruction is deprecated, use a label instead to define an image author',
  explanation: [
    '`MAINTAINER` is deprecated; the OCI label `org.opencontainers.image.authors` says the same and is what',
    'registries and scanners read. hadolint reports the same as DL4000.',
    '',
    '```dockerfile',
    '# Bad',
    'MAINTAINER Jane Doe <jane@example.com>',
    '# Good',
    'LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"',
    '```',
    '',
    'Quick fix: replace it with that label.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructionsOf('MAINTAINER')) {
      const author = (instruction.getArgumentsContent() ?? '').trim();
      const quoted = author.replace(/(["\\$])/g, '\\$1');
      const label = instruction.getInstruction() === 'maintainer' ? 'label' : 'LABEL';
      const range = instruction.getRange();
      findings.push({
        range: instruction.getInstructionRange(),
        message: 'Maintainer instruction is deprecated in favor of using label',
        fix:
          author && range.start.line === range.end.line
            ? { title: 'Replace with LABEL org.opencontainers.image.authors', edits: [{ range, newText: `${label} org.opencontainers.image.authors="${quoted}"` }] }
            : undefined,
      });
    }
    return findings;
  },
};
