import type { Rule } from '../../rule';
import { missingAssumeYes } from './assumeYes';

export const DL3030: Rule = {
  code: 'DL3030',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Use the -y switch to avoid manual input `yum install -y <package`',
  explanation: `Without \`-y\` (\`--assumeyes\`) yum asks for confirmation; a build has no one to answer, so yum
gives up and the build fails (or hangs waiting for input).

Bad:
\`\`\`dockerfile
RUN yum install httpd-2.4.6 && yum clean all
\`\`\`

Good:
\`\`\`dockerfile
RUN yum install -y httpd-2.4.6 && yum clean all
\`\`\`

**Fix:** the quick fix adds \`-y\` after \`install\`.`,
  check: (ctx) => missingAssumeYes(ctx, ['yum']),
};
