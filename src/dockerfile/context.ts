// Everything rules read about one Dockerfile, computed once per lint: the parse, the stages, the
// shell of every RUN (lazily, cached), the line index. Rules never re-parse.
import * as dockerfileAst from 'dockerfile-ast';
import { DockerfileParser, Instruction as AstInstruction, type Dockerfile, type Instruction } from 'dockerfile-ast';
import { applyAstPatches } from './astPatches';
import type { ParsedShell, RuleConfig, RuleContext, Stage } from './rule';
import type { Range } from './types';
import { TextIndex } from './rules/kit/text';
import { joinContinuations, runScript, shellOfExecForm, shellOfScript } from './shell';
import { isNonPosixShell, type Pragmas } from './pragmas';

const NOT_PARSED: ParsedShell = Object.freeze({ ok: false, commands: [], hasPipe: false, script: '', form: 'shell' }) as ParsedShell;

export interface LintContext extends RuleContext {
  index: TextIndex;
  escapeChar: string;
  /** 0-based lines holding Dockerfile comments (heredoc bodies excluded). */
  commentLines: number[];
}

/**
 * dockerfile-ast recomputes arguments, flags, ranges and heredocs on every call, and rules call them
 * often. Memoise the hot zero-argument getters of each instruction for this lint, so all rules (ours
 * and the other sources') share one computation; rules must treat the arrays as read-only.
 * The getters are wrapped once on dockerfile-ast's prototypes; an instance opts in by carrying a
 * slot array (`stevedoreMemo`, set in buildContext), so instructions parsed elsewhere are untouched.
 * Only the outermost call is memoised (the method the instance's class resolves is the wrapper itself): a
 * subclass's `super.getArguments()` still computes afresh, because dockerfile-ast's subclasses mutate
 * what it returns. (Was one closure per getter per instruction, 12 x 3,003 for the 3,003-instruction
 * bench file: 6.6 MB a lint that the scavenger copied and promoted; the slot arrays are 0.4 MB.)
 */
const HOT_GETTERS = [
  'getKeyword', 'getArguments', 'getFlags', 'getHeredocs',
  'getArgumentsContent', 'getRawArgumentsContent', 'getVariables', 'getProperties', 'getJSONStrings',
];
/**
 * Slot 0 holds the lint's heredoc test, slot 1 the methods the instance's class resolves for the hot
 * getters (by slot: the outermost call is the one whose wrapper is the instance's own), and getter
 * i's value is in slot i + FIRST_GETTER.
 */
const HEREDOC_TEST = 0;
const OWNERS = 1;
const FIRST_GETTER = 2;
const UNSET: unique symbol = Symbol('unset');
type MemoSlots = unknown[] & { [HEREDOC_TEST]: (instruction: Instruction) => boolean; [OWNERS]: readonly unknown[] };
interface Memoised {
  stevedoreMemo?: MemoSlots;
}

const NO_HEREDOCS: readonly unknown[] = Object.freeze([]);

/**
 * Every hot getter of dockerfile-ast 0.7.1 takes no parameter and never reads `arguments`, so the
 * wrapper calls it without any: neither a rest parameter nor `arguments`, which unoptimised code
 * (all of a CLI run) allocates on every call. Whether this call is the outermost is one array
 * read (the class's resolved method, kept in the slots), not a keyed lookup of the method's name.
 */
function memoisingGetter(name: string, slot: number, original: Getter, definedOnce: boolean): Getter {
  const heredocs = name === 'getHeredocs';
  if (definedOnce && !heredocs) {
    // No class overrides it, so every call is the outermost: no owner check (getKeyword, asked
    // 47 times per instruction by the rules, is one).
    return function (this: Memoised): unknown {
      const memo = this.stevedoreMemo;
      if (memo === undefined) return original.call(this);
      let value = memo[slot];
      if (value === UNSET) {
        value = original.call(this);
        memo[slot] = value;
      }
      return value;
    };
  }
  const wrapper = function (this: Memoised): unknown {
    const memo = this.stevedoreMemo;
    if (memo === undefined || memo[OWNERS][slot] !== wrapper) return original.call(this);
    let value = memo[slot];
    if (value === UNSET) {
      // Finding heredocs costs more than the rest of an instruction; most have no `<<` at all.
      value = heredocs && !memo[HEREDOC_TEST](this as unknown as Instruction) ? NO_HEREDOCS : original.call(this);
      memo[slot] = value;
    }
    return value;
  };
  return wrapper;
}

type Getter = (...args: unknown[]) => unknown;

let gettersWrapped = false;
/** Wraps every hot getter that an instruction class, or a class it extends, defines. Once. */
function wrapHotGetters(): void {
  if (gettersWrapped) return;
  gettersWrapped = true;
  const prototypes = new Set<Record<string, unknown>>();
  for (const exported of Object.values(dockerfileAst)) {
    if (typeof exported !== 'function' || !(exported === AstInstruction || exported.prototype instanceof AstInstruction)) continue;
    let proto = exported.prototype as unknown as Record<string, unknown> | null;
    for (; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as typeof proto) {
      prototypes.add(proto);
    }
  }
  const own = (target: Record<string, unknown>, name: string): unknown =>
    Object.getOwnPropertyDescriptor(target, name)?.value;
  HOT_GETTERS.forEach((name, i) => {
    const definers = [...prototypes].filter((target) => typeof own(target, name) === 'function');
    for (const target of definers) {
      target[name] = memoisingGetter(name, i + FIRST_GETTER, own(target, name) as Getter, definers.length === 1);
    }
  });
}

/** Per instruction class (its prototype): the method it resolves for each hot getter, by slot. */
const ownersByClass = new Map<object, readonly unknown[]>();
function ownersOf(instruction: Instruction): readonly unknown[] {
  const prototype = Object.getPrototypeOf(instruction) as Record<string, unknown>;
  let owners = ownersByClass.get(prototype);
  if (owners === undefined) {
    const resolved: unknown[] = [undefined, undefined];
    for (const name of HOT_GETTERS) resolved.push(prototype[name]);
    owners = Object.freeze(resolved);
    ownersByClass.set(prototype, owners);
  }
  return owners;
}

/** Every slot unset: copied for each instruction (one builtin call, where `new Array(n).fill` made two). */
const UNSET_SLOTS: readonly unknown[] = new Array<unknown>(HOT_GETTERS.length + FIRST_GETTER).fill(UNSET);

function memoiseInstruction(instruction: Instruction, heredocTest: (instruction: Instruction) => boolean): void {
  const slots = UNSET_SLOTS.slice() as MemoSlots;
  slots[HEREDOC_TEST] = heredocTest;
  // dockerfile-ast defines methods on prototypes only: what an instance resolves is its class's.
  slots[OWNERS] = ownersOf(instruction);
  (instruction as unknown as Memoised).stevedoreMemo = slots;
}

/** Sorted offsets of every `<<` in the text: heredocs can only start at one of them. */
function heredocMarksOf(text: string): number[] {
  const marks: number[] = [];
  for (let at = text.indexOf('<<'); at !== -1; at = text.indexOf('<<', at + 1)) marks.push(at);
  return marks;
}

/** True when a `<<` sits in [from, to): binary search over the marks. */
function hasMarkIn(marks: readonly number[], from: number, to: number): boolean {
  let low = 0;
  let high = marks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (marks[mid] < from) low = mid + 1;
    else high = mid;
  }
  return low < marks.length && marks[low] < to;
}

applyAstPatches();
wrapHotGetters();

export function parseDockerfile(text: string): Dockerfile {
  return DockerfileParser.parse(text);
}

export function buildContext(
  text: string,
  dockerfile: Dockerfile,
  config: RuleConfig,
  dockerignore: string | null | undefined,
  pragmasOf: (context: LintContext) => Pragmas,
): { context: LintContext; pragmas: Pragmas } {
  const index = new TextIndex(text);
  const instructions = dockerfile.getInstructions();
  const heredocMarks = heredocMarksOf(text);
  // Looked up in the document text: building the arguments' content costs as much as the search.
  const mayHaveHeredoc = (instruction: Instruction): boolean => {
    const range = instruction.getRange();
    return hasMarkIn(heredocMarks, index.offsetAt(range.start), index.offsetAt(range.end));
  };
  for (const instruction of instructions) memoiseInstruction(instruction, mayHaveHeredoc);
  const keywords = instructions.map((instruction) => instruction.getKeyword());
  const byKeyword = instructionsByKeyword(instructions, keywords);
  const escapeChar = dockerfile.getEscapeCharacter();
  const commentLines = commentLinesOf(index.lines, instructions);
  const stages = stagesOf(instructions);
  const shells = new Map<Instruction, ParsedShell>();
  const mergedGroups = new Map<string, readonly Instruction[]>();

  const context: LintContext = {
    text,
    lines: index.lines,
    dockerfile,
    instructions,
    stages,
    config,
    dockerignore,
    index,
    escapeChar,
    commentLines,
    instructionsOf(...wanted: string[]): readonly Instruction[] {
      if (wanted.length === 1) return byKeyword.get(wanted[0]) ?? NO_INSTRUCTIONS;
      const key = wanted.join(' ');
      let merged = mergedGroups.get(key);
      if (merged === undefined) {
        const found: Instruction[] = [];
        for (let i = 0; i < instructions.length; i++) {
          if (wanted.includes(keywords[i])) found.push(instructions[i]);
        }
        merged = found;
        mergedGroups.set(key, merged);
      }
      return merged;
    },
    shell(instruction: Instruction): ParsedShell {
      let parsed = shells.get(instruction);
      if (!parsed) {
        parsed = shellOf(instruction, index, escapeChar, nonPosix);
        shells.set(instruction, parsed);
      }
      return parsed;
    },
  };
  const pragmas = pragmasOf(context);
  const nonPosix = nonPosixInstructions(instructions, pragmas);
  return { context, pragmas };
}

const NO_INSTRUCTIONS: readonly Instruction[] = Object.freeze([]);

/**
 * The instructions of each keyword, in order. About 30 rules want one or two keywords: a scan of
 * every instruction per rule asked getKeyword 145 k times a lint on the 3,003-instruction bench file.
 */
function instructionsByKeyword(
  instructions: readonly Instruction[], keywords: readonly string[],
): Map<string, Instruction[]> {
  const byKeyword = new Map<string, Instruction[]>();
  for (let i = 0; i < instructions.length; i++) {
    const keyword = keywords[i];
    const group = byKeyword.get(keyword);
    if (group === undefined) byKeyword.set(keyword, [instructions[i]]);
    else group.push(instructions[i]);
  }
  return byKeyword;
}

/**
 * Lines that are Dockerfile comments: starting with `#`, outside heredoc bodies. Not dockerfile-ast's
 * getComments(): it reads a leading `# hadolint ignore=...` as a parser directive.
 */
function commentLinesOf(lines: readonly string[], instructions: readonly Instruction[]): number[] {
  const inBody = new Set<number>();
  for (const instruction of instructions) {
    type HeredocRanges = { getContentRange(): Range | null; getDelimiterRange(): Range | null };
    const heredocs = (instruction as unknown as { getHeredocs?(): HeredocRanges[] }).getHeredocs?.() ?? [];
    for (const heredoc of heredocs) {
      const content = heredoc.getContentRange();
      if (!content) continue;
      const last = heredoc.getDelimiterRange()?.start.line ?? instruction.getRange().end.line;
      for (let line = content.start.line; line <= last; line++) inBody.add(line);
    }
  }
  const found: number[] = [];
  lines.forEach((line, i) => {
    if (!inBody.has(i) && /^\s*#/.test(line)) found.push(i);
  });
  return found;
}

function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') {
      const words = instruction
        .getArguments()
        .map((argument) => argument.getValue())
        .filter((word) => !word.startsWith('--'));
      const name = words.length >= 3 && words[1].toLowerCase() === 'as' ? words[2].toLowerCase() : undefined;
      stages.push({ index: stages.length, name, from: instruction, baseImage: words[0] ?? '', instructions: [instruction], isFinal: false });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  if (stages.length > 0) stages[stages.length - 1].isFinal = true;
  return stages;
}

/** RUNs under a non-POSIX shell (`SHELL ["pwsh", ...]` or `# hadolint shell=pwsh`), per stage. */
function nonPosixInstructions(instructions: readonly Instruction[], pragmas: Pragmas): Set<Instruction> {
  const result = new Set<Instruction>();
  const shellPragmas = [...pragmas.shellPragmas];
  let pragmaShell: string | undefined;
  let shell = '/bin/sh';
  for (const instruction of instructions) {
    const line = instruction.getRange().start.line;
    while (shellPragmas.length > 0 && shellPragmas[0].line < line) pragmaShell = shellPragmas.shift()?.shell;
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') shell = '/bin/sh';
    else if (keyword === 'SHELL') {
      const words = execFormWords(instruction.getArgumentsContent() ?? '');
      if (words && words.length > 0) shell = words[0];
      pragmaShell = undefined;
    } else if (keyword === 'RUN' || keyword === 'ONBUILD') {
      if (isNonPosixShell(pragmaShell ?? shell)) result.add(instruction);
    }
  }
  return result;
}

/** The words of a JSON array of strings (exec form), or undefined when it is not one. */
export function execFormWords(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (Array.isArray(value) && value.every((word) => typeof word === 'string')) return value as string[];
  } catch {
    // Not JSON: Docker runs it in shell form.
  }
  return undefined;
}

function shellOf(
  instruction: Instruction, index: TextIndex, escapeChar: string, nonPosix: Set<Instruction>,
): ParsedShell {
  const keyword = instruction.getKeyword();
  if (keyword !== 'RUN' && keyword !== 'ONBUILD') return NOT_PARSED;
  if (nonPosix.has(instruction)) return NOT_PARSED;
  let args = instruction.getArguments();
  if (keyword === 'ONBUILD') {
    if (args.length < 2 || args[0].getValue().toUpperCase() !== 'RUN') return NOT_PARSED;
    // `ONBUILD RUN --mount=... cmd`: the trigger's flags are not part of its script.
    let first = 1;
    while (first < args.length && args[first].getValue().startsWith('--')) first++;
    args = args.slice(first);
  }
  if (args.length === 0) return NOT_PARSED;
  const start = index.offsetAt(args[0].getRange().start);
  const end = index.offsetAt(instruction.getRange().end);
  if (index.text[start] === '[') {
    const joined = joinContinuations(index.text, start, end, escapeChar);
    const words = execFormWords(joined.script);
    if (words) {
      return shellOfExecForm(words, jsonStringRanges(joined.script, joined.offsets, index), index.rangeOf(start, end));
    }
  }
  const script = keyword === 'RUN' ? runScript(instruction, index, escapeChar) : joinContinuations(index.text, start, end, escapeChar);
  return script ? shellOfScript(script, index) : NOT_PARSED;
}

/** Ranges of the string literals of a JSON array, quotes included. */
function jsonStringRanges(json: string, offsets: Int32Array, index: TextIndex): Range[] {
  const ranges: Range[] = [];
  for (let i = 0; i < json.length; i++) {
    if (json[i] !== '"') continue;
    let j = i + 1;
    while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
    ranges.push(index.rangeOf(offsets[i], offsets[Math.min(j, json.length - 1)] + 1));
    i = j;
  }
  return ranges;
}
