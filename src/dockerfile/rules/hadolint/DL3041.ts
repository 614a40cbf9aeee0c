import type { Rule, ShellCommand } from '../../rule';
import type { Range } from '../../types';
import { declaredVariables, firstUnpinnedPerRun, isDashFlag, rpmPackagePinned } from '../kit';

const DNF = new Set(['dnf', 'microdnf']);

/** The words `dnf install` installs, with where they are: packages, or modules for `dnf module install`. */
function installed(command: ShellCommand): Array<{ word: string; range: Range; module: boolean }> {
  if (!DNF.has(command.name) || !command.args.includes('install')) return [];
  const module = command.args.includes('module');
  // `dnf group install` takes group names, which have no version.
  if (!module && command.args.includes('group')) return [];
  return command.args.flatMap((word, i) =>
    isDashFlag(word) || word === 'install' || word === 'module' ? [] : [{ word, range: command.argRanges[i], module }],
  );
}

function pinned(word: string, module: boolean, declared: ReadonlySet<string>): boolean {
  return module ? word.includes(':') : rpmPackagePinned(word, declared);
}

export const DL3041: Rule = {
  code: 'DL3041',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Specify version with `dnf install -y <package>-<version>`.',
  explanation: `Without a version, \`dnf install\` takes whatever the repository holds on the day of the build: two
builds of the same Dockerfile can differ, and an update can break the image unnoticed. A dash alone
is not a version: \`rpm-sign\` is a package name.

Bad:
\`\`\`dockerfile
RUN dnf install -y rpm-sign && dnf clean all
\`\`\`

Good:
\`\`\`dockerfile
RUN dnf install -y rpm-sign-4.16.1.3 && dnf clean all
RUN dnf module install -y nodejs:20 && dnf clean all
\`\`\`

**Fix:** write \`<package>-<version>\` (modules: \`<module>:<stream>\`); a version in a build argument counts.`,
  check: (ctx) =>
    firstUnpinnedPerRun(ctx, installed, (item, run) =>
      pinned(item.word, item.module ?? false, declaredVariables(ctx, run))),
};
