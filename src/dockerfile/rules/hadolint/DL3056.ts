import type { Rule } from '../../rule';
import { invalidSchemaLabels } from '../kit';

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
    return invalidSchemaLabels(ctx, 'semver', isSemVer, (name) => `Label \`${name}\` does not conform to semantic versioning.`);
  },
};
