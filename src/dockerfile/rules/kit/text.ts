// Text positions for one Dockerfile: offsets <-> line/character, computed once per lint so every
// rule, the shell mapping and the fixes convert in O(log lines) instead of re-scanning the text.
// `\r\n`, `\r` and `\n` all end a line, as in dockerfile-ast and VS Code.
import type { Instruction } from 'dockerfile-ast';
import type { LintContext } from '../../context';
import type { RuleContext } from '../../rule';
import type { Position, Range, TextEdit } from '../../types';
import { lineStartsOf } from '../../lineStarts';


export class TextIndex {
  /** Offset where each line starts. */
  readonly lineStarts: readonly number[];
  readonly lines: string[];

  constructor(readonly text: string) {
    // The parse's document found the same line starts just before (lineStarts.ts keeps them).
    const starts = lineStartsOf(text);
    const lines: string[] = [];
    const last = starts.length - 1;
    for (let line = 0; line < last; line++) {
      // The line's end: before its `\n`, `\r` or `\r\n`.
      const next = starts[line + 1];
      const end = text.charCodeAt(next - 1) === 10 && text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
      lines.push(text.slice(starts[line], end));
    }
    lines.push(text.slice(starts[last]));
    this.lineStarts = starts;
    this.lines = lines;
  }

  /** The line of the previous lookup: rules and the shell mapping look up nearby offsets in a row. */
  private lastLine = 0;

  // Bounds are checked with comparisons, not Math.max/Math.min: calls are what the CLI's baseline code
  // pays for (same answers, NaN and -0 included; 1,083 -> 1,064 M instructions, CLI lint of the bench file).
  positionAt(offset: number): Position {
    let clamped = offset;
    if (clamped > this.text.length) clamped = this.text.length;
    else if (clamped <= 0) clamped = 0;
    const starts = this.lineStarts;
    let line = this.lastLine;
    if (!(starts[line] <= clamped && (line + 1 >= starts.length || clamped < starts[line + 1]))) {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= clamped) low = mid;
        else high = mid - 1;
      }
      this.lastLine = line = low;
    }
    const character = clamped - starts[line];
    const length = this.lines[line].length;
    return { line, character: character > length ? length : character };
  }

  offsetAt(position: Position): number {
    const line = position.line;
    if (line >= this.lineStarts.length) return this.text.length;
    if (line < 0) return 0;
    let character = position.character;
    const length = this.lines[line].length;
    if (character > length) character = length;
    else if (character <= 0) character = 0;
    return this.lineStarts[line] + character;
  }

  rangeOf(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  textIn(range: Range): string {
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
}

/** The context's text index: the one the lint built, or one computed once for a bare RuleContext. */
const indexCache = new WeakMap<object, TextIndex>();
export function textIndexOf(context: RuleContext): TextIndex {
  const own = (context as Partial<LintContext>).index;
  if (own) return own;
  let index = indexCache.get(context);
  if (!index) {
    index = new TextIndex(context.text);
    indexCache.set(context, index);
  }
  return index;
}

export function offsetOf(context: RuleContext, position: Position): number {
  return textIndexOf(context).offsetAt(position);
}

export function positionOf(context: RuleContext, offset: number): Position {
  return textIndexOf(context).positionAt(offset);
}

export function rangeOfOffsets(context: RuleContext, start: number, end: number): Range {
  return textIndexOf(context).rangeOf(start, end);
}

export function textOf(context: RuleContext, range: Range): string {
  return textIndexOf(context).textIn(range);
}

export function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

/** The whole lines of an instruction, line break included: what deleting it removes. */
export function wholeLines(context: RuleContext, instruction: Instruction): Range {
  const range = instruction.getRange();
  const index = textIndexOf(context);
  const endLine = range.end.line + 1;
  const end = endLine < index.lineStarts.length
    ? { line: endLine, character: 0 }
    : index.positionAt(context.text.length);
  return { start: { line: range.start.line, character: 0 }, end };
}

export function rangeBetween(start: Range, end: Range): Range {
  return { start: start.start, end: end.end };
}

/** The 1-based line an instruction starts on, as messages print it. */
export function lineOf(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}
