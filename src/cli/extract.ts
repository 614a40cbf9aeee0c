// `stevedore extract IMAGE PATH [--out DIR] [--layer N] [--platform P]`: a file or folder of an image,
// as its filesystem shows it once a layer is applied (the last by default), written into a folder.
// The image is read once to know which layer last wrote each path, then only those layers again.
// Nothing is written outside the folder (src/image/extract.ts says how); what is left out is listed.
import { mkdirSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { humanizeBytes } from '../shared/units';
import { CliError } from './errors';
import { EngineConnection, imageSourceFor } from './imageTarget';

export interface ExtractCliOptions {
  out: string;
  layer?: string;
  layerOnly?: boolean;
  platform?: string;
  host?: string;
}

export function registerExtract(program: Command): void {
  program
    .command('extract')
    .description('write a file or folder of an image to disk, as it is in the image (or as of a layer)')
    .argument('<target>', 'an image in the Docker engine (name or ID), a docker save / oci-archive file, or an OCI layout folder')
    .argument('<path>', 'the file or folder in the image, e.g. /etc/nginx (/ for everything)')
    .option('--out <dir>', 'folder to write into (made if missing); the path keeps its name there', '.')
    .option('--layer <index>', 'the filesystem as of this layer (0 is the first; default: the last, the image as it runs)')
    .option('--layer-only', 'only what that layer itself wrote below the path (needs --layer)')
    .option('--platform <os/arch[/variant]>', 'for a multi-platform image: the platform to read (default: this machine\'s)')
    .option('--host <docker-host>', 'Docker engine to use (default: DOCKER_HOST, the docker context, then the platform default)')
    .action(async (target: string, path: string, options: ExtractCliOptions) => {
      process.exitCode = await runExtract(target, path, options);
    });
}

export async function runExtract(target: string, path: string, options: ExtractCliOptions): Promise<number> {
  /* eslint-disable-next-line @typescript-eslint/no-require-imports */
  const image = require('../image/index') as typeof import('../image/index');
  let imagePath: string;
  try {
    imagePath = image.imagePathOf(path);
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
  const layerAsked = options.layer === undefined ? undefined : Number(options.layer);
  if (layerAsked !== undefined && !(Number.isSafeInteger(layerAsked) && layerAsked >= 0)) {
    throw new CliError(`--layer "${options.layer}" is not a layer index (0, 1, 2, …).`, 2);
  }
  if (options.layerOnly && layerAsked === undefined) throw new CliError('--layer-only needs --layer N: which layer\'s own files to write.', 2);
  try {
    mkdirSync(options.out, { recursive: true });
    if (!statSync(options.out).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new CliError(`--out ${options.out} is not a folder that can be made or written to.`, 2);
  }
  const source = await imageSourceFor(target, new EngineConnection(options.host), image.sourceKindFor);
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  const showProgress = Boolean((process.stderr as NodeJS.WriteStream).isTTY);
  try {
    const { contents } = await image.analyzeImage(source, {
      signal: controller.signal,
      platform: options.platform,
      onProgress: showProgress ? (progress) => process.stderr.write(`\r\x1b[KReading ${target}: layer ${progress.layersDone}${progress.layersTotal ? `/${progress.layersTotal}` : ''}`) : undefined,
    });
    const last = contents.layers.length - 1;
    if (last < 0) throw new CliError(`${target} has no layers: there are no files to extract.`, 1);
    if (layerAsked !== undefined && layerAsked > last) throw new CliError(`--layer ${layerAsked}: ${target} has layers 0-${last}.`, 2);
    const layer = layerAsked ?? last;
    const result = await image.extractImagePath(source, contents, layer, imagePath, options.out, {
      view: options.layerOnly ? 'layer' : 'aggregate',
      signal: controller.signal,
      onProgress: showProgress ? (progress) => process.stderr.write(`\r\x1b[KWriting: ${humanizeBytes(progress.bytes)} of ${humanizeBytes(progress.totalBytes)}`) : undefined,
    });
    if (showProgress) process.stderr.write('\r\x1b[K');
    for (const skipped of result.skipped) process.stderr.write(`stevedore: warning: /${skipped.path} not written: ${skipped.reason}\n`);
    const counts = [`${result.files} file${result.files === 1 ? '' : 's'}`];
    if (result.folders) counts.push(`${result.folders} folder${result.folders === 1 ? '' : 's'}`);
    if (result.links) counts.push(`${result.links} link${result.links === 1 ? '' : 's'}`);
    const asOf = layer === last && !options.layerOnly ? '' : options.layerOnly ? ` (as layer ${layer} wrote it)` : ` (as of layer ${layer})`;
    process.stdout.write(`Extracted /${imagePath}${asOf} to ${result.written}: ${counts.join(', ')}, ${humanizeBytes(result.bytes)}.\n`);
    return result.skipped.length ? 1 : 0;
  } catch (error) {
    if (error instanceof image.ImageSourceError) throw new CliError(error.message, error.code === 'cancelled' ? 130 : 1);
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    if (showProgress) process.stderr.write('\r\x1b[K');
  }
}
