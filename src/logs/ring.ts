// The bounded ring of merged lines: at most `maxLines` lines and about `maxBytes` of memory, the
// oldest dropped first, so a chatty service cannot grow the extension's heap without end. A plain
// array with a moving head (compacted when half of it is dropped): pushing is amortised O(1) and
// the view reads it as one array.
import type { LogLine } from './types';

/** Heap bytes a line holds besides its message: the object, its time text, shared names (measured ~190). */
export const LINE_OVERHEAD_BYTES = 192;

/** What a line costs the ring: its message (UTF-16) and the overhead. */
export function lineBytes(line: LogLine): number {
  return line.message.length * 2 + LINE_OVERHEAD_BYTES;
}

export class LogRing {
  private items: LogLine[] = [];
  private head = 0;
  private heldBytes = 0;
  private dropped = 0;

  constructor(
    readonly maxLines: number,
    readonly maxBytes: number,
  ) {
    if (!(maxLines >= 1) || !(maxBytes >= 1)) throw new RangeError('the log ring needs room for at least one line');
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /** About how much memory the lines held take. */
  get bytes(): number {
    return this.heldBytes;
  }

  /** Lines dropped so far to stay within the bounds. */
  get droppedLines(): number {
    return this.dropped;
  }

  /** The seq of the oldest line held, or undefined when empty. */
  get firstSeq(): number | undefined {
    return this.items[this.head]?.seq;
  }

  push(line: LogLine): void {
    this.items.push(line);
    this.heldBytes += lineBytes(line);
    while (this.length > 1 && (this.length > this.maxLines || this.heldBytes > this.maxBytes)) {
      this.heldBytes -= lineBytes(this.items[this.head]);
      this.head++;
      this.dropped++;
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** The i-th oldest line held. */
  at(index: number): LogLine | undefined {
    return index >= 0 && index < this.length ? this.items[this.head + index] : undefined;
  }

  /** Oldest first: a new array of the held lines. */
  toArray(): LogLine[] {
    return this.items.slice(this.head);
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.heldBytes = 0;
  }
}
