// BuildKit's StageNameCasing: `FROM image AS Name` should use a lowercase stage name.
import { From } from 'dockerfile-ast';
import type { Rule, RuleFinding } from '../../rule';

export const StageNameCasing: Rule = {
  code: 'StageNameCasing',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Stage names should be lowercase',
  explanation: [
    'BuildKit treats stage names case-insensitively (`--target Build` and `--target build` are the same stage),',
    'so a mixed-case name only hides that. Docker reports this as the build check `StageNameCasing`.',
    '',
    '```dockerfile',
    '# Bad',
    'FROM node:20 AS BuilderBase',
    '# Good',
    'FROM node:20 AS builder-base',
    '```',
    '',
    'Quick fix: lowercase the name. References to it (`COPY --from=BuilderBase`) keep working, because the',
    'match is case-insensitive.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const from = stage.from;
      if (!(from instanceof From) || from.getArguments().length !== 3) continue;
      const name = from.getBuildStage();
      const range = from.getBuildStageRange();
      if (!name || !range || name === name.toLowerCase()) continue;
      findings.push({
        range,
        message: `Stage name '${name}' should be lowercase`,
        fix: { title: `Rename the stage to '${name.toLowerCase()}'`, edits: [{ range, newText: name.toLowerCase() }] },
      });
    }
    return findings;
  },
};
