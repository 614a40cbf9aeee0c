import { Label, Onbuild, type Instruction, type Property } from 'dockerfile-ast';
import type { Rule, RuleContext, RuleFinding } from '../../rule';

function labelProperties(instruction: Instruction): Property[] {
  const label = instruction instanceof Onbuild ? instruction.getTriggerInstruction() : instruction;
  return label instanceof Label ? label.getProperties() : [];
}

/** The `label-schema` labels this rule checks. */
function schemaLabels(ctx: RuleContext): string[] {
  return Object.entries(ctx.config.labelSchema)
    .filter(([, type]) => type.toLowerCase() === 'semver')
    .map(([name]) => name);
}

// The regular expression semver.org publishes for SemVer 2.0.0.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

function isSemVer(value: string): boolean {
  return SEMVER.test(value);
}

export const DL3056: Rule = {
  code: 'DL3056',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Label `<label>` does not conform to semantic versioning.',
  explanation: `Reported for labels typed \`semver\` under \`label-schema\` in \`.hadolint.yaml\`: the value must be a
semantic version such as \`1.4.2\` or \`2.0.0-rc.1\` (no leading \`v\`).

Bad (with \`label-schema: { org.opencontainers.image.version: semver }\`):
\`\`\`dockerfile
LABEL org.opencontainers.image.version="v1.4"
\`\`\`

Good:
\`\`\`dockerfile
LABEL org.opencontainers.image.version="1.4.0"
\`\`\`

**Fix:** write MAJOR.MINOR.PATCH, with an optional \`-prerelease\` and \`+build\` part.`,
  check(ctx) {
    const names = schemaLabels(ctx);
    if (names.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructions) {
      const properties = labelProperties(instruction);
      if (properties.length === 0) continue;
      for (const name of names) {
        const bad = properties.find((property) => property.getName() === name && !isSemVer(property.getValue() ?? ''));
        if (bad) findings.push({ range: bad.getValueRange() ?? bad.getNameRange(), message: `Label \`${name}\` does not conform to semantic versioning.` });
      }
    }
    return findings;
  },
};
