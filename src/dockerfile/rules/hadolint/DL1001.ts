import type { Rule, RuleFinding } from '../../rule';

const INLINE_IGNORE = /^\s*#\s*hadolint\s+ignore\s*=/i;

export const DL1001: Rule = {
  code: 'DL1001',
  source: 'hadolint',
  severity: 'info',
  offByDefault: true,
  // hadolint's message, typo included, so output compared or grepped against hadolint's still matches.
  summary: 'Please refrain from using inline igore pragmas `# hadolint ignore=DLxxxx`.',
  explanation: `Off by default. Teams that want every exception to be visible in one place (\`.hadolint.yaml\`)
rather than scattered through Dockerfiles turn this rule on, so that inline
\`# hadolint ignore=...\` comments are reported. \`# hadolint global ignore=...\` and
\`# hadolint shell=...\` are not reported.

Bad (with the rule enabled):
\`\`\`dockerfile
FROM debian:12
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends curl
\`\`\`

Good:
\`\`\`yaml
# .hadolint.yaml
ignored:
  - DL3008
\`\`\`

**Fix:** move the ignored code into \`ignored:\` in \`.hadolint.yaml\` (or fix the finding) and delete the comment.
Enable the rule with \`enabled: [DL1001]\` in \`.hadolint.yaml\`.`,
  check(ctx) {
    // A pragma is a line of its own outside any instruction (dockerfile-ast reads one on the very first
    // line as a parser directive, so the lines are scanned rather than its comments).
    const insideInstruction = new Uint8Array(ctx.lines.length);
    for (const instruction of ctx.instructions) {
      const { start, end } = instruction.getRange();
      for (let line = start.line; line <= end.line && line < ctx.lines.length; line++) insideInstruction[line] = 1;
    }
    const findings: RuleFinding[] = [];
    ctx.lines.forEach((text, line) => {
      if (insideInstruction[line] || !INLINE_IGNORE.test(text)) return;
      const start = text.indexOf('#');
      findings.push({ range: { start: { line, character: start }, end: { line, character: text.trimEnd().length } } });
    });
    return findings;
  },
};
