import { Copy, From, Label, type Instruction } from 'dockerfile-ast';
import type { Rule, RuleFinding } from '../../rule';

interface StageState {
  from: From;
  /** How later stages refer to it: `FROM <alias>` and `COPY --from=<alias>`. */
  alias?: string;
  /** The image it starts from, as written without tag (what hadolint names an unaliased stage by). */
  image: string;
  hasLabel: boolean;
  /** Only a source of `COPY --from`: its labels never reach an image. */
  copiedFrom: boolean;
}

function stageStates(instructions: readonly Instruction[], label: string): StageState[] {
  const stages: StageState[] = [];
  for (const instruction of instructions) {
    if (instruction instanceof From) {
      const image = (instruction.getImageName() ?? '').toLowerCase();
      // A stage built on an earlier stage that has the label inherits it.
      const inherited = stages.some((stage) => stage.hasLabel && stage.alias !== undefined && stage.alias === image);
      stages.push({ from: instruction, alias: instruction.getBuildStage()?.toLowerCase(), image, hasLabel: inherited, copiedFrom: false });
      continue;
    }
    const current = stages[stages.length - 1];
    if (!current) continue;
    if (instruction instanceof Label && instruction.getProperties().some((property) => property.getName() === label)) {
      current.hasLabel = true;
    } else if (instruction instanceof Copy) {
      const source = instruction.getFromFlag()?.getValue()?.toLowerCase();
      for (const stage of stages) if (source && stage.alias === source) stage.copiedFrom = true;
    }
  }
  return stages;
}

export const DL3049: Rule = {
  code: 'DL3049',
  source: 'hadolint',
  severity: 'info',
  summary: 'Label `<label>` is missing.',
  explanation: `Reported for labels listed under \`label-schema\` in \`.hadolint.yaml\`: each stage that produces an
image must set every label of the schema (directly, or by building on a stage that does). Stages
used only as \`COPY --from\` sources are not reported.

Bad (with \`label-schema: { org.opencontainers.image.source: url }\`):
\`\`\`dockerfile
FROM node:20-slim
CMD ["node", "server.js"]
\`\`\`

Good:
\`\`\`dockerfile
FROM node:20-slim
LABEL org.opencontainers.image.source="https://github.com/example/api"
CMD ["node", "server.js"]
\`\`\`

**Fix:** add the label to the stage (the finding is on its \`FROM\`).`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const label of Object.keys(ctx.config.labelSchema)) {
      for (const stage of stageStates(ctx.instructions, label)) {
        if (stage.hasLabel || stage.copiedFrom) continue;
        findings.push({ range: stage.from.getRange(), message: `Label \`${label}\` is missing.` });
      }
    }
    findings.sort((a, b) => a.range.start.line - b.range.start.line);
    return findings;
  },
};
