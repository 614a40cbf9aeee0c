import type { Rule, RuleFinding } from '../../rule';
import { runShells } from '../kit';

const DIST_UPGRADE = new Set(['dist-upgrade', 'dup']);

export const DL3035: Rule = {
  code: 'DL3035',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Do not use `zypper dist-upgrade`.',
  explanation: `\`zypper dist-upgrade\` upgrades the whole distribution inside the image: the result depends on the
day you build, the layer is large, and it is the base image's job. Rebuild on a newer base image
instead.

Bad:
\`\`\`dockerfile
FROM opensuse/leap:15.5
RUN zypper --non-interactive dist-upgrade
\`\`\`

Good:
\`\`\`dockerfile
FROM opensuse/leap:15.6
RUN zypper --non-interactive install -y curl=8.6.0 && zypper clean
\`\`\`

**Fix:** remove the command and move to a newer base image tag.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { shell } of runShells(ctx)) {
      const command = shell.commands.find((c) => c.name === 'zypper' && c.args.some((arg) => DIST_UPGRADE.has(arg)));
      if (!command) continue;
      const word = command.argRanges[command.args.findIndex((arg) => DIST_UPGRADE.has(arg))];
      findings.push({ range: { start: command.nameRange.start, end: word.end } });
    }
    return findings;
  },
};
