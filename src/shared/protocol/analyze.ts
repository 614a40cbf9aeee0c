// The Analyze image panel's messages, validated in both directions. Owned by the image feature.
// The summary travels first; a layer's file tree is sent only when the page asks for it, in a
// compact column form (names + parent indices) because trees can hold hundreds of thousands of files.
// Types and validators only: the extension's encoder is src/image/treeEncoding.ts.
import type {
  CiRuleKey,
  CiStatus,
  CiVerdict,
  ImageAnalysis,
  ImageSourceKind,
  LayerSummary,
  LayerTreeView,
  WasteCause,
  WastedEntry,
} from './imageAnalysis';
import { type CommonFromWebview, type CommonToWebview, isIndex, isRecord, isShortString, parseCommonFromWebview } from './common';

// The analysis travels as the engine computed it (types in ./imageAnalysis.ts, shared with src/image);
// the page takes its types from here.
export type { ImageAnalysis, LayerSummary, WastedEntry };

/** Which files a layer's tree shows: the layer's own changes, or everything up to and including it. */
export type TreeScope = LayerTreeView;
export const isTreeScope = (value: unknown): value is TreeScope => value === 'layer' || value === 'aggregate';

/** What the page needs to draw the header and layer list. */
export interface AnalyzeSummary {
  analysis: ImageAnalysis;
  /** Where the image came from, as the user would say it (`nginx:1.27`, `/tmp/app.tar`). */
  sourceLabel: string;
  /** `analysis.wasted` carries the largest entries only; this is how many there are in all. */
  wastedEntryCount: number;
  /** dive's CI rules evaluated by the engine, and where their thresholds came from. */
  ci?: CiVerdict & { source: string };
}

/**
 * What a panel analyses, kept in the page's state so VS Code can bring the panel back after a
 * reload. It returns from the page, so it is validated like any message.
 */
export interface RestoreTarget {
  kind: 'engine' | 'archive' | 'oci-dir';
  /** The image name or ID, or the archive or folder path. */
  ref: string;
}

export function parseRestoreTarget(value: unknown): RestoreTarget | undefined {
  if (!isRecord(value) || (value.kind !== 'engine' && value.kind !== 'archive' && value.kind !== 'oci-dir')) return undefined;
  if (typeof value.ref !== 'string' || value.ref.trim() === '' || value.ref.length > 4096 || /[\u0000-\u001f]/.test(value.ref)) return undefined;
  return { kind: value.kind, ref: value.ref };
}

/** A file tree in columns. Node i's parent is `parents[i]` (-1 at the top), always < i. */
export interface WireFileTree {
  names: string[];
  parents: number[];
  /** One letter per node: f file, d dir, l symlink, h hardlink, o other. */
  kinds: string;
  /** One letter per node: a added, m modified, r removed, u unchanged. */
  changes: string;
  /** Bytes: a file's size; a directory's, what lies below it (as the engine counts it). */
  sizes: number[];
  /** Link targets and engine flags, sparse: [node index, text]. */
  links: Array<[number, string]>;
  flagged: Array<[number, string]>;
}

/** The figures the page shows, read back from its DOM, so tests compare what is really rendered. */
export interface AnalyzeSnapshot {
  /** What the page is showing: progress, an error, or an analysis. */
  status: 'analysing' | 'error' | 'shown';
  /** The progress or error text on screen ('' once an analysis is shown). */
  message: string;
  image: string;
  /** Layers whose row links to a Dockerfile line. */
  linkedLayers: number;
  layerRows: number;
  sizeBytes: number;
  efficiencyScore: number;
  wastedBytes: number;
  reclaimableBytes: number;
  wastedRows: number;
  selectedLayer: number;
  treeScope: TreeScope;
  /** Rows of the file tree currently in the DOM (virtualised: the visible window only). */
  treeRowsRendered: number;
  /** Rows the tree would show if scrolled through. */
  treeRowsTotal: number;
}

/** The largest files of the final filesystem matching a glob, with how many match in all. */
export interface LargestFilesList {
  glob: string;
  files: Array<{ path: string; sizeBytes: number; layer: number }>;
  matching: number;
  matchingBytes: number;
  /** Set when the glob could not be used. */
  error?: string;
}

/** A path of the image as the page sends it: no leading slash, no control characters, bounded. */
export const isImagePath = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= 4096 && !/[\u0000-\u001f]/.test(value) && !value.startsWith('/');

/** extension -> webview */
export type AnalyzeToWebview =
  | CommonToWebview
  | { type: 'analyze/progress'; message: string }
  | { type: 'analyze/error'; message: string }
  | { type: 'analyze/summary'; summary: AnalyzeSummary }
  | { type: 'analyze/restoreTarget'; target: RestoreTarget }
  | { type: 'analyze/tree'; layerIndex: number; scope: TreeScope; tree: WireFileTree }
  | { type: 'analyze/treeError'; layerIndex: number; scope: TreeScope; message: string }
  | { type: 'analyze/snapshotRequest'; id: number }
  | { type: 'analyze/largest'; largest: LargestFilesList };

/** webview -> extension */
export type AnalyzeFromWebview =
  | CommonFromWebview
  | { type: 'analyze/requestTree'; layerIndex: number; scope: TreeScope }
  | { type: 'analyze/openLayerSource'; layerIndex: number }
  | { type: 'analyze/export' }
  /** Open a file of the tree in an editor tab (a diff when the layer changed it). */
  | { type: 'analyze/openFile'; layerIndex: number; scope: TreeScope; path: string }
  /** "Save as…": extract a file or folder of the tree to a folder the user chooses. */
  | { type: 'analyze/saveFile'; layerIndex: number; scope: TreeScope; path: string }
  /** The largest files of the image whose path matches a glob ('' for all). */
  | { type: 'analyze/requestLargest'; glob: string }
  /** "Compare with…": the extension asks which image and opens the comparison view. */
  | { type: 'analyze/compare' }
  | { type: 'analyze/snapshot'; id: number; snapshot: AnalyzeSnapshot };

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isRatio = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
/**
 * dive's ratios can be NaN (0/0, e.g. user wasted % of an image whose later layers hold no bytes),
 * which JSON carries as null. Such a figure arrives as NaN and is shown as "n/a".
 */
const ratioOrNaN = (value: unknown, check: (value: unknown) => boolean): number | undefined =>
  value === null || (typeof value === 'number' && Number.isNaN(value)) ? NaN : check(value) ? (value as number) : undefined;

function parseSnapshot(value: unknown): AnalyzeSnapshot | undefined {
  if (!isRecord(value)) return undefined;
  const counts = ['layerRows', 'linkedLayers', 'sizeBytes', 'wastedBytes', 'reclaimableBytes', 'wastedRows', 'treeRowsRendered', 'treeRowsTotal'] as const;
  if (!counts.every((key) => isCount(value[key]))) return undefined;
  if (value.status !== 'analysing' && value.status !== 'error' && value.status !== 'shown') return undefined;
  const efficiencyScore = ratioOrNaN(value.efficiencyScore, isRatio);
  if (typeof value.message !== 'string' || typeof value.image !== 'string' || efficiencyScore === undefined || !isIndex(value.selectedLayer) || !isTreeScope(value.treeScope)) return undefined;
  return {
    status: value.status,
    message: value.message,
    image: value.image,
    layerRows: value.layerRows as number,
    linkedLayers: value.linkedLayers as number,
    sizeBytes: value.sizeBytes as number,
    efficiencyScore,
    wastedBytes: value.wastedBytes as number,
    reclaimableBytes: value.reclaimableBytes as number,
    wastedRows: value.wastedRows as number,
    selectedLayer: value.selectedLayer,
    treeScope: value.treeScope,
    treeRowsRendered: value.treeRowsRendered as number,
    treeRowsTotal: value.treeRowsTotal as number,
  };
}

/** Validate a message from the analyze webview; anything not exactly of a known shape is dropped. */
export function parseAnalyzeFromWebview(message: unknown): AnalyzeFromWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  switch (message.type) {
    case 'analyze/requestTree':
      return isIndex(message.layerIndex) && isTreeScope(message.scope)
        ? { type: 'analyze/requestTree', layerIndex: message.layerIndex, scope: message.scope }
        : undefined;
    case 'analyze/openLayerSource':
      return isIndex(message.layerIndex) ? { type: 'analyze/openLayerSource', layerIndex: message.layerIndex } : undefined;
    case 'analyze/export':
      return { type: 'analyze/export' };
    case 'analyze/openFile':
    case 'analyze/saveFile':
      return isIndex(message.layerIndex) && isTreeScope(message.scope) && isImagePath(message.path)
        ? { type: message.type, layerIndex: message.layerIndex, scope: message.scope, path: message.path }
        : undefined;
    case 'analyze/requestLargest':
      return typeof message.glob === 'string' && message.glob.length <= 256 && !/[\u0000-\u001f]/.test(message.glob)
        ? { type: 'analyze/requestLargest', glob: message.glob }
        : undefined;
    case 'analyze/compare':
      return { type: 'analyze/compare' };
    case 'analyze/snapshot': {
      const snapshot = parseSnapshot(message.snapshot);
      return isIndex(message.id) && snapshot ? { type: 'analyze/snapshot', id: message.id, snapshot } : undefined;
    }
    default:
      return parseCommonFromWebview(message);
  }
}

// ---- extension -> webview validation (the page trusts nothing either) ----

const WASTE_CAUSES: readonly WasteCause[] = ['deleted-later', 'overwritten', 'metadata-only-copy'];
const SOURCE_KINDS: readonly ImageSourceKind[] = ['engine', 'docker-archive', 'oci-archive', 'oci-dir'];

function parseLayer(value: unknown): LayerSummary | undefined {
  if (!isRecord(value)) return undefined;
  const { index, digest, command, createdAt, sizeBytes, compressedSizeBytes, files, added, modified, removed } = value;
  const { source, diveId, flagged } = value;
  if (!isIndex(index) || typeof digest !== 'string' || typeof command !== 'string') return undefined;
  if (![sizeBytes, files, added, modified, removed].every(isCount)) return undefined;
  if (compressedSizeBytes !== undefined && !isCount(compressedSizeBytes)) return undefined;
  if (createdAt !== undefined && typeof createdAt !== 'string') return undefined;
  if ((diveId !== undefined && typeof diveId !== 'string') || (flagged !== undefined && !isCount(flagged))) return undefined;
  let layerSource: LayerSummary['source'];
  if (source !== undefined) {
    if (!isRecord(source) || !isShortString(source.file, 4096) || !isIndex(source.line)) return undefined;
    layerSource = { file: source.file, line: source.line };
  }
  return {
    index,
    digest,
    command,
    ...(createdAt !== undefined ? { createdAt } : {}),
    sizeBytes: sizeBytes as number,
    ...(compressedSizeBytes !== undefined ? { compressedSizeBytes } : {}),
    files: files as number,
    added: added as number,
    modified: modified as number,
    removed: removed as number,
    ...(layerSource ? { source: layerSource } : {}),
    ...(diveId !== undefined ? { diveId } : {}),
    ...(flagged !== undefined ? { flagged } : {}),
  };
}

function parseWasted(value: unknown): WastedEntry | undefined {
  if (!isRecord(value)) return undefined;
  const { path, bytes, cause, layer, causedByLayer } = value;
  if (typeof path !== 'string' || !isCount(bytes) || !WASTE_CAUSES.includes(cause as WasteCause) || !isIndex(layer) || !isIndex(causedByLayer)) {
    return undefined;
  }
  return { path, bytes, cause: cause as WasteCause, layer, causedByLayer };
}

function parseAnalysis(value: unknown): ImageAnalysis | undefined {
  if (!isRecord(value)) return undefined;
  const { image, sizeBytes, efficiencyScore, wastedBytes, userWastedPercent, reclaimableBytes } = value;
  const { layers, wasted, largestFiles, visibleBytes, fileCount, source, id, flaggedEntries } = value;
  if ((visibleBytes !== undefined && !isCount(visibleBytes)) || (fileCount !== undefined && !isCount(fileCount))) {
    return undefined;
  }
  if ((source !== undefined && !SOURCE_KINDS.includes(source as ImageSourceKind)) || (id !== undefined && typeof id !== 'string')) return undefined;
  const parsedFlagged: NonNullable<ImageAnalysis['flaggedEntries']> = [];
  if (flaggedEntries !== undefined) {
    if (!Array.isArray(flaggedEntries)) return undefined;
    for (const entry of flaggedEntries) {
      if (!isRecord(entry) || typeof entry.path !== 'string' || !isIndex(entry.layer) || typeof entry.reason !== 'string') return undefined;
      parsedFlagged.push({ path: entry.path, layer: entry.layer, reason: entry.reason });
    }
  }
  if (typeof image !== 'string' || ![sizeBytes, wastedBytes, reclaimableBytes].every(isCount)) return undefined;
  const efficiency = ratioOrNaN(efficiencyScore, isRatio);
  const userWasted = ratioOrNaN(userWastedPercent, isCount);
  if (efficiency === undefined || userWasted === undefined) return undefined;
  if (!Array.isArray(layers) || !Array.isArray(wasted) || !Array.isArray(largestFiles)) return undefined;
  const parsedLayers = layers.map(parseLayer);
  const parsedWasted = wasted.map(parseWasted);
  if (parsedLayers.some((layer) => !layer) || parsedWasted.some((entry) => !entry)) return undefined;
  const parsedLargest: ImageAnalysis['largestFiles'] = [];
  for (const file of largestFiles) {
    if (!isRecord(file) || typeof file.path !== 'string' || !isCount(file.sizeBytes) || !isIndex(file.layer)) return undefined;
    parsedLargest.push({ path: file.path, sizeBytes: file.sizeBytes, layer: file.layer });
  }
  return {
    image,
    sizeBytes: sizeBytes as number,
    efficiencyScore: efficiency,
    wastedBytes: wastedBytes as number,
    userWastedPercent: userWasted,
    reclaimableBytes: reclaimableBytes as number,
    layers: parsedLayers as LayerSummary[],
    wasted: parsedWasted as WastedEntry[],
    largestFiles: parsedLargest,
    ...(visibleBytes !== undefined ? { visibleBytes } : {}),
    ...(fileCount !== undefined ? { fileCount } : {}),
    ...(source !== undefined ? { source: source as ImageSourceKind } : {}),
    ...(id !== undefined ? { id } : {}),
    ...(flaggedEntries !== undefined ? { flaggedEntries: parsedFlagged } : {}),
  };
}

const CI_RULES: readonly CiRuleKey[] = ['lowestEfficiency', 'highestWastedBytes', 'highestUserWastedPercent'];
const CI_STATUSES: readonly CiStatus[] = ['PASS', 'FAIL', 'SKIP', 'MISCONFIGURED'];

function parseCi(value: unknown): (CiVerdict & { source: string }) | undefined {
  if (!isRecord(value) || typeof value.pass !== 'boolean' || typeof value.misconfigured !== 'boolean' || typeof value.source !== 'string') return undefined;
  if (!Array.isArray(value.results)) return undefined;
  const results: CiVerdict['results'] = [];
  for (const result of value.results) {
    if (
      !isRecord(result) ||
      !CI_RULES.includes(result.rule as CiRuleKey) ||
      !CI_STATUSES.includes(result.status as CiStatus)
    ) {
      return undefined;
    }
    if (typeof result.value !== 'string' || typeof result.message !== 'string') return undefined;
    results.push({
      rule: result.rule as CiRuleKey, value: result.value, status: result.status as CiStatus, message: result.message,
    });
  }
  return { pass: value.pass, misconfigured: value.misconfigured, source: value.source, results };
}

const KIND_LETTERS = /^[fdlho]*$/;
const CHANGE_LETTERS = /^[amru]*$/;

function parseSparse(value: unknown, count: number): Array<[number, string]> | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2 || !isIndex(pair[0]) || pair[0] >= count || typeof pair[1] !== 'string') return undefined;
  }
  return value as Array<[number, string]>;
}

/** Check a tree's columns agree and every parent comes before its child (so no cycles). */
export function parseWireFileTree(value: unknown): WireFileTree | undefined {
  if (!isRecord(value)) return undefined;
  const { names, parents, kinds, changes, sizes } = value;
  if (!Array.isArray(names) || !Array.isArray(parents) || !Array.isArray(sizes)) return undefined;
  if (typeof kinds !== 'string' || typeof changes !== 'string') return undefined;
  const count = names.length;
  if (parents.length !== count || sizes.length !== count || kinds.length !== count || changes.length !== count) {
    return undefined;
  }
  if (!KIND_LETTERS.test(kinds) || !CHANGE_LETTERS.test(changes)) return undefined;
  for (let i = 0; i < count; i++) {
    const parent = parents[i] as unknown;
    if (typeof names[i] !== 'string' || !Number.isInteger(parent) || (parent as number) < -1 || (parent as number) >= i || !isCount(sizes[i])) {
      return undefined;
    }
  }
  const links = parseSparse(value.links, count);
  const flagged = parseSparse(value.flagged, count);
  if (!links || !flagged) return undefined;
  return {
    names: names as string[], parents: parents as number[], kinds, changes, sizes: sizes as number[], links, flagged,
  };
}

/** Validate a message from the extension on the page's side. */
export function parseAnalyzeToWebview(message: unknown): AnalyzeToWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  switch (message.type) {
    case 'ping':
      return isIndex(message.id) ? { type: 'ping', id: message.id } : undefined;
    case 'analyze/progress':
    case 'analyze/error':
      return typeof message.message === 'string' ? { type: message.type, message: message.message } : undefined;
    case 'analyze/summary': {
      const summary = message.summary;
      if (!isRecord(summary) || typeof summary.sourceLabel !== 'string' || !isCount(summary.wastedEntryCount)) return undefined;
      const analysis = parseAnalysis(summary.analysis);
      const ci = summary.ci === undefined ? undefined : parseCi(summary.ci);
      if (!analysis || (summary.ci !== undefined && !ci)) return undefined;
      return { type: 'analyze/summary', summary: { analysis, sourceLabel: summary.sourceLabel, wastedEntryCount: summary.wastedEntryCount, ...(ci ? { ci } : {}) } };
    }
    case 'analyze/restoreTarget': {
      const target = parseRestoreTarget(message.target);
      return target ? { type: 'analyze/restoreTarget', target } : undefined;
    }
    case 'analyze/tree': {
      const tree = parseWireFileTree(message.tree);
      return tree && isIndex(message.layerIndex) && isTreeScope(message.scope)
        ? { type: 'analyze/tree', layerIndex: message.layerIndex, scope: message.scope, tree }
        : undefined;
    }
    case 'analyze/treeError':
      return isIndex(message.layerIndex) && isTreeScope(message.scope) && typeof message.message === 'string'
        ? { type: 'analyze/treeError', layerIndex: message.layerIndex, scope: message.scope, message: message.message }
        : undefined;
    case 'analyze/snapshotRequest':
      return isIndex(message.id) ? { type: 'analyze/snapshotRequest', id: message.id } : undefined;
    case 'analyze/largest': {
      const largest = parseLargest(message.largest);
      return largest ? { type: 'analyze/largest', largest } : undefined;
    }
    default:
      return undefined;
  }
}

function parseLargest(value: unknown): LargestFilesList | undefined {
  if (!isRecord(value) || typeof value.glob !== 'string' || !isCount(value.matching) || !isCount(value.matchingBytes)) return undefined;
  if (!Array.isArray(value.files) || (value.error !== undefined && typeof value.error !== 'string')) return undefined;
  const files: LargestFilesList['files'] = [];
  for (const file of value.files) {
    if (!isRecord(file) || typeof file.path !== 'string' || !isCount(file.sizeBytes) || !isIndex(file.layer)) return undefined;
    files.push({ path: file.path, sizeBytes: file.sizeBytes, layer: file.layer });
  }
  return {
    glob: value.glob, files, matching: value.matching, matchingBytes: value.matchingBytes,
    ...(value.error !== undefined ? { error: value.error } : {}),
  };
}
