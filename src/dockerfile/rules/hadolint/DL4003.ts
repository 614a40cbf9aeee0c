import type { Rule } from '../../rule';
import { repeatedPerStage } from '../kit';

export const DL4003: Rule = {
  code: 'DL4003',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect',
  explanation: `A stage has one default command: every \`CMD\` but the last one in a stage is ignored, which usually
means the Dockerfile does not do what its author thinks.

Bad:
\`\`\`dockerfile
FROM debian:12
CMD ["bash"]
CMD ["./start.sh"]
\`\`\`

Good:
\`\`\`dockerfile
FROM debian:12
CMD ["./start.sh"]
\`\`\`

**Fix:** keep the one \`CMD\` you mean and delete the others. A \`CMD\` in each stage of a multi-stage build is fine.`,
  check: (ctx) => repeatedPerStage(ctx, 'CMD'),
};
