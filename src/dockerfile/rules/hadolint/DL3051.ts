import { Label, Onbuild, type Instruction, type Property } from 'dockerfile-ast';
import type { Rule, RuleContext, RuleFinding } from '../../rule';

function labelProperties(instruction: Instruction): Property[] {
  const label = instruction instanceof Onbuild ? instruction.getTriggerInstruction() : instruction;
  return label instanceof Label ? label.getProperties() : [];
}

/** The `label-schema` labels this rule checks. */
function schemaLabels(ctx: RuleContext): string[] {
  return Object.entries(ctx.config.labelSchema)
    .filter(([, type]) => true)
    .map(([name]) => name);
}

function isNotEmpty(value: string): boolean {
  return value.length > 0;
}

export const DL3051: Rule = {
  code: 'DL3051',
  source: 'hadolint',
  severity: 'warning',
  summary: 'label `<label>` is empty.',
  explanation: `Reported for labels listed under \`label-schema\` in \`.hadolint.yaml\`: a label your organisation
requires is present but has no value, which is as good as missing for the tools that read it.

Bad (with \`label-schema: { org.opencontainers.image.source: url }\`):
\`\`\`dockerfile
LABEL org.opencontainers.image.source=""
\`\`\`

Good:
\`\`\`dockerfile
LABEL org.opencontainers.image.source="https://github.com/example/api"
\`\`\`

**Fix:** give the label its value (a build argument works: \`ARG SOURCE_URL\` then \`LABEL ...="\${SOURCE_URL}"\`).`,
  check(ctx) {
    const names = schemaLabels(ctx);
    if (names.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructions) {
      const properties = labelProperties(instruction);
      if (properties.length === 0) continue;
      for (const name of names) {
        const bad = properties.find((property) => property.getName() === name && !isNotEmpty(property.getValue() ?? ''));
        if (bad) findings.push({ range: bad.getValueRange() ?? bad.getNameRange(), message: `label \`${name}\` is empty.` });
      }
    }
    return findings;
  },
};
