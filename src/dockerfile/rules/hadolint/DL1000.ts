import type { Rule, RuleFinding } from '../../rule';
import type { Range } from '../../types';

const INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
];
const KNOWN = new Set(INSTRUCTIONS);
/** Past this many, one more finding says how many were left out: a binary file is not 8,000 errors. */
const MAX_REPORTED = 20;

interface HeredocLike {
  getName(): string;
  getStartRange(): Range;
  getDelimiterRange(): Range | null;
}

export const DL1000: Rule = {
  code: 'DL1000',
  source: 'hadolint',
  severity: 'error',
  summary: 'The Dockerfile cannot be parsed.',
  explanation: `Docker would refuse to build this Dockerfile: an unknown instruction (\`FORM\` for \`FROM\`), an
instruction without its arguments (\`FROM\` alone, \`COPY app.py\` without a destination), a heredoc
that never ends, or a file that is not a Dockerfile at all (binary, or larger than 512 KiB). The
other rules still run on what could be read, but the build fails until this is fixed.

Bad:
\`\`\`dockerfile
FORM debian:12
RUN <<EOF
apt-get update
\`\`\`

Good:
\`\`\`dockerfile
FROM debian:12
RUN <<EOF
apt-get update
EOF
\`\`\`

**Fix:** correct the line the message points to. There is no automatic fix: only you know what was
meant. A parse error cannot be ignored with \`# hadolint ignore=\`; \`ignored: [DL1000]\` in
\`.hadolint.yaml\` hides it.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructions) {
      const keyword = instruction.getKeyword();
      const keywordRange = instruction.getInstructionRange();
      if (!KNOWN.has(keyword)) {
        const shown = instruction.getInstruction().replace(/[^\x20-\x7e]/g, '?').slice(0, 40);
        findings.push({
          range: keywordRange,
          message: `Unknown instruction '${shown}': expected one of ${INSTRUCTIONS.join(', ')}.`,
        });
        continue;
      }
      const args = instruction.getArguments();
      if (args.length === 0) {
        findings.push({ range: keywordRange, message: `${keyword} requires at least one argument.` });
        continue;
      }
      if (keyword === 'COPY' || keyword === 'ADD') {
        let paths = 0;
        for (const argument of args) if (!argument.getValue().startsWith('--')) paths++;
        if (paths < 2) {
          findings.push({ range: instruction.getRange(), message: `${keyword} requires at least two arguments: a source and a destination.` });
        }
      }
      const heredocs = (instruction as unknown as { getHeredocs?(): HeredocLike[] }).getHeredocs?.() ?? [];
      for (const heredoc of heredocs) {
        if (heredoc.getDelimiterRange() === null) {
          findings.push({
            range: heredoc.getStartRange(),
            message: `Heredoc <<${heredoc.getName()} is never terminated: end it with a line holding only ${heredoc.getName()}.`,
          });
        }
      }
    }
    if (findings.length > MAX_REPORTED) {
      const left = findings.length - MAX_REPORTED;
      findings.length = MAX_REPORTED;
      findings.push({ range: findings[MAX_REPORTED - 1].range, message: `${left} more parse errors are not shown; is this a Dockerfile?` });
    }
    return findings;
  },
};
