import type { Rule } from '../../rule';
import { invalidSchemaLabels } from '../kit';

/** A git commit hash, short (7) or full (40), in lower-case hex. */
function isGitHash(value: string): boolean {
  return /^(?:[0-9a-f]{7}|[0-9a-f]{40})$/.test(value);
}

export const DL3055: Rule = {
  code: 'DL3055',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Label `<label>` is not a valid git hash.',
  explanation: `Reported for labels typed \`hash\` under \`label-schema\` in \`.hadolint.yaml\`: the value must be a
git commit hash, 7 or 40 lower-case hex digits, so an image can be traced to the commit it was built from.

Bad (with \`label-schema: { org.opencontainers.image.revision: hash }\`):
\`\`\`dockerfile
LABEL org.opencontainers.image.revision="main"
\`\`\`

Good:
\`\`\`dockerfile
ARG GIT_COMMIT
LABEL org.opencontainers.image.revision="\${GIT_COMMIT}"
\`\`\`
built with \`--build-arg GIT_COMMIT=$(git rev-parse HEAD)\`.

**Fix:** write the commit hash, not a branch or tag name.`,
  check(ctx) {
    return invalidSchemaLabels(ctx, 'hash', isGitHash, (name) => `Label \`${name}\` is not a valid git hash.`);
  },
};
