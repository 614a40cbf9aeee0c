// RUN scripts through a real shell parser. Chosen by measuring both candidates on four real RUN
// lines (apt-get chain, pip install, a golang-image `set -eux; wget ...; tar ...`, npm ci chain),
// Node 20, warm, 1,200 parses each:  mvdan-sh 0.195 ms/parse (synchronous)
//                                    sh-syntax 13.6 ms/parse (asynchronous, WASM + JSON)
// lint() must be synchronous, and mvdan-sh is ~70x faster, so mvdan-sh it is, loaded once with the
// engine. Reading its tree through the GopherJS wrappers (syntax.Walk, NodeType) cost ~1 ms a
// script; walking the raw Go structs ~0.2 ms; plain command lists take simpleShell.ts's path
// (~0.007 ms). Every parse is cached by script text, so re-linting as the user types only parses
// the RUN that changed.
import type { Instruction } from 'dockerfile-ast';
import type { ParsedShell, ShellCommand } from './rule';
import type { Range } from './types';
import type { TextIndex } from './rules/kit/text';
import { parseSimpleScript, type ScriptParse } from './simpleShell';

/** Longer scripts are not analysed (rules stay silent): the parser is linear, but cost matters. */
const MAX_SCRIPT_LENGTH = 100_000;
const CACHE_LIMIT = 4_000;

// mvdan-sh is Go compiled by GopherJS. Its JS wrappers (syntax.Walk, NodeType, node getters) build
// a wrapper object per access and cost ~1 ms per script; the underlying Go structs, reached through
// `__internal_object__`, are plain objects: fields by Go name, type in `constructor.string`,
// positions as {offs} byte offsets. Walking those directly is ~5x faster.
interface GoNode {
  constructor: { string?: string };
  [field: string]: unknown;
}
interface GoSlice {
  $array: unknown[];
  $offset: number;
  $length: number;
}
interface GoPos {
  offs: number;
}
interface ShSyntax {
  NewParser(...options: unknown[]): { Parse(src: string, name: string): { __internal_object__?: GoNode } };
}

// Loaded on first use, not with the engine: the 1.5 MB module costs ~0.3 s to evaluate, and most
// Dockerfiles (simple RUNs) and every other CLI subcommand never need it. A plain `require` inside a
// function stays synchronous, and esbuild keeps the CJS module unevaluated until it runs.
type GoParse = (src: string) => GoNode | undefined;
let mvdanParse: GoParse | undefined;
function parser(): GoParse {
  if (!mvdanParse) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const goParser = (require('mvdan-sh') as { syntax: ShSyntax }).syntax.NewParser();
    mvdanParse = (src) => goParser.Parse(src, '').__internal_object__;
  }
  return mvdanParse;
}

/** True once mvdan-sh has been loaded (tests check that simple Dockerfiles never load it). */
export function shellParserLoaded(): boolean {
  return mvdanParse !== undefined;
}

function kindOf(value: unknown): string {
  const name = (value as GoNode | null)?.constructor?.string;
  return typeof name === 'string' && name.startsWith('*syntax.') ? name.slice(8) : '';
}
function isSlice(value: unknown): value is GoSlice {
  return typeof value === 'object' && value !== null && '$array' in value && '$length' in value;
}
function sliceItems(value: unknown): GoNode[] {
  if (!isSlice(value)) return [];
  const items: GoNode[] = [];
  for (let i = 0; i < value.$length; i++) items.push(value.$array[value.$offset + i] as GoNode);
  return items;
}
function posOf(node: GoNode, method: 'Pos' | 'End'): number {
  return ((node[method] as () => GoPos).call(node)).offs;
}

/** Visits every syntax node below `node`, in source order. */
function walkGo(node: GoNode, visit: (node: GoNode, kind: string) => void): void {
  visit(node, kindOf(node));
  for (const key of Object.keys(node)) {
    if (key === '$val') continue;
    const value = node[key];
    if (typeof value !== 'object' || value === null) continue;
    if (isSlice(value)) {
      for (const item of sliceItems(value)) if (kindOf(item)) walkGo(item, visit);
    } else if (kindOf(value)) walkGo(value as GoNode, visit);
  }
}

const scriptCache = new Map<string, ScriptParse>();

/** Parses a shell script (cached by text); offsets in the result are character offsets. */
export function parseScript(script: string): ScriptParse {
  const cached = scriptCache.get(script);
  if (cached) return cached;
  const result = parseScriptUncached(script);
  if (scriptCache.size >= CACHE_LIMIT) scriptCache.clear();
  scriptCache.set(script, result);
  return result;
}

function parseScriptUncached(script: string): ScriptParse {
  if (script.length > MAX_SCRIPT_LENGTH) return { ok: false, commands: [], hasPipe: false };
  return (script.includes('\r') ? undefined : parseSimpleScript(script)) ?? parseWithMvdan(script);
}

/** The full parser, for every script the fast path declines (and, in tests, to check the fast path). */
export function parseWithMvdan(script: string): ScriptParse {
  let file: GoNode | undefined;
  try {
    file = parser()(script);
  } catch {
    return { ok: false, commands: [], hasPipe: false };
  }
  if (!file) return { ok: false, commands: [], hasPipe: false };
  // mvdan-sh counts UTF-8 bytes; map them back to string indices when the script is not ASCII.
  const toChar = /[^\x00-\x7f]/.test(script) ? byteToCharMap(script) : undefined;
  const at = (byteOffset: number): number => (toChar ? (toChar[byteOffset] ?? script.length) : byteOffset);
  const commands: ScriptParse['commands'] = [];
  let hasPipe = false;
  walkGo(file, (node, kind) => {
    if (kind === 'BinaryCmd') {
      const opAt = at((node.OpPos as GoPos).offs);
      if (script[opAt] === '|' && script[opAt + 1] !== '|') hasPipe = true;
    } else if (kind === 'CallExpr') {
      const words = sliceItems(node.Args);
      if (words.length === 0) return;
      const values = words.map((word) => wordValue(word, script, at, toChar !== undefined));
      commands.push({
        name: values[0],
        args: values.slice(1),
        start: at(posOf(node, 'Pos')),
        end: at(posOf(node, 'End')),
        wordStarts: words.map((word) => at(posOf(word, 'Pos'))),
        wordEnds: words.map((word) => at(posOf(word, 'End'))),
      });
    }
  });
  return { ok: true, commands, hasPipe };
}

function byteToCharMap(script: string): number[] {
  const map: number[] = [];
  let charIndex = 0;
  for (const char of script) {
    const code = char.codePointAt(0) ?? 0;
    const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let b = 0; b < bytes; b++) map.push(charIndex);
    charIndex += char.length;
  }
  map.push(charIndex);
  return map;
}

/** The word as the shell would pass it where it is literal; expansions stay as written. */
function wordValue(word: GoNode, script: string, at: (b: number) => number, utf8: boolean): string {
  let value = '';
  // Go strings reach JS as one char per byte: decode them when the script is not ASCII.
  const text = (goString: unknown): string => (utf8 ? Buffer.from(String(goString), 'latin1').toString('utf8') : String(goString));
  const raw = (node: GoNode): string => script.slice(at(posOf(node, 'Pos')), at(posOf(node, 'End')));
  for (const part of sliceItems(word.Parts)) {
    const kind = kindOf(part);
    if (kind === 'Lit') value += text(part.Value).replace(/\\([\s\S])/g, '$1');
    else if (kind === 'SglQuoted') value += text(part.Value);
    else if (kind === 'DblQuoted') {
      for (const inner of sliceItems(part.Parts)) {
        if (kindOf(inner) === 'Lit') value += text(inner.Value).replace(/\\([$`"\\\n])/g, '$1');
        else value += raw(inner);
      }
    } else value += raw(part);
  }
  return value;
}

/** The script a RUN hands to the shell, and where each of its characters sits in the Dockerfile. */
export interface RunScript {
  script: string;
  /** True when the script is a heredoc body or holds heredocs. */
  heredoc?: boolean;
  /** Dockerfile offset of each script character (length script.length + 1, the last one = end). */
  offsets: Int32Array;
}

const HEREDOC_ONLY = /^<<-?\s*(["']?)([A-Za-z0-9_.-]+)\1\s*$/;

/**
 * The shell script of a shell-form RUN: continuations joined and the comment or empty lines inside
 * them dropped, as Docker does; for `RUN <<EOF` the heredoc body. Undefined for exec form.
 */
export function runScript(instruction: Instruction, index: TextIndex, escapeChar: string): RunScript | undefined {
  const args = instruction.getArguments();
  if (args.length === 0) return undefined;
  const start = index.offsetAt(args[0].getRange().start);
  const end = index.offsetAt(instruction.getRange().end);
  const text = index.text;
  const heredocs = (instruction as unknown as { getHeredocs(): HeredocLike[] }).getHeredocs?.() ?? [];
  if (heredocs.length > 0) {
    const firstLineEnd = text.indexOf('\n', start);
    const firstLine = text.slice(start, firstLineEnd === -1 ? end : firstLineEnd).trimEnd();
    const content = heredocs[0].getContentRange();
    if (HEREDOC_ONLY.test(firstLine) && content) {
      const from = index.offsetAt(content.start);
      const to = index.offsetAt(content.end);
      return { ...identity(text, from, to), heredoc: true };
    }
    // `RUN cat <<EOF > file`: the whole thing, heredoc included, is a shell script.
    return { ...identity(text, start, end), heredoc: true };
  }
  return joinContinuations(text, start, end, escapeChar);
}

interface HeredocLike {
  getContentRange(): Range | null;
}

function identity(text: string, from: number, to: number): RunScript {
  const offsets = new Int32Array(to - from + 1);
  for (let i = 0; i <= to - from; i++) offsets[i] = from + i;
  return { script: text.slice(from, to), offsets };
}

/** Docker's line joining: `escape [ \t]* newline` disappears, and so do blank and `#` lines after it. */
export function joinContinuations(text: string, from: number, to: number, escapeChar: string): RunScript {
  // Copies whole runs of text between continuations rather than one character at a time.
  const parts: string[] = [];
  const offsets = new Int32Array(Math.max(0, to - from) + 1);
  let count = 0;
  let kept = from;
  const keep = (until: number): void => {
    if (until <= kept) return;
    parts.push(text.slice(kept, until));
    for (let k = kept; k < until; k++) offsets[count++] = k;
  };
  let i = from;
  while (i < to) {
    // Jump to the next escape character: a look at every character was most of the cost.
    i = text.indexOf(escapeChar, i);
    if (i === -1 || i >= to) break;
    let j = i + 1;
    while (j < to && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j >= to || text[j] === '\n' || text[j] === '\r') {
      keep(i);
      i = lineAfter(text, j, to);
      // Skip the blank and comment lines a continuation may carry.
      for (;;) {
        let k = i;
        while (k < to && (text[k] === ' ' || text[k] === '\t')) k++;
        if (k < to && (text[k] === '\n' || text[k] === '\r' || text[k] === '#')) i = lineAfter(text, k, to);
        else break;
      }
      kept = i;
      continue;
    }
    i++;
  }
  keep(to);
  offsets[count++] = to;
  return { script: parts.join(''), offsets: offsets.subarray(0, count) };
}

/** The offset just after the line break at or after `at` (`\r\n`, `\r` or `\n`), at most `to`. */
function lineAfter(text: string, at: number, to: number): number {
  let k = at;
  while (k < to && text[k] !== '\n' && text[k] !== '\r') k++;
  if (k >= to) return to;
  return text[k] === '\r' && text[k + 1] === '\n' ? k + 2 : k + 1;
}

/** Maps a script parse onto the Dockerfile: ranges of commands and of their words. */
export function shellOfScript(run: RunScript, index: TextIndex): ParsedShell {
  const parsed = parseScript(run.script);
  const commands: ShellCommand[] = [];
  for (let i = 0; i < parsed.commands.length; i++) {
    commands.push(new MappedCommand(parsed.commands[i], run.offsets, index));
  }
  return { ok: parsed.ok, commands, hasPipe: parsed.hasPipe, script: run.script, form: run.heredoc ? 'heredoc' : 'shell' };
}

/**
 * A command of a shell-form script, its ranges mapped onto the Dockerfile on first use: rules read
 * the ranges of the few commands they report, and mapping every word of every RUN up front was
 * most of the cost of a RUN's shell (callgrind, 3,003-instruction file: 1,309 -> 1,256 M).
 */
class MappedCommand implements ShellCommand {
  readonly name: string;
  readonly args: string[];
  private mappedRange: Range | undefined;
  private mappedNameRange: Range | undefined;
  private mappedArgRanges: Range[] | undefined;

  constructor(
    private readonly parsed: ScriptParse['commands'][number],
    private readonly offsets: Int32Array,
    private readonly index: TextIndex,
  ) {
    this.name = parsed.name;
    this.args = parsed.args;
  }

  get range(): Range {
    if (this.mappedRange === undefined) this.mappedRange = this.rangeOf(this.parsed.start, this.parsed.end);
    return this.mappedRange;
  }

  get nameRange(): Range {
    if (this.mappedNameRange === undefined) {
      this.mappedNameRange = this.rangeOf(this.parsed.wordStarts[0], this.parsed.wordEnds[0]);
    }
    return this.mappedNameRange;
  }

  get argRanges(): Range[] {
    if (this.mappedArgRanges === undefined) {
      const { wordStarts, wordEnds } = this.parsed;
      this.mappedArgRanges = wordStarts.slice(1).map((wordStart, i) => this.rangeOf(wordStart, wordEnds[i + 1]));
    }
    return this.mappedArgRanges;
  }

  /** Script offsets [start, end) as a Dockerfile range. */
  private rangeOf(scriptStart: number, scriptEnd: number): Range {
    const offsets = this.offsets;
    const last = offsets.length - 1;
    const docOffset = (scriptOffset: number): number => offsets[Math.min(scriptOffset, last)];
    const end = scriptEnd <= 0 ? docOffset(0) : docOffset(Math.min(scriptEnd, last) - 1) + 1;
    return this.index.rangeOf(docOffset(scriptStart), end);
  }
}

/** Exec form `RUN ["apt-get", "install", "x"]`: one command, its words as JSON gives them. */
export function shellOfExecForm(words: string[], ranges: Range[], whole: Range): ParsedShell {
  if (words.length === 0) return { ok: true, commands: [], hasPipe: false, script: '', form: 'exec' };
  const rangeOf = (i: number): Range => ranges[i] ?? whole;
  return {
    ok: true,
    hasPipe: false,
    form: 'exec',
    script: words.join(' '),
    commands: [
      {
        name: words[0],
        args: words.slice(1),
        range: whole,
        nameRange: rangeOf(0),
        argRanges: words.slice(1).map((_, i) => rangeOf(i + 1)),
      },
    ],
  };
}
