import type { Rule, RuleFinding, ShellCommand } from '../../rule';
import { argIndexesNoFlags, cmdHasArgs, firstPerRun } from '../kit';

/** Flags whose value is the next word, not a package. */
const VALUE_FLAGS = ['loglevel', 'registry', 'prefix', 'cache', 'userconfig', 'globalconfig'];

function versionFixed(spec: string): boolean {
  if (['git://', 'git+ssh://', 'git+http://', 'git+https://'].some((prefix) => spec.startsWith(prefix))) return spec.includes('#');
  if (['.tar', '.tar.gz', '.tgz'].some((suffix) => spec.endsWith(suffix))) return true;
  if (['/', './', '../', '~/'].some((prefix) => spec.startsWith(prefix))) return true;
  const unscoped = spec.startsWith('@') ? spec.slice(Math.max(spec.indexOf('/'), 0)) : spec;
  return unscoped.includes('@');
}

function firstUnpinned(command: ShellCommand): number | undefined {
  if (!cmdHasArgs(command, 'npm', ['install'])) return undefined;
  const indexes = argIndexesNoFlags(command, VALUE_FLAGS);
  if (command.args[indexes[0]] !== 'install') return undefined;
  return indexes.slice(1).find((i) => command.args[i] !== 'install' && !versionFixed(command.args[i]));
}

export const DL3016: Rule = {
  code: 'DL3016',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`',
  explanation: `\`npm install express\` takes the newest release on the day of the build; rebuilding the same
Dockerfile can pull a breaking version.

Bad:
\`\`\`dockerfile
RUN npm install -g typescript
\`\`\`

Good:
\`\`\`dockerfile
RUN npm install -g typescript@5.6.3
\`\`\`

Not flagged: \`npm install\` / \`npm ci\` of the project itself (versions come from
\`package-lock.json\`), \`name@version\` and \`@scope/name@version\`, tarballs, folders, and git URLs
pinned with \`#ref\`. No automatic fix: versions are yours to choose.`,
  check(ctx) {
    return firstPerRun(ctx, (command) => {
      const i = firstUnpinned(command);
      return i === undefined ? undefined : command.argRanges[i];
    }).map((range): RuleFinding => ({ range }));
  },
};
