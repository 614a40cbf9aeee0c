// Plain-text reports for terminals: the analysis summary and dive's CI verdict. Sizes are written
// the way dive (go-humanize) writes them, so the figures read the same in both tools (src/shared/units.ts).
import { humanizeBytes, ratioPercent } from '../shared/units';
import type { CiVerdict } from './ci';
import type { ImageAnalysis, WasteCause } from './types';

const CAUSE_TEXT: Record<WasteCause, string> = {
  'deleted-later': 'deleted by',
  overwritten: 'overwritten by',
  'metadata-only-copy': 'copied again unchanged (chmod/chown?) by',
};

function truncate(text: string, width: number): string {
  const line = text.replace(/\s*\n\s*/g, ' ↵ ');
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

export function analysisReport(analysis: ImageAnalysis, options: { top?: number; width?: number } = {}): string {
  const top = options.top ?? 10;
  const width = Math.max(options.width ?? 120, 60);
  const lines: string[] = [];
  lines.push(`Image: ${analysis.image}${analysis.source ? ` (${analysis.source})` : ''}`);
  lines.push(`Total size: ${humanizeBytes(analysis.sizeBytes)} in ${analysis.layers.length} layers, ${analysis.fileCount ?? '?'} paths in the final filesystem`);
  lines.push(`Efficiency score (dive): ${ratioPercent(analysis.efficiencyScore)}`);
  lines.push(`Wasted bytes (dive, kept copies included): ${humanizeBytes(analysis.wastedBytes)}   user wasted (dive): ${ratioPercent(analysis.userWastedPercent)}`);
  lines.push(`Reclaimable bytes (stored, not visible in the final filesystem): ${humanizeBytes(analysis.reclaimableBytes)}`);
  lines.push('');
  lines.push('Layers');
  lines.push(`  ${'#'.padStart(3)}  ${'Size'.padStart(9)}  ${'Stored'.padStart(9)}  ${'Files'.padStart(6)}  ${'Entries +/~/-'.padEnd(13)}  Command`);
  for (const layer of analysis.layers) {
    const changes = `${layer.added}/${layer.modified}/${layer.removed}`;
    const stored = layer.compressedSizeBytes === undefined ? '-' : humanizeBytes(layer.compressedSizeBytes);
    // The Dockerfile line first, as file:line: (terminals make it a link), so truncation keeps it.
    const source = layer.source ? `${layer.source.file}:${layer.source.line}: ` : '';
    const prefix = `  ${String(layer.index).padStart(3)}  ${humanizeBytes(layer.sizeBytes).padStart(9)}  ${stored.padStart(9)}  ${String(layer.files).padStart(6)}  ${changes.padEnd(13)}  `;
    lines.push(prefix + truncate(source + layer.command, width - prefix.length));
  }
  lines.push('  (Files: entries that are not directories. Entries: paths added/modified/removed, directories included.)');
  lines.push('');
  if (analysis.wasted.length === 0) {
    lines.push('Reclaimable: none. Every stored byte is visible in the final filesystem.');
  } else {
    lines.push(`Reclaimable, largest first (${analysis.wasted.length} entries):`);
    for (const entry of analysis.wasted.slice(0, top)) {
      lines.push(`  ${humanizeBytes(entry.bytes).padStart(9)}  /${entry.path}  (written by layer ${entry.layer}, ${CAUSE_TEXT[entry.cause]} layer ${entry.causedByLayer})`);
    }
    if (analysis.wasted.length > top) lines.push(`  … ${analysis.wasted.length - top} more (--format json lists them all)`);
  }
  lines.push('');
  lines.push('Largest files:');
  for (const file of analysis.largestFiles.slice(0, top)) {
    lines.push(`  ${humanizeBytes(file.sizeBytes).padStart(9)}  /${file.path}  (layer ${file.layer})`);
  }
  const flagged = analysis.flaggedEntries ?? [];
  if (flagged.length) {
    lines.push('');
    lines.push(`Entries flagged as untrustworthy (${flagged.length}):`);
    for (const entry of flagged.slice(0, top)) lines.push(`  layer ${entry.layer}: ${JSON.stringify(entry.path)}: ${entry.reason}`);
  }
  return lines.join('\n') + '\n';
}

/** dive's CI report: inefficient files, then one line per rule, then the tally. */
export function ciReport(analysis: ImageAnalysis, verdict: CiVerdict): string {
  const lines: string[] = [];
  lines.push(`  efficiency: ${ratioPercent(analysis.efficiencyScore)}`);
  lines.push(`  wastedBytes: ${analysis.wastedBytes} bytes (${humanizeBytes(analysis.wastedBytes)})`);
  lines.push(`  userWastedPercent: ${ratioPercent(analysis.userWastedPercent)}`);
  lines.push(`  reclaimableBytes: ${analysis.reclaimableBytes} bytes (${humanizeBytes(analysis.reclaimableBytes)})`);
  lines.push('Inefficient Files:');
  lines.push(`${'Count'.padStart(5)}  ${'Wasted Space'.padStart(12)}  File Path`);
  const files = analysis.inefficientFiles ?? [];
  if (files.length === 0) lines.push('None');
  for (const file of files) lines.push(`${String(file.count).padStart(5)}  ${humanizeBytes(file.sizeBytes).padStart(12)}  ${file.file}`);
  lines.push('Results:');
  for (const result of [...verdict.results].sort((a, b) => (a.rule < b.rule ? -1 : 1))) {
    lines.push(`  ${result.status}: ${result.rule}${result.message ? `: ${result.message}` : ''}`);
  }
  if (verdict.misconfigured) {
    lines.push('CI Misconfigured');
  } else {
    const count = (status: string): number => verdict.results.filter((result) => result.status === status).length;
    lines.push(
      `Result:${verdict.pass ? 'PASS' : 'FAIL'} [Total:${verdict.results.length}] [Passed:${count('PASS')}] [Failed:${count('FAIL')}] [Warn:0] [Skipped:${count('SKIP')}]`,
    );
  }
  return lines.join('\n') + '\n';
}
