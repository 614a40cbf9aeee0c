import { Label, Onbuild, type Instruction, type Property } from 'dockerfile-ast';
import type { Rule, RuleContext, RuleFinding } from '../../rule';
import deprecatedLicenseIds from 'spdx-license-ids/deprecated.json';
import licenseIds from 'spdx-license-ids/index.json';

function labelProperties(instruction: Instruction): Property[] {
  const label = instruction instanceof Onbuild ? instruction.getTriggerInstruction() : instruction;
  return label instanceof Label ? label.getProperties() : [];
}

/** The `label-schema` labels this rule checks. */
function schemaLabels(ctx: RuleContext): string[] {
  return Object.entries(ctx.config.labelSchema)
    .filter(([, type]) => type.toLowerCase() === 'spdx')
    .map(([name]) => name);
}

const SPDX_IDS = new Set<string>([...licenseIds, ...deprecatedLicenseIds]);

/** One SPDX license identifier (`MIT`, `Apache-2.0`), as hadolint accepts it: not an expression. */
function isSpdxLicenseId(value: string): boolean {
  return SPDX_IDS.has(value);
}

export const DL3054: Rule = {
  code: 'DL3054',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Label `<label>` is not a valid SPDX identifier.',
  explanation: `Reported for labels typed \`spdx\` under \`label-schema\` in \`.hadolint.yaml\`: the value must be one
SPDX license identifier such as \`MIT\` or \`Apache-2.0\` (exact spelling), so license scanners can
read it.

Bad (with \`label-schema: { org.opencontainers.image.licenses: spdx }\`):
\`\`\`dockerfile
LABEL org.opencontainers.image.licenses="Apache 2"
\`\`\`

Good:
\`\`\`dockerfile
LABEL org.opencontainers.image.licenses="Apache-2.0"
\`\`\`

**Fix:** use the identifier from https://spdx.org/licenses/.`,
  check(ctx) {
    const names = schemaLabels(ctx);
    if (names.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructions) {
      const properties = labelProperties(instruction);
      if (properties.length === 0) continue;
      for (const name of names) {
        const bad = properties.find((property) => property.getName() === name && !isSpdxLicenseId(property.getValue() ?? ''));
        if (bad) findings.push({ range: bad.getValueRange() ?? bad.getNameRange(), message: `Label \`${name}\` is not a valid SPDX identifier.` });
      }
    }
    return findings;
  },
};
