// Layer blobs come plain, gzip (estargz is gzip too) or zstd; the first bytes say which, whatever
// the media type claims. Everything here is a chunk pipeline: nothing is held beyond a chunk.
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { ImageSourceError } from './errors';
import { wholeGiB } from '../shared/units';

export type BlobKind = 'gzip' | 'zstd' | 'tar' | 'json' | 'unknown';

export function sniffBlob(head: Uint8Array): BlobKind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  if (
    head.length >= 262 &&
    head[257] === 0x75 && head[258] === 0x73 && head[259] === 0x74 && head[260] === 0x61 && head[261] === 0x72
  ) {
    return 'tar'; // "ustar" magic at offset 257
  }
  for (const byte of head.subarray(0, 64)) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b || byte === 0x5b ? 'json' : head.length >= 512 && isZeroBlock(head) ? 'tar' : 'unknown';
  }
  return head.length === 0 ? 'tar' : isZeroBlock(head) ? 'tar' : 'unknown';
}

function isZeroBlock(head: Uint8Array): boolean {
  for (let i = 0; i < Math.min(head.length, 512); i++) if (head[i] !== 0) return false;
  return true;
}

/** Read the first `bytes` of a chunk stream, then hand back the whole stream again. */
export async function peek(
  source: AsyncIterable<Buffer>,
  bytes: number,
): Promise<{ head: Buffer; stream: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(taken);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, stream: replay() };
}

export interface ExpansionLimit {
  /** Uncompressed bytes allowed per compressed byte once past `floorBytes`. */
  maxRatio: number;
  /** Below this many uncompressed bytes the ratio is not checked (small layers compress well). */
  floorBytes: number;
  /** Absolute cap on one layer's uncompressed bytes. */
  maxBytes: number;
}

export const DEFAULT_EXPANSION_LIMIT: ExpansionLimit = {
  maxRatio: 200,
  floorBytes: 1024 * 1024 * 1024,
  maxBytes: 256 * 1024 * 1024 * 1024,
};

/** Counts bytes in and out so a decompression bomb stops with a clear error instead of running on. */
export class ByteCounter {
  compressed = 0;
  uncompressed = 0;
  constructor(
    private readonly what: string,
    private readonly limit: ExpansionLimit,
  ) {}

  countIn(chunk: Uint8Array): void {
    this.compressed += chunk.length;
  }

  countOut(chunk: Uint8Array, compressedStream: boolean): void {
    this.uncompressed += chunk.length;
    const { maxRatio, floorBytes, maxBytes } = this.limit;
    if (this.uncompressed > maxBytes) {
      throw new ImageSourceError('too-large', `${this.what} expands past ${wholeGiB(maxBytes)} uncompressed; stopped reading. If the image really is that large, rerun with --no-expansion-limit.`);
    }
    if (compressedStream && this.uncompressed > floorBytes && this.uncompressed > this.compressed * maxRatio) {
      throw new ImageSourceError(
        'too-large',
        `${this.what} expands more than ${maxRatio}x (${this.compressed} compressed bytes gave ${this.uncompressed}): it looks like a decompression bomb; stopped reading. If you trust this image, rerun with --no-expansion-limit.`,
      );
    }
  }
}

async function* countedInput(source: AsyncIterable<Buffer>, counter: ByteCounter): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    counter.countIn(chunk);
    yield chunk;
  }
}

async function* gunzip(source: AsyncIterable<Buffer>, counter: ByteCounter): AsyncGenerator<Buffer> {
  const inflater = createGunzip({ chunkSize: 256 * 1024 });
  let failed: unknown;
  const pump = (async () => {
    try {
      for await (const chunk of countedInput(source, counter)) {
        if (inflater.destroyed) return;
        if (!inflater.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              inflater.off('drain', done);
              inflater.off('close', done);
              resolve();
            };
            inflater.on('drain', done);
            inflater.on('close', done);
          });
        }
      }
      inflater.end();
    } catch (error) {
      failed = error;
      inflater.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      counter.countOut(chunk, true);
      yield chunk;
    }
  } catch (error) {
    throw failed ?? error;
  } finally {
    if (!inflater.destroyed) inflater.destroy();
    await pump;
  }
  if (failed) throw failed;
}

/**
 * Compressed bytes handed to the zstd decoder per step. fzstd decodes every complete block of what
 * it is given before returning, and a 4-byte RLE block stands for 128 KiB: a 256-byte slice inflates
 * to at most 8 MiB, and the bomb check runs on each block as it is decoded. Whole chunks let a 336 KB
 * layer of 10 GiB of zeros reach 10.6 GB of memory (50 s) before the first check; sliced, it is
 * refused in 2-3 s at 140 MB (read in full without a limit: 42 s, 136 MB). Slices of 256 B to 64 KiB
 * decode a real 250 MB layer in the same time.
 */
const ZSTD_SLICE_BYTES = 256;

async function* unzstd(source: AsyncIterable<Buffer>, counter: ByteCounter): AsyncGenerator<Buffer> {
  let out: Buffer[] = [];
  const decoder = new Decompress((data) => {
    counter.countOut(data, true); // throws out of push() at the block that crosses the limit
    out.push(Buffer.from(data.buffer, data.byteOffset, data.length)); // fzstd gives each block a new array
  });
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; at += ZSTD_SLICE_BYTES) {
      const slice = chunk.subarray(at, at + ZSTD_SLICE_BYTES);
      counter.countIn(slice);
      decoder.push(slice);
      if (out.length) {
        const ready = out;
        out = [];
        yield* ready;
      }
    }
  }
  decoder.push(new Uint8Array(0), true);
  yield* out;
}

async function* plain(source: AsyncIterable<Buffer>, counter: ByteCounter): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    counter.countIn(chunk);
    counter.countOut(chunk, false);
    yield chunk;
  }
}

/** The uncompressed tar bytes of a layer blob of the given kind. */
export function layerTarChunks(
  kind: BlobKind,
  source: AsyncIterable<Buffer>,
  counter: ByteCounter,
): AsyncIterable<Buffer> {
  switch (kind) {
    case 'gzip':
      return gunzip(source, counter);
    case 'zstd':
      return unzstd(source, counter);
    default:
      return plain(source, counter);
  }
}
