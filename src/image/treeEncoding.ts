// The file tree on the wire: a layer's flattened FileNode list (fileTree.ts) turned into the
// columns the Analyze page reads (WireFileTree, defined with its validator in the shared protocol).
// Extension side only; the page decodes with webview/analyze/fileTreeModel.ts.
import type { WireFileTree } from '../shared/protocol/analyze';
import type { ChangeKind, FileNode } from './types';

const KIND_LETTER: Record<FileNode['kind'], string> = { file: 'f', dir: 'd', symlink: 'l', hardlink: 'h', other: 'o' };
const CHANGE_LETTER: Record<ChangeKind, string> = { added: 'a', modified: 'm', removed: 'r', unchanged: 'u' };

/**
 * Turn a flattened FileNode list into columns: in tree order (each directory right before its
 * contents, siblings by name), missing parent directories filled in as unchanged. The engine's
 * lists are already in that order, so usually nothing is sorted. Trees reach 200k entries: this
 * works on indices and flat arrays, not one object per node.
 */
export function encodeFileTree(nodes: readonly FileNode[]): WireFileTree {
  const paths: string[] = new Array<string>(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const path = nodes[i].path;
    paths[i] = path.charCodeAt(0) === 47 || path.charCodeAt(path.length - 1) === 47 ? path.replace(/^\/+|\/+$/g, '') : path;
  }
  const order = treeOrder(paths);
  const names: string[] = [];
  const parents: number[] = [];
  const sizes: number[] = [];
  const links: Array<[number, string]> = [];
  const flagged: Array<[number, string]> = [];
  let kinds = '';
  let changes = '';
  // The directories above the current node: their paths and row indices.
  const openPaths: string[] = [];
  const openRows: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const node = nodes[order[k]];
    const path = paths[order[k]];
    if (!path) continue;
    let top = openPaths.length - 1;
    while (top >= 0 && !isBelow(path, openPaths[top])) top--;
    openPaths.length = openRows.length = top + 1;
    // Directories the list skipped still need a row to hang their contents on.
    let start = top >= 0 ? openPaths[top].length + 1 : 0;
    for (let slash = path.indexOf('/', start); slash >= 0; slash = path.indexOf('/', start)) {
      openRows.push(names.length);
      openPaths.push(path.slice(0, slash));
      parents.push(openRows.length > 1 ? openRows[openRows.length - 2] : -1);
      names.push(path.slice(start, slash));
      sizes.push(0);
      kinds += 'd';
      changes += 'u';
      start = slash + 1;
    }
    const index = names.length;
    parents.push(openRows.length ? openRows[openRows.length - 1] : -1);
    names.push(start ? path.slice(start) : path);
    sizes.push(node.sizeBytes > 0 ? node.sizeBytes : 0);
    kinds += KIND_LETTER[node.kind] ?? 'o';
    changes += CHANGE_LETTER[node.change] ?? 'u';
    if (node.linkTarget !== undefined) links.push([index, node.linkTarget]);
    if (node.flagged !== undefined) flagged.push([index, node.flagged]);
    openPaths.push(path);
    openRows.push(index);
  }
  return { names, parents, kinds, changes, sizes, links, flagged };
}

const isBelow = (path: string, dir: string): boolean =>
  path.length > dir.length && path.charCodeAt(dir.length) === 47 && path.startsWith(dir);

/** Compare paths with `/` lowest, so `a`, `a/b`, `a-c`. */
function comparePaths(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x === 47) return -1;
    if (y === 47) return 1;
    return x - y;
  }
  return a.length - b.length;
}

/** Indices of `paths` in tree order; of duplicate paths only the last is kept. */
function treeOrder(paths: string[]): number[] {
  const identity = (): number[] => Array.from(paths, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < paths.length && sorted; i++) sorted = comparePaths(paths[i - 1], paths[i]) < 0;
  if (sorted) return identity();
  // NUL sorts below every character a name holds, so native comparison gives tree order.
  const keys = paths.map((path) => path.replace(/\//g, '\u0000'));
  const order = identity().sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : b - a));
  return order.filter((index, k) => k === 0 || keys[order[k - 1]] !== keys[index]);
}
