import type { Rule, RuleFinding } from '../../rule';
import { dropQuotes, wordsOf } from '../kit';

export const DL3000: Rule = {
  code: 'DL3000',
  source: 'hadolint',
  severity: 'error',
  summary: 'Use absolute WORKDIR.',
  explanation: `A relative \`WORKDIR\` is resolved against whatever the previous working directory was, which
may come from the base image and change when it does. An absolute path says where files land.

Bad:
\`\`\`dockerfile
WORKDIR app
\`\`\`

Good:
\`\`\`dockerfile
WORKDIR /app
\`\`\`

Paths starting with a variable (\`WORKDIR $HOME/app\`) and Windows paths (\`C:\\app\`) are accepted.
No automatic fix: only you know which absolute path was meant.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructionsOf('WORKDIR')) {
      const { words } = wordsOf(ctx, instruction);
      if (words.length === 0) continue;
      const path = dropQuotes(words.map((word) => word.value).join(' '));
      if (path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:/.test(path)) continue;
      findings.push({ range: { start: words[0].range.start, end: words[words.length - 1].range.end } });
    }
    return findings;
  },
};
