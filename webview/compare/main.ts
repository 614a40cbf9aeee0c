// Browser side of the image comparison panel: the headline, totals before and after, the aligned
// layers, and the changed paths with filters (kind, larger than) and sorting (size change, path).
// Every name is text (textContent via el()); nothing from an image is ever HTML.
import styles from '../../media/compare.css';
import type {
  AlignedLayer, CompareFromWebview, CompareSnapshot, CompareToWebview, CompareView, PathChange, PathChangeKind,
} from '../../src/shared/protocol/compare';
import { parseCompareToWebview } from '../../src/shared/protocol/compare';
import { humanizeBytes, signedBytes } from '../../src/shared/units';
import { connect, el } from '../common/bridge';

const sheet = new CSSStyleSheet();
sheet.replaceSync(styles);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

type SortKey = 'delta' | 'path';

/** What survives the panel being hidden and shown again. */
interface PageState {
  kinds: PathChangeKind[];
  minBytes: number;
  sort: SortKey;
}

const PAGE_ROWS = 300;
const THRESHOLDS: Array<[number, string]> = [
  [0, 'any size'], [1e3, '1 kB'], [1e4, '10 kB'], [1e5, '100 kB'], [1e6, '1 MB'], [1e7, '10 MB'], [1e8, '100 MB'],
];
const KIND_LABELS: Record<PathChangeKind, string> = { added: 'Added', removed: 'Removed', modified: 'Changed', metadata: 'Metadata only' };
const STATUS_LABELS: Record<AlignedLayer['status'], string> = {
  shared: 'shared', changed: 'rebuilt', added: 'only in B', removed: 'only in A',
};

const root = document.getElementById('root') as HTMLElement;
let view: CompareView | undefined;
let status: CompareSnapshot['status'] = 'comparing';
let message = 'Starting…';
let shownRows = PAGE_ROWS;
const bridge = connect<CompareToWebview, CompareFromWebview>('compare', () => view !== undefined);
const state: PageState = { kinds: ['added', 'removed', 'modified', 'metadata'], minBytes: 0, sort: 'delta', ...bridge.getState<Partial<PageState>>() };
const saveState = (): void => bridge.setState(state);

function percent(ratio: number): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)}%` : 'n/a';
}

function signedCount(delta: number): string {
  return delta > 0 ? `+${delta.toLocaleString('en-US')}` : delta < 0 ? `−${(-delta).toLocaleString('en-US')}` : '0';
}

/** Smaller is better for every figure here but efficiency. */
function deltaClass(delta: number, higherIsBetter = false): string {
  if (delta === 0) return 'number';
  return `number ${(delta < 0) !== higherIsBetter ? 'gain' : 'loss'}`;
}

function showStatus(text: string, busy: boolean): void {
  root.setAttribute('aria-busy', String(busy));
  root.replaceChildren(el('div', { class: busy ? 'loading' : 'error', role: busy ? 'status' : 'alert' }, text));
}

// ---- the parts built once the comparison arrives ----

const changesStatus = el('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
const changesBody = el('tbody');
const moreButton = el('button', { class: 'secondary more', type: 'button' }, 'Show more');
moreButton.addEventListener('click', () => {
  shownRows += PAGE_ROWS;
  renderChanges();
});

function totalsTable(current: CompareView): HTMLElement {
  const { comparison: c } = current;
  const rows: Array<[string, string, string, string, string]> = [
    ['Total size', humanizeBytes(c.a.sizeBytes), humanizeBytes(c.b.sizeBytes), signedBytes(c.sizeDeltaBytes), deltaClass(c.sizeDeltaBytes)],
    ['Final filesystem', humanizeBytes(c.a.visibleBytes), humanizeBytes(c.b.visibleBytes), signedBytes(c.visibleDeltaBytes), deltaClass(c.visibleDeltaBytes)],
    ['Paths', c.a.fileCount.toLocaleString('en-US'), c.b.fileCount.toLocaleString('en-US'), signedCount(c.fileCountDelta), 'number'],
    ['Layers', String(c.a.layerCount), String(c.b.layerCount), signedCount(c.b.layerCount - c.a.layerCount), 'number'],
    ['Efficiency (dive)', percent(c.efficiencyBefore), percent(c.efficiencyAfter),
      Number.isFinite(c.efficiencyAfter - c.efficiencyBefore) ? `${c.efficiencyAfter >= c.efficiencyBefore ? '+' : '−'}${Math.abs((c.efficiencyAfter - c.efficiencyBefore) * 100).toFixed(1)} pt` : 'n/a',
      deltaClass(c.efficiencyAfter - c.efficiencyBefore, true)],
    ['Wasted bytes (dive)', humanizeBytes(c.a.wastedBytes), humanizeBytes(c.b.wastedBytes), signedBytes(c.wastedDeltaBytes), deltaClass(c.wastedDeltaBytes)],
    ['Reclaimable bytes', humanizeBytes(c.a.reclaimableBytes), humanizeBytes(c.b.reclaimableBytes), signedBytes(c.reclaimableDeltaBytes), deltaClass(c.reclaimableDeltaBytes)],
  ];
  return el(
    'table',
    { class: 'totals', 'aria-labelledby': 'totals-heading' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Figure'), el('th', { scope: 'col', class: 'number' }, 'Before (A)'), el('th', { scope: 'col', class: 'number' }, 'After (B)'), el('th', { scope: 'col', class: 'number' }, 'Change'))),
    el('tbody', {}, ...rows.map(([label, before, after, delta, cls]) =>
      el('tr', { 'data-figure': label }, el('th', { scope: 'row' }, label), el('td', { class: 'number' }, before), el('td', { class: 'number' }, after), el('td', { class: cls }, delta)))),
  );
}

function layersTable(current: CompareView): HTMLElement {
  return el(
    'table',
    { class: 'layers', 'aria-labelledby': 'layers-heading' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', class: 'number' }, 'A'), el('th', { scope: 'col', class: 'number' }, 'B'),
      el('th', { scope: 'col' }, 'Layer'), el('th', { scope: 'col', class: 'number' }, 'Size change'), el('th', { scope: 'col' }, 'Instruction'))),
    el('tbody', {}, ...current.comparison.layers.map((row) => {
      const a = row.a ? `${row.a.index} (${humanizeBytes(row.a.sizeBytes)})` : '—';
      const b = row.b ? `${row.b.index} (${humanizeBytes(row.b.sizeBytes)})` : '—';
      const command = row.status === 'changed' && row.a && row.b && row.a.command !== row.b.command
        ? `${row.a.command}  →  ${row.b.command}`
        : (row.b ?? row.a)?.command ?? '';
      return el('tr', { class: 'layer-row' },
        el('td', { class: 'number' }, a), el('td', { class: 'number' }, b),
        el('td', { class: `status-${row.status}` }, STATUS_LABELS[row.status]),
        el('td', { class: deltaClass(row.sizeDeltaBytes) }, signedBytes(row.sizeDeltaBytes)),
        el('td', { class: 'command' }, command));
    })),
  );
}

function filtered(current: CompareView): PathChange[] {
  const kinds = new Set(state.kinds);
  const list = current.comparison.changes.filter((change) =>
    kinds.has(change.change) &&
    Math.max(Math.abs(change.sizeDeltaBytes), change.sizeBeforeBytes, change.sizeAfterBytes) >= state.minBytes);
  const byPath = (x: PathChange, y: PathChange): number => {
    const kx = x.path.replace(/\//g, '\u0000');
    const ky = y.path.replace(/\//g, '\u0000');
    return kx < ky ? -1 : kx > ky ? 1 : 0;
  };
  return list.sort(state.sort === 'path' ? byPath : (x, y) => Math.abs(y.sizeDeltaBytes) - Math.abs(x.sizeDeltaBytes) || byPath(x, y));
}

function changeText(change: PathChange): string {
  if (change.change === 'modified') {
    const detail = { grown: 'grown', shrunk: 'shrunk', content: 'same size, other bytes', type: 'another type', link: 'another link target' };
    return `changed: ${change.detail ? detail[change.detail] : 'content'}`;
  }
  if (change.change === 'metadata') {
    const parts: string[] = [];
    const mode = (value: number | undefined): string => (value ?? 0).toString(8).padStart(4, '0');
    if (change.modeBefore !== undefined) parts.push(`mode ${mode(change.modeBefore)} → ${mode(change.modeAfter)}`);
    if (change.ownerBefore !== undefined) parts.push(`owner ${change.ownerBefore} → ${change.ownerAfter}`);
    return `metadata${parts.length ? `: ${parts.join(', ')}` : ''}`;
  }
  return change.change;
}

function layersText(change: PathChange): string {
  const side = (name: string, layer: number | null, deleted: boolean): string => (layer === null ? `${name} —` : `${name} ${layer}${deleted ? ' (deleted)' : ''}`);
  return `${side('A', change.layerA, change.change === 'added')}, ${side('B', change.layerB, change.change === 'removed')}`;
}

function renderChanges(): void {
  if (!view) return;
  const current = view;
  const list = filtered(current);
  const rows = list.slice(0, shownRows).map((change) => {
    const pathCell = el('td', { class: 'path' }, `/${change.path}`);
    if (current.canOpenDiff && change.change === 'modified' && change.kind === 'file') {
      const open = el('button', { class: 'link', type: 'button', 'aria-label': `Open the diff of /${change.path}` }, 'diff');
      open.addEventListener('click', () => bridge.post({ type: 'compare/openDiff', path: change.path }));
      pathCell.append(' ', open);
    }
    return el('tr', { class: 'change-row', 'data-path': change.path },
      pathCell,
      el('td', { class: `change-${change.change}` }, changeText(change)),
      el('td', { class: 'number' }, change.change === 'added' ? '—' : humanizeBytes(change.sizeBeforeBytes)),
      el('td', { class: 'number' }, change.change === 'removed' ? '—' : humanizeBytes(change.sizeAfterBytes)),
      el('td', { class: deltaClass(change.sizeDeltaBytes) }, signedBytes(change.sizeDeltaBytes)),
      el('td', {}, layersText(change)));
  });
  changesBody.replaceChildren(...rows);
  const total = current.changesTotal;
  const sent = current.comparison.changes.length;
  const shown = Math.min(list.length, shownRows);
  changesStatus.textContent =
    `Showing ${shown.toLocaleString('en-US')} of ${list.length.toLocaleString('en-US')} changes that match` +
    (sent < total ? ` (the ${sent.toLocaleString('en-US')} largest of ${total.toLocaleString('en-US')} were sent; stevedore.compare.maxListedChanges)` : '');
  moreButton.hidden = list.length <= shownRows;
}

function sortHeader(label: string, key: SortKey, numeric: boolean): HTMLElement {
  const button = el('button', { type: 'button', title: `Sort by ${label.toLowerCase()}` }, label);
  const th = el('th', { scope: 'col', class: numeric ? 'number' : '', 'aria-sort': state.sort === key ? (key === 'delta' ? 'descending' : 'ascending') : 'none' }, button);
  button.addEventListener('click', () => {
    state.sort = key;
    saveState();
    shownRows = PAGE_ROWS;
    for (const header of document.querySelectorAll('th[aria-sort]')) header.setAttribute('aria-sort', 'none');
    th.setAttribute('aria-sort', key === 'delta' ? 'descending' : 'ascending');
    renderChanges();
  });
  return th;
}

function filters(current: CompareView): HTMLElement {
  const { counts } = current.comparison;
  const boxes = (Object.keys(KIND_LABELS) as PathChangeKind[]).map((kind) => {
    const box = el('input', { type: 'checkbox', 'data-kind': kind });
    box.checked = state.kinds.includes(kind);
    box.addEventListener('change', () => {
      state.kinds = box.checked ? [...new Set([...state.kinds, kind])] : state.kinds.filter((k) => k !== kind);
      saveState();
      shownRows = PAGE_ROWS;
      renderChanges();
    });
    return el('label', { class: `change-${kind}` }, box, `${KIND_LABELS[kind]} (${counts[kind].toLocaleString('en-US')})`);
  });
  const size = el('select', { 'aria-label': 'Only changes larger than' });
  for (const [bytes, label] of THRESHOLDS) {
    const option = el('option', { value: String(bytes) }, label);
    option.selected = bytes === state.minBytes;
    size.append(option);
  }
  size.addEventListener('change', () => {
    state.minBytes = Number(size.value);
    saveState();
    shownRows = PAGE_ROWS;
    renderChanges();
  });
  return el('fieldset', { class: 'filters' }, el('legend', {}, 'Filter changes'), ...boxes, el('label', {}, 'Larger than', size));
}

function render(current: CompareView): void {
  const exportButton = el('button', { class: 'secondary', type: 'button', title: 'Save the comparison as `stevedore diff --format json` prints it' }, 'Export JSON');
  exportButton.addEventListener('click', () => bridge.post({ type: 'compare/export' }));
  shownRows = PAGE_ROWS;
  root.setAttribute('aria-busy', 'false');
  root.replaceChildren(
    el('header', {},
      el('div', { class: 'title-row' },
        el('div', {},
          el('h1', {}, `${current.labelA} → ${current.labelB}`),
          el('p', { class: 'headline', id: 'headline', role: 'status' }, current.summary)),
        exportButton)),
    el('section', { 'aria-labelledby': 'totals-heading' }, el('h2', { id: 'totals-heading' }, 'Before and after'), totalsTable(current)),
    el('section', { 'aria-labelledby': 'layers-heading' }, el('h2', { id: 'layers-heading' }, 'Layers, aligned'), layersTable(current)),
    el('section', { 'aria-labelledby': 'changes-heading' },
      el('h2', { id: 'changes-heading' }, 'Changed paths'),
      filters(current),
      changesStatus,
      el('table', { class: 'changes', 'aria-labelledby': 'changes-heading' },
        el('thead', {}, el('tr', {},
          sortHeader('Path', 'path', false),
          el('th', { scope: 'col' }, 'Change'),
          el('th', { scope: 'col', class: 'number' }, 'Before'),
          el('th', { scope: 'col', class: 'number' }, 'After'),
          sortHeader('Size change', 'delta', true),
          el('th', { scope: 'col' }, 'Layers'))),
        changesBody),
      moreButton),
  );
  renderChanges();
}

function snapshot(): CompareSnapshot {
  const totals: CompareSnapshot['totals'] = {};
  for (const row of document.querySelectorAll<HTMLTableRowElement>('table.totals tbody tr')) {
    const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '');
    totals[row.dataset.figure ?? ''] = [cells[0] ?? '', cells[1] ?? '', cells[2] ?? ''];
  }
  return {
    status,
    message: status === 'shown' ? '' : message,
    summary: document.getElementById('headline')?.textContent ?? '',
    labelA: view?.labelA ?? '',
    labelB: view?.labelB ?? '',
    totals,
    layerRows: document.querySelectorAll('tr.layer-row').length,
    changeRows: document.querySelectorAll('tr.change-row').length,
    paths: [...document.querySelectorAll<HTMLTableRowElement>('tr.change-row')].map((row) => row.dataset.path ?? ''),
  };
}

showStatus(message, true);

bridge.onMessage((raw) => {
  const incoming = parseCompareToWebview(raw);
  if (!incoming) return;
  switch (incoming.type) {
    case 'compare/progress':
      if (view) return;
      status = 'comparing';
      message = incoming.message;
      showStatus(message, true);
      break;
    case 'compare/error':
      status = 'error';
      message = incoming.message;
      view = undefined;
      showStatus(message, false);
      break;
    case 'compare/result':
      status = 'shown';
      message = '';
      view = incoming.view;
      render(view);
      break;
    case 'compare/snapshotRequest':
      bridge.post({ type: 'compare/snapshot', id: incoming.id, snapshot: snapshot() });
      break;
    default:
      break;
  }
});
