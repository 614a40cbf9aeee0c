// BuildKit checks that mean the same as a hadolint rule ("twins"). One problem gets one finding,
// naming both rules (`Finding.twin`): by default under the hadolint code, because users'
// .hadolint.yaml files and pragmas name it; under the BuildKit name when BuildKit's names are
// preferred (`stevedore lint --codes buildkit`, for pipelines that replace `docker build --check`).
// Ignoring or skipping either rule (configuration, `# hadolint ignore=`, `# check=skip=`) silences it.
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
const MULTIPLE: Record<string, string> = { CMD: 'DL4003', ENTRYPOINT: 'DL4004', HEALTHCHECK: 'DL3012' };

/** BuildKit check -> its hadolint twin. */
export const TWINS: ReadonlyMap<string, Twin> = new Map<string, Twin>([
  ['MaintainerDeprecated', same('DL4000')],
  ['WorkdirRelativePath', same('DL3000')],
  ['JSONArgsRecommended', same('DL3025')],
  ['DuplicateStageName', same('DL3024')],
  ['ReservedStageName', same('DL3063')],
  // hadolint forbids any --platform value in FROM, BuildKit only a constant one: same finding there.
  ['FromPlatformFlagConstDisallowed', same('DL3029')],
  ['RedundantTargetPlatform', same('DL3065')],
  // Both flag credentials in ARG/ENV names (each with its own word list): same finding where both do.
  ['SecretsUsedInArgOrEnv', same('DL3064')],
  // BuildKit flags the overridden instructions, hadolint the later ones: one stage, one meaning.
  ['MultipleInstructionsDisallowed', { hadolint: (keyword) => MULTIPLE[keyword], scope: 'stage' }],
]);

/** hadolint code -> its BuildKit twin. */
export const BUILDKIT_TWIN_OF: ReadonlyMap<string, string> = new Map(
  [...TWINS].flatMap(([buildkit, twin]) =>
    twin.scope === 'stage' ? Object.values(MULTIPLE).map((code) => [code, buildkit] as const) : [[twin.hadolint(''), buildkit] as const])
    .filter((pair): pair is readonly [string, string] => pair[0] !== undefined),
);

/** Whose names twinned problems go by. */
export type TwinNames = 'hadolint' | 'buildkit';

export interface TwinLookup {
  /** The instruction holding a 0-based line. */
  instructionAt(line: number): Instruction | undefined;
  stages: readonly Stage[];
  /** True when the user turned this code (hadolint's or BuildKit's) off for this instruction. */
  silenced(code: string, instruction: Instruction | undefined): boolean;
}

/**
 * One finding per twinned problem: the preferred side's finding, carrying the other's name, where
 * both reported it; nothing where the user silenced either side.
 */
export function dropTwins(findings: readonly Finding[], lookup: TwinLookup, prefer: TwinNames = 'hadolint'): Finding[] {
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
  const place = (instruction: Instruction, scope: Twin['scope']): string =>
    scope === 'stage' ? `stage${stageOf(instruction)?.index ?? -1}` : `line${instruction.getRange().start.line}`;
  /** The hadolint code a finding stands for and where, as one key both sides compute alike. */
  const keyOf = (finding: Finding): { key: string; hadolint: string; buildkit: string; instruction: Instruction; scope: Twin['scope'] } | undefined => {
    const instruction = lookup.instructionAt(finding.range.start.line);
    if (!instruction) return undefined;
    if (finding.source === 'buildkit') {
      const twin = TWINS.get(finding.code);
      const hadolint = twin?.hadolint(instruction.getKeyword());
      return twin && hadolint
        ? { key: `${hadolint}@${place(instruction, twin.scope)}`, hadolint, buildkit: finding.code, instruction, scope: twin.scope }
        : undefined;
    }
    if (finding.source !== 'hadolint') return undefined;
    const buildkit = BUILDKIT_TWIN_OF.get(finding.code);
    const scope = buildkit ? (TWINS.get(buildkit)?.scope ?? 'instruction') : 'instruction';
    return buildkit ? { key: `${finding.code}@${place(instruction, scope)}`, hadolint: finding.code, buildkit, instruction, scope } : undefined;
  };

  const reported = { hadolint: new Set<string>(), buildkit: new Set<string>() };
  const keys = findings.map((finding) => {
    const key = keyOf(finding);
    if (key) reported[finding.source === 'buildkit' ? 'buildkit' : 'hadolint'].add(key.key);
    return key;
  });
  // A stage-wide twin is silenced when the user ignored it on any of the stage's same instructions
  // (answered once per stage, keyword and code: a stage of 30,000 CMDs asked it 30,000 times).
  const stageSilenced = new Map<string, boolean>();
  const silenced = (code: string, instruction: Instruction, scope: Twin['scope']): boolean => {
    if (scope !== 'stage') return lookup.silenced(code, instruction);
    const stage = stageOf(instruction);
    if (!stage) return lookup.silenced(code, instruction);
    const keyword = instruction.getKeyword();
    const memoKey = `${stage.index}\u0000${keyword}\u0000${code}`;
    let answer = stageSilenced.get(memoKey);
    if (answer === undefined) {
      answer = stage.instructions
        .some((candidate) => candidate.getKeyword() === keyword && lookup.silenced(code, candidate));
      stageSilenced.set(memoKey, answer);
    }
    return answer;
  };

  const kept: Finding[] = [];
  findings.forEach((finding, index) => {
    const key = keys[index];
    if (!key) {
      kept.push(finding);
      return;
    }
    const side = finding.source === 'buildkit' ? 'buildkit' : 'hadolint';
    const other = side === 'buildkit' ? key.hadolint : key.buildkit;
    // Either rule silenced (on its own instruction or, stage-wide, on one of the stage's): no finding.
    if (silenced(other, key.instruction, key.scope)) return;
    const otherReported = reported[side === 'buildkit' ? 'hadolint' : 'buildkit'].has(key.key);
    if (otherReported && side !== prefer) return;
    kept.push(otherReported ? { ...finding, twin: other } : finding);
  });
  return kept;
}
