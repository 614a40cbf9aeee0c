// BuildKit's ReservedStageName: `scratch` and `context` cannot name a stage.
import { From } from 'dockerfile-ast';
import type { Rule, RuleFinding } from '../../rule';

const RESERVED = new Set(['scratch', 'context']);

export const ReservedStageName: Rule = {
  code: 'ReservedStageName',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Reserved words should not be used as stage names',
  explanation: [
    '`scratch` is the empty image and `context` is the build context in `FROM`, `COPY --from` and',
    '`RUN --mount=from=`; a stage with either name makes those references ambiguous. hadolint reports',
    'the same as DL3063 (for `scratch`).',
    '',
    '```dockerfile',
    '# Bad',
    'FROM alpine AS scratch',
    '# Good',
    'FROM alpine AS base',
    '```',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      if (!stage.name || !RESERVED.has(stage.name)) continue;
      const range = stage.from instanceof From ? stage.from.getBuildStageRange() : null;
      findings.push({
        range: range ?? stage.from.getRange(),
        message: `Stage name should not use the same name as reserved stage "${stage.name}"`,
      });
    }
    return findings;
  },
};
