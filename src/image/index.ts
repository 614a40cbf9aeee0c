// The image engine's entry point: name a source, get the analysis and the per-layer file trees.
// No `vscode` import; the CLI and the Analyze panel both call analyzeImage().
//
//   const { analysis, files } = await analyzeImage({ kind: 'engine', docker, image: 'app:1' },
//     { onProgress: (p) => report(p.message, p.layersDone, p.layersTotal), signal });
//   analysis                    -> ImageAnalysis (JSON-safe: post it to a webview as is)
//   files.files(i, 'layer')     -> FileNode[] the layer i wrote or removed, in tree order
//   files.files(i, 'aggregate') -> FileNode[] the whole filesystem once layer i is applied
//   mapLayersToDockerfile(analysis, text, file) -> sets layers[i].source = {file, line}
//   encodeFileTree(files.files(i, scope)) -> the WireFileTree the Analyze page reads
//   analysisReport / ciReport / analysisJson / diveExport -> what `stevedore analyze` prints
//   contextFor(dockerfile) + contextEntries + packContext -> the build context the docker CLI sends
//   readImageFile(source, contents, layer, path) -> one file's entry and bytes as of a layer
//   extractImagePath(source, contents, layer, path, dir) -> a file or folder written safely to disk
// Failures are ImageSourceError (code + a message to show as is); cancelling gives code 'cancelled'.
import { existsSync, statSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import { analyzeContents } from './analysis';
import { compareContents, type CompareReadOptions, type ImageComparisonResult, knownLayersOf, reusedLayersMatch } from './compare';
import type { ImageContents, ImageSource, ReadOptions } from './contents';
import { ImageSourceError } from './errors';
import { ImageFileTree } from './fileTree';
import { readImageArchive } from './sources/archive';
import { readEngineImage } from './sources/engine';
import { readOciDirectory } from './sources/ociDir';
import type { ImageAnalysis } from './types';

/** Large reads: each read is a trip through libuv's thread pool, costly on a busy machine. */
const READ_CHUNK_BYTES = 8 * 1024 * 1024;

export type { ImageSource } from './contents';

export type AnalyzeOptions = ReadOptions;

export interface AnalyzedImage {
  analysis: ImageAnalysis;
  /** Per-layer file trees for the panel (flat lists in tree order). */
  files: ImageFileTree;
  contents: ImageContents;
}

/**
 * A path on disk is an archive (file) or an OCI layout (folder); anything else names an engine image.
 * A bare name (no /) that is a folder but no OCI layout names the image: a project folder `myapp`
 * beside the image `myapp` is common, and the folder could not be analysed anyway.
 */
export function sourceKindFor(input: string): 'archive' | 'oci-dir' | 'engine' {
  if (!existsSync(input)) return 'engine';
  if (!statSync(input).isDirectory()) return 'archive';
  const layout = existsSync(join(input, 'index.json')) || existsSync(join(input, 'oci-layout'));
  return layout || /[\\/]/.test(input) || input.startsWith('.') ? 'oci-dir' : 'engine';
}

export async function readImage(source: ImageSource, options: AnalyzeOptions = {}): Promise<ImageContents> {
  switch (source.kind) {
    case 'engine':
      return readEngineImage(source.docker, source.image, options);
    case 'oci-dir':
      return readOciDirectory(source.path, source.path, options);
    case 'archive': {
      if (!existsSync(source.path)) {
        throw new ImageSourceError('not-found', `No file ${source.path}. Give a path to a docker save archive or an oci-archive.`);
      }
      const stream = createReadStream(source.path, { highWaterMark: READ_CHUNK_BYTES });
      try {
        return await readImageArchive(stream as AsyncIterable<Buffer>, `Archive ${source.path}`, '', options);
      } finally {
        stream.destroy();
      }
    }
  }
}

export async function analyzeImage(source: ImageSource, options: AnalyzeOptions = {}): Promise<AnalyzedImage> {
  const contents = await readImage(source, options);
  if (source.kind !== 'engine' && !contents.name) contents.name = source.path;
  const analysis = analyzeContents(contents);
  return { analysis, files: new ImageFileTree(contents), contents };
}

export interface ComparedImages {
  before: AnalyzedImage;
  after: AnalyzedImage;
  result: ImageComparisonResult;
}

/**
 * Compare image `a` (a source, or an image already analysed, as the Analyze panel holds) with `b`.
 * Read one after the other, B into A's path table: B's layers that A has under the same
 * content-addressed name are not read again (measured in test/bench/compare.bench.ts).
 */
export async function compareImages(
  a: ImageSource | AnalyzedImage,
  b: ImageSource,
  options: CompareReadOptions = {},
): Promise<ComparedImages> {
  const { onProgress, ...read } = options;
  const before = 'analysis' in a ? a : await analyzeImage(a, { ...read, onProgress: onProgress && ((p) => onProgress({ ...p, side: 'a' })) });
  const readAfter = (reuse: boolean): Promise<AnalyzedImage> =>
    analyzeImage(b, {
      ...read,
      table: before.contents.table,
      knownLayers: reuse ? knownLayersOf(before.contents) : undefined,
      onProgress: onProgress && ((p) => onProgress({ ...p, side: 'b' })),
    });
  let after = await readAfter(true);
  // A layer named like one of A's but declared with another diff ID: read B again, every layer.
  if (!reusedLayersMatch(before.contents, after.contents)) after = await readAfter(false);
  return { before, after, result: compareContents(before, after) };
}

export { ImageSourceError } from './errors';
export { alignLayers, compareContents, instructionKey, ImageComparisonResult } from './compare';
export type { ChangeFilter, CompareProgress, CompareReadOptions } from './compare';
export { comparisonJson, comparisonReport, comparisonSummary } from './compareReport';
export type {
  AlignedLayer, ChangeCounts, ComparedLayer, ImageComparison, ImageTotals, ModifiedDetail, PathChange, PathChangeKind,
} from '../shared/protocol/imageComparison';
export { ImageFileTree } from './fileTree';
export { mapLayersToDockerfile } from './dockerfileMap';
export { analyzeContents } from './analysis';
export type { ImageContents } from './contents';
export { encodeFileTree } from './treeEncoding';
export { contextFor, contextEntries, packContext, defaultBuildTag, type BuildContext } from './buildContext';
export { isImageSourceError } from './errors';
export { evaluateCi, parseDiveBytes, parseDiveCiFile, thresholdProblem, CI_RULE_KEYS, DIVE_CI_DEFAULTS, DiveCiFileError, MAX_DIVE_CI_BYTES } from './ci';
export type { CiRuleKey, CiStatus, CiRuleResult, CiVerdict } from './ci';
export { analysisReport, ciReport } from './report';
export { diveExport, goJson } from './diveExport';
export { analysisJson } from './document';
export type { ChangeKind, FileNode, ImageAnalysis, ImageProgress, ImageSourceKind, LayerSummary, LayerTreeView, WasteCause, WastedEntry } from './types';
export { InputFileError, readRegularFile } from './localFile';
export {
  imagePathOf, largestImageFiles, locateImagePath, pathChangeAt, readImageFile,
  type ImageFile, type ImageFileEntry, type LargestFile, type PathChangeAtLayer, type ReadFileOptions,
} from './layerFiles';
export { extractImagePath, type ExtractOptions, type ExtractProgress, type ExtractResult } from './extract';
export { hostPlatformName } from './sources/platform';
