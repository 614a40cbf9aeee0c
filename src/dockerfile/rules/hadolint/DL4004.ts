import type { Rule } from '../../rule';
import { repeatedPerStage } from '../kit';

export const DL4004: Rule = {
  code: 'DL4004',
  source: 'hadolint',
  severity: 'error',
  summary: 'Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect',
  explanation: `A stage has one entrypoint: every \`ENTRYPOINT\` but the last one in a stage is ignored.

Bad:
\`\`\`dockerfile
FROM debian:12
ENTRYPOINT ["/usr/bin/tini", "--"]
ENTRYPOINT ["./server"]
\`\`\`

Good:
\`\`\`dockerfile
FROM debian:12
ENTRYPOINT ["/usr/bin/tini", "--", "./server"]
\`\`\`

**Fix:** keep one \`ENTRYPOINT\` per stage, combining the commands if you need both.`,
  check: (ctx) => repeatedPerStage(ctx, 'ENTRYPOINT'),
};
