// DL3030 (yum) and DL3038 (dnf, microdnf): an install that would stop to ask for confirmation,
// with the quick fix that adds `-y` after the subcommand. One check, two package managers.
import type { RuleContext, RuleFinding, ShellCommand } from '../../rule';
import { addedWord, commandFlags, runShells } from './words';

const SUBCOMMANDS = new Set(['install', 'groupinstall', 'localinstall']);

function asksToConfirm(tools: readonly string[]): (command: ShellCommand) => boolean {
  return (command) =>
    tools.includes(command.name) && command.args.some((arg) => SUBCOMMANDS.has(arg)) && !commandFlags(command).some((flag) => flag === 'y' || flag === 'assumeyes');
}

export function missingAssumeYes(ctx: RuleContext, tools: readonly string[]): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const missingYes = asksToConfirm(tools);
  for (const { shell } of runShells(ctx)) {
    const command = shell.commands.find(missingYes);
    if (!command) continue;
    const subcommand = command.argRanges[command.args.findIndex((arg) => SUBCOMMANDS.has(arg))];
    const fix = { title: 'Add -y', edits: [{ range: { start: subcommand.end, end: subcommand.end }, newText: addedWord(shell, '-y') }] };
    findings.push({ range: { start: command.nameRange.start, end: subcommand.end }, fix });
  }
  return findings;
}

/** The explanation both rules give, for their package manager (`yum`, `dnf`). */
export function assumeYesExplanation(tool: string): string {
  return `Without \`-y\` (\`--assumeyes\`) ${tool} asks for confirmation; a build has no one to answer, so ${tool}
gives up and the build fails (or hangs waiting for input).

Bad:
\`\`\`dockerfile
RUN ${tool} install httpd-2.4.6 && ${tool} clean all
\`\`\`

Good:
\`\`\`dockerfile
RUN ${tool} install -y httpd-2.4.6 && ${tool} clean all
\`\`\`

**Fix:** the quick fix adds \`-y\` after \`install\`.`;
}
