import type { Instruction } from 'dockerfile-ast';
import type { Rule, RuleContext, RuleFinding, ShellCommand } from '../../rule';
import type { Fix } from '../../types';
import { cmdHasArgs } from '../../commandArgs';
import { cacheMountTargets, fromParts } from '../../instructionArgs';

const CLEANUP = ' && rm -rf /var/lib/apt/lists/*';

function forgotCleanup(commands: readonly ShellCommand[]): boolean {
  const updates = commands.some((command) => cmdHasArgs(command, 'apt-get', ['update']));
  // As hadolint: any `rm` given `-rf` or the lists path counts as the clean-up.
  const cleans = commands.some((command) => cmdHasArgs(command, 'rm', ['-rf', '/var/lib/apt/lists/*']));
  return updates && !cleans;
}

function cachedLists(instruction: Instruction): boolean {
  const targets = cacheMountTargets(instruction);
  const under = (dir: string): boolean => targets.some((target) => target.startsWith(dir));
  return under('/var/lib/apt/lists') || (under('/var/lib/apt') && under('/var/cache/apt'));
}

/** Appending the clean-up is safe on a plain shell-form RUN whose last line is not a comment or operator. */
function appendCleanup(ctx: RuleContext, instruction: Instruction): Fix | undefined {
  const args = instruction.getArguments();
  if (args.length === 0 || args[0].getValue().startsWith('[')) return undefined;
  if (((instruction as unknown as { getHeredocs?(): unknown[] }).getHeredocs?.() ?? []).length > 0) return undefined;
  const shell = ctx.shell(instruction);
  if (!shell.ok || /[&|;\\`#]\s*$/.test(shell.script)) return undefined;
  const end = instruction.getRange().end;
  if ((ctx.lines[end.line] ?? '').includes('#')) return undefined;
  return { title: 'Delete the apt lists in the same RUN', edits: [{ range: { start: end, end }, newText: CLEANUP }] };
}

export const DL3009: Rule = {
  code: 'DL3009',
  source: 'hadolint',
  severity: 'info',
  summary: 'Delete the apt-get lists after installing something.',
  explanation: `\`apt-get update\` downloads package lists (tens of MB) into \`/var/lib/apt/lists\`. Left there,
they ship in the image layer. Delete them in the same \`RUN\`: a later \`RUN\` cannot shrink an
earlier layer.

Bad:
\`\`\`dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
\`\`\`

Good:
\`\`\`dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl \\
 && rm -rf /var/lib/apt/lists/*
\`\`\`

Not flagged: a BuildKit cache mount on \`/var/lib/apt/lists\` (or on both \`/var/lib/apt\` and
\`/var/cache/apt\`), and build stages that no later stage is built \`FROM\` (their files never
ship). **Fix:** appends \`&& rm -rf /var/lib/apt/lists/*\` to the \`RUN\`.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    const lastStage = ctx.stages.length - 1;
    const baseImages = new Set(
      ctx.stages.map((stage) => fromParts(ctx, stage.from).image?.value.toLowerCase()).filter((name): name is string => !!name),
    );
    let stageIndex = -1;
    for (const instruction of ctx.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') {
        stageIndex++;
        continue;
      }
      if (keyword !== 'RUN' && keyword !== 'ONBUILD') continue;
      if (!forgotCleanup(ctx.shell(instruction).commands) || cachedLists(instruction)) continue;
      const stage = ctx.stages[stageIndex];
      const ships = stageIndex === lastStage || (stage?.name !== undefined && baseImages.has(stage.name));
      if (!ships) continue;
      const fix = appendCleanup(ctx, instruction);
      findings.push({ range: instruction.getRange(), ...(fix ? { fix } : {}) });
    }
    return findings;
  },
};
