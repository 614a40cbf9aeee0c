import type { Rule, RuleFinding, ShellCommand } from '../../rule';
import { commandFlags, addedWord } from '../../commandArgs';

const SUBCOMMANDS = new Set(['install', 'groupinstall', 'localinstall']);

function missingYes(command: ShellCommand): boolean {
  return command.name === 'yum' && command.args.some((arg) => SUBCOMMANDS.has(arg)) && !commandFlags(command).some((flag) => flag === 'y' || flag === 'assumeyes');
}

export const DL3030: Rule = {
  code: 'DL3030',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Use the -y switch to avoid manual input `yum install -y <package`',
  explanation: `Without \`-y\` (\`--assumeyes\`) yum asks for confirmation; a build has no one to answer, so yum
gives up and the build fails (or hangs waiting for input).

Bad:
\`\`\`dockerfile
RUN yum install httpd-2.4.6 && yum clean all
\`\`\`

Good:
\`\`\`dockerfile
RUN yum install -y httpd-2.4.6 && yum clean all
\`\`\`

**Fix:** the quick fix adds \`-y\` after \`install\`.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'RUN' && keyword !== 'ONBUILD') continue;
      const command = ctx.shell(instruction).commands.find(missingYes);
      if (!command) continue;
      const subcommand = command.argRanges[command.args.findIndex((arg) => SUBCOMMANDS.has(arg))];
      const fix = { title: 'Add -y', edits: [{ range: { start: subcommand.end, end: subcommand.end }, newText: addedWord(ctx.shell(instruction), '-y') }] };
      findings.push({ range: { start: command.nameRange.start, end: subcommand.end }, fix });
    }
    return findings;
  },
};
