import type { Rule, RuleFinding } from '../../rule';
import { labelProperties } from '../kit';

export const DL3050: Rule = {
  code: 'DL3050',
  source: 'hadolint',
  severity: 'info',
  summary: 'Superfluous label(s) present.',
  explanation: `Only reported with \`strict-labels: true\` in \`.hadolint.yaml\`: then every label must be one of those
listed under \`label-schema\`, so that images carry exactly the metadata your organisation agreed on.

Bad (with \`label-schema: { org.opencontainers.image.version: semver }\` and \`strict-labels: true\`):
\`\`\`dockerfile
LABEL org.opencontainers.image.version="1.2.0" build-host="ci-7"
\`\`\`

Good:
\`\`\`dockerfile
LABEL org.opencontainers.image.version="1.2.0"
\`\`\`

**Fix:** remove the label, or add it to \`label-schema\`.`,
  check(ctx) {
    if (!ctx.config.strictLabels) return [];
    const allowed = ctx.config.labelSchema;
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructionsOf('LABEL', 'ONBUILD')) {
      const extra = labelProperties(instruction)
        .find((property) => !Object.prototype.hasOwnProperty.call(allowed, property.getName()));
      if (extra) findings.push({ range: extra.getNameRange() });
    }
    return findings;
  },
};
