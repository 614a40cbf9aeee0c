// BuildKit's DuplicateStageName: two stages with the same (case-insensitive) name.
import { From } from 'dockerfile-ast';
import type { Rule, RuleFinding } from '../../rule';

export const DuplicateStageName: Rule = {
  code: 'DuplicateStageName',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Stage names should be unique',
  explanation: [
    'When two stages share a name, `COPY --from=name`, `FROM name` and `--target name` silently refer to the',
    'last one defined so far, which is rarely what the reader expects. Names are compared case-insensitively.',
    'hadolint reports the same problem as DL3024.',
    '',
    '```dockerfile',
    '# Bad',
    'FROM node:20 AS build',
    'FROM node:20 AS build',
    '# Good',
    'FROM node:20 AS build-client',
    'FROM node:20 AS build-server',
    '```',
  ].join('\n'),
  check(context) {
    const seen = new Set<string>();
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      if (!stage.name) continue;
      if (seen.has(stage.name)) {
        const range = stage.from instanceof From ? stage.from.getBuildStageRange() : null;
        findings.push({
          range: range ?? stage.from.getRange(),
          message: `Duplicate stage name "${stage.name}", stage names should be unique`,
        });
      }
      seen.add(stage.name);
    }
    return findings;
  },
};
