import type { Rule, RuleFinding } from '../../rule';
import { argIndexesNoFlags, cmdHasArgs, firstPerRun } from '../kit';

function pinned(word: string): boolean {
  return word.includes('=') || word.includes('/') || word.endsWith('.deb');
}

export const DL3008: Rule = {
  code: 'DL3008',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`',
  explanation: `Unpinned packages install whatever the mirror has on the day of the build, so two builds of the
same Dockerfile differ and a package update can break the image unnoticed.

Bad:
\`\`\`dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
\`\`\`

Good:
\`\`\`dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
\`\`\`

Not flagged: \`pkg=version\`, \`pkg/release\` (target release), local \`.deb\` files. The value of
\`-t\`/\`--target-release\` is not a package. No automatic fix: versions come from your mirror.`,
  check(ctx) {
    return firstPerRun(ctx, (command) => {
      if (!cmdHasArgs(command, 'apt-get', ['install'])) return undefined;
      const unpinned = argIndexesNoFlags(command, ['t', 'target-release']).find(
        (i) => command.args[i] !== 'install' && !pinned(command.args[i]),
      );
      return unpinned === undefined ? undefined : command.argRanges[unpinned];
    }).map((range): RuleFinding => ({ range }));
  },
};
