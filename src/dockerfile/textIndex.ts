// Offsets <-> positions for one Dockerfile text, computed once so every rule and the shell
// mapping convert in O(log lines) instead of re-scanning the text.
import type { Position, Range } from './types';

export class TextIndex {
  /** Offset where each line starts. */
  readonly lineStarts: number[];
  readonly lines: string[];

  constructor(readonly text: string) {
    // `\r\n`, `\r` and `\n` all end a line, as in dockerfile-ast and VS Code.
    const starts = [0];
    const ends: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        ends.push(i);
        starts.push(i + 1);
      } else if (c === 13) {
        ends.push(i);
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    ends.push(text.length);
    this.lineStarts = starts;
    this.lines = starts.map((start, line) => text.slice(start, ends[line]));
  }

  /** The line of the previous lookup: rules and the shell mapping look up nearby offsets in a row. */
  private lastLine = 0;

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const last = this.lastLine;
    if (this.lineStarts[last] <= clamped && (last + 1 >= this.lineStarts.length || clamped < this.lineStarts[last + 1])) {
      return { line: last, character: Math.min(clamped - this.lineStarts[last], this.lines[last].length) };
    }
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    this.lastLine = low;
    const character = Math.min(clamped - this.lineStarts[low], this.lines[low].length);
    return { line: low, character };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineText = this.lines[position.line];
    return this.lineStarts[position.line] + Math.max(0, Math.min(position.character, lineText.length));
  }

  rangeOf(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  textIn(range: Range): string {
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
}
