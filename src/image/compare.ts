// Two images compared: layer by layer (shared layers recognised by digest, the rest aligned by the
// instruction that made them) and path by path in the final filesystems. The figures before and
// after are `analyzeContents`' own; the path diff reads the scans' columns (content hashes
// included, contentHash.ts), so memory is the two images' path tables and scans plus one row per
// change. Image B is read into A's path table, so paths compare by id, and layers B shares with A
// under the same content-addressed name are not read again.
import type { ImageContents, ReadOptions } from './contents';
import { Stack } from './analysis';
import { DIR, kindName, type LayerScan } from './layerScan';
import type {
  AlignedLayer,
  ChangeCounts,
  ComparedLayer,
  ImageComparison,
  ImageTotals,
  ModifiedDetail,
  PathChange,
  PathChangeKind,
} from '../shared/protocol/imageComparison';
import type { ImageAnalysis, ImageProgress, LayerSummary } from './types';

export type { AlignedLayer, ChangeCounts, ComparedLayer, ImageComparison, ImageTotals, PathChange, PathChangeKind };

/** What a comparison lists: kinds of change, and a smallest size (|delta|, or the size on either side). */
export interface ChangeFilter {
  kinds?: readonly PathChangeKind[];
  minSizeBytes?: number;
}

const KIND_CODES: readonly PathChangeKind[] = ['added', 'removed', 'modified', 'metadata'];
const DETAIL_CODES: readonly ModifiedDetail[] = ['grown', 'shrunk', 'content', 'type', 'link'];

/** The final filesystem of an image: for each path the layer and row that show it, and the layer that deleted it. */
interface FinalFilesystem {
  contents: ImageContents;
  scans: LayerScan[];
  topLayer: Int32Array;
  topRow: Int32Array;
  /** The last layer that hid the path (whiteout, opaque folder, or a file put over a folder); -1 if none. */
  deletedBy: Int32Array;
}

function finalFilesystem(contents: ImageContents): FinalFilesystem {
  const scans = contents.layers.map((layer) => layer.scan);
  const stack = new Stack(contents.table, scans);
  const deletedBy = new Int32Array(contents.table.size).fill(-1);
  scans.forEach((_, index) => {
    stack.apply(index, undefined, (path, _layer, _row, cause) => {
      if (cause === 'deleted-later') deletedBy[path] = index;
    });
  });
  return { contents, scans, topLayer: stack.topLayer, topRow: stack.topRow, deletedBy };
}

/** The changed paths, one row per path, in columns (a change costs a few numbers, not an object). */
class ChangeColumns {
  readonly pathA: number[] = [];
  readonly pathB: number[] = [];
  readonly change: number[] = [];
  readonly detail: number[] = [];
  readonly counts: ChangeCounts = { added: 0, removed: 0, modified: 0, metadata: 0 };

  push(pathA: number, pathB: number, change: number, detail = -1): void {
    this.pathA.push(pathA);
    this.pathB.push(pathB);
    this.change.push(change);
    this.detail.push(detail);
    this.counts[KIND_CODES[change]]++;
  }

  get length(): number {
    return this.change.length;
  }
}

const ADDED = 0;
const REMOVED = 1;
const MODIFIED = 2;
const METADATA = 3;

/** How B's visible entry differs from A's: -1 unchanged, else a change code and a detail. */
function difference(
  a: FinalFilesystem,
  pathA: number,
  b: FinalFilesystem,
  pathB: number,
): [number, number] | undefined {
  const scanA = a.scans[a.topLayer[pathA]];
  const rowA = a.topRow[pathA];
  const scanB = b.scans[b.topLayer[pathB]];
  const rowB = b.topRow[pathB];
  // A layer both images share shows the same entry on both sides: nothing to compare.
  if (scanA === scanB && rowA === rowB) return undefined;
  const kindA = scanA.kind[rowA];
  const kindB = scanB.kind[rowB];
  if (kindA !== kindB) return [MODIFIED, 3];
  if (kindA !== DIR) {
    if ((scanA.linkTarget.get(rowA) ?? '') !== (scanB.linkTarget.get(rowB) ?? '')) return [MODIFIED, 4];
    const sizeA = scanA.size[rowA];
    const sizeB = scanB.size[rowB];
    if (sizeB > sizeA) return [MODIFIED, 0];
    if (sizeB < sizeA) return [MODIFIED, 1];
    if (scanA.hashHi[rowA] !== scanB.hashHi[rowB] || scanA.hashLo[rowA] !== scanB.hashLo[rowB]) return [MODIFIED, 2];
  }
  const sameMeta =
    scanA.mode[rowA] === scanB.mode[rowB] && scanA.uid[rowA] === scanB.uid[rowB] && scanA.gid[rowA] === scanB.gid[rowB];
  return sameMeta ? undefined : [METADATA, -1];
}

function diffFilesystems(a: FinalFilesystem, b: FinalFilesystem): ChangeColumns {
  const columns = new ChangeColumns();
  const tableA = a.contents.table;
  const tableB = b.contents.table;
  const shared = tableA === tableB;
  // Paths visible in A: removed, or compared with B's entry.
  for (let pathA = 1; pathA < tableA.size; pathA++) {
    if (a.topLayer[pathA] < 0) continue;
    const pathB = shared ? pathA : tableB.lookup(tableA.paths[pathA]) ?? -1;
    if (pathB < 0 || b.topLayer[pathB] < 0) {
      columns.push(pathA, pathB, REMOVED);
      continue;
    }
    const found = difference(a, pathA, b, pathB);
    if (found) columns.push(pathA, pathB, found[0], found[1]);
  }
  // Paths visible in B only.
  for (let pathB = 1; pathB < tableB.size; pathB++) {
    if (b.topLayer[pathB] < 0) continue;
    const pathA = shared ? pathB : tableA.lookup(tableB.paths[pathB]) ?? -1;
    if (pathA >= 0 && a.topLayer[pathA] >= 0) continue;
    columns.push(pathA, pathB, ADDED);
  }
  return columns;
}

/** Sorting key that keeps a folder's children right after it: "/" sorts before every character. */
function treeKey(path: string): string {
  return path.replace(/\//g, '\u0000');
}

/**
 * How a layer's instruction is matched across images: the content digests classic builds put in
 * COPY/ADD (`file:<hex>`, `dir:<hex>`) and white space do not count.
 */
export function instructionKey(command: string): string {
  return command
    .replace(/\b(file|dir|multi):[0-9a-f]{16,}/g, '$1:')
    .replace(/^RUN \|\d+( \S+=\S*)* /, 'RUN ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of an instruction, its keyword first (RUN, COPY...). */
function instructionWords(key: string): Set<string> {
  return new Set(key.split(/[\s&|;]+/).filter(Boolean));
}

/** Same keyword, and at least half of all their words shared (Jaccard index). */
function similar(a: Set<string>, b: Set<string>): boolean {
  const [keywordA] = a;
  const [keywordB] = b;
  if (keywordA !== keywordB) return false;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared * 2 >= a.size + b.size - shared;
}

function comparedLayer(layer: LayerSummary): ComparedLayer {
  return { index: layer.index, digest: layer.digest, command: layer.command, sizeBytes: layer.sizeBytes };
}

/** The most layers aligned by instruction; beyond (never seen: the engine caps at 128) only digests match. */
const MAX_ALIGNED_LAYERS = 2000;

/**
 * Layers in order, paired by the longest common subsequence where a shared digest weighs more than
 * a shared instruction, and that more than an extended one: a rebuilt step lines up with its old
 * self, a base both images share lines up by content even when its history text differs.
 */
export function alignLayers(layersA: readonly LayerSummary[], layersB: readonly LayerSummary[]): AlignedLayer[] {
  const n = layersA.length;
  const m = layersB.length;
  const keysA = layersA.map((layer) => instructionKey(layer.command));
  const keysB = layersB.map((layer) => instructionKey(layer.command));
  const byInstruction = n <= MAX_ALIGNED_LAYERS && m <= MAX_ALIGNED_LAYERS;
  // 3: same content; 2: same instruction; 1: one extends the other (`&& rm -rf cache` appended) or
  // most of their words are the same (a step rewritten in place).
  const wordsA = keysA.map(instructionWords);
  const wordsB = keysB.map(instructionWords);
  const weight = (i: number, j: number): number => {
    if (layersA[i].digest === layersB[j].digest) return 3;
    if (!byInstruction) return 0;
    if (keysA[i] === keysB[j]) return 2;
    if (keysA[i].startsWith(keysB[j]) || keysB[j].startsWith(keysA[i])) return 1;
    return similar(wordsA[i], wordsB[j]) ? 1 : 0;
  };
  const rows: AlignedLayer[] = [];
  if (!byInstruction) {
    // Too many for a table of n x m: pair the common prefix by digest, the rest on their own.
    let shared = 0;
    while (shared < n && shared < m && weight(shared, shared) === 3) shared++;
    for (let i = 0; i < shared; i++) rows.push(alignedRow(layersA[i], layersB[i], 'shared'));
    for (let i = shared; i < n; i++) rows.push(alignedRow(layersA[i], undefined, 'removed'));
    for (let j = shared; j < m; j++) rows.push(alignedRow(undefined, layersB[j], 'added'));
    return rows;
  }
  // best[i][j]: best score aligning A[i..] with B[j..].
  const width = m + 1;
  const best = new Int32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const w = weight(i, j);
      const skip = Math.max(best[(i + 1) * width + j], best[i * width + j + 1]);
      best[i * width + j] = w > 0 ? Math.max(skip, w + best[(i + 1) * width + j + 1]) : skip;
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m) {
      const w = weight(i, j);
      if (w > 0 && best[i * width + j] === w + best[(i + 1) * width + j + 1]) {
        rows.push(alignedRow(layersA[i], layersB[j], w === 3 ? 'shared' : 'changed'));
        i++;
        j++;
        continue;
      }
    }
    // A removed layer before an added one at the same place reads as "replaced by".
    if (i < n && (j >= m || best[(i + 1) * width + j] >= best[i * width + j + 1])) {
      rows.push(alignedRow(layersA[i], undefined, 'removed'));
      i++;
    } else {
      rows.push(alignedRow(undefined, layersB[j], 'added'));
      j++;
    }
  }
  return rows;
}

function alignedRow(a: LayerSummary | undefined, b: LayerSummary | undefined, status: AlignedLayer['status']): AlignedLayer {
  const row: AlignedLayer = { status, sizeDeltaBytes: (b?.sizeBytes ?? 0) - (a?.sizeBytes ?? 0) };
  if (a) row.a = comparedLayer(a);
  if (b) row.b = comparedLayer(b);
  return row;
}

function totals(analysis: ImageAnalysis): ImageTotals {
  const result: ImageTotals = {
    image: analysis.image,
    sizeBytes: analysis.sizeBytes,
    visibleBytes: analysis.visibleBytes ?? 0,
    fileCount: analysis.fileCount ?? 0,
    efficiencyScore: analysis.efficiencyScore,
    wastedBytes: analysis.wastedBytes,
    userWastedPercent: analysis.userWastedPercent,
    reclaimableBytes: analysis.reclaimableBytes,
    layerCount: analysis.layers.length,
  };
  if (analysis.id) result.id = analysis.id;
  return result;
}

export interface ComparedSide {
  analysis: ImageAnalysis;
  contents: ImageContents;
}

/** Two read images compared; `comparison()` lists the changes a filter keeps. */
export class ImageComparisonResult {
  private readonly a: FinalFilesystem;
  private readonly b: FinalFilesystem;
  private readonly columns: ChangeColumns;
  /** Row numbers of the changes in tree order. */
  private readonly order: Int32Array;
  readonly layers: AlignedLayer[];

  constructor(
    readonly before: ComparedSide,
    readonly after: ComparedSide,
  ) {
    this.a = finalFilesystem(before.contents);
    this.b = finalFilesystem(after.contents);
    this.columns = diffFilesystems(this.a, this.b);
    this.layers = alignLayers(before.analysis.layers, after.analysis.layers);
    const keys = Array.from({ length: this.columns.length }, (_, row) => treeKey(this.pathOf(row)));
    this.order = Int32Array.from(keys.keys()).sort((x, y) => (keys[x] < keys[y] ? -1 : keys[x] > keys[y] ? 1 : 0));
  }

  get counts(): ChangeCounts {
    return { ...this.columns.counts };
  }

  private pathOf(row: number): string {
    const pathB = this.columns.pathB[row];
    if (pathB >= 0) return this.after.contents.table.paths[pathB];
    return this.before.contents.table.paths[this.columns.pathA[row]];
  }

  /** One change as the page and the CLI see it. */
  private change(row: number): PathChange {
    const { a, b, columns } = this;
    const code = columns.change[row];
    const pathA = columns.pathA[row];
    const pathB = columns.pathB[row];
    const inA = pathA >= 0 && a.topLayer[pathA] >= 0;
    const inB = pathB >= 0 && b.topLayer[pathB] >= 0;
    const side = (fs: FinalFilesystem, path: number): { scan: LayerScan; row: number } => ({
      scan: fs.scans[fs.topLayer[path]],
      row: fs.topRow[path],
    });
    const before = inA ? side(a, pathA) : undefined;
    const after = inB ? side(b, pathB) : undefined;
    const sizeOf = (entry: { scan: LayerScan; row: number } | undefined): number => entry?.scan.size[entry.row] ?? 0;
    const shown = (after ?? before) as { scan: LayerScan; row: number };
    const result: PathChange = {
      path: this.pathOf(row),
      change: KIND_CODES[code],
      kind: kindName(shown.scan.kind[shown.row]),
      sizeBeforeBytes: sizeOf(before),
      sizeAfterBytes: sizeOf(after),
      sizeDeltaBytes: sizeOf(after) - sizeOf(before),
      layerA: inA ? a.topLayer[pathA] : pathA >= 0 && a.deletedBy[pathA] >= 0 ? a.deletedBy[pathA] : null,
      layerB: inB ? b.topLayer[pathB] : pathB >= 0 && b.deletedBy[pathB] >= 0 ? b.deletedBy[pathB] : null,
    };
    if (columns.detail[row] >= 0) result.detail = DETAIL_CODES[columns.detail[row]];
    if (before && after && (code === METADATA || code === MODIFIED)) {
      const modeA = before.scan.mode[before.row] & 0o7777;
      const modeB = after.scan.mode[after.row] & 0o7777;
      const ownerA = `${before.scan.uid[before.row]}:${before.scan.gid[before.row]}`;
      const ownerB = `${after.scan.uid[after.row]}:${after.scan.gid[after.row]}`;
      if (modeA !== modeB) {
        result.modeBefore = modeA;
        result.modeAfter = modeB;
      }
      if (ownerA !== ownerB) {
        result.ownerBefore = ownerA;
        result.ownerAfter = ownerB;
      }
    }
    return result;
  }

  /** The changes a filter keeps, in tree order. */
  changes(filter: ChangeFilter = {}): PathChange[] {
    const kinds = filter.kinds ? new Set(filter.kinds) : undefined;
    const minSize = filter.minSizeBytes ?? 0;
    const list: PathChange[] = [];
    for (const row of this.order) {
      if (kinds && !kinds.has(KIND_CODES[this.columns.change[row]])) continue;
      const change = this.change(row);
      const size = Math.max(Math.abs(change.sizeDeltaBytes), change.sizeBeforeBytes, change.sizeAfterBytes);
      if (minSize > 0 && size < minSize) continue;
      list.push(change);
    }
    return list;
  }

  /** The comparison as JSON-safe data: totals, aligned layers, and the changes a filter keeps. */
  comparison(filter: ChangeFilter = {}): ImageComparison {
    const a = totals(this.before.analysis);
    const b = totals(this.after.analysis);
    return {
      a,
      b,
      sizeDeltaBytes: b.sizeBytes - a.sizeBytes,
      visibleDeltaBytes: b.visibleBytes - a.visibleBytes,
      reclaimableDeltaBytes: b.reclaimableBytes - a.reclaimableBytes,
      wastedDeltaBytes: b.wastedBytes - a.wastedBytes,
      fileCountDelta: b.fileCount - a.fileCount,
      efficiencyBefore: a.efficiencyScore,
      efficiencyAfter: b.efficiencyScore,
      layers: this.layers,
      counts: this.counts,
      changes: this.changes(filter),
    };
  }
}

/** Compare two images already read (into one path table or two). */
export function compareContents(before: ComparedSide, after: ComparedSide): ImageComparisonResult {
  return new ImageComparisonResult(before, after);
}

/** Progress while reading the two images of a comparison: which one, then the read's own progress. */
export interface CompareProgress extends ImageProgress {
  side: 'a' | 'b';
}

export type CompareReadOptions = Omit<ReadOptions, 'onProgress' | 'table' | 'knownLayers'> & {
  onProgress?: (progress: CompareProgress) => void;
};

/** A's layers B may reuse without reading them again: every layer of A by its name in A's source. */
export function knownLayersOf(contents: ImageContents): Map<string, LayerScan> {
  const known = new Map<string, LayerScan>();
  for (const layer of contents.layers) known.set(layer.scan.key, layer.scan);
  return known;
}

/**
 * Whether B's reused layers are what B's config says they are: a reused scan must carry the same
 * diff ID in both images (an archive could name a layer like one of A's and hold other bytes).
 */
export function reusedLayersMatch(before: ImageContents, after: ImageContents): boolean {
  const diffIdOf = new Map<LayerScan, string | undefined>();
  for (const layer of before.layers) diffIdOf.set(layer.scan, layer.diffId);
  return after.layers.every((layer) => {
    if (!diffIdOf.has(layer.scan)) return true;
    const expected = diffIdOf.get(layer.scan);
    return expected === undefined || layer.diffId === undefined || expected === layer.diffId;
  });
}
