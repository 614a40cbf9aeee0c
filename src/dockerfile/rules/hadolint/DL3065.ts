import type { Rule, RuleFinding } from '../../rule';
import { platformFlags } from '../kit';

export const DL3065: Rule = {
  code: 'DL3065',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Setting `FROM --platform` to predefined `$TARGETPLATFORM` is redundant as this is the default behavior',
  explanation: `Every stage is built for the target platform unless \`--platform\` says otherwise, so
\`--platform=$TARGETPLATFORM\` only adds noise. (\`--platform=$BUILDPLATFORM\` does change something: the stage
runs natively, for cross-compiling.) BuildKit's check for the same thing is \`RedundantTargetPlatform\`.

Bad:
\`\`\`dockerfile
FROM --platform=$TARGETPLATFORM alpine:3.21
\`\`\`

Good:
\`\`\`dockerfile
FROM alpine:3.21
\`\`\`

**Fix:** removes the flag.`,
  check(context) {
    const findings: RuleFinding[] = [];
    for (const { stage, flag, value } of platformFlags(context)) {
      if (value !== '$TARGETPLATFORM' && value !== '${TARGETPLATFORM}') continue;
      const range = flag.getRange();
      const image = stage.from.getArguments()[0];
      const fix = image
        ? { title: 'Remove --platform', edits: [{ range: { start: range.start, end: image.getRange().start }, newText: '' }] }
        : undefined;
      findings.push({ range, fix });
    }
    return findings;
  },
};
