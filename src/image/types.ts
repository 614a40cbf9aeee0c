// The image engine's public result: what the Analyze panel shows and `stevedore analyze --format
// json` prints. No `vscode` import. Sizes are bytes; paths have no leading slash (`etc/passwd`) here,
// and one in the JSON document (document.ts), as in dive's. The result types travel to the page,
// so they live in src/shared/protocol/imageAnalysis.ts; they are re-exported here for the engine.

export type {
  DiveFileReference,
  ImageAnalysis,
  ImageSourceKind,
  LayerSummary,
  LayerTreeView,
  WasteCause,
  WastedEntry,
} from '../shared/protocol/imageAnalysis';

export type ChangeKind = 'added' | 'modified' | 'removed' | 'unchanged';

/** One node of a layer's file tree, flattened for virtualised rendering. */
export interface FileNode {
  path: string;
  kind: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  sizeBytes: number;
  change: ChangeKind;
  mode?: number;
  linkTarget?: string;
  /** Set on entries the engine refused to trust: `../`, absolute paths, loops, non-UTF-8 names. */
  flagged?: string;
  /** uid/gid from the tar header. */
  uid?: number;
  gid?: number;
  /** Index of the layer that wrote this entry (in an aggregate view, the topmost one). */
  layer?: number;
}

/** Progress while reading an image: one report per layer read. */
export interface ImageProgress {
  message: string;
  layersDone: number;
  /** Known up front for engine images and OCI folders; otherwise undefined until the manifest is read. */
  layersTotal?: number;
  bytesRead: number;
}

