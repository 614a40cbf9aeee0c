// BuildKit's RedundantTargetPlatform: `FROM --platform=$TARGETPLATFORM` is the default.
import type { Rule, RuleFinding } from '../../rule';
import { platformFlags } from '../kit';

export const RedundantTargetPlatform: Rule = {
  code: 'RedundantTargetPlatform',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior',
  explanation: [
    'Every stage is built for the target platform unless `--platform` says otherwise, so',
    '`--platform=$TARGETPLATFORM` changes nothing. (`--platform=$BUILDPLATFORM` is meaningful: it runs the',
    'stage natively for cross-compiling.)',
    '',
    '```dockerfile',
    '# Bad',
    'FROM --platform=$TARGETPLATFORM alpine',
    '# Good',
    'FROM alpine',
    '```',
    '',
    'Quick fix: remove the flag.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { stage, flag, value } of platformFlags(context)) {
      if (value !== '$TARGETPLATFORM' && value !== '${TARGETPLATFORM}') continue;
      const range = flag.getRange();
      const image = stage.from.getArguments()[0];
      findings.push({
        range,
        message: `Setting platform to predefined ${value} in FROM is redundant as this is the default behavior`,
        fix: image
          ? { title: 'Remove --platform', edits: [{ range: { start: range.start, end: image.getRange().start }, newText: '' }] }
          : undefined,
      });
    }
    return findings;
  },
};
