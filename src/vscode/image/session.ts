// One analysed image, kept while its panel is open: the engine's result plus its compact layer
// scans, so each layer's tree is produced when the page asks for it. The engine does all the work
// (src/image, the same analyzeImage() the CLI calls).
import { connectDocker } from '../../docker/connection';
import { type AnalyzedImage, analysisJson, analyzeImage, type AnalyzeOptions, diveExport, goJson, type ImageSource } from '../../image';
import type { ImageTarget } from './pickImage';

export interface ImageSession extends AnalyzedImage {
  target: ImageTarget;
  /** Where the image was read from, to read its files again (src/vscode/image/layerFiles.ts). */
  source: ImageSource;
  /** How messages name the image (`app:1`, `/tmp/app.tar`). */
  label: string;
}

/**
 * Read and analyse an image. Throws the engine's ImageSourceError (or DockerUnreachableError)
 * with a message to show.
 */
export async function analyzeTarget(
  target: ImageTarget,
  dockerHost: string,
  options: AnalyzeOptions,
): Promise<ImageSession> {
  const source: ImageSource =
    target.kind === 'engine'
      ? { kind: 'engine', docker: (await connectDocker({ setting: dockerHost })).docker, image: target.reference }
      : { kind: target.kind, path: target.path };
  return { target, source, label: target.kind === 'engine' ? target.reference : target.path, ...(await analyzeImage(source, options)) };
}

/**
 * The documents `stevedore analyze --format json|dive-json` prints (src/cli/analyze.ts),
 * from the same engine result.
 */
export function exportDocument(session: AnalyzedImage, format: 'json' | 'dive-json'): string {
  return format === 'json' ? analysisJson(session.analysis) : `${goJson(diveExport(session.contents, session.analysis))}\n`;
}
