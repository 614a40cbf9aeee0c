// The panel's header: the image's figures (total size, dive's efficiency and wasted bytes, the
// bytes really reclaimable) and the top wasted and largest files, each a link into the tree.
import type { AnalyzeSummary, ImageAnalysis, WastedEntry } from '../../src/shared/protocol/analyze';
import { el } from '../common/bridge';
import { formatBytes, formatCount, formatPercent, shortDigest } from './format';

export interface HeaderEvents {
  exportJson(): void;
  compareWith(): void;
  showFile(path: string, layer: number): void;
}

const TOP_FILES = 8;

const CAUSE_EXPLAINED: Record<WastedEntry['cause'], string> = {
  'deleted-later': 'Deleted by a later layer: the bytes stay in the layer that added them. Delete in the same RUN, or use a multi-stage build.',
  overwritten: 'Replaced by different content in a later layer: both copies are stored. Write the final version once.',
  'metadata-only-copy': 'A later layer changed only metadata (chmod/chown), which stores the whole file again. Use COPY --chmod/--chown, or change it in the RUN that made it.',
};

export function causeText(entry: WastedEntry): string {
  const by = `layer ${entry.causedByLayer}`;
  switch (entry.cause) {
    case 'deleted-later':
      return `deleted in ${by}`;
    case 'overwritten':
      return `overwritten in ${by}`;
    case 'metadata-only-copy':
      return `copied again by ${by} (chmod/chown)`;
  }
}

function figure(name: string, label: string, value: string, raw: number, detail: string, explanation: string, level = ''): HTMLElement {
  return el(
    'div',
    { class: `figure ${level}`, 'data-figure': name, 'data-value': String(raw), title: explanation, role: 'group', 'aria-label': `${label}: ${value}. ${detail}` },
    el('div', { class: 'figure-label' }, label),
    el('div', { class: 'figure-value' }, value),
    el('div', { class: 'figure-detail muted' }, detail),
  );
}

type Ci = NonNullable<AnalyzeSummary['ci']>;

/** A figure's tint from dive's CI rules that judge it: failed, passed, or not judged. */
function levelFor(ci: Ci | undefined, ...rules: Array<Ci['results'][number]['rule']>): string {
  const results = ci?.results.filter((result) => rules.includes(result.rule) && result.status !== 'SKIP') ?? [];
  if (results.length === 0) return '';
  return results.some((result) => result.status === 'FAIL' || result.status === 'MISCONFIGURED') ? 'level-critical' : 'level-ok';
}

/** dive's rule names are long single words that a narrow card can only break mid-word. */
const RULE_SHORT: Record<Ci['results'][number]['rule'], string> = {
  lowestEfficiency: 'efficiency',
  highestWastedBytes: 'wasted bytes',
  highestUserWastedPercent: 'user wasted %',
};

function ciFigure(ci: Ci): HTMLElement {
  const verdict = ci.misconfigured ? 'Misconfigured' : ci.pass ? 'Pass' : 'Fail';
  const failed = ci.results.filter((result) => result.status === 'FAIL' || result.status === 'MISCONFIGURED');
  const detail = failed.length ? `${failed.map((result) => RULE_SHORT[result.rule] ?? result.rule).join(', ')} ${failed.length === 1 ? 'fails' : 'fail'}` : `rules from ${ci.source}`;
  const explanation = ci.results.map((result) => `${result.status} ${result.rule}: ${result.value}${result.message ? ` (${result.message})` : ''}`).join('\n');
  return figure('ci', "dive's CI rules", verdict, ci.pass ? 1 : 0, detail, `${explanation}\nThresholds from ${ci.source}.`, ci.pass ? 'level-ok' : 'level-critical');
}

function fileButton(path: string, layer: number, events: HeaderEvents, described: string): HTMLButtonElement {
  const button = el('button', { class: 'file-link', type: 'button', title: `Show /${path} in layer ${layer}`, 'aria-label': `/${path}, ${described}` }, `/${path}`);
  button.addEventListener('click', () => events.showFile(path, layer));
  return button;
}

function wastedTable(analysis: ImageAnalysis, totalEntries: number, events: HeaderEvents): HTMLElement {
  const top = analysis.wasted.slice(0, TOP_FILES);
  const caption = totalEntries > top.length ? `Top wasted files (${top.length} of ${formatCount(totalEntries)})` : 'Wasted files';
  if (top.length === 0) {
    return el('section', { class: 'top-files', 'aria-label': 'Wasted files' }, el('h2', {}, 'Wasted files'), el('p', { class: 'muted' }, 'Nothing: every byte stored in a layer is visible in the final filesystem.'));
  }
  const rows = top.map((entry) =>
    el(
      'tr',
      { 'data-wasted': '' },
      el('td', { class: 'path-cell' }, fileButton(entry.path, entry.layer, events, `${formatBytes(entry.bytes)} wasted: layer ${entry.layer}, ${causeText(entry)}`)),
      el('td', { class: 'num' }, formatBytes(entry.bytes)),
      el('td', { class: `cause cause-${entry.cause}`, title: `Layer ${entry.layer}, ${causeText(entry)}.\n${CAUSE_EXPLAINED[entry.cause]}` }, `layer ${entry.layer}, ${causeText(entry)}`),
    ),
  );
  return el(
    'section',
    { class: 'top-files', 'aria-label': caption },
    el('h2', {}, caption),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Path'), el('th', { class: 'num' }, 'Bytes'), el('th', {}, 'Why'))), el('tbody', {}, ...rows)),
  );
}

function largestTable(analysis: ImageAnalysis, events: HeaderEvents): HTMLElement {
  const rows = analysis.largestFiles.slice(0, TOP_FILES).map((file) =>
    el(
      'tr',
      {},
      el('td', { class: 'path-cell' }, fileButton(file.path, file.layer, events, `${formatBytes(file.sizeBytes)}, from layer ${file.layer}`)),
      el('td', { class: 'num' }, formatBytes(file.sizeBytes)),
      el('td', { class: 'muted' }, `layer ${file.layer}`),
    ),
  );
  return el(
    'section',
    { class: 'top-files', 'aria-label': 'Largest files' },
    el('h2', {}, 'Largest files'),
    el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Path'), el('th', { class: 'num' }, 'Bytes'), el('th', {}, 'From'))), el('tbody', {}, ...rows)),
  );
}

export function renderHeader(summary: AnalyzeSummary, events: HeaderEvents): HTMLElement {
  const { analysis } = summary;
  const exportButton = el('vscode-button', { secondary: '', icon: 'export', title: 'Save the analysis as JSON (the document `stevedore analyze --format json` prints)' }, 'Export JSON');
  exportButton.addEventListener('click', () => events.exportJson());
  const compareButton = el('vscode-button', { secondary: '', icon: 'diff', title: 'Compare this image with another: an engine image or an archive' }, 'Compare with…');
  compareButton.addEventListener('click', () => events.compareWith());
  const title = el(
    'div',
    { class: 'title-row' },
    el(
      'div',
      { class: 'title' },
      el('h1', {}, analysis.image || summary.sourceLabel),
      el('span', { class: 'muted' }, [summary.sourceLabel !== analysis.image ? summary.sourceLabel : '', analysis.id ? shortDigest(analysis.id) : ''].filter(Boolean).join(' · ')),
    ),
    el('div', { class: 'title-actions' }, compareButton, exportButton),
  );
  const size = analysis.sizeBytes;
  const files = analysis.fileCount !== undefined ? ` · ${formatCount(analysis.fileCount)} files` : '';
  const figures = el(
    'div',
    { class: 'figures' },
    figure('size', 'Total size', formatBytes(size), size, `${analysis.layers.length} layers${files}`, 'Sum of the uncompressed layer sizes, as dive counts them.'),
    figure(
      'efficiency',
      'Efficiency',
      formatPercent(analysis.efficiencyScore),
      analysis.efficiencyScore,
      "dive's score",
      "dive's efficiency score: the smallest copy of every path over all copies.",
      levelFor(summary.ci, 'lowestEfficiency'),
    ),
    figure(
      'wasted',
      'Wasted (dive)',
      formatBytes(analysis.wastedBytes),
      analysis.wastedBytes,
      `user wasted ${formatPercent(analysis.userWastedPercent)}`,
      "dive's wasted bytes: every copy of a path stored twice or more, the kept copy included, so CI thresholds carry over.",
      levelFor(summary.ci, 'highestWastedBytes', 'highestUserWastedPercent'),
    ),
    figure(
      'reclaimable',
      'Reclaimable',
      formatBytes(analysis.reclaimableBytes),
      analysis.reclaimableBytes,
      size > 0 ? `${formatPercent(analysis.reclaimableBytes / size)} of the image` : '',
      'Bytes stored in layers that the final filesystem does not show: deleted later, overwritten, or copied again by chmod/chown.',
      analysis.reclaimableBytes > 0 ? 'level-warning' : 'level-ok',
    ),
  );
  if (summary.ci) figures.append(ciFigure(summary.ci));
  const flagged = analysis.flaggedEntries?.length ?? 0;
  if (flagged > 0) {
    figures.append(figure('flagged', 'Flagged entries', formatCount(flagged), flagged, 'not trusted by the analysis', analysis.flaggedEntries?.slice(0, 5).map((entry) => `/${entry.path}: ${entry.reason}`).join('\n') ?? '', 'level-critical'));
  }
  return el('header', { class: 'summary' }, title, figures, el('div', { class: 'top-tables' }, wastedTable(analysis, summary.wastedEntryCount, events), largestTable(analysis, events)));
}
