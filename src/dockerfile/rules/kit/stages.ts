// Stages of a multi-stage build: which stage an instruction is in, what a stage builds FROM, and
// which stages ship in the image `docker build` produces. Memoised per lint (by RuleContext).
import type { Instruction } from 'dockerfile-ast';
import type { RuleContext, Stage } from '../../rule';
import { flagOf, type FlagLike } from './words';

/** Instructions from the first FROM on: BuildKit keeps the global ARGs before it apart. */
export function stageInstructions(context: RuleContext): Instruction[] {
  return context.stages.flatMap((stage) => stage.instructions);
}

/** Each stage's parent stage (`FROM <earlier stage name>`), computed once per lint. */
const parentsMemo = new WeakMap<RuleContext, Map<Stage, Stage | undefined>>();

/** The stage a `FROM <name>` builds on, when `name` is an earlier stage (BuildKit matches names case-insensitively). */
export function parentStage(context: RuleContext, stage: Stage): Stage | undefined {
  let parents = parentsMemo.get(context);
  if (!parents) {
    parents = new Map();
    const byName = new Map<string, Stage>();
    for (const candidate of context.stages) {
      parents.set(candidate, byName.get(candidate.baseImage.toLowerCase()));
      if (candidate.name) byName.set(candidate.name, candidate);
    }
    parentsMemo.set(context, parents);
  }
  return parents.get(stage);
}

/** The stage and the stages it builds on, nearest first (cycles cannot happen: a parent is always earlier). */
export function stageChain(context: RuleContext, stage: Stage): Stage[] {
  const chain: Stage[] = [stage];
  for (let parent = parentStage(context, stage); parent; parent = parentStage(context, parent)) chain.push(parent);
  return chain;
}

export function stageOf(context: RuleContext, instruction: Instruction): Stage | undefined {
  return stageAt(context, instruction.getRange().start.line);
}

/** Each stage's first line (its FROM's), in order, computed once per lint. */
const stageStartsMemo = new WeakMap<RuleContext, number[]>();

/** The stage holding the 0-based `line` (undefined before the first FROM). */
export function stageAt(context: RuleContext, line: number): Stage | undefined {
  let starts = stageStartsMemo.get(context);
  if (!starts) {
    starts = context.stages.map((stage) => stage.from.getRange().start.line);
    stageStartsMemo.set(context, starts);
  }
  // The last stage starting at or before `line` (a binary search: a scan per call was calls x stages).
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid] <= line) low = mid + 1;
    else high = mid;
  }
  return low === 0 ? undefined : context.stages[low - 1];
}

/** The stages whose files end up in the image `docker build` produces: the last and those it builds FROM. */
const shippedMemo = new WeakMap<RuleContext, Set<Stage>>();
export function shippedStages(context: RuleContext): Set<Stage> {
  let shipped = shippedMemo.get(context);
  if (!shipped) {
    const final = context.stages.find((stage) => stage.isFinal);
    shipped = new Set(final ? stageChain(context, final) : []);
    shippedMemo.set(context, shipped);
  }
  return shipped;
}

/**
 * True when the image is a development environment on purpose (VS Code dev containers): then
 * compilers, dev dependencies and full base images are what it is for, and SD1xxx/SD2xxx stay silent.
 */
export function isDevelopmentImage(context: RuleContext): boolean {
  const final = context.stages.find((stage) => stage.isFinal);
  if (!final) return false;
  const base = rootStage(context, final).baseImage.toLowerCase();
  return /^mcr\.microsoft\.com\/(vscode\/)?devcontainers\//.test(base);
}

/** The stage the shipped chain starts from: its FROM names the real base image. */
export function rootStage(context: RuleContext, stage: Stage): Stage {
  const chain = stageChain(context, stage);
  return chain[chain.length - 1];
}

export function isMultiStage(context: RuleContext): boolean {
  return context.stages.length > 1;
}

/** RUN instructions of a stage, in order. */
export function runsOf(context: RuleContext, stage: Stage): readonly Instruction[] {
  return stageInstructionsOf(context, stage, 'RUN');
}

/** Per lint, per keyword list: each stage's instructions of those keywords (by stage index). */
const stageGroupsMemo = new WeakMap<RuleContext, Map<string, Instruction[][]>>();

/**
 * The instructions of `stage` whose keyword is one of `keywords`, in order; computed once per lint
 * and keyword list. Read-only. (A scan of the stage's instructions per rule asked getKeyword of
 * every instruction again for each of a dozen rules.)
 */
export function stageInstructionsOf(context: RuleContext, stage: Stage, ...keywords: string[]): readonly Instruction[] {
  let groups = stageGroupsMemo.get(context);
  if (!groups) {
    groups = new Map();
    stageGroupsMemo.set(context, groups);
  }
  const key = keywords.join(' ');
  let perStage = groups.get(key);
  if (!perStage) {
    perStage = [];
    const stages = context.stages;
    for (let s = 0; s < stages.length; s++) perStage.push([]);
    // Stages are consecutive runs of instructions, each starting at its FROM.
    const found = context.instructionsOf(...keywords);
    let current = -1;
    for (let i = 0; i < found.length; i++) {
      const line = found[i].getRange().start.line;
      while (current + 1 < stages.length && stages[current + 1].from.getRange().start.line <= line) current++;
      if (current >= 0) perStage[current].push(found[i]);
    }
    groups.set(key, perStage);
  }
  return perStage[stage.index] ?? [];
}

/** The `--platform` flag of each stage's FROM that has one, with its value as written. */
export function platformFlags(context: RuleContext): Array<{ stage: Stage; flag: FlagLike; value: string | null }> {
  return context.stages.flatMap((stage) => {
    const flag = flagOf(stage.from, 'platform');
    return flag ? [{ stage, flag, value: flag.getValue() }] : [];
  });
}

/**
 * The image (as written) the stage holding `line` ultimately starts from, following `FROM <stage>`
 * chains to the first earlier stage of that name, as hadolint's DL3047 and DL4006 do.
 */
export function rootImageAt(context: RuleContext, line: number): string | undefined {
  const firstNamed = firstStageByName(context);
  let stage = stageAt(context, line);
  for (let hops = 0; stage && hops < context.stages.length; hops++) {
    // The first stage of that name, when it comes before this one (a later one never counts).
    const first = firstNamed.get(stage.baseImage.toLowerCase());
    const parent = first !== undefined && first.index < stage.index ? first : undefined;
    if (!parent) return stage.baseImage;
    stage = parent;
  }
  return undefined;
}

/** Each stage name's first stage, computed once per lint. */
const firstStageByNameMemo = new WeakMap<RuleContext, Map<string, Stage>>();
function firstStageByName(context: RuleContext): Map<string, Stage> {
  let byName = firstStageByNameMemo.get(context);
  if (!byName) {
    byName = new Map();
    for (const stage of context.stages) {
      if (stage.name !== undefined && !byName.has(stage.name)) byName.set(stage.name, stage);
    }
    firstStageByNameMemo.set(context, byName);
  }
  return byName;
}
