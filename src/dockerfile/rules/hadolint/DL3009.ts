import type { Instruction } from 'dockerfile-ast';
import type { Rule, RuleContext, RuleFinding, ShellCommand } from '../../rule';
import type { Fix } from '../../types';
import { cmdHasArgs, fromParts, hasCacheOrTmpfsMountWith, parentStage, stageInstructionsOf } from '../kit';

const CLEANUP = ' && rm -rf /var/lib/apt/lists/*';
const UPDATERS = ['apt-get', 'apt', 'aptitude'];

function forgotCleanup(commands: readonly ShellCommand[]): boolean {
  // hadolint counts `apt update` and `aptitude update` as well as `apt-get update`.
  const updates = commands.some((command) => UPDATERS.some((name) => cmdHasArgs(command, name, ['update'])));
  // As hadolint: any `rm` given `-rf` or the lists path counts as the clean-up.
  const cleans = commands.some((command) => cmdHasArgs(command, 'rm', ['-rf', '/var/lib/apt/lists/*']));
  return updates && !cleans;
}

/** A cache or tmpfs mount keeps the lists out of the layer (hadolint matches the target's text). */
function cachedLists(instruction: Instruction): boolean {
  const mounted = (fragment: string): boolean => hasCacheOrTmpfsMountWith(instruction, fragment);
  return mounted('/var/lib/apt/lists') || (mounted('/var/lib/apt') && mounted('/var/cache/apt'));
}

const APT = new Set(['apt-get', 'apt']);
/** Options of apt-get that take the next word as their value (`-o Opt=1 install`). */
const APT_VALUE_FLAGS = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release']);
const NEEDS_LISTS = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'source', 'build-dep']);

/** The apt verb of a command (`update`, `install`, ...), undefined when it is not apt-get/apt. */
function aptVerb(command: ShellCommand): string | undefined {
  if (!APT.has(command.name)) return undefined;
  for (let i = 0; i < command.args.length; i++) {
    const word = command.args[i];
    if (APT_VALUE_FLAGS.has(word)) i++;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

/** True when this RUN needs no lists after it: something installs after its last `apt-get update`. */
function usesListsAfterLastUpdate(commands: readonly ShellCommand[]): boolean {
  const verbs = commands.map(aptVerb);
  const lastUpdate = verbs.lastIndexOf('update');
  return lastUpdate >= 0 && verbs.slice(lastUpdate + 1).some((v) => v === 'install' || v === 'upgrade' || v === 'dist-upgrade' || v === 'full-upgrade');
}

/**
 * For each RUN: does a later RUN install with the lists it downloaded (no `apt-get update` of its own
 * before)? Later in its stage, or in a stage built FROM it (directly or through another), which
 * start with those lists too. Computed once for the whole file, back to front: asking per RUN cost
 * RUNs x stages (10,000 RUNs: 37 s).
 */
function laterNeedsLists(ctx: RuleContext): (run: Instruction, stageIndex: number) => boolean {
  const needs = (instruction: Instruction): boolean => {
    if (instruction.getKeyword() !== 'RUN' && instruction.getKeyword() !== 'ONBUILD') return false;
    for (const command of ctx.shell(instruction).commands) {
      const verb = aptVerb(command);
      if (verb === 'update') return false;
      if (verb !== undefined && NEEDS_LISTS.has(verb)) return true;
    }
    return false;
  };
  const stages = ctx.stages;
  const needsAfter = new Map<Instruction, boolean>();
  const stageNeeds: boolean[] = [];
  for (const stage of stages) {
    let later = false;
    // Only RUNs (and ONBUILD RUNs) need lists, and only RUNs are asked about.
    const runs = stageInstructionsOf(ctx, stage, 'RUN', 'ONBUILD');
    for (let i = runs.length - 1; i >= 0; i--) {
      needsAfter.set(runs[i], later);
      later = later || needs(runs[i]);
    }
    stageNeeds.push(later);
  }
  // A child stage is always later than its parent: one pass from the end collects the heirs.
  const heirsNeed: boolean[] = stages.map(() => false);
  for (let index = stages.length - 1; index >= 0; index--) {
    const parent = parentStage(ctx, stages[index]);
    if (parent && (stageNeeds[index] || heirsNeed[index])) heirsNeed[parent.index] = true;
  }
  return (run, stageIndex) =>
    stages[stageIndex] === undefined || (needsAfter.get(run) ?? true) || heirsNeed[stageIndex];
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

Also flagged for \`apt update\` and \`aptitude update\`. Not flagged: a BuildKit cache or tmpfs mount on
\`/var/lib/apt/lists\` (or on both \`/var/lib/apt\` and \`/var/cache/apt\`), and build stages that no later stage is built \`FROM\` (their files never
ship). **Fix:** appends \`&& rm -rf /var/lib/apt/lists/*\` to the \`RUN\`, only when it is certainly
safe: the \`RUN\` installs or upgrades after its last \`apt-get update\`, and no later \`RUN\` of the
stage (or of a stage built \`FROM\` it) installs without running \`apt-get update\` first. Otherwise the
finding stays but no fix is offered: deleting the lists would make that later install fail.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    const lastStage = ctx.stages.length - 1;
    const baseImages = new Set(
      ctx.stages
        .map((stage) => fromParts(ctx, stage.from).image?.value.toLowerCase())
        .filter((name): name is string => !!name),
    );
    const laterRunNeedsLists = laterNeedsLists(ctx);
    let stageIndex = -1;
    for (const instruction of ctx.instructionsOf('FROM', 'RUN', 'ONBUILD')) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') {
        stageIndex++;
        continue;
      }
      if (keyword !== 'RUN' && keyword !== 'ONBUILD') continue;
      if (!forgotCleanup(ctx.shell(instruction).commands) || cachedLists(instruction)) continue;
      const stage = ctx.stages[stageIndex];
      // An ONBUILD trigger runs in whatever image is built FROM this one: hadolint reports it in any stage.
      const ships =
        keyword === 'ONBUILD' || stageIndex === lastStage || (stage?.name !== undefined && baseImages.has(stage.name));
      if (!ships) continue;
      // Deleting the lists breaks any later install that relies on them: offer the fix only when none does.
      const safe =
        keyword === 'RUN' && usesListsAfterLastUpdate(ctx.shell(instruction).commands) && !laterRunNeedsLists(instruction, stageIndex);
      const fix = safe ? appendCleanup(ctx, instruction) : undefined;
      findings.push({ range: instruction.getRange(), ...(fix ? { fix } : {}) });
    }
    return findings;
  },
};
