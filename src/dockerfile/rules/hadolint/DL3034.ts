import type { Rule, RuleFinding, ShellCommand } from '../../rule';
import type { Instruction } from 'dockerfile-ast';

/** `RUN ["yum", "install", "x"]`: a word added to the exec form must be a JSON string. */
function isExecForm(instruction: Instruction): boolean {
  const words = instruction.getArguments().map((argument) => argument.getValue());
  let i = instruction.getKeyword() === 'ONBUILD' ? 1 : 0;
  while (i < words.length && words[i].startsWith('--')) i++;
  return words[i]?.startsWith('[') ?? false;
}

function addedWord(instruction: Instruction, word: string): string {
  return isExecForm(instruction) ? `, "${word}"` : ` ${word}`;
}

const SUBCOMMANDS = new Set(['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch']);
const NON_INTERACTIVE = new Set(['no-confirm', 'y', 'n', 'non-interactive']);

/** hadolint's reading of flags: `--name[=value]` gives `name`, `-abc` gives `a`, `b` and `c`. */
function flagsOf(args: readonly string[]): string[] {
  return args.flatMap((arg) =>
    arg === '-' || arg === '--' ? [] : arg.startsWith('--') ? [arg.slice(2).split('=')[0]] : arg.startsWith('-') ? [...arg.slice(1)] : [],
  );
}

function interactive(command: ShellCommand): boolean {
  return command.name === 'zypper' && command.args.some((arg) => SUBCOMMANDS.has(arg)) && !flagsOf(command.args).some((flag) => NON_INTERACTIVE.has(flag));
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
    for (const instruction of ctx.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'RUN' && keyword !== 'ONBUILD') continue;
      const command = ctx.shell(instruction).commands.find(interactive);
      if (!command) continue;
      const at = command.nameRange.end;
      const subcommand = command.argRanges[command.args.findIndex((arg) => SUBCOMMANDS.has(arg))];
      const fix = { title: 'Add --non-interactive', edits: [{ range: { start: at, end: at }, newText: addedWord(instruction, '--non-interactive') }] };
      findings.push({ range: { start: command.nameRange.start, end: subcommand.end }, fix });
    }
    return findings;
  },
};
