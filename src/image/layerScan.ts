// One layer: read its tar once, keep one small row per entry (columns of numbers, paths interned),
// hash regular files' content on the way so identical copies can be told from changed ones.
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import * as tarStream from 'tar-stream';
import type { BlobKind, ByteCounter } from './decompress';
import { cancelledError, describeReadError, ImageSourceError } from './errors';
import type { PathTable } from './pathTable';

/** Entry kinds; whiteouts and opaque markers are kept as rows so the analysis sees them in order. */
export const FILE = 0;
export const DIR = 1;
export const SYMLINK = 2;
export const HARDLINK = 3;
export const OTHER = 4;
export const WHITEOUT = 5;
export const OPAQUE = 6;
export type EntryKind = typeof FILE | typeof DIR | typeof SYMLINK | typeof HARDLINK | typeof OTHER | typeof WHITEOUT | typeof OPAQUE;

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';

/** A layer as read: per-entry columns (index i of every array is entry i, in tar order). */
export interface LayerScan {
  /** Where it was found: its file in the archive, or its digest. */
  key: string;
  blobKind: BlobKind;
  compressedBytes: number;
  /** Sum of all tar entries' sizes: dive's layer size. */
  sizeBytes: number;
  path: number[];
  kind: EntryKind[];
  /** The tar type flag byte (as dive exports it). */
  typeFlag: number[];
  size: number[];
  /** The raw tar mode field. */
  mode: number[];
  uid: number[];
  gid: number[];
  /** First 8 bytes of the content's SHA-1 as two numbers (0,0 for no content). */
  hashHi: number[];
  hashLo: number[];
  linkTarget: Map<number, string>;
  flagged: Map<number, string>;
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Refuse layers with more entries than this (a tar of millions of empty files is an attack, not an image). */
  maxEntries?: number;
  /**
   * Hash regular files' content (default true). Without it identical copies are told apart by size
   * alone; the bench uses it to measure what hashing costs.
   */
  hashContent?: boolean;
}

const TYPE_FLAGS: Record<string, number> = {
  file: 0x30,
  link: 0x31,
  symlink: 0x32,
  'character-device': 0x33,
  'block-device': 0x34,
  directory: 0x35,
  fifo: 0x36,
  'contiguous-file': 0x37,
};

const ONE_SHOT_HASH_BYTES = 1024 * 1024;
const oneShotSha1 = (data: Buffer): Buffer =>
  (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'buffer') => Buffer }).hash?.('sha1', data, 'buffer') ??
  createHash('sha1').update(data).digest();

const utf8 = new TextDecoder('utf-8', { fatal: true });
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * tar-stream is told to read header names as latin1 so the raw bytes survive; decode them as UTF-8
 * here. Names from PAX records are UTF-8 already (`fromPax`).
 */
function decodeName(raw: string, fromPax = false): { name: string; bad: boolean } {
  if (fromPax || !NON_ASCII.test(raw)) return { name: raw, bad: false };
  const bytes = Buffer.from(raw, 'latin1');
  try {
    return { name: utf8.decode(bytes), bad: false };
  } catch {
    return { name: bytes.toString('utf8'), bad: true };
  }
}

/** A tar name as an image path without leading slash, or why it cannot be trusted. */
const NEEDS_CLEANING = /(^|\/)\.{1,2}(\/|$)|\/\/|^\//;

export function normaliseEntryPath(raw: string): { path: string; flag?: string } {
  // Fast path: layer tars name almost every entry cleanly ("etc/", "usr/bin/env").
  if (!NEEDS_CLEANING.test(raw)) return { path: raw.endsWith('/') ? raw.slice(0, -1) : raw };
  let flag: string | undefined;
  if (raw.startsWith('/')) flag = 'absolute path in a layer';
  const parts: string[] = [];
  let escapes = 0;
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else {
        parts.push('..');
        escapes++;
      }
      continue;
    }
    parts.push(part);
  }
  if (escapes) flag = 'path climbs out of the image root with ../';
  return { path: parts.join('/'), flag };
}

function kindOf(type: string, name: string): EntryKind {
  if (name === OPAQUE_MARKER) return OPAQUE;
  if (name.startsWith(WHITEOUT_PREFIX)) return WHITEOUT;
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return FILE;
    case 'directory':
      return DIR;
    case 'symlink':
      return SYMLINK;
    case 'link':
      return HARDLINK;
    default:
      return OTHER;
  }
}

export function emptyScan(key: string, blobKind: BlobKind): LayerScan {
  return {
    key,
    blobKind,
    compressedBytes: 0,
    sizeBytes: 0,
    path: [],
    kind: [],
    typeFlag: [],
    size: [],
    mode: [],
    uid: [],
    gid: [],
    hashHi: [],
    hashLo: [],
    linkTarget: new Map(),
    flagged: new Map(),
  };
}

/** Read one layer's uncompressed tar chunks into a LayerScan. */
export async function scanLayerTar(
  chunks: AsyncIterable<Buffer>,
  scan: LayerScan,
  table: PathTable,
  counter: ByteCounter,
  what: string,
  options: ScanOptions = {},
): Promise<LayerScan> {
  const maxEntries = options.maxEntries ?? 20_000_000;
  const hashContent = options.hashContent ?? true;
  // latin1 keeps the raw bytes of names (decodeName checks them); the typings lack this option.
  const extract = tarStream.extract({ filenameEncoding: 'latin1' } as Parameters<typeof tarStream.extract>[0]);
  let failure: unknown;
  const finished = new Promise<void>((resolve, reject) => {
    extract.on('error', (error: Error) => reject((failure ??= error)));
    extract.on('finish', () => resolve());
  });
  finished.catch(() => undefined);

  extract.on('entry', (header, stream, next) => {
    try {
      const pax = (header as { pax?: Record<string, string> }).pax;
      const decoded = decodeName(header.name, pax?.path !== undefined);
      const normal = normaliseEntryPath(decoded.name);
      const baseName = normal.path.slice(normal.path.lastIndexOf('/') + 1);
      const kind = kindOf(header.type ?? 'file', baseName);
      const row = scan.path.length;
      if (row >= maxEntries) throw new ImageSourceError('too-large', `${what} has more than ${maxEntries} entries; stopped reading.`);
      const size = header.size ?? 0;
      scan.path.push(table.intern(normal.path));
      scan.kind.push(kind);
      scan.typeFlag.push(TYPE_FLAGS[header.type ?? 'file'] ?? 0x30);
      scan.size.push(size);
      scan.mode.push(header.mode ?? 0);
      scan.uid.push(header.uid ?? 0);
      scan.gid.push(header.gid ?? 0);
      scan.sizeBytes += size;
      let flag = normal.flag;
      if (decoded.bad || decoded.name.includes('\ufffd')) flag = 'name is not valid UTF-8';
      if (normal.path === '' && kind !== DIR) flag ??= 'entry names the image root';
      if (header.linkname) {
        const link = decodeName(header.linkname, pax?.linkpath !== undefined);
        scan.linkTarget.set(row, link.name);
        if (kind === HARDLINK) {
          const target = normaliseEntryPath(link.name);
          if (target.flag) flag ??= `hard link target: ${target.flag}`;
        }
      }
      if (flag) scan.flagged.set(row, flag);
      if (kind === FILE && size > 0 && hashContent) {
        // Small files (most of an image) are hashed in one call: a Hash object per file costs more
        // than hashing a few kilobytes.
        const chunks: Buffer[] = [];
        const hash = size > ONE_SHOT_HASH_BYTES ? createHash('sha1') : undefined;
        stream.on('data', (chunk: unknown) => {
          if (hash) hash.update(chunk as Buffer);
          else chunks.push(chunk as Buffer);
        });
        stream.on('end', () => {
          const digest = hash ? hash.digest() : oneShotSha1(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
          scan.hashHi.push(digest.readUInt32BE(0));
          scan.hashLo.push(digest.readUInt32BE(4));
          next();
        });
      } else {
        scan.hashHi.push(0);
        scan.hashLo.push(0);
        stream.on('end', () => next());
        stream.resume();
      }
    } catch (error) {
      failure ??= error;
      stream.resume();
      extract.destroy(error as Error);
    }
  });

  try {
    for await (const chunk of chunks) {
      if (options.signal?.aborted) throw cancelledError();
      if (failure) break;
      if (!extract.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            extract.off('drain', done);
            extract.off('close', done);
            resolve();
          };
          extract.on('drain', done);
          extract.on('close', done);
        });
      }
    }
    if (failure) throw failure;
    (extract as unknown as { end(): void }).end();
    await finished;
  } catch (error) {
    extract.destroy(undefined as unknown as Error);
    throw describeReadError(failure ?? error, what);
  }
  scan.compressedBytes = counter.compressed;
  return scan;
}
