import type { Rule } from '../../rule';
import { invalidSchemaLabels } from '../kit';

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
    return invalidSchemaLabels(ctx, 'email', isEmail, (name) => `Label \`${name}\` is not a valid email format - must be conform to RFC5322.`);
  },
};
