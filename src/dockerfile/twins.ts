// BuildKit checks that mean the same as a hadolint rule ("twins"). One problem gets one finding:
// the hadolint code wins, because users' .hadolint.yaml files and pragmas name it, and ignoring the
// hadolint code silences its BuildKit twin too.
import type { Instruction } from 'dockerfile-ast';
import type { Stage } from './rule';
import type { Finding } from './types';

interface Twin {
  /** The hadolint rule meaning the same, for the instruction the BuildKit finding is on. */
  hadolint(keyword: string): string | undefined;
  /** 'instruction': both flag the same instruction; 'stage': they flag different ones of one stage. */
  scope: 'instruction' | 'stage';
}

const same = (code: string): Twin => ({ hadolint: () => code, scope: 'instruction' });

/** BuildKit check -> its hadolint twin. */
export const TWINS: ReadonlyMap<string, Twin> = new Map<string, Twin>([
  ['MaintainerDeprecated', same('DL4000')],
  ['WorkdirRelativePath', same('DL3000')],
  ['JSONArgsRecommended', same('DL3025')],
  ['DuplicateStageName', same('DL3024')],
  ['ReservedStageName', same('DL3063')],
  // hadolint forbids any --platform value in FROM, BuildKit only a constant one: same finding there.
  ['FromPlatformFlagConstDisallowed', same('DL3029')],
  // BuildKit flags the overridden instructions, hadolint the later ones: one stage, one meaning.
  [
    'MultipleInstructionsDisallowed',
    {
      hadolint: (keyword) => ({ CMD: 'DL4003', ENTRYPOINT: 'DL4004', HEALTHCHECK: 'DL3012' })[keyword],
      scope: 'stage',
    },
  ],
]);

export interface TwinLookup {
  /** The instruction holding a 0-based line. */
  instructionAt(line: number): Instruction | undefined;
  stages: readonly Stage[];
  /** True when the user turned this hadolint code off (config, pragma) for this instruction. */
  silenced(code: string, instruction: Instruction | undefined): boolean;
}

/** The findings without BuildKit twins whose hadolint rule reported the problem or was silenced by the user. */
export function dropTwins(findings: readonly Finding[], lookup: TwinLookup): Finding[] {
  // Binary search over the stages' first lines: a scan per finding cost findings x stages (10,000 stages: 10 s).
  const stageStarts = lookup.stages.map((stage) => stage.from.getRange().start.line);
  const stageOf = (instruction: Instruction): Stage | undefined => {
    const line = instruction.getRange().start.line;
    let low = 0;
    let high = stageStarts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (stageStarts[mid] <= line) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found === -1 ? undefined : lookup.stages[found];
  };
  const key = (code: string, instruction: Instruction, scope: Twin['scope']): string =>
    `${code}@${scope === 'stage' ? `stage${stageOf(instruction)?.index ?? -1}` : instruction.getRange().start.line}`;
  const reported = new Set<string>();
  const stageSilenced = new Map<string, boolean>();
  for (const finding of findings) {
    if (finding.source !== 'hadolint') continue;
    const instruction = lookup.instructionAt(finding.range.start.line);
    if (!instruction) continue;
    reported.add(key(finding.code, instruction, 'instruction'));
    reported.add(key(finding.code, instruction, 'stage'));
  }
  return findings.filter((finding) => {
    const twin = finding.source === 'buildkit' ? TWINS.get(finding.code) : undefined;
    if (!twin) return true;
    const instruction = lookup.instructionAt(finding.range.start.line);
    const code = instruction && twin.hadolint(instruction.getKeyword());
    if (!instruction || !code) return true;
    if (reported.has(key(code, instruction, twin.scope))) return false;
    // A stage-wide twin is silenced when the user ignored it on any of the stage's same instructions
    // (answered once per stage, keyword and code: a stage of 30,000 CMDs asked it 30,000 times).
    if (twin.scope !== 'stage') return !lookup.silenced(code, instruction);
    const stage = stageOf(instruction);
    if (!stage) return !lookup.silenced(code, instruction);
    const memoKey = `${stage.index}\u0000${instruction.getKeyword()}\u0000${code}`;
    let silenced = stageSilenced.get(memoKey);
    if (silenced === undefined) {
      const keyword = instruction.getKeyword();
      silenced = stage.instructions.some(
        (candidate) => candidate.getKeyword() === keyword && lookup.silenced(code, candidate),
      );
      stageSilenced.set(memoKey, silenced);
    }
    return !silenced;
  });
}
