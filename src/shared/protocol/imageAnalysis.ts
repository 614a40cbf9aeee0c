// The image analysis as it travels to the Analyze page and is printed by `stevedore analyze --format
// json`: plain JSON result types, computed by the image engine (src/image, which re-exports them
// from types.ts and ci.ts) and read by the page through src/shared/protocol/analyze.ts. Sizes are
// bytes; paths have no leading slash (`etc/passwd`).

/** Why bytes stored in a layer are not visible in the final filesystem. */
export type WasteCause =
  | 'deleted-later' // removed by a whiteout or opaque directory in a later layer
  | 'overwritten' // replaced by different content in a later layer
  | 'metadata-only-copy'; // copied again with the same content, e.g. by chmod/chown -R

export interface LayerSummary {
  index: number;
  /** Digest of the uncompressed layer (diff ID) when known, else of the blob. */
  digest: string;
  /** The command that made it (history `created_by`), cleaned of `/bin/sh -c #(nop)`. */
  command: string;
  createdAt?: string;
  /** Sum of the layer's uncompressed tar entries' sizes (dive's layer size). */
  sizeBytes: number;
  /** The stored (compressed) blob size where the source has it. */
  compressedSizeBytes?: number;
  /** Entries that are not directories (files, links, devices); whiteout markers not counted. */
  files: number;
  /** Entries (directories too) for paths not visible before this layer. */
  added: number;
  /** Entries for visible paths whose type, content, mode or owner changed (dive's comparison; times ignored). */
  modified: number;
  /** Visible paths this layer hid: whiteouts and opaque directories, every path below them counted. */
  removed: number;
  /** The Dockerfile line that made it, when the workspace holds that Dockerfile (1-based). */
  source?: { file: string; line: number };
  /** dive's layer id: the first path component of the layer's file in the archive (`<id>` or `blobs`). */
  diveId?: string;
  /** Entries the engine refused to trust in this layer (see FileNode.flagged). */
  flagged?: number;
}

export interface WastedEntry {
  path: string;
  bytes: number;
  cause: WasteCause;
  /** Index of the layer whose bytes are wasted. */
  layer: number;
  /** Index of the later layer that deleted, overwrote or duplicated it. */
  causedByLayer: number;
}

/** Which files a layer tree shows: what the layer itself changed, or the filesystem as of that layer. */
export type LayerTreeView = 'layer' | 'aggregate';

/** Where an image comes from. */
export type ImageSourceKind = 'engine' | 'docker-archive' | 'oci-archive' | 'oci-dir';

/** dive's own record for one path seen in two or more layers (its `--json` fileReference). */
export interface DiveFileReference {
  count: number;
  sizeBytes: number;
  /** With a leading slash, as dive prints it. */
  file: string;
}

export interface ImageAnalysis {
  image: string;
  /** Sum of layer sizes. */
  sizeBytes: number;
  /** dive's efficiency score, 0..1. */
  efficiencyScore: number;
  /** dive's "wasted bytes": every copy of a path seen twice or more (the kept copy too). */
  wastedBytes: number;
  /**
   * dive's user wasted percent: wastedBytes / size of all layers but the first
   * (dive's formula; NaN, JSON null, for a one-layer image).
   */
  userWastedPercent: number;
  /** Bytes stored in layers that the final filesystem does not show. */
  reclaimableBytes: number;
  layers: LayerSummary[];
  wasted: WastedEntry[];
  /** The largest files of the final filesystem. */
  largestFiles: Array<{ path: string; sizeBytes: number; layer: number }>;
  /** Bytes the final filesystem shows (sizeBytes = visibleBytes + reclaimableBytes). */
  visibleBytes?: number;
  /** Number of paths in the final filesystem. */
  fileCount?: number;
  source?: ImageSourceKind;
  /** Image ID (config digest) when known. */
  id?: string;
  /** dive's inefficient files, largest first: what `dive --json` writes as image.fileReference. */
  inefficientFiles?: DiveFileReference[];
  /** Entries flagged as untrustworthy across all layers. */
  flaggedEntries?: Array<{ path: string; layer: number; reason: string }>;
}

// ---- dive's CI verdict (src/image/ci.ts evaluates it) ----

export type CiRuleKey = 'lowestEfficiency' | 'highestWastedBytes' | 'highestUserWastedPercent';
export type CiStatus = 'PASS' | 'FAIL' | 'SKIP' | 'MISCONFIGURED';

export interface CiRuleResult {
  rule: CiRuleKey;
  value: string;
  status: CiStatus;
  message: string;
}

export interface CiVerdict {
  pass: boolean;
  misconfigured: boolean;
  results: CiRuleResult[];
}
