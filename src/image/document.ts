// The JSON document `stevedore analyze --format json` prints and the Analyze panel exports: the
// analysis with every path written from the image root (`/etc/passwd`), as the text report and
// dive's own JSON write them. Inside the engine paths have no leading slash.
import type { ImageAnalysis } from './types';

function rooted(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

export function analysisDocument(analysis: ImageAnalysis): ImageAnalysis {
  return {
    ...analysis,
    wasted: analysis.wasted.map((entry) => ({ ...entry, path: rooted(entry.path) })),
    largestFiles: analysis.largestFiles.map((file) => ({ ...file, path: rooted(file.path) })),
    flaggedEntries: analysis.flaggedEntries?.map((entry) => ({ ...entry, path: rooted(entry.path) })),
  };
}

export function analysisJson(analysis: ImageAnalysis): string {
  return `${JSON.stringify(analysisDocument(analysis), null, 2)}\n`;
}
