// The file tree behind the panel's tree view: columns in typed arrays (a 200k-file tree is a few
// MB, not 200k objects), directory totals, sorting, and the list of rows currently showing.
// No DOM here, so it is tested and measured in plain Node.
import type { WireFileTree } from '../../src/shared/protocol/analyze';

export const enum Kind {
  File = 0,
  Dir = 1,
  Symlink = 2,
  Hardlink = 3,
  Other = 4,
}
export const enum Change {
  Added = 0,
  Modified = 1,
  Removed = 2,
  Unchanged = 3,
}
export type SortOrder = 'name' | 'size';

const KIND_OF: Record<string, Kind> = { f: Kind.File, d: Kind.Dir, l: Kind.Symlink, h: Kind.Hardlink, o: Kind.Other };
const CHANGE_OF: Record<string, Change> = {
  a: Change.Added, m: Change.Modified, r: Change.Removed, u: Change.Unchanged,
};

export class FileTreeModel {
  readonly count: number;
  readonly names: string[];
  readonly parent: Int32Array;
  readonly depth: Uint16Array;
  readonly kind: Uint8Array;
  readonly change: Uint8Array;
  /** Bytes as the engine counts them: a file's size, or what lies below a directory. */
  readonly size: Float64Array;
  /** Files below a directory (1 for a file), for the row's description. */
  readonly fileCount: Int32Array;
  readonly links: Map<number, string>;
  readonly flagged: Map<number, string>;
  /** Children in the current sort order, as slices of one array (CSR). */
  private readonly childStart: Int32Array;
  private readonly childEnd: Int32Array;
  private readonly children: Int32Array;
  /** Top-level nodes in the current sort order. */
  private roots: Int32Array;

  constructor(tree: WireFileTree) {
    const n = tree.names.length;
    this.count = n;
    this.names = tree.names;
    this.parent = Int32Array.from(tree.parents);
    this.depth = new Uint16Array(n);
    this.kind = new Uint8Array(n);
    this.change = new Uint8Array(n);
    this.size = new Float64Array(n);
    this.fileCount = new Int32Array(n);
    this.links = new Map(tree.links);
    this.flagged = new Map(tree.flagged);
    const childTotal = new Int32Array(n);
    let rootTotal = 0;
    for (let i = 0; i < n; i++) {
      this.kind[i] = KIND_OF[tree.kinds[i]] ?? Kind.Other;
      this.change[i] = CHANGE_OF[tree.changes[i]] ?? Change.Unchanged;
      const p = this.parent[i];
      if (p < 0) rootTotal++;
      else {
        childTotal[p]++;
        this.depth[i] = Math.min(65535, this.depth[p] + 1);
      }
      this.size[i] = tree.sizes[i];
      if (this.kind[i] !== Kind.Dir) this.fileCount[i] = this.change[i] === Change.Removed ? 0 : 1;
    }
    // Parents come before children, so one backward pass counts the files below every directory.
    for (let i = n - 1; i >= 0; i--) {
      const p = this.parent[i];
      if (p >= 0) this.fileCount[p] += this.fileCount[i];
    }
    this.childStart = new Int32Array(n);
    this.childEnd = new Int32Array(n);
    let offset = 0;
    for (let i = 0; i < n; i++) {
      this.childStart[i] = offset;
      this.childEnd[i] = offset;
      offset += childTotal[i];
    }
    this.children = new Int32Array(offset);
    this.roots = new Int32Array(rootTotal);
    let r = 0;
    // The wire order is path order, so children arrive sorted by name.
    for (let i = 0; i < n; i++) {
      const p = this.parent[i];
      if (p < 0) this.roots[r++] = i;
      else this.children[this.childEnd[p]++] = i;
    }
  }

  isDir(node: number): boolean {
    return this.kind[node] === Kind.Dir;
  }

  hasChildren(node: number): boolean {
    return this.childEnd[node] > this.childStart[node];
  }

  childrenOf(node: number): Int32Array {
    return node < 0 ? this.roots : this.children.subarray(this.childStart[node], this.childEnd[node]);
  }

  path(node: number): string {
    const parts: string[] = [];
    for (let i = node; i >= 0; i = this.parent[i]) parts.push(this.names[i]);
    return parts.reverse().join('/');
  }

  /** The node at `path` (no leading slash), or -1. */
  find(path: string): number {
    let node = -1;
    for (const part of path.split('/').filter(Boolean)) {
      const next = Array.prototype.find.call(
        this.childrenOf(node), (child: number) => this.names[child] === part,
      ) as number | undefined;
      if (next === undefined) return -1;
      node = next;
    }
    return node;
  }

  sort(order: SortOrder): void {
    const byName = (a: number, b: number): number =>
      (this.names[a] < this.names[b] ? -1 : this.names[a] > this.names[b] ? 1 : a - b);
    const compare = order === 'name' ? byName : (a: number, b: number): number => this.size[b] - this.size[a] || byName(a, b);
    this.roots.sort(compare);
    for (let i = 0; i < this.count; i++) {
      if (this.childEnd[i] - this.childStart[i] > 1) {
        this.children.subarray(this.childStart[i], this.childEnd[i]).sort(compare);
      }
    }
  }
}

export interface RowFilter {
  /**
   * Case-insensitive text; a match on a directory's name shows all of its contents.
   * With `/`, matched against the path.
   */
  query: string;
  changesOnly: boolean;
}

/** The rows showing: pre-order over open directories. `posInSet`/`setSize` are indexed by node (for aria). */
export interface VisibleRows {
  nodes: Int32Array;
  posInSet: Int32Array;
  setSize: Int32Array;
  count: number;
}

/**
 * Which nodes pass the filter: a node is kept when it matches or something below it does.
 * Returns undefined when nothing is filtered (every node kept).
 */
export function keptNodes(model: FileTreeModel, filter: RowFilter): Uint8Array | undefined {
  const query = filter.query.trim().toLowerCase();
  if (!query && !filter.changesOnly) return undefined;
  const n = model.count;
  const inMatch = new Uint8Array(n);
  const byPath = query.includes('/');
  for (let i = 0; i < n; i++) {
    const p = model.parent[i];
    if (!query || (p >= 0 && inMatch[p])) inMatch[i] = 1;
    else inMatch[i] = (byPath ? model.path(i) : model.names[i]).toLowerCase().includes(query) ? 1 : 0;
  }
  const kept = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (inMatch[i] && (!filter.changesOnly || model.change[i] !== Change.Unchanged)) kept[i] = 1;
    const p = model.parent[i];
    if (kept[i] && p >= 0) kept[p] = 1;
  }
  return kept;
}

/** The rows of the tree given which directories are open and which nodes are kept. */
export function visibleRows(
  model: FileTreeModel,
  isOpen: (node: number) => boolean,
  kept: Uint8Array | undefined,
): VisibleRows {
  const n = model.count;
  const nodes = new Int32Array(n);
  const posInSet = new Int32Array(n);
  const setSize = new Int32Array(n);
  const stack = new Int32Array(n);
  let top = 0;
  let count = 0;
  const pushChildren = (parent: number): void => {
    const children = model.childrenOf(parent);
    let total = 0;
    for (let c = 0; c < children.length; c++) if (!kept || kept[children[c]]) total++;
    let position = total;
    // Reverse, so the first child is popped first.
    for (let c = children.length - 1; c >= 0; c--) {
      const child = children[c];
      if (kept && !kept[child]) continue;
      posInSet[child] = position--;
      setSize[child] = total;
      stack[top++] = child;
    }
  };
  pushChildren(-1);
  while (top > 0) {
    const node = stack[--top];
    nodes[count++] = node;
    if (model.hasChildren(node) && isOpen(node)) pushChildren(node);
  }
  return { nodes, posInSet, setSize, count };
}
