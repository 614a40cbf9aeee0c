// BuildKit's CopyIgnoredFile (on by default since Dockerfile frontend 1.21): COPY/ADD of a path the
// .dockerignore excludes, which then is not in the build context.
import { posix } from 'node:path';
import ignore from '@balena/dockerignore';
import type { Rule, RuleContext, RuleFinding } from '../../rule';
import { flagOf } from '../kit';

type Matcher = (path: string) => boolean;
interface IgnoreFile {
  matches: Matcher;
  /** A pattern starts with `!`: BuildKit then checks nothing (a file may be let back in). */
  hasExclusions: boolean;
  /** A pattern ignores everything at the root (star, double star, double star slash star): `COPY . .` copies none. */
  ignoresRoot: boolean;
}
const ignoreFiles = new WeakMap<RuleContext, IgnoreFile | null>();

/** Docker's patternmatcher semantics (`MatchesOrParentMatches`) via @balena/dockerignore, once per lint. */
function readIgnoreFile(context: RuleContext): IgnoreFile | null {
  if (ignoreFiles.has(context)) return ignoreFiles.get(context) ?? null;
  let file: IgnoreFile | null = null;
  if (typeof context.dockerignore === 'string') {
    const patterns = context.dockerignore.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    if (patterns.length > 0) {
      const ig = ignore().add(patterns);
      file = {
        matches: (path) => {
          const clean = path.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
          if (clean === '' || clean === '.') return false;
          return ig.ignores(clean);
        },
        hasExclusions: patterns.some((pattern) => pattern.startsWith('!')),
        ignoresRoot: patterns.some((pattern) => ['*', '**', '**/*'].includes(pattern.replace(/^\/+/, ''))),
      };
    }
  }
  ignoreFiles.set(context, file);
  return file;
}

/** The .dockerignore's matcher, or null when there is none (or it has no patterns). */
export function dockerignoreMatcher(context: RuleContext): Matcher | null {
  return readIgnoreFile(context)?.matches ?? null;
}

export const CopyIgnoredFile: Rule = {
  code: 'CopyIgnoredFile',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Attempting to Copy file that is excluded by .dockerignore',
  explanation: [
    'A path excluded by `.dockerignore` is not sent to the builder, so `COPY` of it fails (or, with a',
    'wildcard, silently copies less). On by default, as in Docker since Dockerfile frontend 1.21.',
    'It needs the build context\'s `.dockerignore`, so it is silent when Stevedore does not know the context',
    '(text linted without a file). `COPY --from` and URLs are not affected. As in BuildKit, a `.dockerignore`',
    'with `!` exceptions is not checked (a file may be let back in), and `COPY . .` is flagged only when a',
    'pattern ignores everything (`*`, `**`, `**/*`).',
    '',
    '```dockerfile',
    '# .dockerignore: dist',
    '# Bad',
    'COPY dist/ /app/',
    '```',
  ].join('\n'),
  check(context) {
    const file = readIgnoreFile(context);
    if (!file || file.hasExclusions) return [];
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructionsOf('COPY', 'ADD')) {
      const keyword = instruction.getKeyword();
      if (flagOf(instruction, 'from')) continue;
      const heredocs = (instruction as unknown as { getHeredocs?(): unknown[] }).getHeredocs?.() ?? [];
      if (heredocs.length > 0) continue;
      const args = instruction.getArguments();
      for (const source of args.slice(0, -1)) {
        const written = source.getValue().replace(/^"(.*)"$/, '$1').replace(/^\[?"?|"?,?\]?$/g, '');
        if (/^[a-z]+:\/\//i.test(written) || written.startsWith('git@')) continue;
        const path = posix.normalize(written).replace(/(.)\/+$/, '$1');
        const root = path === '.' || path === '/' || path === './';
        if (root ? !file.ignoresRoot : !file.matches(path)) continue;
        findings.push({
          range: source.getRange(),
          message: `Attempting to ${keyword === 'ADD' ? 'Add' : 'Copy'} file "${path}" that is excluded by .dockerignore`,
        });
      }
    }
    return findings;
  },
};
