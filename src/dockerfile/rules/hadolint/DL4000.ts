import type { Rule, RuleFinding } from '../../rule';

/** Quote a MAINTAINER text as a LABEL value that means the same (MAINTAINER expands no variables, LABEL does). */
function labelValue(text: string, escapeChar: string): string {
  let quoted = '';
  for (const c of text) quoted += c === '"' || c === '$' || c === escapeChar ? escapeChar + c : c;
  return `"${quoted}"`;
}

export const DL4000: Rule = {
  code: 'DL4000',
  source: 'hadolint',
  severity: 'error',
  summary: 'MAINTAINER is deprecated',
  explanation: `\`MAINTAINER\` has been deprecated since Docker 1.13: it fills an image field nothing reads any more.
Use a label instead, which tools such as \`docker inspect\` and registries show.

Bad:
\`\`\`dockerfile
FROM debian:12
MAINTAINER Jane Doe <jane@example.com>
\`\`\`

Good:
\`\`\`dockerfile
FROM debian:12
LABEL maintainer="Jane Doe <jane@example.com>"
\`\`\`

**Fix:** the quick fix rewrites a one-line \`MAINTAINER\` into \`LABEL maintainer="..."\` with the same text.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    const escapeChar = ctx.dockerfile.getEscapeCharacter();
    for (const instruction of ctx.instructionsOf('MAINTAINER')) {
      const range = instruction.getRange();
      const text = instruction.getArgumentsContent();
      // Only one-line instructions: rewriting continuation lines could change what the text holds.
      const fix =
        text !== null && range.start.line === range.end.line
          ? { title: 'Replace MAINTAINER with LABEL maintainer', edits: [{ range, newText: `LABEL maintainer=${labelValue(text.trim(), escapeChar)}` }] }
          : undefined;
      findings.push({ range: instruction.getInstructionRange(), fix });
    }
    return findings;
  },
};
