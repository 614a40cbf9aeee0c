// The JSON document `stevedore analyze --format json` prints and the Analyze panel exports: the
// analysis with every path written from the image root (`/etc/passwd`), as the text report and
// dive's own JSON write them, and the same fields whatever the source (a size a source does not
// record is null, not missing). Inside the engine paths have no leading slash.
import type { FileNode, ImageAnalysis, LayerSummary } from './types';

/** One entry of a layer's file list (`--files`): what the layer wrote or removed there. */
export interface LayerFileDocument {
  path: string;
  kind: FileNode['kind'];
  change: FileNode['change'];
  sizeBytes: number;
  /** Permission bits in octal, as `ls -l` users read them (`0755`). */
  mode?: string;
  uid?: number;
  gid?: number;
  linkTarget?: string;
}

export type AnalysisDocument = Omit<ImageAnalysis, 'layers'> & {
  layers: Array<Omit<LayerSummary, 'compressedSizeBytes'> & { compressedSizeBytes: number | null; fileList?: LayerFileDocument[] }>;
};

function rooted(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

export function analysisDocument(analysis: ImageAnalysis): AnalysisDocument {
  return {
    ...analysis,
    layers: analysis.layers.map((layer) => ({ ...layer, compressedSizeBytes: layer.compressedSizeBytes ?? null })),
    wasted: analysis.wasted.map((entry) => ({ ...entry, path: rooted(entry.path) })),
    largestFiles: analysis.largestFiles.map((file) => ({ ...file, path: rooted(file.path) })),
    flaggedEntries: analysis.flaggedEntries?.map((entry) => ({ ...entry, path: rooted(entry.path) })),
  };
}

/**
 * The document as JSON text; with `layerFiles` (the layer's own tree, as the panel shows it), each
 * layer carries `fileList` (dive's name): the entries it wrote or removed, folders only implied by them left out.
 */
export function analysisJson(analysis: ImageAnalysis, layerFiles?: (index: number) => FileNode[]): string {
  const document = analysisDocument(analysis);
  if (layerFiles) {
    document.layers = document.layers.map((layer) => ({
      ...layer,
      fileList: layerFiles(layer.index).filter((node) => node.layer !== undefined).map(fileDocument),
    }));
  }
  return `${JSON.stringify(document, null, 2)}\n`;
}

function fileDocument(node: FileNode): LayerFileDocument {
  return {
    path: rooted(node.path),
    kind: node.kind,
    change: node.change,
    sizeBytes: node.sizeBytes,
    ...(node.mode !== undefined ? { mode: `0${node.mode.toString(8)}` } : {}),
    ...(node.uid !== undefined ? { uid: node.uid, gid: node.gid } : {}),
    ...(node.linkTarget !== undefined ? { linkTarget: node.linkTarget } : {}),
  };
}
