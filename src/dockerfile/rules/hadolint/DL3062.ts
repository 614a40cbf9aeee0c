import type { Range } from '../../types';
import type { Rule, ShellCommand } from '../../rule';
import { firstUnpinnedPerRun, isDashFlag } from '../kit';

// Go's moving queries: they name no fixed version.
const MOVING = new Set(['latest', 'upgrade', 'patch']);

// Build flags whose value is the next word (`-tags netgo`): that word is no package.
const FLAGS_WITH_VALUE = new Set(
  ['tags', 'ldflags', 'gcflags', 'asmflags', 'gccgoflags', 'o', 'mod', 'modfile', 'p', 'buildmode', 'compiler', 'installsuffix', 'pkgdir', 'toolexec', 'overlay', 'pgo', 'C', 'exec', 'buildvcs'].flatMap(
    (flag) => [`-${flag}`, `--${flag}`],
  ),
);

/** The module packages `go install`, `go get` and `go run` fetch, with where they are. */
function packages(command: ShellCommand): Array<{ word: string; range: Range }> {
  if (command.name !== 'go' || command.args.length === 0) return [];
  const subcommandAt = command.args.findIndex((arg) => !isDashFlag(arg));
  const subcommand = command.args[subcommandAt];
  if (subcommand !== 'install' && subcommand !== 'get' && subcommand !== 'run') return [];
  const words = command.args
    .map((word, i) => ({ word, range: command.argRanges[i], i }))
    .filter(
      (item) =>
        item.i > subcommandAt &&
        !isDashFlag(item.word) &&
        !FLAGS_WITH_VALUE.has(command.args[item.i - 1]) &&
        !(subcommand === 'install' && item.word === 'tool'),
    );
  // `go run pkg args...`: only the package is fetched; the rest are the program's arguments.
  return subcommand === 'run' ? words.slice(0, 1) : words;
}

function pinned(word: string): boolean {
  if (word.startsWith('/') || word.startsWith('.')) return true; // a local directory
  const at = word.lastIndexOf('@');
  return at > 0 && at < word.length - 1 && !MOVING.has(word.slice(at + 1));
}

export const DL3062: Rule = {
  code: 'DL3062',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`',
  explanation: `\`go install example.com/tool\` (or \`@latest\`) fetches whatever version is newest on the day of the
build: rebuilds differ and can break without a change in your repository. Local packages
(\`./cmd/server\`, \`.\`) are built from your sources and are fine.

Bad:
\`\`\`dockerfile
RUN go install golang.org/x/tools/gopls@latest
\`\`\`

Good:
\`\`\`dockerfile
RUN go install golang.org/x/tools/gopls@v0.16.1
\`\`\`

**Fix:** add \`@<version>\` (a tag or commit) to the package.`,
  check: (ctx) => firstUnpinnedPerRun(ctx, packages, (item) => pinned(item.word)),
};
