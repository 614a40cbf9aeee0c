// The engine's streaming endpoints read as lines: stats (one JSON document a second per container),
// events, and logs (multiplexed stdout/stderr frames unless the container has a TTY).
import type { Readable } from 'node:stream';
import { MAX_LINE_CHARS } from '../docker/lines';

// Lines are cut at MAX_LINE_CHARS (1 MiB) by the connection's splitter, which the build output shares.
export { MAX_LINE_CHARS, onLines } from '../docker/lines';

/** A log frame's size bound: Docker's log drivers split lines at 16 KB. */
export const MAX_LOG_FRAME_BYTES = 8 * 1024 * 1024;

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
