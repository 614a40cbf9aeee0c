import { From } from 'dockerfile-ast';
import type { Rule, RuleFinding } from '../../rule';

// Names BuildKit gives a meaning of its own: `FROM scratch` and the build context `--from=context`.
const RESERVED = new Set(['scratch', 'context']);

export const DL3063: Rule = {
  code: 'DL3063',
  source: 'hadolint',
  severity: 'warning',
  summary: 'stage name should not be a reserved word',
  explanation: `\`scratch\` and \`context\` already mean something to BuildKit (the empty image, and the build
context in \`COPY --from=context\`). A stage with one of these names is confusing at best, and at
worst \`FROM scratch\` or \`--from=context\` later in the file no longer means what it says.

Bad:
\`\`\`dockerfile
FROM golang:1.22 AS scratch
\`\`\`

Good:
\`\`\`dockerfile
FROM golang:1.22 AS build
\`\`\`

**Fix:** rename the stage, and every \`FROM\` and \`--from=\` that refers to it.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructionsOf('FROM')) {
      if (!(instruction instanceof From)) continue;
      const stage = instruction.getBuildStage();
      const range = instruction.getBuildStageRange();
      if (stage && range && RESERVED.has(stage.toLowerCase())) findings.push({ range });
    }
    return findings;
  },
};
