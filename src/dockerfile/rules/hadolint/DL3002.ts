import type { Rule, RuleFinding } from '../../rule';
import { stageInstructionsOf, wordsOf } from '../kit';

function isRoot(user: string): boolean {
  return user === 'root' || user === '0' || user.startsWith('root:') || user.startsWith('0:');
}

export const DL3002: Rule = {
  code: 'DL3002',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Last USER should not be root.',
  explanation: `A container that runs as root gives anything that breaks out of the application full control of
the container, and often of mounted volumes. Switch to root for the steps that need it, then back
to an unprivileged user before the stage ends.

Bad:
\`\`\`dockerfile
FROM debian:12
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl
\`\`\`

Good:
\`\`\`dockerfile
FROM debian:12
USER root
RUN apt-get update && apt-get install -y --no-install-recommends curl
USER app
\`\`\`

As in hadolint, every stage whose last \`USER\` is root is reported (a later stage may be built
\`FROM\` it). No automatic fix: the right user depends on the image.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const stage of ctx.stages) {
      const users = stageInstructionsOf(ctx, stage, 'USER');
      const last = users[users.length - 1];
      if (!last) continue;
      const { words } = wordsOf(ctx, last);
      if (words.length > 0 && isRoot(words[0].value)) findings.push({ range: words[0].range });
    }
    return findings;
  },
};
