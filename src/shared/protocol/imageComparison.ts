// Two images compared, as the image engine computes it (src/image/compare.ts), `stevedore diff
// --format json` prints it and the comparison page receives it. Plain JSON result types. Sizes are
// bytes counted as `analyze` counts them (tar entry sizes; folders and hard links 0); paths have no
// leading slash here (`etc/passwd`) and one in the CLI's JSON.

/** What happened to a path between the final filesystems of image A (before) and B (after). */
export type PathChangeKind = 'added' | 'removed' | 'modified' | 'metadata';

/** For a modified path, what differs: size up or down, same size but other bytes, another type or link target. */
export type ModifiedDetail = 'grown' | 'shrunk' | 'content' | 'type' | 'link';

export type PathEntryKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface PathChange {
  path: string;
  change: PathChangeKind;
  /** The entry's type after the change (before it, for a removed path). */
  kind: PathEntryKind;
  sizeBeforeBytes: number;
  sizeAfterBytes: number;
  sizeDeltaBytes: number;
  detail?: ModifiedDetail;
  /** Permission bits and owner on each side, for metadata changes (and modified ones where they differ). */
  modeBefore?: number;
  modeAfter?: number;
  ownerBefore?: string;
  ownerAfter?: string;
  /**
   * The layer of A that wrote the path as A shows it (removed, modified, metadata), or that deleted
   * it (added: a path A once had); null when A never had it.
   */
  layerA: number | null;
  /**
   * The layer of B that wrote the path (added, modified, metadata) or deleted it (removed); null
   * when B never had it.
   */
  layerB: number | null;
}

/** One side's figures, as `analyze` computes them. */
export interface ImageTotals {
  image: string;
  id?: string;
  sizeBytes: number;
  /** Bytes the final filesystem shows. */
  visibleBytes: number;
  /** Paths in the final filesystem. */
  fileCount: number;
  efficiencyScore: number;
  wastedBytes: number;
  userWastedPercent: number;
  reclaimableBytes: number;
  layerCount: number;
}

export interface ComparedLayer {
  index: number;
  digest: string;
  command: string;
  sizeBytes: number;
}

/**
 * A row of the layer alignment: the same layer in both (by digest: its content is not compared
 * again), the same instruction with other content, or a layer only one image has.
 */
export type LayerAlignment = 'shared' | 'changed' | 'added' | 'removed';

export interface AlignedLayer {
  status: LayerAlignment;
  a?: ComparedLayer;
  b?: ComparedLayer;
  sizeDeltaBytes: number;
}

export interface ChangeCounts {
  added: number;
  removed: number;
  modified: number;
  metadata: number;
}

export interface ImageComparison {
  a: ImageTotals;
  b: ImageTotals;
  /** Image size after minus before (sum of layer sizes, `analyze`'s "Total size"). */
  sizeDeltaBytes: number;
  /** Bytes the final filesystem shows, after minus before. */
  visibleDeltaBytes: number;
  reclaimableDeltaBytes: number;
  wastedDeltaBytes: number;
  fileCountDelta: number;
  efficiencyBefore: number;
  efficiencyAfter: number;
  layers: AlignedLayer[];
  /** Every changed path, counted (the list may be filtered). */
  counts: ChangeCounts;
  /** Changed paths in tree order (parents before children). */
  changes: PathChange[];
}
