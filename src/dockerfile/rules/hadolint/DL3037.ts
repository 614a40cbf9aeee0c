import type { Rule, ShellCommand } from '../../rule';
import type { Range } from '../../types';
import { firstUnpinnedPerRun, isDashFlag } from '../kit';

/** The packages of `zypper install` / `zypper in`, with where they are. */
function packages(command: ShellCommand): Array<{ word: string; range: Range }> {
  if (command.name !== 'zypper' || !(command.args.includes('install') || command.args.includes('in'))) return [];
  return command.args.flatMap((word, i) => (isDashFlag(word) || word === 'install' || word === 'in' ? [] : [{ word, range: command.argRanges[i] }]));
}

function pinned(word: string): boolean {
  return /[=<>]/.test(word) || word.endsWith('.rpm');
}

export const DL3037: Rule = {
  code: 'DL3037',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Specify version with `zypper install -y <package>=<version>`.',
  explanation: `Without a version, \`zypper install\` takes whatever the repository holds on the day of the build, so
two builds of the same Dockerfile can differ and an update can break the image unnoticed.

Bad:
\`\`\`dockerfile
RUN zypper --non-interactive install tomcat && zypper clean
\`\`\`

Good:
\`\`\`dockerfile
RUN zypper --non-interactive install tomcat=9.0.87 && zypper clean
\`\`\`

**Fix:** write \`<package>=<version>\` (or a range such as \`'tomcat>=9.0'\`, quoted for the shell).`,
  check: (ctx) => firstUnpinnedPerRun(ctx, packages, (item) => pinned(item.word)),
};
