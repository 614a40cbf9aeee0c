// BuildKit's UndefinedVar: an instruction BuildKit expands (ENV, ARG, COPY, WORKDIR, ...) uses a
// `$NAME` that no ARG or ENV of the stage, nor its base, defines.
import type { Instruction } from 'dockerfile-ast';
import type { Rule, RuleContext, RuleFinding, Stage } from '../../rule';
import type { Range } from '../../types';
import { baseImageFacts } from '../../data/baseImages';
import { argProperties, offsetOf, parentStage, rangeOfOffsets, stageInstructionsOf, suggestName, textOf, variableUses } from '../kit';

/** The instructions whose words BuildKit expands itself (RUN, CMD and ENTRYPOINT are left to the shell). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);

/** What a stage defines by the end of it, and whether its base image's environment is known. */
interface StageScope {
  defined: Set<string>;
  /** True when the base image may define variables we cannot know (an image outside our table). */
  openEnded: boolean;
}

/**
 * Compared names at most per lint when suggesting ("did you mean"): each suggestion looks at every
 * defined name, so 20,000 undefined uses among 20,000 names took 46 s. Past the budget, findings
 * come without a suggestion (and, for base images we do not know, likely typos are no longer told).
 */
const SUGGESTION_BUDGET = 2_000_000;

function scopeAtStart(
  context: RuleContext,
  stage: Stage,
  scopes: Map<Stage, StageScope>,
  lastChild: Map<Stage, Stage>,
): StageScope {
  const parent = parentStage(context, stage);
  if (parent) {
    const inherited = scopes.get(parent);
    // The parent's last child takes its names without a copy: a chain of stages stays linear.
    if (inherited && lastChild.get(parent) === stage) return inherited;
    if (inherited) return { defined: new Set(inherited.defined), openEnded: inherited.openEnded };
  }
  // BuildKit always sets PATH, and never reports its SBOM switches; other variables come from the base image.
  const defined = new Set(['PATH', 'BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);
  const image = stage.baseImage.toLowerCase();
  if (image === 'scratch') return { defined, openEnded: false };
  const facts = baseImageFacts(image);
  if (!facts) return { defined, openEnded: true };
  for (const name of facts.env) defined.add(name);
  return { defined, openEnded: false };
}

function argumentsRange(instruction: Instruction): Range | undefined {
  const args = instruction.getArguments();
  if (args.length === 0) return undefined;
  return { start: instruction.getInstructionRange().end, end: instruction.getRange().end };
}

export const UndefinedVar: Rule = {
  code: 'UndefinedVar',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Variables should be defined before their use',
  explanation: [
    'BuildKit expands `$NAME` itself in `ENV`, `ARG` defaults, `LABEL`, `COPY`, `ADD`, `WORKDIR`, `USER`,',
    '`VOLUME` and `STOPSIGNAL`; a variable no `ARG` or `ENV` of the stage defines expands to an empty',
    'string, often a typo (`$PAHT`) or a global ARG that was not re-declared inside the stage. The message',
    'suggests the closest defined name.',
    '',
    'Shell-form `RUN`, `CMD` and `ENTRYPOINT` are not checked: the shell expands those at run time.',
    '',
    'Without an engine the base image\'s own environment cannot be read. Stevedore knows the variables of',
    'the common official images (`PYTHON_VERSION`, `JAVA_HOME`, `GOPATH`, `NODE_VERSION`, ...) from its',
    'base-image table; for other base images it reports only likely typos (a defined name within two edits),',
    'to avoid flagging what the image may define.',
    '',
    '```dockerfile',
    '# Bad',
    'FROM alpine',
    'ENV PATH=$PAHT:/app/bin',
    'COPY $foo .',
    '# Good',
    'FROM alpine',
    'ARG foo',
    'ENV PATH=$PATH:/app/bin',
    'COPY $foo .',
    '```',
  ].join('\n'),
  check(context) {
    const escape = context.dockerfile.getEscapeCharacter();
    const scopes = new Map<Stage, StageScope>();
    const lastChild = new Map<Stage, Stage>();
    for (const stage of context.stages) {
      const parent = parentStage(context, stage);
      if (parent) lastChild.set(parent, stage);
    }
    let budget = SUGGESTION_BUDGET;
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const scope = scopeAtStart(context, stage, scopes, lastChild);
      const { defined } = scope;
      const report = (use: { name: string; start: number; end: number }, base: number, reported: Set<string>): void => {
        if (defined.has(use.name) || reported.has(use.name)) return;
        reported.add(use.name);
        const suggestion = budget > 0 ? suggestName(use.name, defined) : undefined;
        budget -= defined.size;
        if (scope.openEnded && !suggestion) return;
        findings.push({
          range: rangeOfOffsets(context, base + use.start, base + use.end),
          message: `Usage of undefined variable '$${use.name}'${suggestion ? ` (did you mean $${suggestion}?)` : ''}`,
        });
      };
      for (const instruction of stageInstructionsOf(context, stage, ...EXPANDED)) {
        const keyword = instruction.getKeyword();
        const reported = new Set<string>();
        if (keyword === 'ARG') {
          // Each ARG default is expanded in turn, seeing the ARGs before it on the same line.
          for (const property of argProperties(instruction)) {
            const valueRange = property.getValueRange();
            if (valueRange) {
              const base = offsetOf(context, valueRange.start);
              for (const use of variableUses(textOf(context, valueRange), escape)) report(use, base, reported);
            }
            defined.add(property.getName());
          }
          continue;
        }
        type HeredocStart = { getStartRange(): Range };
        const heredocs = (instruction as unknown as { getHeredocs?(): HeredocStart[] }).getHeredocs?.() ?? [];
        const range = argumentsRange(instruction);
        if (!range) continue;
        const end = heredocs.length > 0 ? heredocs[0].getStartRange().start : range.end;
        const base = offsetOf(context, range.start);
        const text = context.text.slice(base, offsetOf(context, end));
        // ENV expands all its values with the variables defined before it, then defines its names.
        for (const use of variableUses(text, escape)) report(use, base, reported);
        if (keyword === 'ENV') for (const property of argProperties(instruction)) defined.add(property.getName());
      }
      scopes.set(stage, scope);
    }
    return findings;
  },
};
