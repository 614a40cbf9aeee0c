// The JSON document `stevedore analyze --format json` prints and the Analyze panel exports: the
// analysis with every path written from the image root (`/etc/passwd`), as the text report and
// dive's own JSON write them, and the same fields whatever the source (a size a source does not
// record is null, not missing). Inside the engine paths have no leading slash.
import type { ImageAnalysis, LayerSummary } from './types';

export type AnalysisDocument = Omit<ImageAnalysis, 'layers'> & {
  layers: Array<Omit<LayerSummary, 'compressedSizeBytes'> & { compressedSizeBytes: number | null }>;
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

export function analysisJson(analysis: ImageAnalysis): string {
  return `${JSON.stringify(analysisDocument(analysis), null, 2)}\n`;
}
