// The engine's streaming endpoints read as lines: stats (one JSON document a second per container),
// events, and logs (multiplexed stdout/stderr frames unless the container has a TTY).
import type { Readable } from 'node:stream';

/**
 * The longest line kept: a stats document is a few KB, an event less. An engine that streams without
 * a newline would otherwise grow the partial line without end.
 */
export const MAX_LINE_CHARS = 1024 * 1024;

/** A log frame's size bound: Docker's log drivers split lines at 16 KB. */
export const MAX_LOG_FRAME_BYTES = 8 * 1024 * 1024;

/** Calls `onLine` for every complete line; keeps the partial tail between chunks (up to `maxLine`: the stream is then destroyed). */
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

/**
 * Demultiplex Docker's log framing (8-byte header: stream type, 3 zero bytes, big-endian size) into
 * lines per stream. With `tty` the bytes are raw and all go to stdout.
 */
export function onLogLines(stream: Readable, tty: boolean, onLine: (line: string, source: 'stdout' | 'stderr') => void): void {
  const partial = { stdout: '', stderr: '' };
  const emit = (text: string, source: 'stdout' | 'stderr') => {
    const lines = (partial[source] + text).split(/\r?\n/);
    partial[source] = lines.pop() ?? '';
    for (const line of lines) onLine(line, source);
    // A line without end is passed on in pieces rather than kept whole.
    if (partial[source].length > MAX_LINE_CHARS) {
      onLine(partial[source], source);
      partial[source] = '';
    }
  };
  if (tty) {
    stream.on('data', (chunk: Buffer) => emit(chunk.toString('utf8'), 'stdout'));
  } else {
    let buffer: Buffer = Buffer.alloc(0);
    stream.on('data', (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      while (buffer.length >= 8) {
        const size = buffer.readUInt32BE(4);
        if (size > MAX_LOG_FRAME_BYTES) {
          buffer = Buffer.alloc(0);
          stream.destroy(Object.assign(new Error(`a log frame of ${size} bytes`), { code: 'E2BIG' }));
          return;
        }
        if (buffer.length < 8 + size) break;
        emit(buffer.subarray(8, 8 + size).toString('utf8'), buffer[0] === 2 ? 'stderr' : 'stdout');
        buffer = buffer.subarray(8 + size);
      }
    });
  }
  stream.on('end', () => {
    for (const source of ['stdout', 'stderr'] as const) if (partial[source]) onLine(partial[source], source);
  });
}

/** The error-line detector for logs. */
export const ERROR_LINE = /\b(error|fatal|panic|exception)\b/i;
