import type { Rule, RuleFinding } from '../../rule';
import { fromParts } from '../kit';

export const DL3029: Rule = {
  code: 'DL3029',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Do not use --platform flag with FROM',
  explanation: `A fixed \`FROM --platform=linux/amd64\` forces one architecture: on an arm64 machine the build runs
under emulation (slow) and a multi-platform build produces the wrong binaries. Let
\`docker build --platform\` choose.

Bad:
\`\`\`dockerfile
FROM --platform=linux/amd64 debian:12
\`\`\`

Good:
\`\`\`dockerfile
FROM debian:12
# or, for a cross-compiling build stage:
FROM --platform=$BUILDPLATFORM golang:1.23 AS build
\`\`\`

\`$BUILDPLATFORM\` and \`$TARGETPLATFORM\` (in any spelling: braces, quotes, defaults) are not
flagged. No automatic fix: removing the flag changes which image is pulled.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const stage of ctx.stages) {
      const { platform } = fromParts(ctx, stage.from);
      if (!platform?.value) continue;
      if (platform.value.includes('BUILDPLATFORM') || platform.value.includes('TARGETPLATFORM')) continue;
      findings.push({ range: platform.range });
    }
    return findings;
  },
};
