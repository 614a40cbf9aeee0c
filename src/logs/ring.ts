// The bounded ring of lines (count and bytes).
import type { LogLine } from './types';
export class LogRing {
  constructor(readonly maxLines: number, readonly maxBytes: number) {}
  push(line: LogLine): void {
    void line;
  }
  toArray(): readonly LogLine[] {
    return [];
  }
}
