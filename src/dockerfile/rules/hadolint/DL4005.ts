import type { Rule, RuleFinding } from '../../rule';
import { runShells } from '../kit';

export const DL4005: Rule = {
  code: 'DL4005',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Use SHELL to change the default shell',
  explanation: `Replacing \`/bin/sh\` with a symlink (\`ln -sf /bin/bash /bin/sh\`) changes the shell for everything
in the image, including the system's own scripts that expect a POSIX \`sh\`. The \`SHELL\` instruction
changes it only for the Dockerfile's \`RUN\`s.

Bad:
\`\`\`dockerfile
RUN ln -sfv /bin/bash /bin/sh
\`\`\`

Good:
\`\`\`dockerfile
SHELL ["/bin/bash", "-c"]
\`\`\`

**Fix:** remove the \`ln\` and add a \`SHELL\` instruction before the \`RUN\`s that need the other shell.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { shell } of runShells(ctx)) {
      const link = shell.commands.find((c) => c.name === 'ln' && c.args.includes('/bin/sh'));
      if (link) findings.push({ range: link.range });
    }
    return findings;
  },
};
