// Per-layer file trees for the Analyze panel: what one layer changed, or the whole filesystem as of
// a layer, as one flat list in tree order (parents before children, siblings by name) that a
// virtualised view can render row by row. Built on demand by replaying the layers: nothing per
// layer is kept beyond the scans themselves.
import { Stack } from './analysis';
import type { ImageContents } from './contents';
import { DIR, kindName, type LayerScan, OPAQUE, WHITEOUT } from './layerScan';
import { ROOT } from './pathTable';
import type { ChangeKind, FileNode, LayerTreeView } from './types';

export interface FileTreeOptions {
  /** Leave out entries the layer did not change (and directories with no change below them). */
  changesOnly?: boolean;
}

/** Sorting key that keeps a directory's children right after it: "/" sorts before every character. */
function treeKey(path: string): string {
  return path.replace(/\//g, '\u0000');
}

export class ImageFileTree {
  constructor(private readonly contents: ImageContents) {}

  get layerCount(): number {
    return this.contents.layers.length;
  }

  /**
   * The files of layer `layerIndex`: with view `layer`, the entries that layer wrote or removed;
   * with view `aggregate`, everything visible once that layer is applied. Change kinds are relative
   * to the layers below.
   */
  files(layerIndex: number, view: LayerTreeView = 'layer', options: FileTreeOptions = {}): FileNode[] {
    const { table, layers } = this.contents;
    if (!Number.isInteger(layerIndex) || layerIndex < 0 || layerIndex >= layers.length) {
      throw new RangeError(`No layer ${layerIndex}: the image has ${layers.length} layers (0-${layers.length - 1}).`);
    }
    const scans = layers.map((layer) => layer.scan);
    const stack = new Stack(table, scans);
    for (let index = 0; index < layerIndex; index++) stack.apply(index);

    const changeOf = new Map<number, ChangeKind>();
    const removed = new Map<number, { layer: number; row: number }>();
    stack.apply(
      layerIndex,
      (row, change) => changeOf.set(scans[layerIndex].path[row], change),
      (path, layer, row, cause) => {
        if (cause === 'deleted-later') removed.set(path, { layer, row });
      },
    );

    const nodes = new Map<number, FileNode>();
    const add = (path: number, scan: LayerScan, row: number, change: ChangeKind, layer: number): void => {
      const node: FileNode = {
        path: table.paths[path],
        kind: kindName(scan.kind[row]),
        sizeBytes: scan.kind[row] === DIR ? 0 : scan.size[row],
        change,
        mode: scan.mode[row] & 0o7777,
        uid: scan.uid[row],
        gid: scan.gid[row],
        layer,
      };
      const link = scan.linkTarget.get(row);
      if (link !== undefined) node.linkTarget = link;
      const flag = scan.flagged.get(row);
      if (flag) node.flagged = flag;
      nodes.set(path, node);
    };

    if (view === 'layer') {
      const scan = scans[layerIndex];
      for (let row = 0; row < scan.path.length; row++) {
        const kind = scan.kind[row];
        if (kind === WHITEOUT || kind === OPAQUE) continue;
        const path = scan.path[row];
        if (path === ROOT) continue;
        add(path, scan, row, changeOf.get(path) ?? 'added', layerIndex);
      }
    } else {
      for (let path = 1; path < table.size; path++) {
        const layer = stack.topLayer[path];
        if (layer < 0) continue;
        add(path, scans[layer], stack.topRow[path], layer === layerIndex ? changeOf.get(path) ?? 'added' : 'unchanged', layer);
      }
    }
    for (const [path, at] of removed) {
      if (nodes.has(path)) continue;
      add(path, scans[at.layer], at.row, 'removed', at.layer);
    }

    // Directories implied by their children, so every node has its parent in the list.
    for (const path of [...nodes.keys()]) {
      for (let at = table.parents[path]; at !== ROOT && !nodes.has(at); at = table.parents[at]) {
        nodes.set(at, { path: table.paths[at], kind: 'dir', sizeBytes: 0, change: 'unchanged' });
      }
    }

    let list = [...nodes.entries()];
    list.sort((a, b) => {
      const ka = treeKey(a[1].path);
      const kb = treeKey(b[1].path);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });

    // Directory sizes: what lies below them (removed entries count only under a removed directory).
    const indexOf = new Map<number, number>();
    list.forEach(([path], i) => indexOf.set(path, i));
    const changedBelow = new Uint8Array(list.length);
    for (let i = list.length - 1; i >= 0; i--) {
      const [path, node] = list[i];
      if (node.change !== 'unchanged') changedBelow[i] = 1;
      const parentIndex = indexOf.get(table.parents[path]);
      if (parentIndex === undefined) continue;
      const parent = list[parentIndex][1];
      if (node.change !== 'removed' || parent.change === 'removed') parent.sizeBytes += node.sizeBytes;
      if (changedBelow[i]) changedBelow[parentIndex] = 1;
    }
    if (options.changesOnly) list = list.filter((_, i) => changedBelow[i]);
    return list.map(([, node]) => node);
  }
}
