import type { Rule, RuleFinding } from '../../rule';
import { firstPerRun } from '../kit';

export const DL3003: Rule = {
  code: 'DL3003',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Use WORKDIR to switch to a directory.',
  explanation: `\`cd\` in a \`RUN\` lasts only for that \`RUN\`; the next instruction starts again in the
\`WORKDIR\`. Using \`WORKDIR\` makes the directory explicit for every following instruction and
for the running container.

Bad:
\`\`\`dockerfile
RUN cd /usr/src/app && make
\`\`\`

Good:
\`\`\`dockerfile
WORKDIR /usr/src/app
RUN make
\`\`\`

No automatic fix: moving the directory change into \`WORKDIR\` also changes where later
instructions run, which only you can judge.`,
  check(ctx) {
    return firstPerRun(ctx, (command) => (command.name === 'cd' ? command.range : undefined)).map((range): RuleFinding => ({ range }));
  },
};
