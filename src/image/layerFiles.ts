// Files out of an analysed image: one path (a file or a folder's subtree) as the filesystem shows it
// once a layer is applied, or as that layer wrote it. The analysis already knows which layer last
// wrote each path (whiteouts, opaque folders and hard links followed as the analysis stacks them),
// so only those layers are read again, and in them only the entries wanted: nothing else is kept.
import { posix } from 'node:path';
import picomatch from 'picomatch';
import { Stack } from './analysis';
import type { ImageContents, ImageSource } from './contents';
import { cancelledError, ImageSourceError } from './errors';
import { DIR, FILE, HARDLINK, type LayerScan, normaliseEntryPath, OPAQUE, SYMLINK, WHITEOUT } from './layerScan';
import { forEachLayerBlob } from './sources/layerBlobs';
import { TarFormatError, TarReader } from './tarReader';
import type { FileNode, LayerTreeView } from './types';

/** One entry of an image path's subtree, as it is seen at the layer asked for. */
export interface ImageFileEntry {
  /** Image path without leading slash (`etc/passwd`); '' is the root. */
  path: string;
  kind: FileNode['kind'];
  /** A file's bytes (a hard link's: its target's); 0 for folders and links. */
  sizeBytes: number;
  /** Permission and special bits from the tar header (mode & 0o7777). */
  mode: number;
  uid: number;
  gid: number;
  /** A symbolic link's target as stored; a hard link's as stored. */
  linkTarget?: string;
  /** The layer whose entry this is (the topmost that wrote the path, in the aggregate view). */
  layer: number;
  /** Why the entry cannot be read or written out (a `../` name, an unresolvable hard link). */
  problem?: string;
}

/** Where an entry's bytes are: a row of a layer's tar (a hard link's target row, for a link). */
interface Located {
  entry: ImageFileEntry;
  contentLayer: number;
  contentRow: number;
}

const KIND_NAMES: Record<number, FileNode['kind']> = { [FILE]: 'file', [DIR]: 'dir', [SYMLINK]: 'symlink', [HARDLINK]: 'hardlink' };

/** An image path as the user gives it (`/etc/passwd`, `etc/`, `.`) in the analysis's form. */
export function imagePathOf(input: string): string {
  const { path, flag } = normaliseEntryPath(input.replace(/^\/+/, ''));
  if (flag) throw new ImageSourceError('not-found', `"${input}" climbs out of the image's root with ../: name a path inside the image, such as /etc/passwd.`);
  return path;
}

/**
 * The entries of `path` and everything below it: with view `aggregate`, as the filesystem shows them
 * once layer `layer` is applied; with view `layer`, as that layer wrote them. Parents come before
 * children. Throws ImageSourceError 'not-found' (with which layers hold the path) when there is none.
 */
export function locateImagePath(contents: ImageContents, layer: number, path: string, view: LayerTreeView = 'aggregate'): Located[] {
  const { table, layers } = contents;
  if (!Number.isInteger(layer) || layer < 0 || layer >= layers.length) {
    throw new ImageSourceError('not-found', `The image has no layer ${layer}: it has ${layers.length} layers (0-${layers.length - 1}).`);
  }
  const id = table.lookup(path);
  const scans = layers.map((item) => item.scan);
  const stack = new Stack(table, scans);
  for (let index = 0; index <= layer; index++) stack.apply(index);
  const found: Located[] = [];
  if (id !== undefined) {
    if (view === 'aggregate') {
      table.subtree(id, (at) => {
        if (stack.topLayer[at] >= 0) found.push(locate(contents, stack, at, stack.topLayer[at], stack.topRow[at]));
      });
    } else {
      const inside = new Uint8Array(table.size);
      table.subtree(id, (at) => {
        inside[at] = 1;
      });
      const scan = scans[layer];
      const rowOf = new Map<number, number>(); // the last entry of a path wins, as when the tar is applied
      for (let row = 0; row < scan.path.length; row++) {
        const kind = scan.kind[row];
        if (inside[scan.path[row]] && kind !== WHITEOUT && kind !== OPAQUE) rowOf.set(scan.path[row], row);
      }
      const ordered: number[] = [];
      table.subtree(id, (at) => {
        if (rowOf.has(at)) ordered.push(at);
      });
      for (const at of ordered) found.push(locate(contents, stack, at, layer, rowOf.get(at) as number));
    }
  }
  if (found.length === 0) throw notFound(contents, layer, path, view, id);
  return found;
}

function notFound(
  contents: ImageContents, layer: number, path: string, view: LayerTreeView, id: number | undefined,
): ImageSourceError {
  const shown = `/${path}`;
  const holders: number[] = [];
  if (id !== undefined) {
    contents.layers.forEach((item, index) => {
      if (item.scan.path.includes(id)) holders.push(index);
    });
  }
  const where = view === 'aggregate' ? `in the filesystem as of layer ${layer}` : `in layer ${layer}'s changes`;
  const hint = holders.length ? ` Layers that write it: ${holders.join(', ')}.` : ' No layer of the image writes it.';
  return new ImageSourceError('not-found', `${shown} is not ${where}.${hint}`);
}

function locate(contents: ImageContents, stack: Stack, path: number, layer: number, row: number): Located {
  const scan = contents.layers[layer].scan;
  const kind = scan.kind[row];
  const entry: ImageFileEntry = {
    path: contents.table.paths[path],
    kind: KIND_NAMES[kind] ?? 'other',
    sizeBytes: kind === FILE ? scan.size[row] : 0,
    mode: scan.mode[row] & 0o7777,
    uid: scan.uid[row],
    gid: scan.gid[row],
    layer,
  };
  const link = scan.linkTarget.get(row);
  if (link !== undefined && (kind === SYMLINK || kind === HARDLINK)) entry.linkTarget = link;
  const flag = scan.flagged.get(row);
  if (flag && /climbs out|hard link target/.test(flag)) entry.problem = flag;
  if (entry.path.split('/').includes('..')) entry.problem ??= 'path climbs out of the image root with ../';
  let contentLayer = layer;
  let contentRow = row;
  if (kind === HARDLINK && !entry.problem) {
    const content = hardLinkContent(contents, stack, scan, layer, row);
    if (content) {
      contentLayer = content.layer;
      contentRow = content.row;
      entry.sizeBytes = contents.layers[content.layer].scan.size[content.row];
    } else {
      entry.problem = `hard link to ${link ?? '(nothing)'}, which is not a file of the image`;
    }
  }
  return { entry, contentLayer, contentRow };
}

/** A hard link's content: its target file in the same layer (how layer tars write them), else below. */
function hardLinkContent(
  contents: ImageContents, stack: Stack, scan: LayerScan, layer: number, row: number,
): { layer: number; row: number } | undefined {
  const same = stack.linkedFileRow(scan, row);
  if (same !== undefined) return { layer, row: same };
  const target = contents.table.lookup(normaliseEntryPath(scan.linkTarget.get(row) ?? '').path);
  if (target === undefined) return undefined;
  for (let below = layer - 1; below >= 0; below--) {
    const lower = contents.layers[below].scan;
    for (let r = lower.path.length - 1; r >= 0; r--) {
      if (lower.path[r] === target) return lower.kind[r] === FILE ? { layer: below, row: r } : undefined;
    }
  }
  return undefined;
}

/** Receives the bytes of one wanted entry's content, chunk by chunk. */
export type ContentSink = (data: Buffer) => void;

/**
 * Read the contents of `wanted` (rows located by locateImagePath) from the source, layer by layer.
 * `open` is called when an entry's bytes start and returns the sinks for them; `flush` is awaited
 * after each chunk of the layer's tar, so writers can apply backpressure.
 */
export async function readContents(
  source: ImageSource,
  contents: ImageContents,
  wanted: Located[],
  open: (located: Located[]) => ContentSink | undefined,
  flush: () => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const byLayerKey = new Map<string, Map<number, Located[]>>();
  for (const located of wanted) {
    const key = contents.layers[located.contentLayer].scan.key;
    const rows = byLayerKey.get(key) ?? new Map<number, Located[]>();
    const list = rows.get(located.contentRow) ?? [];
    list.push(located);
    rows.set(located.contentRow, list);
    byLayerKey.set(key, rows);
  }
  await forEachLayerBlob(source, contents, new Set(byLayerKey.keys()), async (key, tarChunks) => {
    const rows = byLayerKey.get(key) as Map<number, Located[]>;
    let left = rows.size;
    let row = -1;
    let finished = false;
    const reader = new TarReader({
      entry() {
        row++;
        const located = rows.get(row);
        return located ? open(located) : undefined;
      },
      end() {
        if (rows.has(row) && --left === 0) finished = true;
      },
    });
    try {
      for await (const chunk of tarChunks) {
        if (signal?.aborted) throw cancelledError();
        reader.push(chunk);
        await flush();
        if (finished) return;
      }
      reader.finish();
    } catch (error) {
      if (error instanceof TarFormatError) {
        throw new ImageSourceError('bad-format', `Layer ${key} could not be read again: ${error.message}. The image changed since it was analysed: analyse it again.`, error);
      }
      throw error;
    }
    if (left > 0) throw new ImageSourceError('missing-layer', `Layer ${key} holds fewer entries than when it was analysed: the image changed. Analyse it again.`);
  }, signal);
}

export interface ImageFile {
  entry: ImageFileEntry;
  /** The first `maxBytes` bytes of a file's content (empty for folders, links and special files). */
  bytes: Buffer;
  /** True when the file is larger than `maxBytes` and only its start was read. */
  truncated: boolean;
}

export interface ReadFileOptions {
  /** Read at most this many bytes of the file (default 16 MiB). */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** One path's entry and (for a file) its first bytes, as the filesystem shows it once `layer` is applied. */
export async function readImageFile(
  source: ImageSource,
  contents: ImageContents,
  layer: number,
  path: string,
  options: ReadFileOptions = {},
): Promise<ImageFile> {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const [located] = locateImagePath(contents, layer, path, 'aggregate');
  if (located.entry.path !== path) {
    // A folder no layer wrote an entry for, implied by what lies below it.
    return { entry: { path, kind: 'dir', sizeBytes: 0, mode: 0o755, uid: 0, gid: 0, layer: located.entry.layer }, bytes: Buffer.alloc(0), truncated: false };
  }
  const { entry } = located;
  if ((entry.kind !== 'file' && entry.kind !== 'hardlink') || entry.problem || entry.sizeBytes === 0) {
    return { entry, bytes: Buffer.alloc(0), truncated: false };
  }
  const parts: Buffer[] = [];
  let length = 0;
  await readContents(source, contents, [located], () => (data) => {
    if (length >= maxBytes) return;
    const piece = data.subarray(0, maxBytes - length);
    parts.push(Buffer.from(piece));
    length += piece.length;
  }, () => Promise.resolve(), options.signal);
  return { entry, bytes: Buffer.concat(parts, length), truncated: entry.sizeBytes > length };
}

/** The name an extracted path gets in the chosen folder: its last component (the root: the folder itself). */
export function extractedName(path: string): string {
  return path === '' ? '' : posix.basename(path);
}

/** What layer `layer` did to `path`: wrote it new, changed it, removed it, or left it as below. */
export type PathChangeAtLayer = 'added' | 'modified' | 'removed' | 'unchanged' | 'absent';

/** How `path` (a file or folder) stands at `layer` against the layer before: for opening it, or a diff. */
export function pathChangeAt(contents: ImageContents, layer: number, path: string): PathChangeAtLayer {
  const { table, layers } = contents;
  const id = table.lookup(path);
  if (id === undefined || layer < 0 || layer >= layers.length) return 'absent';
  const stack = new Stack(table, layers.map((item) => item.scan));
  for (let index = 0; index < layer; index++) stack.apply(index);
  const before = stack.topLayer[id] >= 0;
  stack.apply(layer);
  const after = stack.topLayer[id];
  if (after < 0) return before ? 'removed' : 'absent';
  if (after !== layer) return 'unchanged';
  return before ? 'modified' : 'added';
}

export interface LargestFile {
  /** Image path without leading slash. */
  path: string;
  sizeBytes: number;
  /** The layer that wrote the copy the image shows. */
  layer: number;
}

/**
 * The largest files of the final filesystem whose path matches `glob` (picomatch syntax; a glob
 * without `/` matches names anywhere, as `*.so`), largest first, at most `limit`; with how many
 * files and bytes match in all.
 */
export function largestImageFiles(
  contents: ImageContents,
  options: { glob?: string; limit?: number } = {},
): { files: LargestFile[]; matching: number; matchingBytes: number } {
  const { table, layers } = contents;
  const limit = options.limit ?? 200;
  const glob = options.glob?.trim() ?? '';
  const matches = glob ? picomatch(glob.replace(/^\/+/, ''), { dot: true, basename: !glob.includes('/') }) : () => true;
  const stack = new Stack(table, layers.map((item) => item.scan));
  for (let index = 0; index < layers.length; index++) stack.apply(index);
  let kept: LargestFile[] = [];
  let smallestKept = 0;
  let matching = 0;
  let matchingBytes = 0;
  const byLargest = (a: LargestFile, b: LargestFile): number =>
    b.sizeBytes - a.sizeBytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  for (let path = 1; path < table.size; path++) {
    const layer = stack.topLayer[path];
    if (layer < 0) continue;
    const scan = layers[layer].scan;
    const row = stack.topRow[path];
    if (scan.kind[row] !== FILE || !matches(table.paths[path])) continue;
    const sizeBytes = scan.size[row];
    matching++;
    matchingBytes += sizeBytes;
    if (kept.length >= limit && sizeBytes < smallestKept) continue;
    kept.push({ path: table.paths[path], sizeBytes, layer });
    if (kept.length >= limit * 4) {
      kept = kept.sort(byLargest).slice(0, limit);
      smallestKept = kept[kept.length - 1].sizeBytes;
    }
  }
  return { files: kept.sort(byLargest).slice(0, limit), matching, matchingBytes };
}
