// One container's log stream from the Engine API (GET /containers/{id}/logs with timestamps=true)
// read into whole lines. Without a TTY the engine frames each log message (8-byte header: stream,
// 3 zero bytes, big-endian size) and a message is "<RFC3339Nano> <text>", ending in "\n" unless the
// log driver split a long line into 16 KiB partial messages, each with its own timestamp: those are
// joined again here, keeping the first timestamp. With a TTY the bytes are raw "<time> <text>\r\n"
// lines on stdout. Every line is bounded: bytes past `maxLineBytes` are counted, not kept.
import type { LogStream } from './types';

/** A frame's size bound: the engine's drivers send at most 16 KiB a message; 8 MiB is a broken stream. */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

export interface EngineTime {
  /** Unix ms with the sub-ms part as a fraction (µs precision). */
  time: number;
  /** Unix ms of the whole second, and the nanoseconds within it: exact, for `since` and de-duplication. */
  secondMs: number;
  nanos: number;
  text: string;
}

/** A line as the stream delivered it: bytes already joined, not yet decoded. */
export interface RawLine {
  at: EngineTime;
  stream: LogStream;
  bytes: Buffer;
  /** Bytes dropped past the line bound (0 when whole). */
  droppedBytes: number;
}

let cachedPrefix = '';
let cachedSecondMs = 0;

/** The engine's RFC3339Nano UTC time ("2026-12-04T18:28:14.123456789Z"); undefined when it is not one. */
export function parseEngineTime(text: string): EngineTime | undefined {
  // Most lines of a stream share their second: parse it once.
  const prefix = text.slice(0, 19);
  let secondMs: number;
  if (prefix === cachedPrefix) secondMs = cachedSecondMs;
  else {
    secondMs = Date.parse(prefix + 'Z');
    if (Number.isNaN(secondMs) || text.length < 20) return undefined;
    cachedPrefix = prefix;
    cachedSecondMs = secondMs;
  }
  let nanos = 0;
  let end = 19;
  if (text.charCodeAt(19) === 0x2e /* . */) {
    end = 20;
    let digits = 0;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c < 0x30 || c > 0x39) break;
      if (digits < 9) {
        nanos = nanos * 10 + (c - 0x30);
        digits++;
      }
      end++;
    }
    for (; digits < 9; digits++) nanos *= 10;
  }
  const zone = text.slice(end);
  if (zone !== 'Z') {
    // Not the engine's UTC form (an engine in another zone?): let Date parse it, to the ms.
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) return undefined;
    const second = Math.floor(ms / 1000) * 1000;
    return { time: second + nanos / 1e6, secondMs: second, nanos, text };
  }
  return { time: secondMs + Math.floor(nanos / 1000) / 1000, secondMs, nanos, text };
}

/** a before b? (exactly, to the nanosecond) */
export function timeBefore(a: EngineTime, b: { secondMs: number; nanos: number }): boolean {
  return a.secondMs < b.secondMs || (a.secondMs === b.secondMs && a.nanos <= b.nanos);
}

/** A line without the engine's timestamp (an engine that does not send one) is timed when it arrives. */
function receivedNow(): EngineTime {
  const now = Date.now();
  const secondMs = Math.floor(now / 1000) * 1000;
  return { time: now, secondMs, nanos: (now % 1000) * 1e6, text: new Date(now).toISOString() };
}

interface Partial {
  at: EngineTime;
  parts: Buffer[];
  bytes: number;
  dropped: number;
}

export class LogStreamReader {
  private pending?: Buffer;
  private readonly partial: Record<LogStream, Partial | undefined> = { stdout: undefined, stderr: undefined };
  /** TTY: the current line overflowed and its rest goes to the partial without a timestamp. */
  private ttyMidLine = false;

  constructor(
    private readonly tty: boolean,
    private readonly maxLineBytes: number,
    private readonly onLine: (line: RawLine) => void,
  ) {}

  /** Feeds bytes from the stream; throws on a frame too large to be a log message (a broken stream). */
  push(chunk: Buffer): void {
    if (this.tty) this.pushTty(chunk);
    else this.pushFramed(chunk);
  }

  /** The stream ended: lines without a final newline are delivered. */
  end(): void {
    if (this.tty && this.pending?.length) {
      const rest = this.pending;
      this.pending = undefined;
      if (this.ttyMidLine) this.appendPartial('stdout', undefined, rest);
      else this.message('stdout', rest);
    }
    this.pending = undefined;
    this.flush('stdout');
    this.flush('stderr');
  }

  private pushFramed(chunk: Buffer): void {
    let buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    while (buffer.length - offset >= 8) {
      const size = buffer.readUInt32BE(offset + 4);
      if (size > MAX_FRAME_BYTES) {
        this.pending = undefined;
        throw Object.assign(new Error(`the engine sent a log frame of ${size} bytes, more than ${MAX_FRAME_BYTES}: the stream is not a log stream`), { code: 'E2BIG' });
      }
      if (buffer.length - offset < 8 + size) break;
      const type = buffer[offset];
      // Stream 0 (stdin) never carries output; 3 (systemerr) carries the engine's own error text.
      this.message(type === 2 || type === 3 ? 'stderr' : 'stdout', buffer.subarray(offset + 8, offset + 8 + size));
      offset += 8 + size;
    }
    this.pending = offset < buffer.length ? Buffer.from(buffer.subarray(offset)) : undefined;
    buffer = Buffer.alloc(0);
  }

  private pushTty(chunk: Buffer): void {
    let buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    let start = 0;
    let newline: number;
    while ((newline = buffer.indexOf(0x0a, start)) >= 0) {
      const line = buffer.subarray(start, newline + 1);
      if (this.ttyMidLine) {
        this.appendPartial('stdout', undefined, line);
        this.ttyMidLine = false;
      } else this.message('stdout', line);
      start = newline + 1;
    }
    buffer = buffer.subarray(start);
    if (buffer.length > this.maxLineBytes + 64) {
      // A line without end: what is there goes to the partial line; the rest follows without a timestamp.
      if (this.ttyMidLine) this.appendPartial('stdout', undefined, buffer);
      else this.message('stdout', buffer);
      this.ttyMidLine = true;
      this.pending = undefined;
    } else this.pending = buffer.length ? Buffer.from(buffer) : undefined;
  }

  /** One message: "<time> <text>", the text ending in "\n" when the line is complete. */
  private message(stream: LogStream, bytes: Buffer): void {
    const space = bytes.indexOf(0x20);
    let at: EngineTime | undefined;
    let content = bytes;
    if (space > 0 && space <= 40) {
      at = parseEngineTime(bytes.toString('latin1', 0, space));
      if (at) content = bytes.subarray(space + 1);
    }
    this.appendPartial(stream, at ?? receivedNow(), content);
  }

  /** Text of one message (or the rest of a TTY line): whole lines are delivered, the tail kept. */
  private appendPartial(stream: LogStream, at: EngineTime | undefined, content: Buffer): void {
    let start = 0;
    let newline: number;
    while ((newline = content.indexOf(0x0a, start)) >= 0) {
      this.add(stream, at, content.subarray(start, newline));
      this.flush(stream);
      start = newline + 1;
    }
    if (start < content.length) this.add(stream, at, content.subarray(start));
  }

  private add(stream: LogStream, at: EngineTime | undefined, bytes: Buffer): void {
    let partial = this.partial[stream];
    if (!partial) {
      partial = this.partial[stream] = {
        at: at ?? receivedNow(),
        parts: [],
        bytes: 0,
        dropped: 0,
      };
    }
    const room = this.maxLineBytes - partial.bytes;
    if (bytes.length <= room) {
      // A view of the chunk, not a copy: the line is decoded as soon as its newline arrives.
      if (bytes.length) partial.parts.push(bytes);
      partial.bytes += bytes.length;
      return;
    }
    let cut = Math.max(0, room);
    // Cut on a character boundary: back off over UTF-8 continuation bytes.
    while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
    if (cut > 0) partial.parts.push(bytes.subarray(0, cut));
    partial.dropped += bytes.length - cut;
    partial.bytes = this.maxLineBytes; // full: later pieces are only counted
  }

  private flush(stream: LogStream): void {
    const partial = this.partial[stream];
    if (!partial) return;
    this.partial[stream] = undefined;
    let bytes = partial.parts.length === 1 ? partial.parts[0] : Buffer.concat(partial.parts);
    if (bytes.length && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1); // CRLF (TTY)
    this.onLine({ at: partial.at, stream, bytes, droppedBytes: partial.dropped });
  }
}
