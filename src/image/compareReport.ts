// What `stevedore diff` prints: the comparison as text for terminals, or as JSON with every path
// written from the image root (`/etc/passwd`), as `analyze`'s document does.
import { humanizeBytes, ratioPercent, signedBytes } from '../shared/units';
import type { AlignedLayer, ImageComparison, PathChange } from '../shared/protocol/imageComparison';

function rooted(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

export function comparisonJson(comparison: ImageComparison): string {
  const changes = comparison.changes.map((change) => ({ ...change, path: rooted(change.path) }));
  const document = { ...comparison, changes };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * The one-line summary the comparison view and the report open with:
 * "−212 MB, efficiency 84.9% → 99.1%, reclaimable 9.4 MB → 0 B".
 */
export function comparisonSummary(comparison: ImageComparison): string {
  const percent = (ratio: number): string => (Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)}%` : 'n/a');
  return (
    `${signedBytes(comparison.sizeDeltaBytes)}, efficiency ${percent(comparison.efficiencyBefore)} → ${percent(comparison.efficiencyAfter)}, ` +
    `reclaimable ${humanizeBytes(comparison.a.reclaimableBytes)} → ${humanizeBytes(comparison.b.reclaimableBytes)}`
  );
}

function truncate(text: string, width: number): string {
  const line = text.replace(/\s*\n\s*/g, ' ↵ ');
  return line.length > width ? `${line.slice(0, Math.max(width - 1, 0))}…` : line;
}

const STATUS_TEXT: Record<AlignedLayer['status'], string> = {
  shared: 'shared',
  changed: 'rebuilt',
  added: 'added',
  removed: 'removed',
};

/** Where a change came from, on each side: "A layer 3, B layer 5 (deleted)". */
function causes(change: PathChange): string {
  const side = (name: string, layer: number | null, deleted: boolean): string =>
    layer === null ? '' : `${name}: layer ${layer}${deleted ? ' deleted it' : ''}`;
  return [
    side('A', change.layerA, change.change === 'added'),
    side('B', change.layerB, change.change === 'removed'),
  ].filter(Boolean).join(', ');
}

function what(change: PathChange): string {
  if (change.change === 'metadata') {
    const parts: string[] = [];
    if (change.modeBefore !== undefined) parts.push(`mode ${change.modeBefore.toString(8).padStart(4, '0')} → ${(change.modeAfter ?? 0).toString(8).padStart(4, '0')}`);
    if (change.ownerBefore !== undefined) parts.push(`owner ${change.ownerBefore} → ${change.ownerAfter}`);
    return `metadata (${parts.join(', ')})`;
  }
  if (change.change === 'modified') return `modified (${change.detail === 'content' ? 'same size, other bytes' : change.detail})`;
  return change.change;
}

export function comparisonReport(
  comparison: ImageComparison,
  options: { top?: number; width?: number; minSizeBytes?: number } = {},
): string {
  const top = options.top ?? 20;
  const width = Math.max(options.width ?? 120, 60);
  const { a, b } = comparison;
  const lines: string[] = [];
  lines.push(`A (before): ${a.image}`);
  lines.push(`B (after):  ${b.image}`);
  lines.push(comparisonSummary(comparison));
  lines.push('');
  const row = (label: string, before: string, after: string, delta: string): string =>
    `  ${label.padEnd(30)} ${before.padStart(12)}  →  ${after.padStart(12)}   ${delta}`;
  lines.push(row('Total size', humanizeBytes(a.sizeBytes), humanizeBytes(b.sizeBytes), signedBytes(comparison.sizeDeltaBytes)));
  lines.push(row('Final filesystem', humanizeBytes(a.visibleBytes), humanizeBytes(b.visibleBytes), signedBytes(comparison.visibleDeltaBytes)));
  lines.push(row('Paths', String(a.fileCount), String(b.fileCount), signedCount(comparison.fileCountDelta)));
  lines.push(row('Layers', String(a.layerCount), String(b.layerCount), signedCount(b.layerCount - a.layerCount)));
  lines.push(row('Efficiency score (dive)', ratioPercent(a.efficiencyScore), ratioPercent(b.efficiencyScore), ''));
  lines.push(row('Wasted bytes (dive)', humanizeBytes(a.wastedBytes), humanizeBytes(b.wastedBytes), signedBytes(comparison.wastedDeltaBytes)));
  lines.push(row('Reclaimable bytes', humanizeBytes(a.reclaimableBytes), humanizeBytes(b.reclaimableBytes), signedBytes(comparison.reclaimableDeltaBytes)));
  lines.push('');
  lines.push('Layers');
  lines.push(`  ${'A'.padStart(3)}  ${'B'.padStart(3)}  ${'Δ size'.padStart(10)}  ${'Status'.padEnd(7)}  Command`);
  for (const layer of comparison.layers) {
    const prefix = `  ${String(layer.a?.index ?? '-').padStart(3)}  ${String(layer.b?.index ?? '-').padStart(3)}  ${signedBytes(layer.sizeDeltaBytes).padStart(10)}  ${STATUS_TEXT[layer.status].padEnd(7)}  `;
    lines.push(prefix + truncate((layer.b ?? layer.a)?.command ?? '', width - prefix.length));
  }
  lines.push('');
  const { counts } = comparison;
  lines.push(`Changed paths: ${counts.added} added, ${counts.removed} removed, ${counts.modified} modified, ${counts.metadata} metadata only`);
  const listed = [...comparison.changes].sort(
    (x, y) =>
      Math.abs(y.sizeDeltaBytes) - Math.abs(x.sizeDeltaBytes) || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0),
  );
  const total = counts.added + counts.removed + counts.modified + counts.metadata;
  if (listed.length === 0) {
    lines.push(total === 0 ? '  None: the final filesystems are the same.' : `  None at least ${humanizeBytes(options.minSizeBytes ?? 0)}.`);
  } else {
    const filtered = listed.length < total ? ` (${listed.length} at least ${humanizeBytes(options.minSizeBytes ?? 0)})` : '';
    lines.push(`Largest changes first${filtered}:`);
    for (const change of listed.slice(0, top)) {
      const text = `${signedBytes(change.sizeDeltaBytes).padStart(10)}  ${rooted(change.path)}  ${what(change)}`;
      const cause = causes(change);
      lines.push(`  ${truncate(cause ? `${text}  [${cause}]` : text, width - 2)}`);
    }
    if (listed.length > top) lines.push(`  … ${listed.length - top} more (--format json lists them all)`);
  }
  return lines.join('\n') + '\n';
}

function signedCount(delta: number): string {
  return delta > 0 ? `+${delta}` : delta < 0 ? `−${-delta}` : '0';
}
