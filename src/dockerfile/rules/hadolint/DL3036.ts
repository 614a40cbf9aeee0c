import type { Rule, ShellCommand } from '../../rule';
import { missingCleanUp } from '../kit';

const isInstall = (c: ShellCommand): boolean => c.name === 'zypper' && (c.args.includes('install') || c.args.includes('in'));
const isClean = (c: ShellCommand): boolean => c.name === 'zypper' && (c.args.includes('clean') || c.args.includes('cc'));

export const DL3036: Rule = {
  code: 'DL3036',
  source: 'hadolint',
  severity: 'warning',
  summary: '`zypper clean` missing after zypper use.',
  explanation: `zypper keeps downloaded packages and repository metadata in \`/var/cache/zypp\`. Left in the layer
they make the image bigger for nothing. Clean up in the same \`RUN\`, after the install: a later
\`RUN\` cannot shrink an earlier layer.

Bad:
\`\`\`dockerfile
RUN zypper --non-interactive install mariadb=10.11
\`\`\`

Good:
\`\`\`dockerfile
RUN zypper --non-interactive install mariadb=10.11 && zypper clean
\`\`\`

Not flagged: a BuildKit cache or tmpfs mount on \`/var/cache/zypp\`. **Fix:** the quick fix appends \`&& zypper clean\` to the \`RUN\` that installs.`,
  // With a clean-up already before the install, hadolint keeps counting the first one: appending
  // another would not clear the finding, so the fix is only offered when there is none.
  check: (ctx) =>
    missingCleanUp(ctx, {
      tools: ['zypper'],
      isInstall: (_tool, c) => isInstall(c),
      isClean: (_tool, c) => isClean(c),
      cleanCommand: () => 'zypper clean',
      mountedCaches: ['/var/cache/zypp'],
    }),
};
