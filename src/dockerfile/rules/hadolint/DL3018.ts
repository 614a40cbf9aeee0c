import type { Rule, RuleFinding } from '../../rule';
import { argIndexesNoFlags, cmdHasArgs, firstPerRun } from '../kit';

export const DL3018: Rule = {
  code: 'DL3018',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`',
  explanation: `Unpinned \`apk add\` installs whatever the Alpine mirror has on the day of the build, so two builds
of the same Dockerfile differ.

Bad:
\`\`\`dockerfile
RUN apk add --no-cache curl
\`\`\`

Good:
\`\`\`dockerfile
RUN apk add --no-cache curl=8.11.1-r0
\`\`\`

\`pkg=version\`, \`pkg~version\`, \`pkg>=version\`, \`pkg<version\` and local \`.apk\` files count as pinned; the values of
\`-t\`/\`--virtual\`, \`--repository\` and \`-X\` are not packages. No automatic fix.`,
  check(ctx) {
    return firstPerRun(ctx, (command) => {
      if (!cmdHasArgs(command, 'apk', ['add'])) return undefined;
      const unpinned = argIndexesNoFlags(command, ['t', 'virtual', 'repository', 'X']).find((i) => {
        const word = command.args[i];
        return word !== 'add' && !/[=~<>]/.test(word) && !word.endsWith('.apk');
      });
      return unpinned === undefined ? undefined : command.argRanges[unpinned];
    }).map((range): RuleFinding => ({ range }));
  },
};
