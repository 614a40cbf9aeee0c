// The virtualised file tree: only the rows in view (plus a few) exist in the DOM, all of the same
// height, recycled as the list scrolls, so a 200k-file layer scrolls like a 20-file one.
// Keyboard: arrows, Left/Right collapse/expand, Home/End, PageUp/PageDown, Enter/Space, * expands
// siblings, and typing starts the filter.
import { el } from '../common/bridge';
import { Change, type FileTreeModel, Kind, keptNodes, type RowFilter, type SortOrder, visibleRows, type VisibleRows } from './fileTreeModel';
import { countOf, formatBytes } from './format';

export const ROW_HEIGHT = 22;
const OVERSCAN = 10;
const INDENT = 14;
/** Below this many nodes a tree opens fully expanded; above, only its top level. */
const EXPAND_ALL_LIMIT = 3000;

const CHANGE_CLASS = ['change-added', 'change-modified', 'change-removed', 'change-unchanged'];
const CHANGE_WORD = ['added', 'modified', 'removed', 'unchanged'];

interface Slot {
  row: HTMLDivElement;
  twistie: HTMLSpanElement;
  icon: HTMLSpanElement;
  name: HTMLSpanElement;
  detail: HTMLSpanElement;
  size: HTMLSpanElement;
  node: number;
  open: boolean;
}

const NO_ROWS: VisibleRows = {
  nodes: new Int32Array(0), posInSet: new Int32Array(0), setSize: new Int32Array(0), count: 0,
};

export class FileTreeView {
  /** The scrolling element; it holds focus and is the ARIA tree. */
  readonly element: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly empty: HTMLParagraphElement;
  private emptyText = 'No files in this layer.';
  private model: FileTreeModel | undefined;
  private expanded = new Uint8Array(0);
  /** While filtering, every kept directory shows open unless closed here. */
  private closedWhileFiltering = new Uint8Array(0);
  private kept: Uint8Array | undefined;
  private rows: VisibleRows = NO_ROWS;
  private rowOfNode = new Int32Array(0);
  private activeRow = 0;
  private slots: Slot[] = [];
  private filter: RowFilter = { query: '', changesOnly: false };
  private order: SortOrder = 'name';
  private frame = 0;
  private lastSelected = -2;
  /** Called with a printed character typed on the tree, so the page can move it to the filter box. */
  onTypeToFilter: ((text: string) => void) | undefined;
  /** Called after the rows change (filter, expand, new tree), for the status line. */
  onRowsChanged: (() => void) | undefined;
  /** Called with a file's path when it is opened (Enter or a double click on a row that is not a folder). */
  onOpen: ((path: string) => void) | undefined;
  /** The row's context for VS Code's webview context menu (data-vscode-context), by path. */
  rowContext: ((path: string, folder: boolean) => string) | undefined;
  /** Called when the selected row changes, so the page can enable its actions. */
  onSelect: (() => void) | undefined;

  constructor(label: string) {
    this.spacer = el('div', { class: 'tree-spacer', role: 'none' });
    this.empty = el('p', { class: 'tree-empty muted', role: 'none', hidden: '' });
    this.element = el('div', { class: 'tree', role: 'tree', tabindex: '0', 'aria-label': label }, this.spacer, this.empty);
    this.element.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('click', (event) => this.onClick(event));
    this.element.addEventListener('dblclick', (event) => {
      const node = this.activeNode();
      if (node >= 0 && this.model && !this.model.hasChildren(node) && (event.target as Element).closest('.tree-row')) this.onOpen?.(this.model.path(node));
    });
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  setLabel(label: string): void {
    this.element.setAttribute('aria-label', label);
  }

  get visibleCount(): number {
    return this.rows.count;
  }

  get renderedCount(): number {
    return this.slots.filter((slot) => !slot.row.hidden).length;
  }

  get nodeCount(): number {
    return this.model?.count ?? 0;
  }

  /** Set how the next tree will be filtered and sorted, without redrawing the current one. */
  prepare(filter: RowFilter, order: SortOrder): void {
    this.filter = { ...filter };
    this.order = order;
  }

  setModel(model: FileTreeModel | undefined, emptyText = 'No files in this layer.'): void {
    this.model = model;
    this.emptyText = emptyText;
    const n = model?.count ?? 0;
    this.expanded = new Uint8Array(n);
    this.closedWhileFiltering = new Uint8Array(n);
    this.rowOfNode = new Int32Array(n);
    if (model) {
      model.sort(this.order);
      const expandAll = n <= EXPAND_ALL_LIMIT;
      for (let i = 0; i < n; i++) if (expandAll && model.isDir(i)) this.expanded[i] = 1;
      // Always open a single top-level directory chain (`usr/` alone is not worth a click).
      for (
        let roots = model.childrenOf(-1);
        roots.length === 1 && model.isDir(roots[0]);
        roots = model.childrenOf(roots[0])
      ) {
        this.expanded[roots[0]] = 1;
      }
    }
    this.kept = model ? keptNodes(model, this.filter) : undefined;
    this.activeRow = 0;
    this.element.scrollTop = 0;
    this.refresh(-1);
  }

  setFilter(filter: RowFilter): void {
    const wasFiltering = this.isFiltering();
    this.filter = { ...filter };
    if (!this.model) return;
    const active = this.activeNode();
    this.kept = keptNodes(this.model, this.filter);
    this.closedWhileFiltering.fill(0);
    this.refresh(active);
    if (wasFiltering !== this.isFiltering()) this.scrollToActive();
  }

  setSort(order: SortOrder): void {
    this.order = order;
    if (!this.model) return;
    const active = this.activeNode();
    this.model.sort(order);
    this.refresh(active);
    this.scrollToActive();
  }

  /** Open the directories down to `path`, select it and scroll to it. False when it is not in the tree. */
  reveal(path: string): boolean {
    const model = this.model;
    if (!model) return false;
    const node = model.find(path);
    if (node < 0) return false;
    for (let p = model.parent[node]; p >= 0; p = model.parent[p]) {
      this.expanded[p] = 1;
      this.closedWhileFiltering[p] = 0;
    }
    if (this.kept && !this.kept[node]) this.setFilter({ query: '', changesOnly: false });
    this.refresh(node);
    this.scrollToActive();
    return true;
  }

  focus(): void {
    this.element.focus();
  }

  /** The selected row's path and whether it is a folder, or undefined with no rows. */
  selected(): { path: string; folder: boolean } | undefined {
    const node = this.activeNode();
    if (node < 0 || !this.model) return undefined;
    return { path: this.model.path(node), folder: this.model.kind[node] === Kind.Dir };
  }

  /** Why a tree with files shows none: the filter, not the layer. */
  private noMatchText(): string {
    const { query, changesOnly } = this.filter;
    if (query) return `No ${changesOnly ? 'changed ' : ''}files match “${query}”.`;
    return changesOnly ? 'No changes here: every entry is unchanged.' : 'No files.';
  }

  private isFiltering(): boolean {
    return this.kept !== undefined;
  }

  private isOpen = (node: number): boolean =>
    (this.isFiltering() ? !this.closedWhileFiltering[node] : this.expanded[node] === 1);

  private activeNode(): number {
    return this.rows.count > 0 ? this.rows.nodes[this.activeRow] : -1;
  }

  /** Recompute the rows, keeping `keepNode` selected when it is still showing. */
  private refresh(keepNode: number): void {
    const model = this.model;
    this.rows = model ? visibleRows(model, this.isOpen, this.kept) : NO_ROWS;
    this.rowOfNode.fill(-1);
    for (let r = 0; r < this.rows.count; r++) this.rowOfNode[this.rows.nodes[r]] = r;
    if (keepNode >= 0 && this.rowOfNode[keepNode] >= 0) this.activeRow = this.rowOfNode[keepNode];
    else if (keepNode >= 0 && model) {
      // The selected node vanished (filtered or collapsed away): select its nearest showing ancestor.
      let p = model.parent[keepNode];
      while (p >= 0 && this.rowOfNode[p] < 0) p = model.parent[p];
      this.activeRow = p >= 0 ? this.rowOfNode[p] : 0;
    }
    this.activeRow = Math.max(0, Math.min(this.activeRow, this.rows.count - 1));
    this.spacer.style.height = `${this.rows.count * ROW_HEIGHT}px`;
    this.empty.hidden = this.rows.count > 0;
    if (this.rows.count === 0) {
      this.empty.textContent = model && model.count > 0 && this.isFiltering() ? this.noMatchText() : this.emptyText;
    }
    for (const slot of this.slots) slot.node = -1; // positions in set may have changed
    this.render();
    this.onRowsChanged?.();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Draw the rows in view into recycled slots. */
  render(): void {
    const height = this.element.clientHeight || ROW_HEIGHT * 20;
    const first = Math.max(0, Math.floor(this.element.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.count, Math.ceil((this.element.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const needed = last - first;
    while (this.slots.length < needed) this.slots.push(this.createSlot(this.slots.length));
    let activeId = '';
    for (let s = 0; s < this.slots.length; s++) {
      const slot = this.slots[s];
      const row = first + s;
      if (s >= needed) {
        if (!slot.row.hidden) {
          slot.row.hidden = true;
          slot.node = -1;
        }
        continue;
      }
      slot.row.hidden = false;
      this.fill(slot, row);
      const active = row === this.activeRow;
      slot.row.classList.toggle('active', active);
      slot.row.setAttribute('aria-selected', String(active));
      if (active) activeId = slot.row.id;
    }
    if (activeId) this.element.setAttribute('aria-activedescendant', activeId);
    else this.element.removeAttribute('aria-activedescendant');
    const selected = this.activeNode();
    if (selected !== this.lastSelected) {
      this.lastSelected = selected;
      this.onSelect?.();
    }
  }

  private createSlot(index: number): Slot {
    const twistie = el('span', { class: 'twistie codicon', 'aria-hidden': 'true' });
    const icon = el('span', { class: 'icon codicon', 'aria-hidden': 'true' });
    const name = el('span', { class: 'name' });
    const detail = el('span', { class: 'detail' });
    const size = el('span', { class: 'size' });
    const row = el('div', { class: 'tree-row', role: 'treeitem', id: `tree-row-${index}`, 'data-slot': String(index) }, twistie, icon, name, detail, size);
    this.spacer.append(row);
    return { row, twistie, icon, name, detail, size, node: -1, open: false };
  }

  private fill(slot: Slot, row: number): void {
    const model = this.model as FileTreeModel;
    const node = this.rows.nodes[row];
    slot.row.style.transform = `translateY(${row * ROW_HEIGHT}px)`;
    const open = model.hasChildren(node) && this.isOpen(node);
    if (slot.node === node && slot.open === open) return;
    slot.node = node;
    slot.open = open;
    const kind = model.kind[node] as Kind;
    const change = model.change[node] as Change;
    const depth = model.depth[node];
    const flag = model.flagged.get(node);
    const link = model.links.get(node);
    slot.row.style.paddingLeft = `${4 + depth * INDENT}px`;
    slot.row.className = `tree-row ${CHANGE_CLASS[change]}${flag ? ' flagged' : ''}`;
    slot.twistie.className = `twistie codicon${model.hasChildren(node) ? (open ? ' codicon-chevron-down' : ' codicon-chevron-right') : ''}`;
    slot.icon.className = `icon codicon codicon-${flag ? 'warning' : iconName(kind, open)}`;
    slot.name.textContent = model.names[node];
    slot.detail.textContent = flag ?? (link !== undefined ? `→ ${link}` : change === Change.Removed ? 'removed' : '');
    const size = model.size[node];
    const files = model.fileCount[node];
    slot.size.textContent = kind === Kind.Dir ? `${formatBytes(size)} · ${countOf(files, 'file')}` : formatBytes(size);
    if (this.rowContext) slot.row.dataset.vscodeContext = this.rowContext(model.path(node), kind === Kind.Dir);
    slot.row.setAttribute('aria-level', String(depth + 1));
    slot.row.setAttribute('aria-setsize', String(this.rows.setSize[node]));
    slot.row.setAttribute('aria-posinset', String(this.rows.posInSet[node]));
    if (model.hasChildren(node)) slot.row.setAttribute('aria-expanded', String(open));
    else slot.row.removeAttribute('aria-expanded');
    const what = kind === Kind.Dir ? `folder, ${countOf(files, 'file')}` : kindWord(kind);
    slot.row.setAttribute('aria-label', `${model.names[node]}, ${what}, ${CHANGE_WORD[change]}, ${formatBytes(size)}${flag ? `, flagged: ${flag}` : ''}`);
    slot.row.title = `${model.path(node)}\n${formatBytes(size)}, ${CHANGE_WORD[change]}${link !== undefined ? `\n→ ${link}` : ''}${flag ? `\n⚠ ${flag}` : ''}`;
  }

  private moveTo(row: number): void {
    if (this.rows.count === 0) return;
    this.activeRow = Math.max(0, Math.min(row, this.rows.count - 1));
    this.scrollToActive();
    this.render();
  }

  private scrollToActive(): void {
    const top = this.activeRow * ROW_HEIGHT;
    const height = this.element.clientHeight;
    if (top < this.element.scrollTop) this.element.scrollTop = top;
    else if (top + ROW_HEIGHT > this.element.scrollTop + height) this.element.scrollTop = top + ROW_HEIGHT - height;
    this.render();
  }

  private setOpen(node: number, open: boolean): void {
    if (this.isFiltering()) this.closedWhileFiltering[node] = open ? 0 : 1;
    else this.expanded[node] = open ? 1 : 0;
    this.refresh(node);
    this.scrollToActive();
  }

  private onKey(event: KeyboardEvent): void {
    const model = this.model;
    if (!model || this.rows.count === 0) {
      if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) this.onTypeToFilter?.(event.key);
      return;
    }
    const node = this.activeNode();
    const page = Math.max(1, Math.floor(this.element.clientHeight / ROW_HEIGHT) - 1);
    const open = model.hasChildren(node) && this.isOpen(node);
    switch (event.key) {
      case 'ArrowDown':
        this.moveTo(this.activeRow + 1);
        break;
      case 'ArrowUp':
        this.moveTo(this.activeRow - 1);
        break;
      case 'PageDown':
        this.moveTo(this.activeRow + page);
        break;
      case 'PageUp':
        this.moveTo(this.activeRow - page);
        break;
      case 'Home':
        this.moveTo(0);
        break;
      case 'End':
        this.moveTo(this.rows.count - 1);
        break;
      case 'ArrowRight':
        if (model.hasChildren(node) && !open) this.setOpen(node, true);
        else if (open) this.moveTo(this.activeRow + 1);
        break;
      case 'ArrowLeft':
        if (open) this.setOpen(node, false);
        else if (model.parent[node] >= 0 && this.rowOfNode[model.parent[node]] >= 0) {
          this.moveTo(this.rowOfNode[model.parent[node]]);
        }
        break;
      case 'Enter':
        if (model.hasChildren(node)) this.setOpen(node, !open);
        else if (model.kind[node] !== Kind.Dir) this.onOpen?.(model.path(node));
        break;
      case ' ':
        if (model.hasChildren(node)) this.setOpen(node, !open);
        break;
      case '*': {
        // WAI-ARIA tree: expand every sibling of the focused node.
        for (const sibling of model.childrenOf(model.parent[node])) {
          if (!model.hasChildren(sibling)) continue;
          if (this.isFiltering()) this.closedWhileFiltering[sibling] = 0;
          else this.expanded[sibling] = 1;
        }
        this.refresh(node);
        this.scrollToActive();
        break;
      }
      default:
        if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
          this.onTypeToFilter?.(event.key);
          break;
        }
        return;
    }
    event.preventDefault();
  }

  private onClick(event: MouseEvent): void {
    const target = (event.target as Element).closest<HTMLElement>('.tree-row');
    if (!target || !this.model) return;
    const slot = this.slots[Number(target.dataset.slot)];
    if (!slot || slot.node < 0) return;
    const row = this.rowOfNode[slot.node];
    this.activeRow = row;
    this.element.focus({ preventScroll: true });
    if (this.model.hasChildren(slot.node)) this.setOpen(slot.node, !this.isOpen(slot.node));
    else this.render();
  }
}

function iconName(kind: Kind, open: boolean): string {
  switch (kind) {
    case Kind.Dir:
      return open ? 'folder-opened' : 'folder';
    case Kind.Symlink:
      return 'file-symlink-file';
    case Kind.Hardlink:
      return 'references';
    case Kind.Other:
      return 'circle-small';
    default:
      return 'file';
  }
}

function kindWord(kind: Kind): string {
  return ['file', 'folder', 'symbolic link', 'hard link', 'special file'][kind] ?? 'file';
}
