import type { Rule } from '../../rule';
import { invalidSchemaLabels } from '../kit';

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
    return invalidSchemaLabels(ctx, 'url', isUrl, (name) => `Label \`${name}\` is not a valid URL.`);
  },
};
