import type { Rule, RuleFinding } from '../../rule';
import { flagsOf, stageInstructionsOf } from '../kit';

export const DL3023: Rule = {
  code: 'DL3023',
  source: 'hadolint',
  severity: 'error',
  summary: '`COPY --from` cannot reference its own `FROM` alias',
  explanation: `A stage cannot copy from itself: while it is being built its result does not exist yet, and
Docker stops with a circular-dependency error.

Bad:
\`\`\`dockerfile
FROM node:22 AS build
COPY --from=build /app/dist /srv
\`\`\`

Good:
\`\`\`dockerfile
FROM node:22 AS build
RUN npm run build
FROM nginx:1.27
COPY --from=build /app/dist /usr/share/nginx/html
\`\`\`

No automatic fix: the copy probably belongs in a later stage.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const stage of ctx.stages) {
      if (!stage.name) continue;
      for (const instruction of stageInstructionsOf(ctx, stage, 'COPY')) {
        const from = flagsOf(instruction).find((flag) => flag.name.toLowerCase() === 'from');
        if (from?.value?.toLowerCase() === stage.name) findings.push({ range: from.range });
      }
    }
    return findings;
  },
};
