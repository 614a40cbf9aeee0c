import type { Rule, RuleFinding } from '../../rule';
import { fromParts, parseImageRef } from '../kit';

export const DL3006: Rule = {
  code: 'DL3006',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Always tag the version of an image explicitly',
  explanation: `Without a tag Docker pulls \`:latest\`, which moves: the same Dockerfile builds a different image
next month, and a rebuild can break for reasons unrelated to your change.

Bad:
\`\`\`dockerfile
FROM debian
\`\`\`

Good:
\`\`\`dockerfile
FROM debian:12.7-slim
\`\`\`

Not flagged: \`scratch\`, images pinned by digest (\`ruby@sha256:...\`), earlier stage names
(\`FROM build\`), and images given by a variable (\`FROM \${BASE}\`). No automatic fix: pick the
version you have tested.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    const aliases = new Set<string>();
    for (const instruction of ctx.instructionsOf('FROM')) {
      const { image, alias } = fromParts(ctx, instruction);
      if (image) {
        const ref = parseImageRef(image.value);
        const untagged = ref.tag === undefined && ref.digest === undefined;
        const exempt = image.value === 'scratch' || image.value.includes('$') || aliases.has(image.value.toLowerCase());
        if (untagged && !exempt) findings.push({ range: image.range });
      }
      if (alias) aliases.add(alias.value.toLowerCase());
    }
    return findings;
  },
};
