// Speed-ups patched into dockerfile-ast's prototypes, applied once before the first parse. They
// replace private methods, so they are written for one version of the dependency: the unit test
// test/unit/dockerfile/astPatches.test.ts fails when the installed version is another one, and
// proves the patched parse files comments and arguments exactly as the original does.
import { Instruction as AstInstruction, type Argument } from 'dockerfile-ast';
import { Dockerfile as AstDockerfile } from 'dockerfile-ast/lib/dockerfile';
import { Util as AstUtil } from 'dockerfile-ast/lib/util';
import type { Range } from './types';

/** The dockerfile-ast version whose private methods these patches replace. */
export const PATCHED_DOCKERFILE_AST_VERSION = '0.7.1';

interface Tokeniser {
  getRawArguments(): Argument[];
}
interface Tokenised {
  stevedoreRawArguments?: Argument[];
}
interface RangedTemplate {
  getRange(): Range;
  addComment(comment: unknown): void;
}
interface CommentOrganiser {
  getComments(): Array<{ getRange(): Range }>;
  initialInstructions: RangedTemplate;
  buildStages: RangedTemplate[];
  organizeComments(): void;
}

const instructionPrototype = AstInstruction.prototype as unknown as Tokeniser;
const dockerfilePrototype = AstDockerfile.prototype as unknown as CommentOrganiser;
const isInsideRange = AstUtil?.isInsideRange as ((position: Range['start'], range: Range) => boolean) | undefined;

/** The methods as dockerfile-ast defines them, kept for the test that compares both. */
export const originalAstMethods = {
  getRawArguments: instructionPrototype.getRawArguments as Tokeniser['getRawArguments'] | undefined,
  organizeComments: dockerfilePrototype.organizeComments as CommentOrganiser['organizeComments'] | undefined,
};

/** Which patches took: a patch is skipped (the parse stays correct, only slower) when its target is missing. */
export const appliedAstPatches = { cachedTokens: false, organizeComments: false };

/**
 * dockerfile-ast's parse itself tokenises each instruction's arguments three or four times (the
 * constructors of JSON instructions, the heredoc scan, flag parsing): a third of the parse. An
 * instruction never changes after parsing, so the tokens are cached per instance; callers get a
 * fresh array each time because ModifiableInstruction.getArguments shifts the flags off it.
 */
function cacheTokens(): void {
  const tokenise = originalAstMethods.getRawArguments;
  if (typeof tokenise !== 'function') return;
  // A field on the instance, not a WeakMap: this runs ~5 times per instruction inside the parse.
  instructionPrototype.getRawArguments = function (this: Tokenised): Argument[] {
    let args = this.stevedoreRawArguments;
    if (args === undefined) {
      args = tokenise.call(this);
      this.stevedoreRawArguments = args;
    }
    return args.slice();
  };
  appliedAstPatches.cachedTokens = true;
}

/**
 * The parse's last step files each comment under its build stage, re-building every stage's range
 * for every comment (comments x stages allocations). The same loop with the ranges computed once:
 * a stage's range depends on its instructions only, which this step does not touch.
 */
function organiseCommentsOnce(): void {
  if (typeof originalAstMethods.organizeComments !== 'function' || typeof isInsideRange !== 'function') return;
  dockerfilePrototype.organizeComments = function (this: CommentOrganiser): void {
    const comments = this.getComments();
    if (comments.length === 0) return;
    const initialRange = this.initialInstructions.getRange();
    const stageRanges = this.buildStages.map((stage) => stage.getRange());
    for (const comment of comments) {
      const range = comment.getRange();
      if (isInsideRange(range.end, initialRange)) {
        this.initialInstructions.addComment(comment);
        continue;
      }
      for (let i = 0; i < stageRanges.length; i++) {
        if (isInsideRange(range.start, stageRanges[i])) this.buildStages[i].addComment(comment);
      }
    }
  };
  appliedAstPatches.organizeComments = true;
}

let applied = false;
/** Patch dockerfile-ast once; later calls do nothing. */
export function applyAstPatches(): void {
  if (applied) return;
  applied = true;
  cacheTokens();
  organiseCommentsOnce();
}
