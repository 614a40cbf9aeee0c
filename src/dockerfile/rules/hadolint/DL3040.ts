import type { Rule, ShellCommand } from '../../rule';
import { missingCleanUp } from '../kit';

const DNF = ['dnf', 'microdnf'];

/** dnf's commands that download packages, with their aliases (`in`, `up`, `up-min`, `rei`). */
const INSTALLS = ['install', 'in', 'upgrade', 'up', 'upgrade-minimal', 'up-min', 'reinstall', 'rei'];
const isInstall = (tool: string) => (c: ShellCommand): boolean =>
  c.name === tool && c.args.some((arg) => INSTALLS.includes(arg));
// As hadolint: `dnf` with `clean` or `all`, or `rm` with `-rf` or `/var/cache/libdnf5*`, counts as the clean-up.
const isClean = (tool: string) => (c: ShellCommand): boolean =>
  (c.name === tool && (c.args.includes('clean') || c.args.includes('all'))) ||
  (c.name === 'rm' && (c.args.includes('-rf') || c.args.includes('/var/cache/libdnf5*')));

export const DL3040: Rule = {
  code: 'DL3040',
  source: 'hadolint',
  severity: 'warning',
  summary: '`dnf clean all` missing after dnf command.',
  explanation: `dnf (and microdnf) keep downloaded packages and repository metadata under \`/var/cache\`. Left in the
layer, they add tens to hundreds of megabytes for nothing. Clean up in the same \`RUN\`, after the
install: a later \`RUN\` cannot shrink an earlier layer.

Bad:
\`\`\`dockerfile
RUN dnf install -y mariadb-10.11.6
\`\`\`

Good:
\`\`\`dockerfile
RUN dnf install -y mariadb-10.11.6 && dnf clean all
\`\`\`

Upgrades and reinstalls count as installs (\`dnf up\`, \`dnf up-min\`, \`dnf rei\`, ...); a clean-up before the
install does not count, and a BuildKit cache or tmpfs mount on \`/var/cache/libdnf5\` needs none.
**Fix:** the quick fix appends \`&& dnf clean all\` (\`microdnf clean all\` for microdnf) to the \`RUN\` that installs.`,
  // A clean-up before the install keeps the finding (hadolint counts the first): no fix then.
  check: (ctx) =>
    missingCleanUp(ctx, {
      tools: DNF,
      isInstall: (tool, c) => isInstall(tool)(c),
      isClean: (tool, c) => isClean(tool)(c),
      cleanCommand: (tool) => `${tool} clean all`,
      mountedCaches: ['/var/cache/libdnf5', '.cache/libdnf5'],
    }),
};
