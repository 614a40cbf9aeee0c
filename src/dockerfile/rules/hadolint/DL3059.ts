import type { Instruction } from 'dockerfile-ast';
import type { Fix } from '../../types';
import type { ParsedShell, Rule, RuleContext, RuleFinding } from '../../rule';
import { mergeShape, SHELL_STATE } from '../kit';

function flagsKey(instruction: Instruction): string {
  const flags = (instruction as unknown as { getFlags?(): Array<{ toString(): string }> }).getFlags?.() ?? [];
  return flags.map((flag) => flag.toString()).sort().join(' ');
}

function isShellForm(ctx: RuleContext, instruction: Instruction, shell: ParsedShell): boolean {
  const args = instruction.getArguments();
  const heredocs = (instruction as unknown as { getHeredocs?(): unknown[] }).getHeredocs?.() ?? [];
  return shell.ok && args.length > 0 && heredocs.length === 0 && !args[0].getValue().startsWith('[') && !/^<</.test(args[0].getValue()) && !args[0].getValue().startsWith('--');
}

/**
 * `RUN a` + `RUN b` -> `RUN a && \ b`, offered only when it cannot change the build: both plain
 * one-command shell scripts on adjacent lines, the first changing no shell state and being exactly
 * its one command (no redirection, comment, separator or assignment around it).
 */
function mergeFix(ctx: RuleContext, previous: Instruction, current: Instruction): Fix | undefined {
  const before = ctx.shell(previous);
  const after = ctx.shell(current);
  if (!isShellForm(ctx, previous, before) || !isShellForm(ctx, current, after)) return undefined;
  if (before.commands.length !== 1 || after.commands.length !== 1) return undefined;
  const command = before.commands[0];
  if (SHELL_STATE.has(command.name)) return undefined;
  const { start, end } = command.range;
  const commandText = start.line === end.line ? ctx.lines[start.line].slice(start.character, end.character) : undefined;
  if (commandText === undefined || commandText !== before.script.trim()) return undefined;
  // The appended script must fail the RUN as before: no background job, no `;` or `||` after `&&`.
  if (!mergeShape(before.script, after.script)) return undefined;
  const previousEnd = previous.getRange().end;
  const currentStart = current.getRange().start;
  if (currentStart.line !== previousEnd.line + 1) return undefined;
  const escape = ctx.dockerfile.getEscapeCharacter();
  const eol = ctx.text.includes('\r\n') ? '\r\n' : '\n';
  const scriptStart = current.getArguments()[0].getRange().start;
  return {
    title: 'Merge into the previous RUN',
    edits: [{ range: { start: previousEnd, end: scriptStart }, newText: ` && ${escape}${eol}    ` }],
  };
}

export const DL3059: Rule = {
  code: 'DL3059',
  source: 'hadolint',
  severity: 'info',
  summary: 'Multiple consecutive `RUN` instructions. Consider consolidation.',
  explanation: `Each \`RUN\` makes a layer. Consecutive one-command \`RUN\`s make the image carry more layers than it
needs, and files one of them creates and a later one deletes still ship in the earlier layer.
\`RUN\`s that already chain several commands, or that use different \`--mount\` flags, are left
alone: splitting them is usually deliberate (for the layer cache).

Bad:
\`\`\`dockerfile
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
\`\`\`

Good:
\`\`\`dockerfile
RUN apt-get update && \\
    apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
\`\`\`

**Fix:** the quick fix joins a \`RUN\` into the one before it with \`&&\`, only when that cannot change
what the build does: both hold one plain command, on adjacent lines, and the first one changes no
shell state (\`cd\`, \`export\`, \`set\`, ...).`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    let previous: { instruction: Instruction; flags: string; count: number } | undefined;
    for (const instruction of ctx.instructions) {
      if (instruction.getKeyword() !== 'RUN') {
        previous = undefined;
        continue;
      }
      const flags = flagsKey(instruction);
      const count = ctx.shell(instruction).commands.length;
      // hadolint leaves RUNs alone that chain commands (either one) or differ in flags.
      if (previous && previous.flags === flags && previous.count <= 1 && count <= 1) {
        const fix = mergeFix(ctx, previous.instruction, instruction);
        findings.push({ range: instruction.getInstructionRange(), fix });
      }
      previous = { instruction, flags, count };
    }
    return findings;
  },
};
