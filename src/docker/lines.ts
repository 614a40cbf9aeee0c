// The engine's streaming answers read as lines (stats, events, build output: one JSON document a
// line), with a bound on the partial line: an engine that streams without a newline would
// otherwise grow it without end.
import type { Readable } from 'node:stream';

/** The longest line kept: a stats document is a few KB, an event or a build message less. */
export const MAX_LINE_CHARS = 1024 * 1024;

/**
 * Calls `onLine` for every complete line; keeps the partial tail between chunks
 * (up to `maxLine`: the stream is then destroyed with E2BIG).
 */
export function onLines(stream: Readable, onLine: (line: string) => void, maxLine = MAX_LINE_CHARS): void {
  let pending = '';
  stream.on('data', (chunk: Buffer | string) => {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let start = 0;
    let newline = text.indexOf('\n');
    if (newline < 0) {
      pending += text;
      if (pending.length > maxLine) {
        pending = '';
        stream.destroy(Object.assign(new Error(`a line longer than ${maxLine} characters`), { code: 'E2BIG' }));
      }
      return;
    }
    // The usual case: the chunk holds exactly one whole document; avoid concatenating.
    onLine(pending ? pending + text.slice(0, newline) : text.slice(0, newline));
    pending = '';
    start = newline + 1;
    while ((newline = text.indexOf('\n', start)) >= 0) {
      onLine(text.slice(start, newline));
      start = newline + 1;
    }
    if (start < text.length) pending = text.slice(start);
    if (pending.length > maxLine) {
      pending = '';
      stream.destroy(Object.assign(new Error(`a line longer than ${maxLine} characters`), { code: 'E2BIG' }));
    }
  });
}
