import type { Rule, RuleFinding } from '../../rule';
import { cmdHasArgs, hasArg, hasFlag, insertAfterArg, runShells } from '../kit';

export const DL3015: Rule = {
  code: 'DL3015',
  source: 'hadolint',
  severity: 'info',
  summary: 'Avoid additional packages by specifying `--no-install-recommends`',
  explanation: `By default \`apt-get install\` also installs every "recommended" package: documentation, extra
tools, sometimes hundreds of MB the application never uses.

Bad:
\`\`\`dockerfile
RUN apt-get update && apt-get install -y curl
\`\`\`

Good:
\`\`\`dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
\`\`\`

\`-o APT::Install-Recommends=false\` counts too. **Fix:** adds \`--no-install-recommends\` after
\`install\`. If the application needed a recommended package, add it by name.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { shell } of runShells(ctx)) {
      const command = shell.commands.find(
        (candidate) =>
          cmdHasArgs(candidate, 'apt-get', ['install']) &&
          !hasFlag(candidate, 'no-install-recommends') &&
          !hasArg(candidate, 'APT::Install-Recommends=false'),
      );
      if (!command) continue;
      const install = command.argRanges[command.args.indexOf('install')];
      findings.push({
        range: { start: command.nameRange.start, end: install.end },
        fix: {
          title: 'Add --no-install-recommends',
          edits: [insertAfterArg(shell, command, command.args.indexOf('install'), ['--no-install-recommends'])],
        },
      });
    }
    return findings;
  },
};
