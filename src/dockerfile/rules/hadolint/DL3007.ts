import type { Rule, RuleFinding } from '../../rule';
import { fromParts, parseImageRef } from '../kit';

export const DL3007: Rule = {
  code: 'DL3007',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag',
  explanation: `\`:latest\` is whatever was pushed last: builds stop being reproducible, and a new major version
of the base image can break the build or the application without any change on your side.

Bad:
\`\`\`dockerfile
FROM node:latest
\`\`\`

Good:
\`\`\`dockerfile
FROM node:22.11-bookworm-slim
\`\`\`

An image pinned by digest as well (\`node:latest@sha256:...\`) is not flagged: the digest fixes the image, as
hadolint reads it.
No automatic fix: pick the release you have tested.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructionsOf('FROM')) {
      const { image } = fromParts(ctx, instruction);
      const ref = image && parseImageRef(image.value);
      if (image && ref && ref.tag === 'latest' && !ref.digest) findings.push({ range: image.range });
    }
    return findings;
  },
};
