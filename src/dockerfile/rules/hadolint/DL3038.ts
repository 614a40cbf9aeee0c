import type { Rule } from '../../rule';
import { missingAssumeYes } from './assumeYes';

export const DL3038: Rule = {
  code: 'DL3038',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Use the -y switch to avoid manual input `dnf install -y <package>`.',
  explanation: `Without \`-y\` (\`--assumeyes\`) dnf asks for confirmation; a build has no one to answer, so dnf
gives up and the build fails (or hangs waiting for input).

Bad:
\`\`\`dockerfile
RUN dnf install httpd-2.4.6 && dnf clean all
\`\`\`

Good:
\`\`\`dockerfile
RUN dnf install -y httpd-2.4.6 && dnf clean all
\`\`\`

**Fix:** the quick fix adds \`-y\` after \`install\`.`,
  check: (ctx) => missingAssumeYes(ctx, ['dnf', 'microdnf']),
};
