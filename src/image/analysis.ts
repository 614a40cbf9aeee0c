// The analysis: stack the layers in order once, noting for every entry whether it added or changed
// a path, and for every byte hidden from the final filesystem why and by which layer. dive's own
// figures are computed beside it (dive.ts) so CI thresholds carry over.
import type { ImageContents } from './contents';
import { readableCommand } from './contents';
import { diveEfficiency } from './dive';
import { DIR, FILE, HARDLINK, type LayerScan, OPAQUE, SYMLINK, WHITEOUT, WHITEOUT_PREFIX, normaliseEntryPath } from './layerScan';
import { ROOT, type PathTable } from './pathTable';
import { VisiblePaths } from './visiblePaths';
import type { ChangeKind, ImageAnalysis, LayerSummary, WasteCause, WastedEntry } from './types';

export const LARGEST_FILES = 100;
const MAX_SYMLINK_HOPS = 40;

/** Called for every visible entry a layer hides. */
type HideHook = (path: number, layer: number, row: number, cause: WasteCause) => void;

/** The filesystem as layers are stacked: for each path, the layer and row that show it (-1: none). */
export class Stack {
  readonly topLayer: Int32Array;
  readonly topRow: Int32Array;
  /** Per layer, the row of each regular file by path: built on the first hard link looked up there. */
  private readonly fileRows = new Map<LayerScan, Map<number, number>>();
  private readonly visiblePaths: VisiblePaths;

  constructor(
    readonly table: PathTable,
    readonly scans: LayerScan[],
  ) {
    this.topLayer = new Int32Array(table.size).fill(-1);
    this.topRow = new Int32Array(table.size).fill(-1);
    this.visiblePaths = new VisiblePaths(table);
  }

  /** The row of the file a hard link names in its own layer. */
  linkedFileRow(scan: LayerScan, row: number): number | undefined {
    let fileRows = this.fileRows.get(scan);
    if (!fileRows) {
      fileRows = new Map();
      for (let r = 0; r < scan.path.length; r++) if (scan.kind[r] === FILE) fileRows.set(scan.path[r], r);
      this.fileRows.set(scan, fileRows);
    }
    const target = this.table.lookup(normaliseEntryPath(scan.linkTarget.get(row) ?? '').path);
    return target === undefined ? undefined : fileRows.get(target);
  }

  /** The row holding an entry's content: a hard link's target file in the same layer, else the entry itself. */
  private contentRow(scan: LayerScan, row: number): number {
    return scan.kind[row] === HARDLINK ? this.linkedFileRow(scan, row) ?? row : row;
  }

  visible(path: number): boolean {
    return this.topLayer[path] >= 0;
  }

  /** Hide the visible paths of `path`'s subtree (below it only, with `below`); returns how many. */
  private hide(
    path: number,
    below: boolean,
    cause: WasteCause,
    onHide: HideHook | undefined,
    keepLayer = Infinity,
  ): number {
    let count = 0;
    this.visiblePaths.forEachIn(path, below, (id) => {
      if (this.topLayer[id] >= keepLayer) return; // an opaque folder keeps its own layer's entries
      onHide?.(id, this.topLayer[id], this.topRow[id], cause);
      this.topLayer[id] = -1;
      this.topRow[id] = -1;
      this.visiblePaths.delete(id);
      count++;
    });
    return count;
  }

  /**
   * Apply layer `index`. `onChange` hears each entry's change kind against what was visible before;
   * `onHide` hears each hidden entry. Returns the number of paths the layer removed.
   */
  apply(index: number, onChange?: (row: number, change: ChangeKind) => void, onHide?: HideHook): number {
    const scan = this.scans[index];
    const { table } = this;
    let removed = 0;
    for (let row = 0; row < scan.path.length; row++) {
      const path = scan.path[row];
      const kind = scan.kind[row];
      if (kind === OPAQUE) {
        // Only what lower layers wrote is hidden; this layer's own entries under the dir stay.
        removed += this.hide(table.parents[path], true, 'deleted-later', onHide, index);
        continue;
      }
      if (kind === WHITEOUT) {
        const target = whiteoutTarget(table, path);
        if (target !== undefined && this.visible(target)) removed += this.hide(target, false, 'deleted-later', onHide);
        continue;
      }
      const before = this.topLayer[path];
      if (before >= 0) {
        const beforeRow = this.topRow[path];
        const beforeScan = this.scans[before];
        const beforeKind = beforeScan.kind[beforeRow];
        if (beforeKind === DIR && kind !== DIR) {
          this.hide(path, true, 'overwritten', onHide);
        }
        const same = sameEntry(beforeScan, beforeRow, scan, row);
        if (!(beforeKind === DIR && kind === DIR)) {
          // A hard link carries no content of its own: compare the file it links to (overlayfs copies
          // a linked file up once and links its other names to it).
          const unchanged =
            sameContent(beforeScan, this.contentRow(beforeScan, beforeRow), scan, this.contentRow(scan, row));
          onHide?.(path, before, beforeRow, unchanged ? 'metadata-only-copy' : 'overwritten');
        }
        onChange?.(row, before === index ? 'added' : same ? 'unchanged' : 'modified');
      } else {
        onChange?.(row, 'added');
      }
      this.topLayer[path] = index;
      this.topRow[path] = row;
      this.visiblePaths.add(path);
    }
    return removed;
  }
}

/** The path a whiteout entry (`dir/.wh.NAME`) removes, if the image ever names it. */
export function whiteoutTarget(table: PathTable, whiteoutPath: number): number | undefined {
  const parent = table.parents[whiteoutPath];
  const name = table.name(whiteoutPath).slice(WHITEOUT_PREFIX.length);
  const parentPath = table.paths[parent];
  return table.lookup(parentPath ? `${parentPath}/${name}` : name);
}

function sameContent(a: LayerScan, i: number, b: LayerScan, j: number): boolean {
  return (
    a.kind[i] === b.kind[j] &&
    a.size[i] === b.size[j] &&
    a.hashHi[i] === b.hashHi[j] &&
    a.hashLo[i] === b.hashLo[j] &&
    (a.linkTarget.get(i) ?? '') === (b.linkTarget.get(j) ?? '')
  );
}

/** dive's comparison: same type, content, mode and owner means unchanged (times are ignored). */
function sameEntry(a: LayerScan, i: number, b: LayerScan, j: number): boolean {
  return sameContent(a, i, b, j) && a.mode[i] === b.mode[j] && a.uid[i] === b.uid[j] && a.gid[i] === b.gid[j];
}

/** Rows of hard links in a layer, by the row of the file whose content they share. */
function hardLinksByTarget(stack: Stack, scan: LayerScan): Map<number, number[]> | undefined {
  let byTarget: Map<number, number[]> | undefined;
  for (let row = 0; row < scan.path.length; row++) {
    if (scan.kind[row] !== HARDLINK) continue;
    const targetRow = stack.linkedFileRow(scan, row);
    if (targetRow === undefined) continue;
    byTarget ??= new Map();
    const rows = byTarget.get(targetRow) ?? [];
    rows.push(row);
    byTarget.set(targetRow, rows);
  }
  return byTarget;
}

export function analyzeContents(contents: ImageContents): ImageAnalysis {
  const { table, layers } = contents;
  const scans = layers.map((layer) => layer.scan);
  const stack = new Stack(table, scans);
  const hidden: Array<{ path: number; layer: number; row: number; cause: WasteCause; causedBy: number }> = [];
  const summaries: LayerSummary[] = layers.map((layer, index) => {
    const scan = layer.scan;
    let added = 0;
    let modified = 0;
    let files = 0;
    for (let row = 0; row < scan.path.length; row++) {
      const kind = scan.kind[row];
      if (kind !== DIR && kind !== WHITEOUT && kind !== OPAQUE) files++;
    }
    const removed = stack.apply(
      index,
      (_row, change) => {
        if (change === 'added') added++;
        else if (change === 'modified') modified++;
      },
      (path, layerIndex, row, cause) => {
        if (scans[layerIndex].size[row] > 0) hidden.push({ path, layer: layerIndex, row, cause, causedBy: index });
      },
    );
    const summary: LayerSummary = {
      index,
      digest: layer.diffId ?? (layer.scan.key.startsWith('blobs/') ? layer.scan.key.slice(6).replace('/', ':') : layer.scan.key),
      command: readableCommand(layer.createdBy),
      createdAt: layer.createdAt,
      sizeBytes: scan.sizeBytes,
      compressedSizeBytes: layer.compressedSizeBytes,
      files,
      added,
      modified,
      removed,
      diveId: layer.diveId,
    };
    if (scan.flagged.size) summary.flagged = scan.flagged.size;
    return summary;
  });

  // A hidden file whose hard link (same layer) is still visible keeps its bytes in the image.
  const linkIndex = scans.map((scan) => hardLinksByTarget(stack, scan));
  const stillReachable = (layer: number, row: number): boolean =>
    (linkIndex[layer]?.get(row) ?? []).some((linkRow) => {
      const linkPath = scans[layer].path[linkRow];
      return stack.topLayer[linkPath] === layer && stack.topRow[linkPath] === linkRow;
    });

  const wasted: WastedEntry[] = [];
  let reclaimableBytes = 0;
  let rescuedBytes = 0;
  for (const entry of hidden) {
    const bytes = scans[entry.layer].size[entry.row];
    if (scans[entry.layer].kind[entry.row] === FILE && stillReachable(entry.layer, entry.row)) {
      rescuedBytes += bytes;
      continue;
    }
    reclaimableBytes += bytes;
    wasted.push({
      path: table.paths[entry.path], bytes, cause: entry.cause, layer: entry.layer, causedByLayer: entry.causedBy,
    });
  }
  wasted.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.layer - b.layer));

  let visibleBytes = rescuedBytes;
  let fileCount = 0;
  // Only the largest LARGEST_FILES are kept: no object per file of a 200k-file image.
  const visibleFiles: Array<{ path: string; sizeBytes: number; layer: number }> = [];
  let smallestKept = 0;
  const byLargest = (a: { path: string; sizeBytes: number }, b: { path: string; sizeBytes: number }): number =>
    b.sizeBytes - a.sizeBytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  for (let path = 1; path < table.size; path++) {
    const layer = stack.topLayer[path];
    if (layer < 0) continue;
    fileCount++;
    const row = stack.topRow[path];
    const size = scans[layer].size[row];
    visibleBytes += size;
    if (scans[layer].kind[row] !== FILE || size < smallestKept) continue;
    visibleFiles.push({ path: table.paths[path], sizeBytes: size, layer });
    if (visibleFiles.length >= LARGEST_FILES * 4) {
      visibleFiles.sort(byLargest);
      visibleFiles.length = LARGEST_FILES;
      smallestKept = visibleFiles[LARGEST_FILES - 1].sizeBytes;
    }
  }
  visibleFiles.sort(byLargest);

  const sizeBytes = summaries.reduce((sum, layer) => sum + layer.sizeBytes, 0);
  const dive = diveEfficiency(table, scans);
  const userSize = summaries.slice(1).reduce((sum, layer) => sum + layer.sizeBytes, 0);

  const flaggedEntries: Array<{ path: string; layer: number; reason: string }> = [];
  scans.forEach((scan, layer) => {
    for (const [row, reason] of scan.flagged) flaggedEntries.push({ path: table.paths[scan.path[row]], layer, reason });
  });
  for (const loop of symlinkLoops(stack)) flaggedEntries.push(loop);

  return {
    image: contents.name,
    id: contents.id,
    source: contents.source,
    sizeBytes,
    efficiencyScore: dive.score,
    wastedBytes: dive.wastedBytes,
    userWastedPercent: dive.wastedBytes / userSize, // dive's formula, including its NaN for one-layer images
    reclaimableBytes,
    visibleBytes,
    fileCount,
    layers: summaries,
    wasted,
    largestFiles: visibleFiles.slice(0, LARGEST_FILES),
    inefficientFiles: dive.inefficientFiles,
    flaggedEntries,
  };
}

/** Visible symlinks that never resolve (a -> b -> a): flagged, never followed blindly. */
export function symlinkLoops(stack: Stack): Array<{ path: string; layer: number; reason: string }> {
  const { table, scans } = stack;
  const loops: Array<{ path: string; layer: number; reason: string }> = [];
  const linkOf = (path: number): string | undefined => {
    const layer = stack.topLayer[path];
    if (layer < 0) return undefined;
    const row = stack.topRow[path];
    return scans[layer].kind[row] === SYMLINK ? scans[layer].linkTarget.get(row) ?? '' : undefined;
  };
  for (let path = 1; path < table.size; path++) {
    const start = linkOf(path);
    if (start === undefined) continue;
    if (resolvesToLoop(table, linkOf, path, start)) {
      loops.push({ path: table.paths[path], layer: stack.topLayer[path], reason: 'symlink loop: it never resolves' });
    }
  }
  return loops;
}

/**
 * Follows `target` component by component from the link's folder, by path id: no path strings are
 * joined and no queue is shifted, so the cost is linear in the components read (a 20,000-level path
 * and a link to it: 11 s when paths were joined at each step, now milliseconds).
 */
function resolvesToLoop(
  table: PathTable,
  linkOf: (path: number) => string | undefined,
  path: number,
  target: string,
): boolean {
  let hops = 1;
  let dir = target.startsWith('/') ? ROOT : table.parents[path];
  const pending = target.split('/').reverse(); // a stack: the next component is last
  while (pending.length) {
    const part = pending.pop() as string;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (dir !== ROOT) dir = table.parents[dir];
      continue;
    }
    const id = table.childNamed(dir, part);
    if (id === undefined) return false; // dangling, not a loop
    const link = linkOf(id);
    if (link === undefined) {
      dir = id;
      continue;
    }
    if (++hops > MAX_SYMLINK_HOPS) return true;
    if (link.startsWith('/')) dir = ROOT;
    const parts = link.split('/');
    for (let i = parts.length - 1; i >= 0; i--) pending.push(parts[i]);
  }
  return false;
}
