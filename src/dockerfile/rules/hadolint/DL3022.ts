import type { Rule, RuleFinding } from '../../rule';
import { flagsOf, fromParts } from '../kit';

export const DL3022: Rule = {
  code: 'DL3022',
  source: 'hadolint',
  severity: 'warning',
  summary: 'COPY --from should reference a previously defined FROM alias',
  explanation: `\`COPY --from=name\` copies from the stage called \`name\`. If no earlier stage has that name,
Docker treats it as an image to pull, which is rarely what was meant: usually a typo, or a stage
defined further down.

Bad:
\`\`\`dockerfile
FROM golang:1.23 AS builder
RUN go build -o /app .
FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
\`\`\`

Good:
\`\`\`dockerfile
COPY --from=builder /app /app
\`\`\`

Unlike hadolint, an explicit image reference (\`--from=nginx:1.27\`, \`--from=ghcr.io/org/tool\`)
and a stage number (\`--from=0\`) are not flagged: Docker accepts both on purpose. No automatic
fix: only you know which stage was meant.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    const aliases = new Set<string>();
    let stages = 0;
    for (const instruction of ctx.instructionsOf('FROM', 'COPY')) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') {
        const { alias } = fromParts(ctx, instruction);
        if (alias) aliases.add(alias.value.toLowerCase());
        stages++;
        continue;
      }
      if (keyword !== 'COPY') continue;
      const from = flagsOf(instruction).find((flag) => flag.name.toLowerCase() === 'from');
      if (!from?.value) continue;
      const name = from.value.toLowerCase();
      const imageRef = /[:/@.]/.test(name) || name.includes('$');
      const stageNumber = /^\d+$/.test(name) && Number(name) < stages;
      if (!aliases.has(name) && !imageRef && !stageNumber) findings.push({ range: from.range });
    }
    return findings;
  },
};
