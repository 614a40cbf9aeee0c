// What every source produces: the image's layers, read and in order, with their metadata from the
// image config. Sources differ only in how they find the bytes (sources/*).
import type Docker from 'dockerode';
import type { ImageProgress, ImageSourceKind } from './types';
import type { ExpansionLimit } from './decompress';
import type { LayerScan } from './layerScan';
import type { PathTable } from './pathTable';

/** Where an image is read from: the engine (by name or ID), an archive file, or an OCI layout folder. */
export type ImageSource =
  | { kind: 'engine'; docker: Docker; image: string }
  | { kind: 'archive'; path: string }
  | { kind: 'oci-dir'; path: string };

export interface ImageLayer {
  scan: LayerScan;
  /** Digest of the uncompressed layer (config rootfs.diff_ids) when known. */
  diffId?: string;
  /** history.created_by as stored. */
  createdBy: string;
  createdAt?: string;
  compressedSizeBytes?: number;
  /** dive's id: the first path component of the layer's file in the archive. */
  diveId: string;
}

export interface ImageContents {
  name: string;
  id?: string;
  source: ImageSourceKind;
  table: PathTable;
  layers: ImageLayer[];
  /** Further images the archive holds (by name); the first one is the one analysed. */
  otherImages?: string[];
}

export interface ReadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImageProgress) => void;
  expansionLimit?: ExpansionLimit;
  maxEntriesPerLayer?: number;
  /**
   * Entries allowed across all layers together (default DEFAULT_MAX_IMAGE_ENTRIES): each costs about
   * 250 bytes while the analysis lasts, and a crafted image can repeat a million-entry layer.
   */
  maxImageEntries?: number;
  /** See ScanOptions.hashContent. */
  hashContent?: boolean;
  /**
   * Engine sources: how long the export stream may go silent once it has started before the read
   * fails as "engine gone" (default 60 s). A connection that stalls without closing would otherwise
   * wait forever. The wait for the first bytes has no limit: the engine prepares big images first.
   */
  stallMs?: number;
  /** For an image index: the platform to read (`linux/arm64`, `linux/arm/v7`); an error lists those there are. */
  platform?: string;
  /**
   * For an index offering several platforms and no `platform` given: asked which to read (`available`
   * lists this machine's first); undefined cancels. Without it, this machine's platform is read.
   */
  choosePlatform?: (available: string[]) => Promise<string | undefined>;
  /**
   * Intern paths into this table instead of a new one: two images read into one table share path
   * ids, so a comparison needs no string lookups (compare.ts).
   */
  table?: PathTable;
  /**
   * Layers already read into `table`, by their content-addressed name in the archive or layout
   * (`blobs/sha256/<hex>`, or docker save's `<chain-derived id>/layer.tar`): such a layer is not
   * read again (its bytes are skipped) and its scan is reused.
   */
  knownLayers?: ReadonlyMap<string, LayerScan>;
}

export interface ImageConfigJson {
  history?: Array<{ created?: string; created_by?: string; empty_layer?: boolean }>;
  rootfs?: { diff_ids?: string[] };
}

/** history entries that made a layer, in order (dive skips empty_layer entries the same way). */
export function layerHistory(
  config: ImageConfigJson | undefined,
  layerCount: number,
): Array<{ createdBy: string; createdAt?: string }> {
  const made = (config?.history ?? []).filter((entry) => !entry.empty_layer);
  const result: Array<{ createdBy: string; createdAt?: string }> = [];
  for (let i = 0; i < layerCount; i++) {
    const entry = made[i];
    result.push(entry ? { createdBy: entry.created_by ?? '', createdAt: entry.created } : { createdBy: '(missing)' });
  }
  return result;
}

/** The command as a person would write it: `RUN apt-get ...`, `COPY file:... in /app`. */
export function readableCommand(createdBy: string): string {
  const nop = /^\/bin\/sh -c #\(nop\)\s*/;
  if (nop.test(createdBy)) return createdBy.replace(nop, '').trim();
  if (createdBy.startsWith('/bin/sh -c ')) return `RUN ${createdBy.slice('/bin/sh -c '.length)}`;
  return createdBy.replace(/ # buildkit$/, '');
}
