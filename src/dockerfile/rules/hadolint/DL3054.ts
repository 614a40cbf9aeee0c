import type { Rule } from '../../rule';
import { invalidSchemaLabels } from '../kit';
import deprecatedLicenseIds from 'spdx-license-ids/deprecated.json';
import licenseIds from 'spdx-license-ids/index.json';

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
    return invalidSchemaLabels(ctx, 'spdx', isSpdxLicenseId, (name) => `Label \`${name}\` is not a valid SPDX identifier.`);
  },
};
