import type { Rule, RuleFinding, ShellCommand } from '../../rule';
import { addedWord, commandFlags, runShells } from '../kit';

const SUBCOMMANDS = new Set(['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch']);
const NON_INTERACTIVE = new Set(['no-confirm', 'y', 'n', 'non-interactive']);

function interactive(command: ShellCommand): boolean {
  return command.name === 'zypper' && command.args.some((arg) => SUBCOMMANDS.has(arg)) && !commandFlags(command).some((flag) => NON_INTERACTIVE.has(flag));
}

export const DL3034: Rule = {
  code: 'DL3034',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Non-interactive switch missing from `zypper` command: `zypper install -y`',
  explanation: `zypper asks for confirmation before installing or removing packages; a build cannot answer, so it
fails. \`-y\` (\`--no-confirm\`) on the subcommand, or the global \`-n\` (\`--non-interactive\`), makes it
proceed.

Bad:
\`\`\`dockerfile
RUN zypper install httpd=2.4.46 && zypper clean
\`\`\`

Good:
\`\`\`dockerfile
RUN zypper --non-interactive install httpd=2.4.46 && zypper clean
\`\`\`

**Fix:** the quick fix adds the global \`--non-interactive\` after \`zypper\` (valid for every subcommand).`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { shell } of runShells(ctx)) {
      const command = shell.commands.find(interactive);
      if (!command) continue;
      const at = command.nameRange.end;
      const subcommand = command.argRanges[command.args.findIndex((arg) => SUBCOMMANDS.has(arg))];
      const fix = { title: 'Add --non-interactive', edits: [{ range: { start: at, end: at }, newText: addedWord(shell, '--non-interactive') }] };
      findings.push({ range: { start: command.nameRange.start, end: subcommand.end }, fix });
    }
    return findings;
  },
};
