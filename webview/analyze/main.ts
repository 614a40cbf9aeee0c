// Browser side of the Analyze image panel: header, layer list and the virtualised file tree.
// The extension sends the summary first; each layer's tree is asked for when it is selected.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import styles from '../../media/analyze.css';
import type { AnalyzeFromWebview, AnalyzeSnapshot, AnalyzeSummary, AnalyzeToWebview, RestoreTarget, TreeScope, WireFileTree } from '../../src/shared/protocol/analyze';
import { parseAnalyzeToWebview } from '../../src/shared/protocol/analyze';
import { connect, el } from '../common/bridge';
import { FileTreeModel, type SortOrder } from './fileTreeModel';
import { FileTreeView } from './fileTreeView';
import { countOf, formatBytes, formatCount } from './format';
import { renderHeader } from './header';
import { LargestFiles } from './largestFiles';
import { LayerList } from './layerList';

// A constructed sheet: the CSP allows no inline <style>, and the bundle carries its own CSS.
const sheet = new CSSStyleSheet();
sheet.replaceSync(styles);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

/** What survives the panel being hidden and shown again (the page is not kept alive meanwhile). */
interface PageState {
  /** What the panel analyses: VS Code hands it back to the extension to restore the panel after a reload. */
  target?: RestoreTarget;
  layer?: number;
  scope: TreeScope;
  query: string;
  changesOnly: boolean;
  sort: SortOrder;
  /** The glob of the "Largest files in the image" list. */
  largestGlob?: string;
}

const root = document.getElementById('root') as HTMLElement;
let summary: AnalyzeSummary | undefined;
const bridge = connect<AnalyzeToWebview, AnalyzeFromWebview>('analyze', () => summary !== undefined);
const state: PageState = { scope: 'layer', query: '', changesOnly: false, sort: 'name', ...bridge.getState<Partial<PageState>>() };
const saveState = (): void => bridge.setState(state);

const MODEL_CACHE_SIZE = 3;
const models = new Map<string, FileTreeModel>();
const treeKey = (layer: number, scope: TreeScope): string => `${layer}:${scope}`;
let pendingTree = '';

const statusText = el('span', { class: 'muted' }, 'Starting…');
root.replaceChildren(el('div', { class: 'loading', role: 'status' }, el('vscode-progress-ring', { 'aria-label': 'Analysing image' }), statusText));

// ---- the parts built once the summary arrives ----

const layerList = new LayerList({
  select: (index) => {
    state.layer = index;
    saveState();
    showLayerDetail();
    showTree();
  },
  openSource: (index) => {
    if (summary?.analysis.layers[index]?.source) bridge.post({ type: 'analyze/openLayerSource', layerIndex: index });
  },
});

const treeView = new FileTreeView('Files');
const layerDetail = el('div', { class: 'layer-detail', 'aria-live': 'polite' });
const treeStatus = el('div', { class: 'tree-status muted', role: 'status', 'aria-live': 'polite' });
const treeMessage = el('div', { class: 'tree-message', hidden: '' });

const scopeLayer = el('vscode-radio', { name: 'scope', value: 'layer', label: 'This layer' });
const scopeAggregate = el('vscode-radio', { name: 'scope', value: 'aggregate', label: 'Everything up to it' });
const scopeGroup = el('vscode-radio-group', { 'aria-label': 'Files shown' }, scopeLayer, scopeAggregate);
const filterBox = el('vscode-textfield', { placeholder: 'Filter files', title: 'Filter by name, or by path when the text has a /. Typing on the tree starts a filter; Esc clears it.', 'aria-label': 'Filter files by name or path' }) as VscodeTextfield;
filterBox.append(el('vscode-icon', { slot: 'content-before', name: 'filter', 'aria-hidden': 'true' }));
const changesOnly = el('vscode-checkbox', { label: 'Changes only' }) as VscodeCheckbox;
const sortSelect = el(
  'vscode-single-select',
  { 'aria-label': 'Sort files' },
  el('vscode-option', { value: 'name' }, 'Sort by name'),
  el('vscode-option', { value: 'size' }, 'Sort by size'),
) as VscodeSingleSelect;

// The radio group moves its check with the arrow keys without a change event, so the scope is read
// back after clicks and keys as well.
const syncScope = (): void => {
  const scope = scopeAggregate.checked ? 'aggregate' : 'layer';
  if (scope === state.scope) return;
  state.scope = scope;
  saveState();
  showTree();
};
for (const type of ['change', 'click', 'keyup']) scopeGroup.addEventListener(type, syncScope);
let filterTimer = 0;
const applyFilter = (): void => {
  state.query = filterBox.value;
  saveState();
  treeView.setFilter({ query: state.query, changesOnly: state.changesOnly });
};
filterBox.addEventListener('input', () => {
  clearTimeout(filterTimer);
  // Big trees re-filter in tens of ms: wait for a pause in typing.
  filterTimer = window.setTimeout(applyFilter, treeView.nodeCount > 20_000 ? 120 : 0);
});
filterBox.addEventListener('keydown', (event: KeyboardEvent) => {
  if (event.key === 'Escape' && filterBox.value) {
    filterBox.value = '';
    applyFilter();
    event.preventDefault();
    // Leaving the field before it has re-rendered makes it copy the old text back on blur.
    void filterBox.updateComplete.then(() => treeView.focus());
  } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
    clearTimeout(filterTimer);
    applyFilter();
    treeView.focus();
    event.preventDefault();
  }
});
changesOnly.addEventListener('change', () => {
  state.changesOnly = changesOnly.checked;
  saveState();
  treeView.setFilter({ query: state.query, changesOnly: state.changesOnly });
});
sortSelect.addEventListener('change', () => {
  state.sort = sortSelect.value === 'size' ? 'size' : 'name';
  saveState();
  treeView.setSort(state.sort);
});
treeView.onTypeToFilter = (text) => {
  filterBox.value += text;
  filterBox.focus();
  clearTimeout(filterTimer);
  filterTimer = window.setTimeout(applyFilter, treeView.nodeCount > 20_000 ? 120 : 0);
};
treeView.onRowsChanged = () => updateTreeStatus();

// ---- files from the tree: open in an editor, save to disk ----

const openButton = el('vscode-button', {
  secondary: '', icon: 'go-to-file', title: 'Open the selected file in an editor (Enter on the tree); a file this layer changed opens as a diff',
}, 'Open');
const saveButton = el('vscode-button', { secondary: '', icon: 'save-as', title: 'Save the selected file or folder to a folder on disk' }, 'Save as…');
function fileAction(
  type: 'analyze/openFile' | 'analyze/saveFile', path: string, layer = layerList.selectedIndex, scope = state.scope,
): void {
  if (!summary || layer < 0) return;
  bridge.post({ type, layerIndex: layer, scope, path });
}
function updateFileActions(): void {
  const selected = treeView.selected();
  openButton.toggleAttribute('disabled', !selected || selected.folder);
  saveButton.toggleAttribute('disabled', !selected);
  const name = selected ? `/${selected.path}` : '';
  openButton.setAttribute('aria-label', selected && !selected.folder ? `Open ${name} in an editor` : 'Open (select a file first)');
  saveButton.setAttribute('aria-label', selected ? `Save ${name} as…` : 'Save as… (select a file or folder first)');
}
openButton.addEventListener('click', () => {
  const selected = treeView.selected();
  if (selected && !selected.folder) fileAction('analyze/openFile', selected.path);
});
saveButton.addEventListener('click', () => {
  const selected = treeView.selected();
  if (selected) fileAction('analyze/saveFile', selected.path);
});
treeView.onOpen = (path) => fileAction('analyze/openFile', path);
// Right-click on a row: VS Code's own menu (Open, Save as…), whose commands receive this context.
treeView.rowContext = (path, folder) => JSON.stringify({
  webviewSection: folder ? 'folder' : 'file', path, layer: layerList.selectedIndex, scope: state.scope, preventDefaultContextMenuItems: true,
});
treeView.onSelect = updateFileActions;

const largestList = new LargestFiles({
  request: (glob) => {
    state.largestGlob = glob;
    saveState();
    bridge.post({ type: 'analyze/requestLargest', glob });
  },
  open: (path, layer) => fileAction('analyze/openFile', path, layer, 'aggregate'),
  show: (path, layer) => showFile(path, layer),
});
largestList.setGlob(state.largestGlob ?? '');

/** The selected layer in full: its whole command (the list truncates it), when, and its Dockerfile line. */
function showLayerDetail(): void {
  const analysis = summary?.analysis;
  const layer = analysis?.layers[layerList.selectedIndex];
  if (!analysis || !layer) return;
  const facts = [
    `Layer ${layer.index} (layers 0–${analysis.layers.length - 1})`,
    formatBytes(layer.sizeBytes) + (layer.compressedSizeBytes !== undefined ? ` (${formatBytes(layer.compressedSizeBytes)} stored)` : ''),
    `${countOf(layer.files, 'file')} · entries +${formatCount(layer.added)} ~${formatCount(layer.modified)} −${formatCount(layer.removed)}`,
  ];
  if (layer.createdAt) facts.push(`created ${layer.createdAt.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC')}`);
  const title = el('div', { class: 'layer-detail-facts muted' }, facts.join(' · '));
  if (layer.source) {
    const source = layer.source;
    const link = el('button', { class: 'file-link', type: 'button', title: `Open ${source.file} at line ${source.line}` }, `${source.file.split(/[\\/]/).pop() ?? source.file}:${source.line}`);
    link.addEventListener('click', () => bridge.post({ type: 'analyze/openLayerSource', layerIndex: layer.index }));
    title.append(' · ', link);
  }
  // A long command scrolls, so it is a named stop in the tab order (Chromium focuses scrollers anyway).
  layerDetail.replaceChildren(title, el('code', { class: 'layer-detail-command', tabindex: '0', role: 'region', 'aria-label': `Command of layer ${layer.index}` }, layer.command || '(no command recorded)'));
}

function updateTreeStatus(): void {
  const layer = summary?.analysis.layers[layerList.selectedIndex];
  if (!layer) return;
  const scope = state.scope === 'layer' ? `layer ${layer.index}` : `layers 0–${layer.index}`;
  const shown = treeView.visibleCount;
  const total = treeView.nodeCount;
  treeStatus.textContent = `${formatCount(shown)} of ${formatCount(total)} entries showing · ${scope} · ${formatBytes(layer.sizeBytes)} in this layer`;
}

function showTree(): void {
  const analysis = summary?.analysis;
  if (!analysis || analysis.layers.length === 0) return;
  const layer = layerList.selectedIndex;
  const key = treeKey(layer, state.scope);
  const label = state.scope === 'layer' ? `Files changed by layer ${layer}` : `Files as of layer ${layer}`;
  treeView.setLabel(label);
  const cached = models.get(key);
  if (cached) {
    // A reply still on its way for the layer shown before must not replace this one.
    pendingTree = '';
    // Most recently used last, so the oldest is evicted first.
    models.delete(key);
    models.set(key, cached);
    installModel(cached, layer);
    return;
  }
  pendingTree = key;
  treeMessage.hidden = false;
  treeMessage.replaceChildren(el('vscode-progress-ring', { 'aria-hidden': 'true' }), el('span', { class: 'muted' }, `Reading the files of layer ${layer}…`));
  bridge.post({ type: 'analyze/requestTree', layerIndex: layer, scope: state.scope });
}

function installModel(model: FileTreeModel, layer: number): void {
  treeMessage.hidden = true;
  treeView.prepare({ query: state.query, changesOnly: state.changesOnly }, state.sort);
  treeView.setModel(model, state.scope === 'layer' ? `Layer ${layer} changes no files.` : 'No files.');
  updateTreeStatus();
}

function receiveTree(layer: number, scope: TreeScope, tree: WireFileTree): void {
  const key = treeKey(layer, scope);
  const model = new FileTreeModel(tree);
  models.set(key, model);
  while (models.size > MODEL_CACHE_SIZE) models.delete(models.keys().next().value as string);
  if (key === pendingTree) {
    pendingTree = '';
    installModel(model, layer);
  }
}

function showFile(path: string, layer: number): void {
  layerList.select(layer, false);
  showLayerDetail();
  state.layer = layer;
  state.scope = 'layer';
  scopeLayer.checked = true;
  saveState();
  revealAfterLoad = path;
  showTree();
  if (!pendingTree) revealPending();
}
let revealAfterLoad = '';
function revealPending(): void {
  if (!revealAfterLoad) return;
  const path = revealAfterLoad;
  revealAfterLoad = '';
  if (treeView.reveal(path)) {
    filterBox.value = state.query = '';
    saveState();
    treeView.focus();
  }
}

function renderSummary(next: AnalyzeSummary): void {
  summary = next;
  const { analysis } = next;
  document.title = `Analyze ${analysis.image}`;
  const header = renderHeader(next, {
    exportJson: () => bridge.post({ type: 'analyze/export' }),
    compareWith: () => bridge.post({ type: 'analyze/compare' }),
    showFile,
  });
  layerList.setLayers(analysis.layers);
  scopeLayer.checked = state.scope === 'layer';
  scopeAggregate.checked = state.scope === 'aggregate';
  filterBox.value = state.query;
  changesOnly.checked = state.changesOnly;
  sortSelect.value = state.sort;
  const toolbar = el(
    'div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'File tree options' },
    scopeGroup, filterBox, changesOnly, sortSelect, openButton, saveButton,
  );
  updateFileActions();
  root.replaceChildren(
    header,
    largestList.element,
    el(
      'div',
      { class: 'workspace' },
      el('section', { class: 'layers-pane', 'aria-labelledby': 'layers-heading' }, el('h2', { id: 'layers-heading' }, `Layers (${analysis.layers.length})`), layerList.element),
      el('section', { class: 'files-pane', 'aria-label': 'Files' }, layerDetail, toolbar, treeStatus, treeMessage, treeView.element),
    ),
  );
  root.setAttribute('aria-busy', 'false');
  if (analysis.layers.length === 0) {
    treeMessage.hidden = false;
    treeMessage.replaceChildren(el('p', { class: 'message' }, 'This image has no layers.'));
    return;
  }
  // Start where the bytes are: the largest layer, unless the page was showing another.
  const largest = analysis.layers.reduce(
    (best, layer) => (layer.sizeBytes > analysis.layers[best].sizeBytes ? layer.index : best),
    0,
  );
  const start = state.layer !== undefined && state.layer < analysis.layers.length ? state.layer : largest;
  layerList.select(start, false);
  state.layer = start;
  showLayerDetail();
  showTree();
  layerList.element.focus();
}

function snapshot(): AnalyzeSnapshot {
  // Figures not on screen (still analysing, or an error) read as 0.
  const value = (name: string): number => Number(root.querySelector<HTMLElement>(`[data-figure="${name}"]`)?.dataset.value ?? 0);
  const error = root.querySelector('[role="alert"]')?.textContent ?? '';
  return {
    status: error ? 'error' : summary ? 'shown' : 'analysing',
    message: error || (summary ? '' : statusText.textContent ?? ''),
    image: root.querySelector('header h1')?.textContent ?? '',
    layerRows: root.querySelectorAll('.layers [role="option"]').length,
    linkedLayers: root.querySelectorAll('.layers .layer-source').length,
    sizeBytes: value('size'),
    efficiencyScore: value('efficiency'),
    wastedBytes: value('wasted'),
    reclaimableBytes: value('reclaimable'),
    wastedRows: root.querySelectorAll('[data-wasted]').length,
    selectedLayer: layerList.selectedIndex,
    treeScope: state.scope,
    treeRowsRendered: root.contains(treeView.element) ? treeView.renderedCount : 0,
    treeRowsTotal: treeView.visibleCount,
  };
}

function showError(text: string): void {
  const message = el('p', { class: 'message error', role: 'alert' }, text);
  if (summary) {
    treeMessage.hidden = false;
    treeMessage.replaceChildren(message);
  } else {
    root.replaceChildren(message);
    root.setAttribute('aria-busy', 'false');
  }
}

bridge.onMessage((raw) => {
  const message = parseAnalyzeToWebview(raw);
  if (!message) {
    // Say so rather than spin forever when the analysis itself is what failed validation.
    if ((raw as { type?: unknown }).type === 'analyze/summary' && !summary) showError('The analysis could not be shown: it arrived in a form this page does not accept. Please report it with the image you analysed.');
    return;
  }
  switch (message.type) {
    case 'analyze/progress':
      statusText.textContent = message.message;
      break;
    case 'analyze/error':
      showError(message.message);
      break;
    case 'analyze/restoreTarget':
      state.target = message.target;
      saveState();
      break;
    case 'analyze/summary':
      models.clear();
      renderSummary(message.summary);
      break;
    case 'analyze/largest':
      largestList.show(message.largest);
      break;
    case 'analyze/tree':
      receiveTree(message.layerIndex, message.scope, message.tree);
      revealPending();
      break;
    case 'analyze/treeError':
      if (treeKey(message.layerIndex, message.scope) === pendingTree) {
        pendingTree = '';
        showError(message.message);
      }
      break;
    case 'analyze/snapshotRequest':
      bridge.post({ type: 'analyze/snapshot', id: message.id, snapshot: snapshot() });
      break;
    default:
      break;
  }
});
