import type { Rule, RuleFinding } from '../../rule';
import { fromParts } from '../kit';

export const DL3024: Rule = {
  code: 'DL3024',
  source: 'hadolint',
  severity: 'error',
  summary: 'FROM aliases (stage names) must be unique.',
  explanation: `Two stages with the same name make \`COPY --from=name\` and \`--target name\` ambiguous; Docker
refuses to build.

Bad:
\`\`\`dockerfile
FROM node:22 AS build
FROM golang:1.23 AS build
\`\`\`

Good:
\`\`\`dockerfile
FROM node:22 AS web-build
FROM golang:1.23 AS api-build
\`\`\`

Names are compared without case, as Docker does. Every repeat after the first is reported.
No automatic fix: renaming means updating the references too.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const stage of ctx.stages) {
      const { alias } = fromParts(ctx, stage.from);
      if (!alias) continue;
      const name = alias.value.toLowerCase();
      if (seen.has(name)) findings.push({ range: alias.range });
      seen.add(name);
    }
    return findings;
  },
};
