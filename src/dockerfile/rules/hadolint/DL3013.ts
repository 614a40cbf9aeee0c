import type { Rule, RuleFinding, ShellCommand } from '../../rule';
import { argIndexesNoFlags, firstPerRun, hasFlag } from '../kit';

const VALUE_FLAGS = [
  'abi', 'b', 'build', 'e', 'editable', 'extra-index-url', 'f', 'find-links', 'i', 'index-url', 'implementation',
  'no-binary', 'only-binary', 'platform', 'prefix', 'progress-bar', 'proxy', 'python', 'python-version', 'root',
  'root-user-action', 'src', 't', 'target', 'trusted-host', 'upgrade-strategy',
];
const VCS_SCHEMES = [
  'git+file', 'git+https', 'git+ssh', 'git+http', 'git+git', 'git', 'hg+file', 'hg+http', 'hg+https', 'hg+ssh',
  'hg+static-http', 'svn', 'svn+svn', 'svn+http', 'svn+https', 'svn+ssh', 'bzr+http', 'bzr+https', 'bzr+ssh',
  'bzr+sftp', 'bzr+ftp', 'bzr+lp',
];
const VERSION_SYMBOLS = ['==', '>=', '<=', '>', '<', '!=', '~=', '==='];

/**
 * `pip install`, `pip3 install`, `pipx install`, `python -m pip install`, `python3.12 -m pip install`
 * (hadolint's isPipInstall); `pipenv install` is not one: it pins through its lock file.
 */
export function isPipInstall(command: ShellCommand): boolean {
  if (command.name.startsWith('pip') && !command.name.startsWith('pipenv') && command.args.includes('install')) return true;
  if (!command.name.startsWith('python')) return false;
  return command.args.some((arg, i) => arg === '-m' && command.args[i + 1] === 'pip' && command.args[i + 2] === 'install');
}

function versionFixed(spec: string): boolean {
  const vcs = VCS_SCHEMES.some((scheme) => spec.startsWith(scheme));
  return (
    VERSION_SYMBOLS.some((symbol) => spec.includes(symbol)) ||
    (vcs && spec.includes('@')) ||
    spec.endsWith('.whl') ||
    spec.endsWith('.tar.gz') ||
    (!vcs && spec.includes('/'))
  );
}

/** Index into args of the first package given without a version, or undefined. */
function firstUnpinned(command: ShellCommand): number | undefined {
  if (!isPipInstall(command)) return undefined;
  if (hasFlag(command, 'constraint') || hasFlag(command, 'c')) return undefined;
  if (command.args.some((arg) => arg === '--requirement' || arg === '-r' || arg === '.')) return undefined;
  const indexes = argIndexesNoFlags(command, VALUE_FLAGS);
  const install = indexes.findIndex((i) => command.args[i] === 'install');
  if (install === -1) return undefined;
  return indexes.slice(install).find((i) => command.args[i] !== 'install' && !versionFixed(command.args[i]));
}

export const DL3013: Rule = {
  code: 'DL3013',
  source: 'hadolint',
  severity: 'warning',
  summary:
    'Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`.',
  explanation: `An unpinned \`pip install\` takes the newest release on the day of the build: rebuilding the same
Dockerfile can pull a breaking release.

Bad:
\`\`\`dockerfile
RUN pip install --no-cache-dir flask
\`\`\`

Good:
\`\`\`dockerfile
RUN pip install --no-cache-dir flask==3.0.3
# or: COPY requirements.txt . && RUN pip install --no-cache-dir -r requirements.txt
\`\`\`

Not flagged: any version operator (\`==\`, \`>=\`, \`~=\`, ...), requirements files (\`-r\`), \`.\`,
constraint files (\`-c\`), local wheels and sdists, paths, VCS URLs pinned with \`@ref\`, and \`pipenv install\`
(its lock file pins). The values of options such as \`--python\`, \`--root-user-action\` or \`--target\` are not
packages.
No automatic fix: versions are yours to choose.`,
  check(ctx) {
    return firstPerRun(ctx, (command) => {
      const i = firstUnpinned(command);
      return i === undefined ? undefined : command.argRanges[i];
    }).map((range): RuleFinding => ({ range }));
  },
};
