// BuildKit's CopyIgnoredFile (experimental, off by default like Docker's): COPY/ADD of a path the
// .dockerignore excludes, which then is not in the build context.
import ignore from '@balena/dockerignore';
import type { Rule, RuleContext, RuleFinding } from '../../rule';
import { flagOf } from '../kit';

type Matcher = (path: string) => boolean;
const matchers = new WeakMap<RuleContext, Matcher | null>();

/** Docker's patternmatcher semantics (`MatchesOrParentMatches`) via @balena/dockerignore, once per lint. */
export function dockerignoreMatcher(context: RuleContext): Matcher | null {
  if (matchers.has(context)) return matchers.get(context) ?? null;
  let matcher: Matcher | null = null;
  if (typeof context.dockerignore === 'string') {
    const patterns = context.dockerignore.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    if (patterns.length > 0) {
      const ig = ignore().add(patterns);
      matcher = (path) => {
        const clean = path.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
        if (clean === '' || clean === '.') return false;
        return ig.ignores(clean);
      };
    }
  }
  matchers.set(context, matcher);
  return matcher;
}

export const CopyIgnoredFile: Rule = {
  code: 'CopyIgnoredFile',
  source: 'buildkit',
  severity: 'warning',
  offByDefault: true,
  summary: 'Attempting to Copy file that is excluded by .dockerignore',
  explanation: [
    'A path excluded by `.dockerignore` is not sent to the builder, so `COPY` of it fails (or, with a',
    'wildcard, silently copies less). Like Docker\'s, this check is **experimental and off by default**:',
    'enable it with `enabled: [CopyIgnoredFile]` in `.hadolint.yaml` or a level in the',
    '`stevedore.lint.severityOverrides` setting (Docker itself needs `# check=experimental=CopyIgnoredFile`).',
    'It needs the build context\'s `.dockerignore`, so it is silent when Stevedore does not know the context',
    '(text linted without a file). `COPY --from` and URLs are not affected.',
    '',
    '```dockerfile',
    '# .dockerignore: dist',
    '# Bad',
    'COPY dist/ /app/',
    '```',
  ].join('\n'),
  check(context) {
    const matches = dockerignoreMatcher(context);
    if (!matches) return [];
    const findings: RuleFinding[] = [];
    for (const instruction of context.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      if (flagOf(instruction, 'from')) continue;
      const heredocs = (instruction as unknown as { getHeredocs?(): unknown[] }).getHeredocs?.() ?? [];
      if (heredocs.length > 0) continue;
      const args = instruction.getArguments();
      for (const source of args.slice(0, -1)) {
        const path = source.getValue().replace(/^"(.*)"$/, '$1').replace(/^\[?"?|"?,?\]?$/g, '');
        if (/^[a-z]+:\/\//i.test(path) || path.startsWith('git@')) continue;
        if (!matches(path)) continue;
        findings.push({
          range: source.getRange(),
          message: `Attempting to ${keyword === 'ADD' ? 'Add' : 'Copy'} file "${path}" that is excluded by .dockerignore`,
        });
      }
    }
    return findings;
  },
};
