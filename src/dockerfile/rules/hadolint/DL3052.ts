import { Label, Onbuild, type Instruction, type Property } from 'dockerfile-ast';
import type { Rule, RuleContext, RuleFinding } from '../../rule';

function labelProperties(instruction: Instruction): Property[] {
  const label = instruction instanceof Onbuild ? instruction.getTriggerInstruction() : instruction;
  return label instanceof Label ? label.getProperties() : [];
}

/** The `label-schema` labels this rule checks. */
function schemaLabels(ctx: RuleContext): string[] {
  return Object.entries(ctx.config.labelSchema)
    .filter(([, type]) => type.toLowerCase() === 'url')
    .map(([name]) => name);
}

/** An absolute URI as RFC 3986 writes it: a scheme, a colon, then only URI characters and %-escapes. */
function isUrl(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/.test(value);
}

export const DL3052: Rule = {
  code: 'DL3052',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Label `<label>` is not a valid URL.',
  explanation: `Reported for labels typed \`url\` under \`label-schema\` in \`.hadolint.yaml\`: the value must be an
absolute URL (with a scheme such as \`https:\`), so that registries and scanners can link to it.

Bad (with \`label-schema: { org.opencontainers.image.source: url }\`):
\`\`\`dockerfile
LABEL org.opencontainers.image.source="github.com/example/api"
\`\`\`

Good:
\`\`\`dockerfile
LABEL org.opencontainers.image.source="https://github.com/example/api"
\`\`\`

**Fix:** write the full URL, scheme included.`,
  check(ctx) {
    const names = schemaLabels(ctx);
    if (names.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructions) {
      const properties = labelProperties(instruction);
      if (properties.length === 0) continue;
      for (const name of names) {
        const bad = properties.find((property) => property.getName() === name && !isUrl(property.getValue() ?? ''));
        if (bad) findings.push({ range: bad.getValueRange() ?? bad.getNameRange(), message: `Label \`${name}\` is not a valid URL.` });
      }
    }
    return findings;
  },
};
