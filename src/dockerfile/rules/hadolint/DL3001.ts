import type { Rule, RuleFinding } from '../../rule';
import { firstPerRun } from '../kit';

const POINTLESS = new Set(['free', 'kill', 'mount', 'ps', 'service', 'shutdown', 'ssh', 'top', 'vim']);

export const DL3001: Rule = {
  code: 'DL3001',
  source: 'hadolint',
  severity: 'info',
  summary:
    'For some bash commands it makes no sense running them in a Docker container like `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`',
  explanation: `A \`RUN\` executes once, at build time, in a throw-away container: interactive tools (\`vim\`,
\`top\`, \`ssh\`), process and service control (\`service\`, \`kill\`, \`shutdown\`) and system
inspection (\`ps\`, \`free\`, \`mount\`) do nothing useful there, or hang the build.

Bad:
\`\`\`dockerfile
RUN service nginx start
\`\`\`

Good:
\`\`\`dockerfile
CMD ["nginx", "-g", "daemon off;"]
\`\`\`

Installing such a tool (\`apt-get install -y openssh-client\`) is not flagged. No automatic fix.`,
  check(ctx) {
    return firstPerRun(ctx, (command) => (POINTLESS.has(command.name) ? command.nameRange : undefined))
      .map((range): RuleFinding => ({ range }));
  },
};
