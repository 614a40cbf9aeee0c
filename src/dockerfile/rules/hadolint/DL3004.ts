import type { Rule, RuleFinding } from '../../rule';
import { firstPerRun } from '../kit';

export const DL3004: Rule = {
  code: 'DL3004',
  source: 'hadolint',
  severity: 'error',
  summary: 'Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root',
  explanation: `\`sudo\` needs a TTY and a sudoers configuration, behaves differently between base images,
and keeps its parent process around, which breaks signal handling. Build steps already run as the
current \`USER\`: switch with \`USER root\` for the steps that need it, and use \`gosu\` or
\`su-exec\` in an entrypoint that must drop privileges at run time.

Bad:
\`\`\`dockerfile
RUN sudo apt-get update
\`\`\`

Good:
\`\`\`dockerfile
USER root
RUN apt-get update
USER app
\`\`\`

Installing sudo (\`apt-get install -y sudo\`) is not flagged. No automatic fix: dropping \`sudo\`
is only right when the step already runs as root, which depends on the base image.`,
  check(ctx) {
    return firstPerRun(ctx, (command) => (command.name === 'sudo' ? command.nameRange : undefined)).map((range): RuleFinding => ({ range }));
  },
};
