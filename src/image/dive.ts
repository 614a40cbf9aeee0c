// dive's figures, reproduced exactly so CI thresholds carry over (dive/filetree/efficiency.go,
// dive/image/image.go, runtime/export). Its semantics, quirks included:
// - each layer's tree holds its entries plus implied parent dirs; opaque markers are dropped;
// - only leaves of a layer's tree count, keyed by path (a whiteout counts for the path it removes);
// - a whiteout of a file counts 0 bytes; of a directory, everything under it in the stacked tree;
// - a whiteout whose path is not in the stacked tree stops the rest of that layer's leaves
//   (dive's visitor returns an error), in dive's visiting order;
// - score = sum of each path's smallest copy / sum of all copies (1 if nothing);
// - wasted bytes = every copy of a path seen twice or more, the kept copy included (upstream bug).
import { DIR, type LayerScan, OPAQUE, WHITEOUT, WHITEOUT_PREFIX } from './layerScan';
import { ROOT, type PathTable } from './pathTable';
import type { DiveFileReference } from './types';

export interface DiveEfficiency {
  score: number;
  wastedBytes: number;
  /** dive's inefficiencies, as its --json writes them (largest first). */
  inefficientFiles: DiveFileReference[];
}

/** Nodes of one layer's tree as dive builds it: explicit rows (last wins) and implied parents. */
export interface DiveLayerTree {
  /** Paths in the tree, in first-seen order. */
  nodes: number[];
  /** path id -> row of the entry that gives its payload, or -1 for an implied directory. */
  rowOf: (path: number) => number;
  /** Paths with a child in this layer's tree. */
  hasChild: (path: number) => boolean;
}

/**
 * Scratch arrays reused across layers (a stamp per layer instead of clearing): one Map and one
 * Set per layer cost more than the rest of dive's arithmetic on 200k-file layers.
 */
export class DiveTreeBuilder {
  private readonly stamp: Int32Array;
  private readonly childStamp: Int32Array;
  private readonly row: Int32Array;
  private current = 0;

  constructor(private readonly table: PathTable) {
    this.stamp = new Int32Array(table.size);
    this.childStamp = new Int32Array(table.size);
    this.row = new Int32Array(table.size);
  }

  build(scan: LayerScan): DiveLayerTree {
    const { table, stamp, childStamp, row: rowArray } = this;
    const layer = ++this.current;
    const nodes: number[] = [];
    const addNode = (path: number, row: number): void => {
      if (stamp[path] !== layer) {
        stamp[path] = layer;
        nodes.push(path);
        rowArray[path] = row;
      } else if (row >= 0) {
        rowArray[path] = row;
      }
    };
    const addAncestors = (path: number): void => {
      for (let at = path; at !== ROOT; ) {
        const parent = table.parents[at];
        if (parent === ROOT) break;
        if (childStamp[parent] === layer) break;
        childStamp[parent] = layer;
        addNode(parent, -1);
        at = parent;
      }
    };
    for (let row = 0; row < scan.path.length; row++) {
      const path = scan.path[row];
      if (path === ROOT) continue; // dive skips "." entries
      if (scan.kind[row] === OPAQUE) {
        // dive refuses to add the marker but has already created its parent directory.
        const dir = table.parents[path];
        if (dir !== ROOT) {
          addNode(dir, -1);
          addAncestors(dir);
        }
        continue;
      }
      addNode(path, row);
      addAncestors(path);
    }
    return {
      nodes,
      rowOf: (path) => (stamp[path] === layer ? rowArray[path] : -1),
      hasChild: (path) => childStamp[path] === layer,
    };
  }
}

export function diveLayerTree(table: PathTable, scan: LayerScan): DiveLayerTree {
  return new DiveTreeBuilder(table).build(scan);
}

/** Go's sort order for dive's depth-first visit: component by component, byte-wise. */
function diveOrder(table: PathTable, a: number, b: number): number {
  const pa = table.paths[a].split('/');
  const pb = table.paths[b].split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) return Buffer.compare(Buffer.from(pa[i]), Buffer.from(pb[i]));
  }
  // A parent sorts after its children in a child-first visit.
  return pb.length - pa.length;
}

function whiteoutTargetPath(table: PathTable, whiteout: number): string {
  const parent = table.paths[table.parents[whiteout]];
  const name = table.name(whiteout).slice(WHITEOUT_PREFIX.length);
  return parent ? `${parent}/${name}` : name;
}

export function diveEfficiency(table: PathTable, scans: LayerScan[]): DiveEfficiency {
  // dive's stacked tree of the layers below the current one: presence, size and "is a dir".
  const present = new Uint8Array(table.size);
  const stackedSize = new Float64Array(table.size);
  const stackedDir = new Uint8Array(table.size);
  // Per path (dive's Path()): sum, smallest and number of copies.
  const sum = new Float64Array(table.size);
  const min = new Float64Array(table.size);
  const copies = new Int32Array(table.size);

  const count = (path: number, size: number): void => {
    if (copies[path] === 0 || size < min[path]) min[path] = size;
    sum[path] += size;
    copies[path]++;
  };

  const builder = new DiveTreeBuilder(table);
  for (const scan of scans) {
    const tree = builder.build(scan);
    const leaves: number[] = [];
    for (const path of tree.nodes) if (!tree.hasChild(path)) leaves.push(path);

    const whiteoutSize = (target: number | undefined): number | undefined => {
      if (target === undefined || !present[target]) return undefined;
      if (!stackedDir[target]) return 0;
      let sum = 0;
      table.subtree(target, (id) => {
        if (present[id]) sum += stackedSize[id];
      });
      return sum;
    };
    const isWhiteoutLeaf = (leaf: number): boolean => {
      const row = tree.rowOf(leaf);
      return row >= 0 && scan.kind[row] === WHITEOUT;
    };
    const targetOf = (leaf: number): number | undefined => table.lookup(whiteoutTargetPath(table, leaf));
    if (leaves.some((leaf) => isWhiteoutLeaf(leaf) && whiteoutSize(targetOf(leaf)) === undefined)) {
      leaves.sort((a, b) => diveOrder(table, a, b));
    }
    for (const leaf of leaves) {
      const row = tree.rowOf(leaf);
      if (row >= 0 && scan.kind[row] === WHITEOUT) {
        const target = targetOf(leaf);
        const size = whiteoutSize(target);
        // dive's visitor errors out: the rest of this layer is not counted
        if (target === undefined || size === undefined) break;
        count(target, size);
      } else {
        count(leaf, row >= 0 ? scan.size[row] : 0);
      }
    }

    // Stack this layer: whiteouts remove, everything else replaces the payload (implied dirs too).
    for (const path of tree.nodes) {
      const row = tree.rowOf(path);
      if (row < 0 || scan.kind[row] !== WHITEOUT) continue;
      const target = table.lookup(whiteoutTargetPath(table, path));
      if (target === undefined || !present[target]) continue;
      table.subtree(target, (id) => {
        present[id] = 0;
      });
    }
    for (const path of tree.nodes) {
      const row = tree.rowOf(path);
      if (row >= 0 && scan.kind[row] === WHITEOUT) continue;
      present[path] = 1;
      stackedSize[path] = row >= 0 ? scan.size[row] : 0;
      stackedDir[path] = row >= 0 && scan.kind[row] === DIR ? 1 : 0;
      for (let at = table.parents[path]; at !== ROOT && !present[at]; at = table.parents[at]) {
        present[at] = 1;
        stackedSize[at] = 0;
        stackedDir[at] = 0;
      }
    }
  }

  let minimum = 0;
  let discovered = 0;
  const inefficient: DiveFileReference[] = [];
  for (let path = 0; path < table.size; path++) {
    if (copies[path] === 0) continue;
    minimum += min[path];
    discovered += sum[path];
    if (copies[path] >= 2) inefficient.push({ count: copies[path], sizeBytes: sum[path], file: `/${table.paths[path]}` });
  }
  const wastedBytes = inefficient.reduce((sum, item) => sum + item.sizeBytes, 0);
  // dive sorts ascending by size (unstable) and exports in reverse; ties by path keep it deterministic.
  inefficient.sort((a, b) => b.sizeBytes - a.sizeBytes || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { score: discovered === 0 ? 1 : minimum / discovered, wastedBytes, inefficientFiles: inefficient };
}

/** Go's os.FileMode for a tar header (archive/tar headerFileInfo.Mode). */
export function goFileMode(rawMode: number, typeFlag: number): number {
  let mode = rawMode & 0o777;
  if (rawMode & 0o4000) mode |= 1 << 23; // setuid
  if (rawMode & 0o2000) mode |= 1 << 22; // setgid
  if (rawMode & 0o1000) mode |= 1 << 20; // sticky
  switch (rawMode & 0o170000) {
    case 0o040000:
      mode |= 2 ** 31;
      break;
    case 0o010000:
      mode |= 1 << 25;
      break;
    case 0o120000:
      mode |= 1 << 27;
      break;
    case 0o060000:
      mode |= 1 << 26;
      break;
    case 0o020000:
      mode |= (1 << 26) | (1 << 21);
      break;
    case 0o140000:
      mode |= 1 << 24;
      break;
  }
  switch (typeFlag) {
    case 0x32:
      mode |= 1 << 27;
      break;
    case 0x33:
      mode |= (1 << 26) | (1 << 21);
      break;
    case 0x34:
      mode |= 1 << 26;
      break;
    case 0x35:
      mode = (mode | 2 ** 31) >>> 0;
      break;
    case 0x36:
      mode |= 1 << 25;
      break;
  }
  return mode >>> 0;
}
