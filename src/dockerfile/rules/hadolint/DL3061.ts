import type { Rule, RuleFinding } from '../../rule';

export const DL3061: Rule = {
  code: 'DL3061',
  source: 'hadolint',
  severity: 'error',
  summary: 'Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.',
  explanation: `Only \`ARG\` (and comments and parser directives) may come before the first \`FROM\`; Docker
rejects any other instruction there.

Bad:
\`\`\`dockerfile
LABEL org.opencontainers.image.title="api"
FROM debian:12
\`\`\`

Good:
\`\`\`dockerfile
ARG DEBIAN_VERSION=12
FROM debian:\${DEBIAN_VERSION}
LABEL org.opencontainers.image.title="api"
\`\`\`

**Fix:** move the instruction below the first \`FROM\`.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') break;
      if (keyword !== 'ARG') findings.push({ range: instruction.getInstructionRange() });
    }
    return findings;
  },
};
