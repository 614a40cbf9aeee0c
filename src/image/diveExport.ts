// The document `dive --json FILE` writes (runtime/export), field for field, so pipelines built on
// dive keep working: {layer: [{index, id, digestId, sizeBytes, command, fileList}], image: {...}}.
import type { ImageContents } from './contents';
import { diveLayerTree, goFileMode } from './dive';
import { DIR } from './layerScan';
import { ROOT } from './pathTable';
import type { DiveFileReference, ImageAnalysis } from './types';

export interface DiveFileInfo {
  path: string;
  typeFlag: number;
  linkName: string;
  size: number;
  fileMode: number;
  uid: number;
  gid: number;
  isDir: boolean;
}

export interface DiveExport {
  layer: Array<{
    index: number; id: string; digestId: string; sizeBytes: number; command: string; fileList: DiveFileInfo[];
  }>;
  image: { sizeBytes: number; inefficientBytes: number; efficiencyScore: number; fileReference: DiveFileReference[] };
}

const IMPLIED: DiveFileInfo = { path: '', typeFlag: 0, linkName: '', size: 0, fileMode: 0, uid: 0, gid: 0, isDir: false };

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export function diveExport(contents: ImageContents, analysis: ImageAnalysis): DiveExport {
  const { table } = contents;
  const layer = contents.layers.map((imageLayer, index) => {
    const scan = imageLayer.scan;
    const tree = diveLayerTree(table, scan);
    const children = new Map<number, number[]>();
    for (const path of tree.nodes) {
      const parent = table.parents[path];
      const list = children.get(parent) ?? [];
      list.push(path);
      children.set(parent, list);
    }
    for (const list of children.values()) list.sort((a, b) => byteOrder(table.name(a), table.name(b)));
    // dive's VisitDepthChildFirst: children (sorted by name) before their parent, root left out.
    const fileList: DiveFileInfo[] = [];
    const stack: Array<{ path: number; next: number }> = [{ path: ROOT, next: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const kids = children.get(top.path) ?? [];
      if (top.next < kids.length) {
        stack.push({ path: kids[top.next++], next: 0 });
        continue;
      }
      stack.pop();
      if (top.path === ROOT) continue;
      const row = tree.rowOf(top.path);
      if (row < 0) {
        fileList.push(IMPLIED);
        continue;
      }
      const fileMode = goFileMode(scan.mode[row], scan.typeFlag[row]);
      fileList.push({
        path: table.paths[scan.path[row]],
        typeFlag: scan.typeFlag[row],
        linkName: scan.linkTarget.get(row) ?? '',
        size: scan.size[row],
        fileMode,
        uid: scan.uid[row],
        gid: scan.gid[row],
        isDir: scan.kind[row] === DIR || fileMode >= 2 ** 31,
      });
    }
    return {
      index,
      id: imageLayer.diveId,
      digestId: imageLayer.diffId ?? '',
      sizeBytes: scan.sizeBytes,
      command: imageLayer.createdBy.startsWith('/bin/sh -c ') ? imageLayer.createdBy.slice('/bin/sh -c '.length) : imageLayer.createdBy,
      fileList,
    };
  });
  return {
    layer,
    image: {
      sizeBytes: analysis.sizeBytes,
      inefficientBytes: analysis.wastedBytes,
      efficiencyScore: analysis.efficiencyScore,
      fileReference: analysis.inefficientFiles ?? [],
    },
  };
}

/** JSON as Go's json.MarshalIndent writes it: two-space indent, HTML characters escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
