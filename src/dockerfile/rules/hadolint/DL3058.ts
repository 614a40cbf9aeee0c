import { Label, Onbuild, type Instruction, type Property } from 'dockerfile-ast';
import type { Rule, RuleContext, RuleFinding } from '../../rule';

function labelProperties(instruction: Instruction): Property[] {
  const label = instruction instanceof Onbuild ? instruction.getTriggerInstruction() : instruction;
  return label instanceof Label ? label.getProperties() : [];
}

/** The `label-schema` labels this rule checks. */
function schemaLabels(ctx: RuleContext): string[] {
  return Object.entries(ctx.config.labelSchema)
    .filter(([, type]) => type.toLowerCase() === 'email')
    .map(([name]) => name);
}

// RFC 5322 addr-spec: a dot-atom or quoted local part, `@`, a dot-atom domain or a [domain literal].
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_ATOM = `${ATOM}(?:\\.${ATOM})*`;
const QUOTED = '"(?:[^"\\\\\\r\\n]|\\\\.)*"';
const DOMAIN_LITERAL = '\\[[^\\[\\]\\\\\\s]*\\]';
const EMAIL = new RegExp(`^(?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|${DOMAIN_LITERAL})$`);

function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

export const DL3058: Rule = {
  code: 'DL3058',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Label `<label>` is not a valid email format - must be conform to RFC5322.',
  explanation: `Reported for labels typed \`email\` under \`label-schema\` in \`.hadolint.yaml\`: the value must be a
bare e-mail address (RFC 5322 addr-spec), not a name with an address.

Bad (with \`label-schema: { maintainer: email }\`):
\`\`\`dockerfile
LABEL maintainer="Jane Doe <jane@example.com>"
\`\`\`

Good:
\`\`\`dockerfile
LABEL maintainer="jane@example.com"
\`\`\`

**Fix:** keep only the address.`,
  check(ctx) {
    const names = schemaLabels(ctx);
    if (names.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructions) {
      const properties = labelProperties(instruction);
      if (properties.length === 0) continue;
      for (const name of names) {
        const bad = properties.find((property) => property.getName() === name && !isEmail(property.getValue() ?? ''));
        if (bad) findings.push({ range: bad.getValueRange() ?? bad.getNameRange(), message: `Label \`${name}\` is not a valid email format - must be conform to RFC5322.` });
      }
    }
    return findings;
  },
};
