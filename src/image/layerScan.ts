// One layer: read its tar once, keep one small row per entry (columns of numbers, paths interned),
// hash regular files' content on the way so identical copies can be told from changed ones.
import { contentHashes, digestWords, type ContentHashes } from './contentHash';
import { TarFormatError, TarReader } from './tarReader';
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

/** The name a file tree, a comparison or an extraction gives an entry kind (whiteouts show as 'other'). */
export function kindName(kind: number): 'file' | 'dir' | 'symlink' | 'hardlink' | 'other' {
  switch (kind) {
    case FILE:
      return 'file';
    case DIR:
      return 'dir';
    case SYMLINK:
      return 'symlink';
    case HARDLINK:
      return 'hardlink';
    default:
      return 'other';
  }
}
export type EntryKind =
  typeof FILE | typeof DIR | typeof SYMLINK | typeof HARDLINK | typeof OTHER | typeof WHITEOUT | typeof OPAQUE;

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
  /** The content's 64-bit fingerprint (contentHash.ts) as two numbers (0,0 for no content). */
  hashHi: number[];
  hashLo: number[];
  linkTarget: Map<number, string>;
  flagged: Map<number, string>;
}

/**
 * Entries of a whole image (all layers): 6 layers of 1M entries held 1.4 GB,
 * so 2M should hold about 470 MB (estimated, not measured).
 */
export const DEFAULT_MAX_IMAGE_ENTRIES = 2_000_000;

/** Entries read so far across an image's layers, and how many are allowed; `what` names the image. */
export interface EntryBudget {
  used: number;
  max: number;
  what: string;
}

export interface ScanOptions {
  signal?: AbortSignal;
  /** Shared by all layers of one image: the total is bounded, not only each layer. */
  imageEntries?: EntryBudget;
  /** Refuse layers with more entries than this (a tar of millions of empty files is an attack, not an image). */
  maxEntries?: number;
  /**
   * Hash regular files' content (default true). Without it identical copies are told apart by size
   * alone; the bench uses it to measure what hashing costs.
   */
  hashContent?: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Name bytes from a tar header as UTF-8; strings came from PAX records and are decoded already. */
function decodeNameBytes(raw: Buffer | string): { name: string; bad: boolean } {
  if (typeof raw === 'string') return { name: raw, bad: false };
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] >= 0x80) {
      try {
        return { name: utf8.decode(raw), bad: false };
      } catch {
        return { name: raw.toString('utf8'), bad: true };
      }
    }
  }
  return { name: raw.toString('latin1'), bad: false };
}

function kindOfFlag(type: number, name: string): EntryKind {
  if (name === OPAQUE_MARKER) return OPAQUE;
  if (name.startsWith(WHITEOUT_PREFIX)) return WHITEOUT;
  switch (type) {
    case 0x30:
    case 0x37:
      return FILE;
    case 0x35:
      return DIR;
    case 0x32:
      return SYMLINK;
    case 0x31:
      return HARDLINK;
    default:
      return OTHER;
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
  const hashes = options.hashContent === false ? undefined : await contentHashes();
  // The file being read: its size, and its hash so far when it arrives in more than one piece.
  let hashing = false;
  let hashSize = 0;
  let partial: ReturnType<ContentHashes['create']> | undefined;
  let digest = 0n;
  const onData = (data: Buffer): void => {
    if (!hashes) return;
    if (!partial && data.length === hashSize) digest = hashes.whole(data);
    else (partial ??= hashes.create()).update(data);
  };
  const reader = new TarReader({
    entry(header) {
      const decoded = decodeNameBytes(header.name);
      const normal = normaliseEntryPath(decoded.name);
      const baseName = normal.path.slice(normal.path.lastIndexOf('/') + 1);
      const kind = kindOfFlag(header.type, baseName);
      const row = scan.path.length;
      if (row >= maxEntries) throw new ImageSourceError('too-large', `${what} has more than ${maxEntries} entries; stopped reading.`);
      const budget = options.imageEntries;
      if (budget && ++budget.used > budget.max) {
        throw new ImageSourceError(
          'too-large',
          `${budget.what} has more than ${budget.max} files and folders across its layers; stopped reading (each costs memory while the analysis lasts). If the image really is that large, rerun with --max-entries N.`,
        );
      }
      const size = header.size;
      scan.path.push(table.intern(normal.path));
      scan.kind.push(kind);
      scan.typeFlag.push(header.type);
      scan.size.push(size);
      scan.mode.push(header.mode);
      scan.uid.push(header.uid);
      scan.gid.push(header.gid);
      scan.sizeBytes += size;
      let flag = normal.flag;
      if (decoded.bad || decoded.name.includes('\ufffd')) flag = 'name is not valid UTF-8';
      if (normal.path === '' && kind !== DIR) flag ??= 'entry names the image root';
      if (header.linkname.length > 0) {
        const link = decodeNameBytes(header.linkname);
        scan.linkTarget.set(row, link.name);
        if (kind === HARDLINK) {
          const target = normaliseEntryPath(link.name);
          if (target.flag) flag ??= `hard link target: ${target.flag}`;
        }
      }
      if (flag) scan.flagged.set(row, flag);
      hashing = kind === FILE && size > 0 && hashes !== undefined;
      if (!hashing) return undefined;
      hashSize = size;
      return onData;
    },
    end() {
      if (hashing) {
        const [hi, lo] = digestWords(partial ? partial.digest() : digest);
        scan.hashHi.push(hi);
        scan.hashLo.push(lo);
        hashing = false;
        partial = undefined;
      } else {
        scan.hashHi.push(0);
        scan.hashLo.push(0);
      }
    },
  });
  try {
    for await (const chunk of chunks) {
      if (options.signal?.aborted) throw cancelledError();
      reader.push(chunk);
    }
    reader.finish();
  } catch (error) {
    if (error instanceof TarFormatError) {
      throw error.truncated
        ? new ImageSourceError('truncated', `${what} ends early (${error.message}): the file is truncated or was cut off while writing. Save or copy the image again.`, error)
        : new ImageSourceError('bad-format', `${what} is not a valid tar: ${error.message}. The image is damaged: save or copy it again.`, error);
    }
    throw describeReadError(error, what);
  }
  scan.compressedBytes = counter.compressed;
  return scan;
}
