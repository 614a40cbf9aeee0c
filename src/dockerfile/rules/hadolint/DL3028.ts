import type { Rule, RuleFinding, ShellCommand } from '../../rule';
import { argIndexesNoFlags, cmdHasArgs, firstPerRun } from '../kit';

/** gem install options whose value is the next word. */
const VALUE_FLAGS = ['i', 'install-dir', 'n', 'bindir', 's', 'source', 'P', 'trust-policy', 'platform', 'g', 'file', 'build-root'];

function firstUnpinned(command: ShellCommand): number | undefined {
  if (!cmdHasArgs(command, 'gem', ['install', 'i'])) return undefined;
  if (command.args.some((arg) => arg === '-v' || arg === '--version' || arg.startsWith('--version='))) return undefined;
  // Words after `--` go to the gem's native build, not to gem.
  const end = command.args.indexOf('--');
  return argIndexesNoFlags(command, VALUE_FLAGS).find((i) => {
    const word = command.args[i];
    if (end !== -1 && i > end) return false;
    return word !== 'install' && word !== 'i' && word !== '--' && word !== 'true' && word !== 'false' && !word.includes(':');
  });
}

export const DL3028: Rule = {
  code: 'DL3028',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`.',
  explanation: `An unpinned \`gem install\` takes the newest release on the day of the build; rebuilding the same
Dockerfile can pull a breaking version.

Bad:
\`\`\`dockerfile
RUN gem install bundler
\`\`\`

Good:
\`\`\`dockerfile
RUN gem install bundler:2.5.22
\`\`\`

\`-v\`/\`--version\` count as pinning; words after \`--\` (native build options) are not gems.
No automatic fix.`,
  check(ctx) {
    return firstPerRun(ctx, (command) => {
      const i = firstUnpinned(command);
      return i === undefined ? undefined : command.argRanges[i];
    }).map((range): RuleFinding => ({ range }));
  },
};
