import type { Rule, ShellCommand } from '../../rule';
import type { Range } from '../../types';
import { declaredVariables, firstUnpinnedPerRun, isDashFlag, rpmPackagePinned } from '../kit';

/** The words `yum install` installs, with where they are: packages, or modules for `yum module install`. */
function installed(command: ShellCommand): Array<{ word: string; range: Range; module: boolean }> {
  if (command.name !== 'yum' || !command.args.includes('install')) return [];
  const module = command.args.includes('module');
  return command.args.flatMap((word, i) =>
    isDashFlag(word) || word === 'install' || word === 'module' ? [] : [{ word, range: command.argRanges[i], module }],
  );
}

function pinned(word: string, module: boolean, declared: ReadonlySet<string>): boolean {
  return module ? word.includes(':') : rpmPackagePinned(word, declared);
}

export const DL3033: Rule = {
  code: 'DL3033',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Specify version with `yum install -y <package>-<version>`.',
  explanation: `Without a version, \`yum install\` takes whatever the repository holds on the day of the build: two
builds of the same Dockerfile can differ, and an update can break the image without a change in
your repository. Pinning also makes the layer cache honest.

Bad:
\`\`\`dockerfile
RUN yum install -y tomcat && yum clean all
\`\`\`

Good:
\`\`\`dockerfile
RUN yum install -y tomcat-9.0.87 && yum clean all
RUN yum module install -y nodejs:20 && yum clean all
\`\`\`

**Fix:** write \`<package>-<version>\` (modules: \`<module>:<stream>\`). A version in a variable
(\`tomcat-\${TOMCAT_VERSION}\`) counts as pinned when an \`ARG\`, or an \`ENV\` of the same stage (or of the stage
it is built \`FROM\`), declares it.`,
  check: (ctx) =>
    firstUnpinnedPerRun(ctx, installed, (item, run) =>
      pinned(item.word, item.module ?? false, declaredVariables(ctx, run))),
};
