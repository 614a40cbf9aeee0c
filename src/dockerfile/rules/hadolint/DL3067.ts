import type { Rule, RuleFinding } from '../../rule';
import { dropQuotes, wordsOf } from '../kit';

export const DL3067: Rule = {
  code: 'DL3067',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Do not copy an entire filesystem from another stage',
  explanation: `\`COPY --from=build / /\` lays the whole file system of the other stage (its package manager, caches,
compilers, \`/etc\`) over this one. The image ends up as large as the build stage, and files of this
stage's base are silently replaced. Copy what the image needs to run.

Bad:
\`\`\`dockerfile
COPY --from=build / /
\`\`\`

Good:
\`\`\`dockerfile
COPY --from=build /app/dist /app
\`\`\`

No automatic fix: only you know which paths the image needs.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructionsOf('COPY')) {
      const { flags, words } = wordsOf(ctx, instruction);
      if (!flags.some((flag) => flag.name.toLowerCase() === 'from') || words.length < 2) continue;
      const isRoot = (word: string): boolean => dropQuotes(word) === '/';
      const target = words[words.length - 1];
      if (isRoot(target.value) && words.slice(0, -1).some((source) => isRoot(source.value))) {
        findings.push({ range: instruction.getRange() });
      }
    }
    return findings;
  },
};
