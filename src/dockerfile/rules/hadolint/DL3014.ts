import type { Rule, RuleFinding, ShellCommand } from '../../rule';
import { cmdHasArgs, commandFlags, hasAnyFlag, insertAfterArg, runShells } from '../kit';

/** As hadolint: `-y` and its long forms, or quiet level 2 (`-qq`, `-q -q`, `--quiet --quiet`, `-q=2`), implying it. */
function assumesYes(command: ShellCommand): boolean {
  const flags = commandFlags(command);
  const count = (name: string): number => flags.filter((flag) => flag === name).length;
  return (
    hasAnyFlag(command, ['y', 'yes', 'qq', 'assume-yes']) || count('q') === 2 || count('quiet') === 2 || command.args.includes('-q=2')
  );
}

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

\`-y\`, \`--yes\`, \`--assume-yes\`, and quiet level 2 (\`-qq\`, \`-q -q\`, \`--quiet --quiet\`, \`-q=2\`), which
implies \`-y\`, all count; a single \`-q\` does not (apt-get still asks).
**Fix:** adds \`-y\` after \`install\`.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { shell } of runShells(ctx)) {
      const command = shell.commands.find((candidate) => cmdHasArgs(candidate, 'apt-get', ['install']) && !assumesYes(candidate));
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
