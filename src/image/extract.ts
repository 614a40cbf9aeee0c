// Writing a file or folder of an image to disk, never outside the folder chosen: names with `../`
// are refused, every parent folder is checked to be a real folder (not a link) before anything is
// written in it, files are created fresh (an existing file or link in the way is removed, never
// written through), symbolic links are made last (so nothing is ever written through one), hard
// links are written as copies of the content the image gives them (never linked to a path on disk),
// and devices and pipes are not made. Permission bits are kept as stored (applied once a file is
// written, and to folders once everything below them is); set-id and sticky bits are dropped.
import { chmodSync, closeSync, constants, fchmodSync, lstatSync, mkdirSync, openSync, realpathSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { write } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ImageContents, ImageSource } from './contents';
import { cancelledError, ImageSourceError } from './errors';
import { extractedName, type ImageFileEntry, locateImagePath, readContents } from './layerFiles';
import type { LayerTreeView } from './types';

const writeAsync = promisify(write);
/** A new file: never an existing one, never through a link. */
const CREATE_FRESH = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

export interface ExtractProgress {
  files: number;
  bytes: number;
  totalBytes: number;
}

export interface ExtractOptions {
  /** `aggregate` (default): as the filesystem shows it once the layer is applied; `layer`: as that layer wrote it. */
  view?: LayerTreeView;
  signal?: AbortSignal;
  onProgress?: (progress: ExtractProgress) => void;
}

export interface ExtractResult {
  /** Where the path was written: `<folder>/<its name>` (the folder itself for the image's root). */
  written: string;
  files: number;
  folders: number;
  links: number;
  bytes: number;
  /** Entries not written, and why (a `../` name, a device, something in the way). */
  skipped: Array<{ path: string; reason: string }>;
}

class Refused extends Error {}

/** Folders under `root` known to be real folders (made or checked here). */
class SafeTree {
  private readonly known = new Set<string>(['']);
  constructor(readonly root: string) {}

  /** Make (or check) every folder of `relative` (a `/`-separated path under the root). */
  folder(relative: string): string {
    if (this.known.has(relative)) return join(this.root, relative);
    const parts = relative.split('/');
    let at = '';
    for (const part of parts) {
      at = at ? `${at}/${part}` : part;
      if (this.known.has(at)) continue;
      const full = join(this.root, at);
      let stats;
      try {
        stats = lstatSync(full);
      } catch {
        mkdirSync(full, { mode: 0o700 });
        this.known.add(at);
        continue;
      }
      if (stats.isSymbolicLink()) throw new Refused(`${at} is a symbolic link in the destination: nothing is written through it`);
      if (!stats.isDirectory()) throw new Refused(`${at} exists in the destination and is not a folder`);
      this.known.add(at);
    }
    return join(this.root, relative);
  }

  parentOf(relative: string): void {
    const slash = relative.lastIndexOf('/');
    if (slash > 0) this.folder(relative.slice(0, slash));
  }

  /** Remove a file or link in the way of `relative` (never a folder, never followed). */
  clear(relative: string): string {
    const full = join(this.root, relative);
    let stats;
    try {
      stats = lstatSync(full);
    } catch {
      return full;
    }
    if (stats.isDirectory()) throw new Refused('a folder of that name exists in the destination');
    unlinkSync(full);
    return full;
  }
}

/** The entry's name under the chosen folder, or why it cannot have one. */
function relativeName(entry: ImageFileEntry, asked: string): string | Refused {
  const rest = asked === '' ? entry.path : entry.path.slice(asked.length).replace(/^\//, '');
  const base = extractedName(asked);
  const relative = base && rest ? `${base}/${rest}` : base || rest;
  const parts = relative.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..' || part.includes('\0'))) {
    return new Refused('its name climbs out of the folder or is empty');
  }
  return relative;
}

/**
 * Write `path` (a file, or a folder with everything below it) of the image as of `layer` into the
 * existing folder `outDir`. Throws ImageSourceError for a missing path or folder, or on cancel.
 */
export async function extractImagePath(
  source: ImageSource,
  contents: ImageContents,
  layer: number,
  path: string,
  outDir: string,
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  let root: string;
  try {
    root = realpathSync(outDir);
    if (!statSync(root).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new ImageSourceError('not-found', `${outDir} is not an existing folder: create it first, or choose another.`);
  }
  const located = locateImagePath(contents, layer, path, options.view ?? 'aggregate');
  const tree = new SafeTree(root);
  const result: ExtractResult = {
    written: join(root, extractedName(path)), files: 0, folders: 0, links: 0, bytes: 0, skipped: [],
  };
  const skip = (entry: ImageFileEntry, reason: string): void => {
    result.skipped.push({ path: entry.path, reason });
  };
  const folders: Array<{ full: string; mode: number }> = [];
  const links: Array<{ relative: string; entry: ImageFileEntry }> = [];
  const withContent: Array<{ located: (typeof located)[number]; relative: string }> = [];
  let totalBytes = 0;
  if (path !== '' && located[0].entry.path !== path) tree.folder(extractedName(path)); // a folder only implied by its contents

  for (const item of located) {
    const { entry } = item;
    if (entry.path === '' ) continue; // the image's root is the chosen folder itself
    const relative = relativeName(entry, path);
    if (relative instanceof Refused) {
      skip(entry, relative.message);
      continue;
    }
    if (entry.problem) {
      skip(entry, entry.problem);
      continue;
    }
    try {
      switch (entry.kind) {
        case 'dir':
          folders.push({ full: tree.folder(relative), mode: entry.mode });
          result.folders++;
          break;
        case 'symlink':
          links.push({ relative, entry });
          break;
        case 'file':
        case 'hardlink':
          tree.parentOf(relative);
          if (entry.sizeBytes === 0) {
            const fd = openSync(tree.clear(relative), CREATE_FRESH, 0o600);
            fchmodSync(fd, fileMode(entry.mode));
            closeSync(fd);
            result.files++;
          } else {
            withContent.push({ located: item, relative });
            totalBytes += entry.sizeBytes;
          }
          break;
        default:
          skip(entry, 'a device, pipe or socket: not made on disk');
      }
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      skip(entry, error.message);
    }
  }

  // Contents, layer by layer: each file is created when its bytes start and closed when they end.
  const pending: Array<{ fd: number; data: Buffer }> = [];
  const open = new Map<number, { left: number; mode: number }>();
  const toClose: number[] = [];
  const relativeOf = new Map(withContent.map((item) => [item.located, item.relative]));
  const flush = async (): Promise<void> => {
    for (const { fd, data } of pending.splice(0)) {
      for (let at = 0; at < data.length; ) at += (await writeAsync(fd, data, at, data.length - at)).bytesWritten;
      result.bytes += data.length;
    }
    for (const fd of toClose.splice(0)) {
      const file = open.get(fd);
      open.delete(fd);
      if (file) fchmodSync(fd, fileMode(file.mode));
      closeSync(fd);
      result.files++;
    }
    options.onProgress?.({ files: result.files, bytes: result.bytes, totalBytes });
    if (options.signal?.aborted) throw cancelledError();
  };
  try {
    await readContents(source, contents, withContent.map((item) => item.located), (targets) => {
      const fds: number[] = [];
      for (const target of targets) {
        const relative = relativeOf.get(target) as string;
        try {
          const fd = openSync(tree.clear(relative), CREATE_FRESH, 0o600);
          open.set(fd, { left: target.entry.sizeBytes, mode: target.entry.mode });
          fds.push(fd);
        } catch (error) {
          skip(target.entry, error instanceof Refused ? error.message : `could not be created (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        }
      }
      if (fds.length === 0) return undefined;
      return (data) => {
        for (const fd of fds) {
          const file = open.get(fd);
          if (!file || file.left <= 0) continue;
          const piece = data.length > file.left ? data.subarray(0, file.left) : data;
          file.left -= piece.length;
          pending.push({ fd, data: piece });
          if (file.left === 0) toClose.push(fd);
        }
      };
    }, flush, options.signal);
    await flush();
  } finally {
    for (const fd of open.keys()) closeSync(fd);
  }

  // Links last: from here on nothing is written below any path of the extracted tree.
  for (const { relative, entry } of links) {
    try {
      tree.parentOf(relative);
      symlinkSync(entry.linkTarget ?? '', tree.clear(relative));
      result.links++;
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      skip(entry, error.message);
    }
  }
  // Folder modes last too (children first), so a read-only folder is filled before it is closed.
  for (let i = folders.length - 1; i >= 0; i--) chmodSync(folders[i].full, folders[i].mode & 0o777);
  return result;
}

/** Permission bits as stored, without set-id or sticky bits. */
function fileMode(mode: number): number {
  return mode & 0o777;
}
