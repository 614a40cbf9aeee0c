// Reading and writing a Dockerfile for `stevedore lint` without losing a byte: reads stop at a
// bound (a file or an endless standard input never fills memory), invalid UTF-8 survives a
// `--fix` unchanged, and the fixed file replaces the old one only once it is completely written.
import { randomBytes } from 'node:crypto';
import { promises as fs, constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MAX_DOCKERFILE_LENGTH } from '../dockerfile';

/**
 * Bytes read at most. lint() refuses texts over MAX_DOCKERFILE_LENGTH UTF-16 units; a UTF-8 byte
 * sequence never gives more units than bytes nor fewer than a third, so this many bytes always
 * decide it (and 1.5 MiB of memory is the most one file can take).
 */
export const MAX_DOCKERFILE_BYTES = 3 * MAX_DOCKERFILE_LENGTH;

export interface DockerfileBytes {
  /** The content, or undefined when it is over `limit` bytes (then nothing past the limit was read). */
  bytes?: Buffer;
  /** The size in bytes when known (a regular file), else a lower bound. */
  size: number;
}

/** Reads a Dockerfile, at most `limit` bytes of it: a larger file is reported by size, not read. */
export async function readDockerfileBytes(path: string, limit = MAX_DOCKERFILE_BYTES): Promise<DockerfileBytes> {
  const handle = await fs.open(path, constants.O_RDONLY);
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (stat.isFile() && stat.size > limit) return { size: stat.size };
    // Not trusting the size (a FIFO, /dev/zero, a file growing): read until the limit.
    const read = async (buffer: Buffer, offset: number, length: number): Promise<number> =>
      (await handle.read(buffer, offset, length, null)).bytesRead;
    return await readUpTo(read, limit);
  } finally {
    await handle.close();
  }
}

async function readUpTo(
  read: (buffer: Buffer, offset: number, length: number) => Promise<number>,
  limit: number,
): Promise<DockerfileBytes> {
  const buffer = Buffer.alloc(Math.min(limit + 1, 64 * 1024));
  let data = buffer;
  let length = 0;
  for (;;) {
    if (length === data.length) {
      if (length > limit) return { size: length };
      const grown = Buffer.alloc(Math.min(limit + 1, data.length * 2));
      data.copy(grown, 0, 0, length);
      data = grown;
    }
    const count = await read(data, length, data.length - length);
    if (count === 0) break;
    length += count;
  }
  if (length > limit) return { size: length };
  return { bytes: data.subarray(0, length), size: length };
}

/** Standard input up to `limit` bytes; stops reading (and leaves the rest unread) past it. */
export async function readStreamBytes(
  stream: NodeJS.ReadableStream & { destroy?(): void },
  limit = MAX_DOCKERFILE_BYTES,
): Promise<DockerfileBytes> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const piece = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(piece);
    length += piece.length;
    if (length > limit) {
      stream.destroy?.();
      return { size: length };
    }
  }
  return { bytes: Buffer.concat(chunks, length), size: length };
}

// Invalid UTF-8 bytes are decoded to lone surrogates U+DC80..U+DCFF (Python's "surrogateescape"):
// valid UTF-8 never produces those, so encoding the text again gives back every byte exactly,
// including those on lines no fix touched.
const ESCAPE_BASE = 0xdc00;

/** The text of a Dockerfile's bytes, with invalid UTF-8 bytes kept as escapes `encodeKeepingBytes` restores. */
export function decodeKeepingBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Some bytes are not UTF-8: decode sequence by sequence below.
  }
  const parts: string[] = [];
  let run = 0;
  const flush = (end: number): void => {
    if (end > run) parts.push(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(run, end)));
  };
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    flush(i);
    parts.push(String.fromCharCode(ESCAPE_BASE + bytes[i]));
    i++;
    run = i;
  }
  flush(bytes.length);
  return parts.join('');
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlongs, surrogates or > U+10FFFF), 0 when none. */
function validSequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i];
  if (b0 < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf): boolean =>
    i + k < bytes.length && bytes[i + k] >= low && bytes[i + k] <= high;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** The bytes of a text from `decodeKeepingBytes`: escapes become their original bytes again. */
export function encodeKeepingBytes(text: string): Buffer {
  if (!/[\udc80-\udcff]/.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xdc80 || code > 0xdcff) continue;
    // A low surrogate after a high one is half of a real character, not an escape.
    if (i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff) continue;
    parts.push(Buffer.from(text.slice(run, i), 'utf8'), Buffer.from([code - ESCAPE_BASE]));
    run = i + 1;
  }
  parts.push(Buffer.from(text.slice(run), 'utf8'));
  return Buffer.concat(parts);
}

/**
 * Replaces the file's content all at once: the new bytes go to a temporary file beside it (same
 * mode and, where allowed, owner), flushed to disk, then renamed over it. On any failure the
 * original is untouched and the temporary file removed. A symbolic link is followed: its target is
 * replaced and the link kept.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const target = await fs.realpath(path);
  const stat = await fs.stat(target);
  const temporary = join(dirname(target), `.${basename(target)}.stevedore-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, stat.mode & 0o7777);
    await handle.writeFile(bytes);
    await handle.chmod(stat.mode & 0o7777);
    await handle.chown(stat.uid, stat.gid).catch(() => undefined);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temporary, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
}
