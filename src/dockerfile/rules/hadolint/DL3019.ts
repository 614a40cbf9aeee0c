import type { Rule, RuleFinding } from '../../rule';
import { cmdHasArgs, hasCacheOrTmpfsMountWith, hasFlag, insertAfterArg, runShells } from '../kit';

export const DL3019: Rule = {
  code: 'DL3019',
  source: 'hadolint',
  severity: 'info',
  summary: 'Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages',
  explanation: `\`apk add\` keeps the package index it downloads in \`/var/cache/apk\`, and that ships in the layer.
\`--no-cache\` fetches a fresh index and keeps nothing.

Bad:
\`\`\`dockerfile
RUN apk add --update curl=8.11.1-r0
\`\`\`

Good:
\`\`\`dockerfile
RUN apk add --no-cache curl=8.11.1-r0
\`\`\`

Not flagged: a BuildKit cache or tmpfs mount on \`/var/cache/apk\`. **Fix:** adds \`--no-cache\` after \`add\`.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { instruction, shell } of runShells(ctx)) {
      if (hasCacheOrTmpfsMountWith(instruction, '/var/cache/apk')) continue;
      const command = shell.commands.find((candidate) => cmdHasArgs(candidate, 'apk', ['add']) && !hasFlag(candidate, 'no-cache'));
      if (!command) continue;
      const add = command.args.indexOf('add');
      findings.push({
        range: { start: command.nameRange.start, end: command.argRanges[add].end },
        fix: { title: 'Add --no-cache', edits: [insertAfterArg(shell, command, add, ['--no-cache'])] },
      });
    }
    return findings;
  },
};
