import { Onbuild } from 'dockerfile-ast';
import type { Rule, RuleFinding } from '../../rule';

const FORBIDDEN_TRIGGERS = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

export const DL3043: Rule = {
  code: 'DL3043',
  source: 'hadolint',
  severity: 'error',
  summary: '`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.',
  explanation: `Docker refuses \`ONBUILD ONBUILD\`, \`ONBUILD FROM\` and \`ONBUILD MAINTAINER\`: the image builds, but
every image built FROM it fails.

Bad:
\`\`\`dockerfile
FROM node:20
ONBUILD FROM node:20-slim
\`\`\`

Good:
\`\`\`dockerfile
FROM node:20
ONBUILD COPY package.json package-lock.json ./
ONBUILD RUN npm ci
\`\`\`

**Fix:** remove the trigger, or move what it does into the Dockerfile that uses this image.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructionsOf('ONBUILD')) {
      if (!(instruction instanceof Onbuild)) continue;
      const word = instruction.getTriggerWord()?.toUpperCase();
      const range = instruction.getTriggerRange();
      if (word && range && FORBIDDEN_TRIGGERS.has(word)) findings.push({ range });
    }
    return findings;
  },
};
