import type { Rule, RuleFinding } from '../../rule';
import { cmdHasArgs, hasAnyFlag, insertAfterArg, runShells } from '../kit';

export const DL3014: Rule = {
  code: 'DL3014',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Use the `-y` switch to avoid manual input `apt-get -y install <package>`',
  explanation: `Without \`-y\`, \`apt-get install\` asks for confirmation whenever it would install more than was
asked for; a build has no one to answer, so it aborts.

Bad:
\`\`\`dockerfile
RUN apt-get update && apt-get install --no-install-recommends curl
\`\`\`

Good:
\`\`\`dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
\`\`\`

\`-y\`, \`--yes\`, \`--assume-yes\` and \`-q\`/\`-qq\` (hadolint accepts them too) all count.
**Fix:** adds \`-y\` after \`install\`.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { shell } of runShells(ctx)) {
      const command = shell.commands.find(
        (candidate) => cmdHasArgs(candidate, 'apt-get', ['install']) && !hasAnyFlag(candidate, ['y', 'yes', 'q', 'assume-yes']),
      );
      if (!command) continue;
      const install = command.argRanges[command.args.indexOf('install')];
      findings.push({
        range: { start: command.nameRange.start, end: install.end },
        fix: { title: 'Add -y', edits: [insertAfterArg(shell, command, command.args.indexOf('install'), ['-y'])] },
      });
    }
    return findings;
  },
};
