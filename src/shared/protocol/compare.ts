// The comparison view's messages, validated in both directions. Owned by the compare feature
// (src/vscode/image/comparePanel.ts and webview/compare/). The comparison travels as the engine
// computed it (./imageComparison.ts), with at most a setting's worth of changes, largest first.
import type {
  AlignedLayer,
  ChangeCounts,
  ComparedLayer,
  ImageComparison,
  ImageTotals,
  ModifiedDetail,
  PathChange,
  PathChangeKind,
  PathEntryKind,
} from './imageComparison';
import { type CommonFromWebview, type CommonToWebview, isIndex, isRecord, isShortString, parseCommonFromWebview } from './common';

export type { AlignedLayer, ImageComparison, PathChange, PathChangeKind };

/** What the page draws. */
export interface CompareView {
  comparison: ImageComparison;
  /** The two images as the user named them (`app:1`, `/tmp/app.tar`). */
  labelA: string;
  labelB: string;
  /** The headline: "−212 MB, efficiency 84.9% → 99.1%, reclaimable 9.4 MB → 0 B". */
  summary: string;
  /** Changes the engine found; `comparison.changes` holds the largest `changesSent` of them. */
  changesTotal: number;
  /** Whether a modified file can be opened in a diff editor (the file viewer is installed). */
  canOpenDiff: boolean;
}

/** The figures the page shows, read back from its DOM, so tests compare what is really rendered. */
export interface CompareSnapshot {
  status: 'comparing' | 'error' | 'shown';
  message: string;
  summary: string;
  labelA: string;
  labelB: string;
  /** The totals table's cells, by row label then column (before, after, delta), as text. */
  totals: Record<string, [string, string, string]>;
  layerRows: number;
  /** Change rows currently in the list (after filters), and paths shown in them, in order. */
  changeRows: number;
  paths: string[];
}

/** extension -> webview */
export type CompareToWebview =
  | CommonToWebview
  | { type: 'compare/progress'; message: string }
  | { type: 'compare/error'; message: string }
  | { type: 'compare/result'; view: CompareView }
  | { type: 'compare/snapshotRequest'; id: number };

/** webview -> extension */
export type CompareFromWebview =
  | CommonFromWebview
  | { type: 'compare/openDiff'; path: string }
  | { type: 'compare/export' }
  | { type: 'compare/snapshot'; id: number; snapshot: CompareSnapshot };

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);
const isText = (value: unknown, max = 100_000): value is string => typeof value === 'string' && value.length <= max;
/** dive's ratios can be NaN (JSON null): they arrive as NaN and show as "n/a". */
const ratio = (value: unknown): number | undefined =>
  value === null || (typeof value === 'number' && Number.isNaN(value))
    ? NaN
    : typeof value === 'number' && Number.isFinite(value) ? value : undefined;
/** A path in an image: no leading slash, no control characters a terminal or a title could misread. */
const isImagePath = (value: unknown): value is string => isShortString(value, 4096);

function parseSnapshot(value: unknown): CompareSnapshot | undefined {
  if (!isRecord(value)) return undefined;
  const { status, message, summary, labelA, labelB, totals, layerRows, changeRows, paths } = value;
  if (status !== 'comparing' && status !== 'error' && status !== 'shown') return undefined;
  if (![message, summary, labelA, labelB].every((text) => isText(text))) return undefined;
  if (!isCount(layerRows) || !isCount(changeRows) || !Array.isArray(paths)) return undefined;
  if (!paths.every((path) => isText(path, 4096))) return undefined;
  if (!isRecord(totals)) return undefined;
  const rows: Record<string, [string, string, string]> = {};
  for (const [label, cells] of Object.entries(totals)) {
    if (!Array.isArray(cells) || cells.length !== 3 || !cells.every((cell) => isText(cell, 200))) return undefined;
    rows[label] = cells as [string, string, string];
  }
  return {
    status, message: message as string, summary: summary as string, labelA: labelA as string, labelB: labelB as string,
    totals: rows, layerRows, changeRows, paths: paths as string[],
  };
}

/** Validate a message from the comparison page; anything not exactly of a known shape is dropped. */
export function parseCompareFromWebview(message: unknown): CompareFromWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  switch (message.type) {
    case 'compare/openDiff':
      return isImagePath(message.path) && !/[\u0000-\u001f]/.test(message.path) ? { type: 'compare/openDiff', path: message.path } : undefined;
    case 'compare/export':
      return { type: 'compare/export' };
    case 'compare/snapshot': {
      const snapshot = parseSnapshot(message.snapshot);
      return isIndex(message.id) && snapshot ? { type: 'compare/snapshot', id: message.id, snapshot } : undefined;
    }
    default:
      return parseCommonFromWebview(message);
  }
}

// ---- extension -> webview validation (the page trusts nothing either) ----

const CHANGE_KINDS: readonly PathChangeKind[] = ['added', 'removed', 'modified', 'metadata'];
const DETAILS: readonly ModifiedDetail[] = ['grown', 'shrunk', 'content', 'type', 'link'];
const ENTRY_KINDS: readonly PathEntryKind[] = ['file', 'dir', 'symlink', 'hardlink', 'other'];
const LAYER_STATUSES: readonly AlignedLayer['status'][] = ['shared', 'changed', 'added', 'removed'];

function parseTotals(value: unknown): ImageTotals | undefined {
  if (!isRecord(value) || !isText(value.image, 4096)) return undefined;
  const counts = ['sizeBytes', 'visibleBytes', 'fileCount', 'wastedBytes', 'reclaimableBytes', 'layerCount'] as const;
  if (!counts.every((key) => isCount(value[key]))) return undefined;
  const efficiencyScore = ratio(value.efficiencyScore);
  const userWastedPercent = ratio(value.userWastedPercent);
  if (efficiencyScore === undefined || userWastedPercent === undefined) return undefined;
  if (value.id !== undefined && !isText(value.id, 200)) return undefined;
  return {
    image: value.image,
    ...(value.id !== undefined ? { id: value.id as string } : {}),
    sizeBytes: value.sizeBytes as number,
    visibleBytes: value.visibleBytes as number,
    fileCount: value.fileCount as number,
    efficiencyScore,
    wastedBytes: value.wastedBytes as number,
    userWastedPercent,
    reclaimableBytes: value.reclaimableBytes as number,
    layerCount: value.layerCount as number,
  };
}

function parseComparedLayer(value: unknown): ComparedLayer | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value) || !isIndex(value.index) || !isText(value.digest, 200)) return undefined;
  if (!isText(value.command) || !isCount(value.sizeBytes)) {
    return undefined;
  }
  return { index: value.index, digest: value.digest, command: value.command, sizeBytes: value.sizeBytes };
}

function parseAligned(value: unknown): AlignedLayer | undefined {
  if (!isRecord(value) || !LAYER_STATUSES.includes(value.status as AlignedLayer['status']) || !isInteger(value.sizeDeltaBytes)) return undefined;
  const a = parseComparedLayer(value.a);
  const b = parseComparedLayer(value.b);
  if ((value.a !== undefined && !a) || (value.b !== undefined && !b) || (!a && !b)) return undefined;
  return { status: value.status as AlignedLayer['status'], ...(a ? { a } : {}), ...(b ? { b } : {}), sizeDeltaBytes: value.sizeDeltaBytes };
}

const layerRef = (value: unknown): value is number | null => value === null || isIndex(value);

function parseChange(value: unknown): PathChange | undefined {
  if (!isRecord(value) || !isImagePath(value.path)) return undefined;
  const { change, kind, detail, sizeBeforeBytes, sizeAfterBytes, sizeDeltaBytes, layerA, layerB } = value;
  if (!CHANGE_KINDS.includes(change as PathChangeKind)) return undefined;
  if (!ENTRY_KINDS.includes(kind as PathEntryKind)) return undefined;
  if (detail !== undefined && !DETAILS.includes(detail as ModifiedDetail)) return undefined;
  if (!isCount(sizeBeforeBytes) || !isCount(sizeAfterBytes) || !isInteger(sizeDeltaBytes)) return undefined;
  if (!layerRef(layerA) || !layerRef(layerB)) return undefined;
  const result: PathChange = {
    path: value.path, change: change as PathChangeKind, kind: kind as PathEntryKind,
    sizeBeforeBytes, sizeAfterBytes, sizeDeltaBytes, layerA, layerB,
  };
  if (detail !== undefined) result.detail = detail as ModifiedDetail;
  for (const key of ['modeBefore', 'modeAfter'] as const) {
    if (value[key] === undefined) continue;
    if (!isIndex(value[key]) || (value[key] as number) > 0o7777) return undefined;
    result[key] = value[key] as number;
  }
  for (const key of ['ownerBefore', 'ownerAfter'] as const) {
    if (value[key] === undefined) continue;
    if (!isText(value[key], 64)) return undefined;
    result[key] = value[key] as string;
  }
  return result;
}

function parseCounts(value: unknown): ChangeCounts | undefined {
  if (!isRecord(value) || !CHANGE_KINDS.every((key) => isCount(value[key]))) return undefined;
  const count = (key: keyof ChangeCounts): number => value[key] as number;
  return { added: count('added'), removed: count('removed'), modified: count('modified'), metadata: count('metadata') };
}

export function parseComparison(value: unknown): ImageComparison | undefined {
  if (!isRecord(value)) return undefined;
  const a = parseTotals(value.a);
  const b = parseTotals(value.b);
  const counts = parseCounts(value.counts);
  if (!a || !b || !counts || !Array.isArray(value.layers) || !Array.isArray(value.changes)) return undefined;
  const deltas = ['sizeDeltaBytes', 'visibleDeltaBytes', 'reclaimableDeltaBytes', 'wastedDeltaBytes', 'fileCountDelta'] as const;
  if (!deltas.every((key) => isInteger(value[key]))) return undefined;
  const efficiencyBefore = ratio(value.efficiencyBefore);
  const efficiencyAfter = ratio(value.efficiencyAfter);
  if (efficiencyBefore === undefined || efficiencyAfter === undefined) return undefined;
  const layers: AlignedLayer[] = [];
  for (const row of value.layers) {
    const parsed = parseAligned(row);
    if (!parsed) return undefined;
    layers.push(parsed);
  }
  const changes: PathChange[] = [];
  for (const row of value.changes) {
    const parsed = parseChange(row);
    if (!parsed) return undefined;
    changes.push(parsed);
  }
  return {
    a, b,
    sizeDeltaBytes: value.sizeDeltaBytes as number,
    visibleDeltaBytes: value.visibleDeltaBytes as number,
    reclaimableDeltaBytes: value.reclaimableDeltaBytes as number,
    wastedDeltaBytes: value.wastedDeltaBytes as number,
    fileCountDelta: value.fileCountDelta as number,
    efficiencyBefore, efficiencyAfter, layers, counts, changes,
  };
}

/** Validate a message from the extension on the page's side. */
export function parseCompareToWebview(message: unknown): CompareToWebview | undefined {
  if (!isRecord(message) || typeof message.type !== 'string') return undefined;
  switch (message.type) {
    case 'ping':
      return isIndex(message.id) ? { type: 'ping', id: message.id } : undefined;
    case 'compare/progress':
    case 'compare/error':
      return isText(message.message, 10_000) ? { type: message.type, message: message.message } : undefined;
    case 'compare/result': {
      const view = message.view;
      if (!isRecord(view) || !isText(view.labelA, 4096) || !isText(view.labelB, 4096)) return undefined;
      if (!isText(view.summary, 1000)) return undefined;
      if (!isCount(view.changesTotal) || typeof view.canOpenDiff !== 'boolean') return undefined;
      const comparison = parseComparison(view.comparison);
      if (!comparison) return undefined;
      return {
        type: 'compare/result',
        view: {
          comparison, labelA: view.labelA, labelB: view.labelB, summary: view.summary,
          changesTotal: view.changesTotal, canOpenDiff: view.canOpenDiff,
        },
      };
    }
    case 'compare/snapshotRequest':
      return isIndex(message.id) ? { type: 'compare/snapshotRequest', id: message.id } : undefined;
    default:
      return undefined;
  }
}
