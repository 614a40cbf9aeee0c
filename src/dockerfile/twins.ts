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
  const stageOf = (instruction: Instruction): Stage | undefined => {
    const line = instruction.getRange().start.line;
    let found: Stage | undefined;
    for (const stage of lookup.stages) if (stage.from.getRange().start.line <= line) found = stage;
    return found;
  };
  const key = (code: string, instruction: Instruction, scope: Twin['scope']): string =>
    `${code}@${scope === 'stage' ? `stage${stageOf(instruction)?.index ?? -1}` : instruction.getRange().start.line}`;
  const reported = new Set<string>();
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
    // A stage-wide twin is silenced when the user ignored it on any of the stage's same instructions.
    const keyword = instruction.getKeyword();
    const candidates = twin.scope === 'stage' ? (stageOf(instruction)?.instructions.filter((i) => i.getKeyword() === keyword) ?? [instruction]) : [instruction];
    return !candidates.some((candidate) => lookup.silenced(code, candidate));
  });
}
