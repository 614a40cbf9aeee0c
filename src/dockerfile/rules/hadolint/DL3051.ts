import type { Rule } from '../../rule';
import { invalidSchemaLabels } from '../kit';

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
    return invalidSchemaLabels(ctx, undefined, isNotEmpty, (name) => `label \`${name}\` is empty.`);
  },
};
