// Speed-ups patched into dockerfile-ast's prototypes, applied once before the first parse. They
// replace private methods, so they are written for one version of the dependency: the unit test
// test/unit/dockerfile/astPatches.test.ts fails when the installed version is another one, and
// proves the patched parse files comments and arguments exactly as the original does.
import {
  Add, Arg, Argument as AstArgument, Cmd, Comment as AstComment, Copy, DockerfileParser, Entrypoint, Env, From,
  Healthcheck, Instruction as AstInstruction, JSONInstruction, Label, ModifiableInstruction, Onbuild, Property, Run,
  Shell, Stopsignal, User, Volume, Workdir, type Argument,
} from 'dockerfile-ast';
import { Dockerfile as AstDockerfile } from 'dockerfile-ast/lib/dockerfile';
import { Parser as AstParser } from 'dockerfile-ast/lib/parser';
import { Util as AstUtil } from 'dockerfile-ast/lib/util';
// dockerfile-ast's own dependency (not ours): its Range namespace is patched, the one instance it calls.
import { Range as LspRange } from 'vscode-languageserver-types';
import { lineStartsOf } from './lineStarts';
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

type CreateInstruction = (...args: unknown[]) => AstInstruction;
interface InstructionFactory {
  createInstruction: CreateInstruction;
}
interface JsonParts {
  getOpeningBracket(): Argument | null;
  getJSONStrings(): Argument[];
  getClosingBracket(): Argument | null;
}
interface LineDocument {
  _content: string;
  getLineOffsets(): number[];
  ensureBeforeEOL(offset: number, lineOffset: number): number;
  positionAt(offset: number): Range['start'];
  offsetAt(position: Range['start']): number;
  /** Line starts, computed on first use by getLineOffsets. */
  _lineOffsets: number[] | undefined;
  /** The line of the last position answered (positionAtFromLastLine). */
  stevedoreLine?: number;
}
const parserStatics = AstParser as unknown as InstructionFactory;
interface ArgumentScanner {
  buffer: string;
  escapeChar: string;
  document: LineDocument;
  processArguments(
    dockerfile: unknown, instruction: string, instructionEnd: number, start: number, offset: number,
  ): number;
  processHeredocs(instruction: AstInstruction, offset: number): number;
  processComment(dockerfile: unknown, start: number): number;
  createInstruction(
    dockerfile: unknown, instruction: string, start: number, instructionEnd: number, end: number,
  ): AstInstruction;
}
const parserPrototype = AstParser.prototype as unknown as ArgumentScanner;
/** The text document class dockerfile-ast parses into (vscode-languageserver-textdocument's, not exported by it). */
const sampleDocument = (DockerfileParser.parse('') as unknown as { document: LineDocument }).document;
const documentPrototype = (Object.getPrototypeOf(sampleDocument) ?? {}) as LineDocument;
const jsonPrototype = JSONInstruction.prototype as unknown as JsonParts;

/** The methods as dockerfile-ast defines them, kept for the test that compares both. */
export const originalAstMethods = {
  getRawArguments: instructionPrototype.getRawArguments as Tokeniser['getRawArguments'] | undefined,
  organizeComments: dockerfilePrototype.organizeComments as CommentOrganiser['organizeComments'] | undefined,
  createInstruction: parserStatics.createInstruction as CreateInstruction | undefined,
  getOpeningBracket: jsonPrototype.getOpeningBracket as JsonParts['getOpeningBracket'] | undefined,
  getJSONStrings: jsonPrototype.getJSONStrings as JsonParts['getJSONStrings'] | undefined,
  getClosingBracket: jsonPrototype.getClosingBracket as JsonParts['getClosingBracket'] | undefined,
  positionAt: documentPrototype.positionAt as LineDocument['positionAt'] | undefined,
  offsetAt: documentPrototype.offsetAt as LineDocument['offsetAt'] | undefined,
  getLineOffsets: documentPrototype.getLineOffsets as LineDocument['getLineOffsets'] | undefined,
  createRange: (LspRange as { create?: unknown }).create as RangeFactory | undefined,
  processArguments: parserPrototype.processArguments as ArgumentScanner['processArguments'] | undefined,
  createInstructionAt: parserPrototype.createInstruction as ArgumentScanner['createInstruction'] | undefined,
  processComment: parserPrototype.processComment as ArgumentScanner['processComment'] | undefined,
  propertyValue: (Property as unknown as { getValue?: PropertyValue }).getValue,
};

/** Which patches took: a patch is skipped (the parse stays correct, only slower) when its target is missing. */
export const appliedAstPatches = {
  cachedTokens: false, organizeComments: false, lazyJson: false, positionHint: false, heredocScan: false,
  leanRanges: false, sharedLineStarts: false, instructionRanges: false, commentScan: false,
  plainPropertyValues: false,
};

/**
 * dockerfile-ast's parse itself tokenises each instruction's arguments three or four times (the
 * constructors of JSON instructions, the heredoc scan, flag parsing): a third of the parse. An
 * instruction never changes after parsing, so the tokens are cached per instance; callers get a
 * fresh array each time because ModifiableInstruction.getArguments shifts the flags off it.
 */
function cacheTokens(): void {
  if (typeof originalAstMethods.getRawArguments !== 'function') return;
  const tokenise = tokeniseBySlices;
  // A field on the instance, not a WeakMap: this runs ~5 times per instruction inside the parse.
  instructionPrototype.getRawArguments = function (this: Tokenised): Argument[] {
    let args = this.stevedoreRawArguments;
    if (args === undefined) {
      args = tokenise.call(this as unknown as TokenisedInstruction);
      this.stevedoreRawArguments = args;
    }
    return args.slice();
  };
  appliedAstPatches.cachedTokens = true;
}

interface TokenisedInstruction {
  escapeChar: string;
  document: { offsetAt(position: Range['start']): number; positionAt(offset: number): Range['start']; getText(): string };
  /** The instruction's lines (Line.range), what getTextContent reads. */
  range: Range;
  getInstructionRange(): Range;
}

/** What ends a run of word characters for the tokeniser, by escape character (the two a directive may set). */
const WORD_ENDS = new Map([['\\', /[ \t\r\n\\]/g], ['`', /[ \t\r\n`]/g]]);

/**
 * dockerfile-ast 0.7.1's Instruction.getRawArguments, step for step, except how a word's value is
 * built: the original appends one character at a time (`escapedArg + char`), a chain of one-character
 * strings per word, 5.9 MB a lint of the 3,003-instruction bench file and the largest allocation of
 * the parse; here the characters the original appends are remembered as one span of the text
 * (they are always consecutive until an escape drops one) and sliced when the word is read.
 * The test (astPatches.test.ts) compares both on every upstream case and on random texts.
 */
export function tokeniseBySlices(this: TokenisedInstruction): Argument[] {
  const args: Argument[] = [];
  const range = this.getInstructionRange();
  const document = this.document;
  const escapeChar = this.escapeChar;
  // Each offset once: the original asks for the instruction's start three times, and for the
  // line's range again (getTextContent), which starts at the same position object.
  const instructionStart = document.offsetAt(range.start);
  const extra = document.offsetAt(range.end) - instructionStart;
  const lineRange = this.range;
  const lineStart = lineRange.start === range.start ? instructionStart : document.offsetAt(lineRange.start);
  const content = document.getText().substring(lineStart, document.offsetAt(lineRange.end));
  const fullArgs = content.substring(extra);
  const offset = instructionStart + extra;
  let start = false;
  let comment = false;
  let found = -1;
  let escapedWhitespaceDetected = false;
  let escaping = false;
  let escapeMarker = -1;
  // The word's value: `escapedArg` plus fullArgs[spanStart, spanEnd) not yet appended to it.
  // (Inline, no closures: this runs for every instruction of every parse.)
  let escapedArg = '';
  let spanStart = -1;
  let spanEnd = -1;
  const wordEnd = WORD_ENDS.get(escapeChar);
  for (let i = 0; i < fullArgs.length; i++) {
    const char = fullArgs.charAt(i);
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') {
      if (escaping) {
        escapedWhitespaceDetected = true;
        if (char === '\r' || char === '\n') {
          escapedWhitespaceDetected = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
        continue;
      } else if (found !== -1) {
        const value = spanStart === -1 ? escapedArg : escapedArg + fullArgs.substring(spanStart, spanEnd);
        args.push(argumentAt(document, offset, value, found, escapeMarker === -1 ? i : escapeMarker));
        escapeMarker = -1;
        escapedArg = '';
        spanStart = spanEnd = -1;
        found = -1;
      }
    } else if (char === escapeChar) {
      const next = fullArgs.charAt(i + 1);
      if (next === ' ' || next === '\t') {
        whitespaceCheck: for (let j = i + 2; j < fullArgs.length; j++) {
          const newlineCheck = fullArgs.charAt(j);
          switch (newlineCheck) {
            case ' ':
            case '\t':
              continue;
            case '\r':
            case '\n':
              if (newlineCheck === '\r') j++;
              comment = false;
              escaping = true;
              start = true;
              if (found !== -1) escapeMarker = i;
              i = j;
              break whitespaceCheck;
            default:
              escapeMarker = i;
              if (found === -1) i = j - 1;
              break whitespaceCheck;
          }
        }
      } else if (next === '\r') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += 2;
      } else if (next === '\n') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i++;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          const value = spanStart === -1 ? escapedArg : escapedArg + fullArgs.substring(spanStart, spanEnd);
          args.push(argumentAt(document, offset, value, found, escapeMarker));
          escapedArg = '';
          spanStart = spanEnd = -1;
          found = -1;
        }
        escapeMarker = -1;
        escapedWhitespaceDetected = false;
        escaping = false;
        if (next === '') break;
        // `\$` keeps the escape character; any other escaped character drops it.
        const from = next === '$' ? i : i + 1;
        if (spanEnd !== from || spanStart === -1) {
          if (spanStart !== -1) escapedArg += fullArgs.substring(spanStart, spanEnd);
          spanStart = from;
        }
        spanEnd = i + 2;
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (start && char === '#') {
        comment = true;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          const value = spanStart === -1 ? escapedArg : escapedArg + fullArgs.substring(spanStart, spanEnd);
          args.push(argumentAt(document, offset, value, found, escapeMarker));
          escapedArg = '';
          spanStart = spanEnd = -1;
          found = -1;
        }
        escapedWhitespaceDetected = false;
        escaping = false;
        escapeMarker = -1;
        if (spanEnd !== i || spanStart === -1) {
          if (spanStart !== -1) escapedArg += fullArgs.substring(spanStart, spanEnd);
          spanStart = i;
        }
        spanEnd = i + 1;
        if (found === -1) found = i;
        if (wordEnd !== undefined) {
          // The rest of the word, up to the next whitespace or escape character, would take this
          // same branch a character at a time, only moving spanEnd: one regular expression search
          // (1,210 -> 1,151 M instructions, median of 3, CLI lint of the bench file).
          wordEnd.lastIndex = i + 1;
          spanEnd = wordEnd.test(fullArgs) ? wordEnd.lastIndex - 1 : fullArgs.length;
          i = spanEnd - 1;
        }
      }
      start = false;
    }
  }
  if (found !== -1) {
    const value = spanStart === -1 ? escapedArg : escapedArg + fullArgs.substring(spanStart, spanEnd);
    args.push(argumentAt(document, offset, value, found, escapeMarker === -1 ? fullArgs.length : escapeMarker));
  }
  return args;
}

function argumentAt(document: TokenisedInstruction['document'], offset: number, value: string, from: number, to: number): Argument {
  return new AstArgument(value, { start: document.positionAt(offset + from), end: document.positionAt(offset + to) });
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
      // Stages follow each other in the text, so only the last one starting at or before the
      // comment, and any just before it whose range still reaches the comment, can hold it: a
      // binary search, where the original tried every stage (comments x stages range checks).
      const start = range.start;
      let low = 0;
      let high = stageRanges.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        const stageStart = stageRanges[mid].start;
        const line = stageStart.line;
        const before = line < start.line || (line === start.line && stageStart.character <= start.character);
        if (before) low = mid + 1;
        else high = mid;
      }
      let first = low;
      while (first > 0 && isInsideRange(start, stageRanges[first - 1])) first--;
      for (let i = first; i < low; i++) this.buildStages[i].addComment(comment);
    }
  };
  appliedAstPatches.organizeComments = true;
}

/**
 * The instructions that may be written as a JSON array (exec form): dockerfile-ast's JSONInstruction
 * constructor reads every one's brackets and strings at parse time (flags, arguments, ranges, one
 * JSONArgument per string: a third of the parse of the 3,003-instruction bench file, and objects
 * the scavenger copies), while only one rule (DL3045, a COPY before any WORKDIR) asks for them.
 * Each of these classes' own constructor only calls JSONInstruction's: the instance is built by
 * the constructors above it (ModifiableInstruction, Instruction, Line), and its brackets and
 * strings are read on first use by JSONInstruction's own constructor, run then on a twin of the
 * instance (same class, same arguments), so they are exactly what the eager parse gave.
 */
const JSON_CLASSES = new Map<string, new (...args: never[]) => AstInstruction>([
  ['ADD', Add], ['CMD', Cmd], ['COPY', Copy], ['ENTRYPOINT', Entrypoint], ['RUN', Run], ['SHELL', Shell], ['VOLUME', Volume],
]);

type InstructionClass = new (
  document: unknown, range: unknown, dockerfile: unknown, escapeChar: unknown, instruction: unknown,
  instructionRange: unknown,
) => AstInstruction;
/** The rest of Parser.createInstruction's switch: any other keyword makes a plain Instruction. */
const OTHER_CLASSES = new Map<string, InstructionClass>([
  ['ARG', Arg], ['ENV', Env], ['FROM', From], ['HEALTHCHECK', Healthcheck], ['LABEL', Label], ['ONBUILD', Onbuild],
  ['STOPSIGNAL', Stopsignal], ['WORKDIR', Workdir], ['USER', User],
] as Array<[string, unknown]> as Array<[string, InstructionClass]>);

interface LazyJson extends JsonParts {
  document: unknown;
  range: unknown;
  dockerfile: unknown;
  escapeChar: unknown;
  instruction: unknown;
  instructionRange: unknown;
  /** Set by JSONInstruction's constructor: on an eagerly built instance, or once read lazily. */
  openingBracket?: Argument | null;
  closingBracket?: Argument | null;
  jsonStrings?: Argument[];
}

/** The brackets and strings of a lazily built JSON instruction, read once by the original constructor. */
function readJson(instruction: LazyJson): void {
  if (instruction.jsonStrings !== undefined) return;
  const twin = Reflect.construct(JSONInstruction, [
    instruction.document, instruction.range, instruction.dockerfile, instruction.escapeChar, instruction.instruction,
    instruction.instructionRange,
  ], instruction.constructor) as unknown as LazyJson;
  instruction.openingBracket = twin.openingBracket;
  instruction.closingBracket = twin.closingBracket;
  instruction.jsonStrings = twin.jsonStrings;
}

function lazyJsonInstructions(): void {
  const original = originalAstMethods.createInstruction;
  if (typeof original !== 'function' || typeof originalAstMethods.getJSONStrings !== 'function') return;
  for (const created of JSON_CLASSES.values()) {
    if (Object.getPrototypeOf(created) !== JSONInstruction) return;
  }
  parserStatics.createInstruction = function (
    this: unknown, document: unknown, dockerfile: unknown, escapeChar: unknown, lineRange: unknown,
    instruction: unknown, instructionRange: unknown,
  ): AstInstruction {
    if (typeof instruction !== 'string') {
      return original.call(this, document, dockerfile, escapeChar, lineRange, instruction, instructionRange);
    }
    const keyword = instruction.toUpperCase();
    const jsonClass = JSON_CLASSES.get(keyword);
    if (jsonClass === undefined) {
      // The original's switch, without its `arguments` object and second toUpperCase.
      const created = OTHER_CLASSES.get(keyword) ?? (AstInstruction as unknown as InstructionClass);
      return new created(document, lineRange, dockerfile, escapeChar, instruction, instructionRange);
    }
    return Reflect.construct(
      ModifiableInstruction, [document, lineRange, dockerfile, escapeChar, instruction, instructionRange], jsonClass,
    ) as AstInstruction;
  };
  jsonPrototype.getOpeningBracket = function (this: LazyJson): Argument | null {
    readJson(this);
    return this.openingBracket as Argument | null;
  };
  jsonPrototype.getJSONStrings = function (this: LazyJson): Argument[] {
    readJson(this);
    return this.jsonStrings as Argument[];
  };
  jsonPrototype.getClosingBracket = function (this: LazyJson): Argument | null {
    readJson(this);
    return this.closingBracket as Argument | null;
  };
  appliedAstPatches.lazyJson = true;
}

/**
 * vscode-languageserver-textdocument 1.0's positionAt (offset to line and column), called for both
 * ends of every word of every instruction, binary-searches all the line starts each time (12 steps
 * for the 3,774-line bench file; `Math.floor` a call each in unoptimised code). The parse and the
 * rules mostly ask in text order, so the line of the previous answer is tried first; any other
 * offset is searched as before. Same answer: the line is the one whose start is the last one at or
 * before the offset, checked exactly before the guess is used.
 * The original's helper calls (getLineOffsets, ensureBeforeEOL, Math.min, Math.max: five a call)
 * are inlined, with offsetAt's (below): calls are what unoptimised code pays for (CLI lint of the bench
 * file over a one-line one: 1,418 -> 1,361 M instructions).
 */
export function positionAtFromLastLine(this: LineDocument, offset: number): Range['start'] {
  if (typeof offset !== 'number') return (originalAstMethods.positionAt as LineDocument['positionAt']).call(this, offset);
  const content = this._content;
  // Math.max(Math.min(offset, length), 0), NaN kept and -0 made 0 as there.
  if (offset > content.length) offset = content.length;
  else if (offset <= 0) offset = 0;
  const lineOffsets = this._lineOffsets ?? this.getLineOffsets();
  const count = lineOffsets.length;
  if (count === 0) return { line: 0, character: offset };
  let line = this.stevedoreLine ?? 0;
  if (!(line < count && lineOffsets[line] <= offset && (line + 1 === count || lineOffsets[line + 1] > offset)) &&
    // The next line, where the next instruction usually starts: 6.4 k of the 7.9 k misses of the line
    // itself, a lint of the bench file (1,331 -> 1,310 M instructions).
    !(++line < count && lineOffsets[line] <= offset && (line + 1 === count || lineOffsets[line + 1] > offset))) {
    let low = 0;
    let high = count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (lineOffsets[mid] > offset) high = mid;
      else low = mid + 1;
    }
    line = low - 1;
  }
  this.stevedoreLine = line;
  // ensureBeforeEOL: back over the line break an offset inside it points into.
  const lineOffset = lineOffsets[line];
  while (offset > lineOffset) {
    const before = content.charCodeAt(offset - 1);
    if (before !== 13 && before !== 10) break;
    offset--;
  }
  return { line, character: offset - lineOffset };
}

/**
 * The same document's offsetAt (line and column to offset), 31 k calls a lint of the bench file,
 * with its helper calls inlined as in positionAtFromLastLine; any position whose fields are not
 * numbers goes to the original, whose arithmetic on other types this does not repeat.
 */
export function offsetAtInlined(this: LineDocument, position: Range['start']): number {
  const line = position.line;
  const character = position.character;
  if (typeof line !== 'number' || typeof character !== 'number') {
    return (originalAstMethods.offsetAt as LineDocument['offsetAt']).call(this, position);
  }
  const content = this._content;
  const lineOffsets = this._lineOffsets ?? this.getLineOffsets();
  if (line >= lineOffsets.length) return content.length;
  else if (line < 0) return 0;
  const lineOffset = lineOffsets[line];
  if (character <= 0) return lineOffset;
  const nextLineOffset = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : content.length;
  // Math.min(lineOffset + character, nextLineOffset), NaN kept as there.
  let offset = lineOffset + character;
  if (offset > nextLineOffset) offset = nextLineOffset;
  while (offset > lineOffset) {
    const before = content.charCodeAt(offset - 1);
    if (before !== 13 && before !== 10) break;
    offset--;
  }
  return offset;
}

function positionsFromLastLine(): void {
  const proto = documentPrototype;
  if (typeof originalAstMethods.positionAt !== 'function' || typeof originalAstMethods.offsetAt !== 'function' ||
    typeof proto.getLineOffsets !== 'function' || typeof sampleDocument._content !== 'string' ||
    !('_lineOffsets' in sampleDocument)) return;
  proto.positionAt = positionAtFromLastLine;
  proto.offsetAt = offsetAtInlined;
  appliedAstPatches.positionHint = true;
}

const nextAngle = { buffer: '', from: 0, at: -1 };

/**
 * Whether buffer[from, to) may hold a word starting `<<` (a heredoc): two `<` side by side, or a `<`
 * followed by the escape character (`<\<EOF`: the escape drops, the word reads `<<EOF`).
 */
export function mayHoldHeredoc(buffer: string, from: number, to: number, escapeChar: string): boolean {
  // The parse asks in text order: the first `<` at or after the last `from` still answers when it
  // lies at or after this one (indexOf alone would scan to the end of a text without `<` each time).
  const cached = nextAngle.buffer === buffer && nextAngle.from <= from && (nextAngle.at >= from || nextAngle.at === -1);
  const first = cached ? nextAngle.at : buffer.indexOf('<', from);
  nextAngle.buffer = buffer;
  nextAngle.from = from;
  nextAngle.at = first;
  for (let at = first; at !== -1 && at + 1 < to; at = buffer.indexOf('<', at + 1)) {
    const next = buffer.charAt(at + 1);
    if (next === '<' || next === escapeChar) return true;
  }
  return false;
}

/** The characters the argument scan acts on outside an escaped line break, by escape character. */
const LINE_ENDS = new Map([['\\', /[\r\n\\]/g], ['`', /[\r\n`]/g]]);

/**
 * dockerfile-ast 0.7.1's Parser.processArguments, step for step, except at the end of the
 * instruction: the original builds the whole instruction a first time (positions, ranges, the
 * instruction object) only for processHeredocs to tokenise its words and look for `<<`, then throws
 * it away, on every instruction: a seventh of a CLI lint of the 3,003-instruction bench file. Here
 * that happens only when the instruction's text has a `<<` (or `<` + escape); without one,
 * processHeredocs finds no heredoc and returns the offset it was given, which is returned directly.
 */
export function processArgumentsScanningForHeredocs(
  this: ArgumentScanner, dockerfile: unknown, instruction: string, instructionEnd: number, start: number,
  offset: number,
): number {
  const buffer = this.buffer;
  const lineEnd = LINE_ENDS.get(this.escapeChar);
  let escaped = false;
  argumentsCheck: for (let i = offset + 1; i < buffer.length; i++) {
    if (!escaped && lineEnd !== undefined) {
      // Outside an escaped line break, only a line end or the escape character does anything:
      // the characters before the next one are skipped in one search (1,151 -> 1,083 M instructions,
      // median of 3, CLI lint of the bench file).
      lineEnd.lastIndex = i;
      if (!lineEnd.test(buffer)) return buffer.length;
      i = lineEnd.lastIndex - 1;
    }
    const char = buffer.charAt(i);
    if (char === '\r' || char === '\n') {
      if (escaped) continue;
      if (!mayHoldHeredoc(buffer, start, i, this.escapeChar)) return i;
      return this.processHeredocs(this.createInstruction(dockerfile, instruction, start, instructionEnd, i), i);
    }
    if (char === this.escapeChar) {
      const next = buffer.charAt(i + 1);
      if (next === '\n' || next === '\r') {
        escaped = true;
        i++;
      } else if (next === ' ' || next === '\t') {
        for (let j = i + 2; j < buffer.length; j++) {
          const after = buffer.charAt(j);
          if (after === ' ' || after === '\t') continue;
          if (after === '\r' || after === '\n') escaped = true;
          i = j;
          continue argumentsCheck;
        }
        // reached EOF
        return buffer.length;
      }
      continue;
    }
    if (char === '#') {
      if (escaped) {
        i = this.processComment(dockerfile, i);
        continue;
      }
    } else if (char !== ' ' && char !== '\t') {
      escaped = false;
    }
  }
  return buffer.length;
}

function heredocScanOnlyWhenPossible(): void {
  if (typeof originalAstMethods.processArguments !== 'function' || typeof parserPrototype.processHeredocs !== 'function' ||
    typeof parserPrototype.createInstruction !== 'function' || typeof parserPrototype.processComment !== 'function') return;
  parserPrototype.processArguments = processArgumentsScanningForHeredocs;
  appliedAstPatches.heredocScan = true;
}

/**
 * The document's line starts, found with indexOf and shared with the lint's TextIndex (lineStarts.ts)
 * instead of computed a character at a time, twice. The document gets its own copy: its update()
 * (never called on the parse's document) would change the array in place. CLI lint of the bench
 * file over a one-line one, with TextIndex's: 1,310 -> 1,216 M instructions.
 */
export function lineOffsetsShared(this: LineDocument): number[] {
  let offsets = this._lineOffsets;
  if (offsets === undefined) {
    offsets = lineStartsOf(this._content).slice();
    this._lineOffsets = offsets;
  }
  return offsets;
}

function sharedLineStarts(): void {
  if (typeof originalAstMethods.getLineOffsets !== 'function' || !('_lineOffsets' in sampleDocument)) return;
  documentPrototype.getLineOffsets = lineOffsetsShared;
  appliedAstPatches.sharedLineStarts = true;
}

/**
 * Parser.createInstruction (the instance's: text offsets to an instruction), once per instruction,
 * without its two Range.create calls: over two positionAt answers (numbers, never negative) that
 * is `{ start, end }` of them. With the tokeniser's offsets each read once and the static factory's
 * `arguments` gone, 1,216 -> 1,210 M instructions (median of 3, CLI lint of the bench file).
 */
export function createInstructionAt(
  this: ArgumentScanner, dockerfile: unknown, instruction: string, start: number, instructionEnd: number, end: number,
): AstInstruction {
  const document = this.document;
  const startPosition = document.positionAt(start);
  const instructionRange = { start: startPosition, end: document.positionAt(instructionEnd) };
  const lineRange = { start: startPosition, end: document.positionAt(end) };
  const escapeChar = this.escapeChar;
  return parserStatics.createInstruction(document, dockerfile, escapeChar, lineRange, instruction, instructionRange);
}

function instructionsWithoutRangeChecks(): void {
  if (typeof originalAstMethods.createInstructionAt !== 'function' ||
    typeof parserStatics.createInstruction !== 'function') return;
  parserPrototype.createInstruction = createInstructionAt;
  appliedAstPatches.instructionRanges = true;
}

const COMMENT_END = /[\r\n]/g;

/**
 * Parser.processComment: a comment runs to the next line end, found in one regular expression search
 * instead of a character at a time; its range built as createInstructionAt builds them. With the
 * memo slots copied from one array (context.ts): 1,064 -> 1,058 M instructions, CLI lint of the bench file.
 */
export function processCommentToLineEnd(this: ArgumentScanner, dockerfile: unknown, start: number): number {
  const buffer = this.buffer;
  COMMENT_END.lastIndex = start + 1;
  const end = COMMENT_END.test(buffer) ? COMMENT_END.lastIndex - 1 : buffer.length;
  const document = this.document;
  const range = { start: document.positionAt(start), end: document.positionAt(end) };
  (dockerfile as { addComment(comment: AstComment): void }).addComment(new AstComment(document as never, range));
  return end;
}

function commentsToLineEnd(): void {
  if (typeof originalAstMethods.processComment !== 'function') return;
  parserPrototype.processComment = processCommentToLineEnd;
  appliedAstPatches.commentScan = true;
}

type PropertyValue = (value: string, escapeChar: string) => string;

/** Values Property.getValue gives back unchanged, by escape character: see plainPropertyValue. */
const PLAIN_VALUES = new Map([['\\', /^[^ \t'"\\\r\n][^\\\r\n]*$/], ['`', /^[^ \t'"`\r\n][^`\r\n]*$/]]);

/**
 * Property.getValue (an ENV, ARG or LABEL name or value as the build reads it) walks the text a
 * character at a time, appending each to a new string. A text that neither starts with whitespace or
 * a quote nor holds a line break or the escape character comes back unchanged (every character takes
 * its plain branch), so it is returned at once; any other goes to the original (1,058 -> 1,046 M
 * instructions, CLI lint of the bench file).
 */
export function plainPropertyValue(value: string, escapeChar: string): string {
  if (typeof value === 'string' && PLAIN_VALUES.get(escapeChar)?.test(value) === true) return value;
  return (originalAstMethods.propertyValue as PropertyValue)(value, escapeChar);
}

function plainPropertyValues(): void {
  if (typeof originalAstMethods.propertyValue !== 'function') return;
  (Property as unknown as { getValue: PropertyValue }).getValue = plainPropertyValue;
  appliedAstPatches.plainPropertyValues = true;
}

type RangeFactory = (one: unknown, two: unknown, three?: unknown, four?: unknown) => Range;

/** LSP's uinteger.MAX_VALUE. */
const MAX_UINTEGER = 2147483647;

/**
 * vscode-languageserver-types' Range.create, which dockerfile-ast calls through its mutable
 * namespace object (12.5 k calls a lint of the bench file), validates its two positions with eight
 * calls (`Is.uinteger` and `Position.is`, each a `toString.call`). Two positions whose fields are
 * numbers are checked here inline, the same comparisons; anything else goes to the original, which
 * gives its answer or its error. (Equal for arguments without getters: the original reads fields
 * and `Symbol.toStringTag` that this reads fewer times.) CLI lint of the bench file over a one-line
 * one: 1,361 -> 1,331 M instructions.
 */
export function createRangeInline(one: unknown, two: unknown, three?: unknown, four?: unknown): Range {
  // With a third argument undefined, the original's first branch (four uintegers) is never taken.
  if (three === undefined && typeof one === 'object' && one !== null && typeof two === 'object' && two !== null) {
    const start = one as Range['start'];
    const end = two as Range['end'];
    const a = start.line;
    const b = start.character;
    const c = end.line;
    const d = end.character;
    if (typeof a === 'number' && typeof b === 'number' && typeof c === 'number' && typeof d === 'number' &&
      a >= 0 && a <= MAX_UINTEGER && b >= 0 && b <= MAX_UINTEGER &&
      c >= 0 && c <= MAX_UINTEGER && d >= 0 && d <= MAX_UINTEGER) {
      return { start, end };
    }
  }
  return (originalAstMethods.createRange as RangeFactory)(one, two, three, four);
}

function leanRanges(): void {
  if (typeof originalAstMethods.createRange !== 'function') return;
  (LspRange as { create: RangeFactory }).create = createRangeInline;
  appliedAstPatches.leanRanges = true;
}

let applied = false;
/** Patch dockerfile-ast once; later calls do nothing. */
export function applyAstPatches(): void {
  if (applied) return;
  applied = true;
  cacheTokens();
  organiseCommentsOnce();
  lazyJsonInstructions();
  positionsFromLastLine();
  heredocScanOnlyWhenPossible();
  leanRanges();
  sharedLineStarts();
  instructionsWithoutRangeChecks();
  commentsToLineEnd();
  plainPropertyValues();
}
