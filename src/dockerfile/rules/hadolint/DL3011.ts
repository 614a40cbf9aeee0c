import type { Rule, RuleFinding } from '../../rule';
import { wordsOf } from '../kit';

export const DL3011: Rule = {
  code: 'DL3011',
  source: 'hadolint',
  severity: 'error',
  summary: 'Valid UNIX ports range from 0 to 65535',
  explanation: `A TCP or UDP port is a 16-bit number; anything above 65535 cannot be exposed or published.

Bad:
\`\`\`dockerfile
EXPOSE 80000
\`\`\`

Good:
\`\`\`dockerfile
EXPOSE 8000
\`\`\`

Ranges (\`8000-8100\`) are checked at both ends; ports given by a variable are not checked.
No automatic fix: only you know the intended port.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructionsOf('EXPOSE')) {
      for (const word of wordsOf(ctx, instruction).words) {
        const ports = word.value.split('/')[0].split('-');
        if (ports.some((port) => /^\d+$/.test(port) && Number(port) > 65535)) findings.push({ range: word.range });
      }
    }
    return findings;
  },
};
