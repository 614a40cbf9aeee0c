// `stevedore diff A B`: two images compared with the image engine (src/image/compare.ts): totals
// before and after as `analyze` computes them, the aligned layers, and every changed path. Each
// target is what `analyze` takes: an engine image, a docker save / oci-archive file, an OCI folder.
import type { Command } from 'commander';
import { CliError } from './errors';
import { write } from './analyze';
import { EngineConnection, imageSourceFor } from './imageTarget';

export interface DiffCliOptions {
  format: string;
  minSize?: string;
  host?: string;
  expansionLimit?: boolean;
  maxEntries?: string;
}

const FORMATS = ['tty', 'json'];

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('compare two images: size, efficiency, wasted and reclaimable bytes before and after, the layers, and every changed path')
    .argument('<a>', 'the image before: an image in the Docker engine, a docker save / oci-archive file, or an OCI layout folder')
    .argument('<b>', 'the image after, in any of the same forms')
    .option('--format <format>', 'tty or json', 'tty')
    .option('--min-size <size>', 'list only changes of at least this size (delta or size on either side), e.g. 1MB, 512KiB')
    .option('--host <docker-host>', 'Docker engine to use (default: DOCKER_HOST, the docker context, then the platform default)')
    .option('--no-expansion-limit', 'read layers that decompress more than 200x (refused by default as a decompression bomb)')
    .option('--max-entries <count>', 'files and folders allowed across all layers of each image (default 2000000)')
    .action(async (a: string, b: string, options: DiffCliOptions) => {
      process.exitCode = await runDiff(a, b, options);
    });
}

/** The whole command; returns the exit code. Writes the comparison to stdout, progress to stderr (TTY only). */
export async function runDiff(
  a: string,
  b: string,
  options: DiffCliOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (!FORMATS.includes(options.format)) throw new CliError(`Unknown --format "${options.format}": use tty or json.`, 2);
  // The image engine loads only when this subcommand runs (require: esbuild bundles it, tsx resolves it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const image = require('../image/index') as typeof import('../image/index');
  let minSizeBytes = 0;
  if (options.minSize !== undefined) {
    try {
      minSizeBytes = image.parseDiveBytes(options.minSize);
    } catch {
      throw new CliError(`--min-size "${options.minSize}" is not a size: give bytes or a size such as 500kB, 1MB or 2MiB.`, 2);
    }
  }
  const maxImageEntries = options.maxEntries === undefined ? undefined : Number(options.maxEntries);
  if (maxImageEntries !== undefined && !(Number.isSafeInteger(maxImageEntries) && maxImageEntries > 0)) {
    throw new CliError(`--max-entries "${options.maxEntries}" is not a positive whole number.`, 2);
  }
  const engine = new EngineConnection(options.host);
  const sourceA = await imageSourceFor(a, engine, image.sourceKindFor);
  const sourceB = await imageSourceFor(b, engine, image.sourceKindFor);

  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  const showProgress = Boolean((process.stderr as NodeJS.WriteStream).isTTY);
  let compared: import('../image/index').ComparedImages;
  try {
    compared = await image.compareImages(sourceA, sourceB, {
      signal: controller.signal,
      expansionLimit: options.expansionLimit === false
        ? { maxRatio: Infinity, floorBytes: Infinity, maxBytes: Infinity }
        : undefined,
      maxImageEntries,
      onProgress: showProgress
        ? (progress) => {
          const target = progress.side === 'a' ? a : b;
          process.stderr.write(`\r\x1b[KReading ${target}: layer ${progress.layersDone}${progress.layersTotal ? `/${progress.layersTotal}` : ''}, ${(progress.bytesRead / 1e6).toFixed(0)} MB`);
        }
        : undefined,
    });
  } catch (error) {
    if (error instanceof image.ImageSourceError) throw new CliError(error.message, error.code === 'cancelled' ? 130 : 1);
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    if (showProgress) process.stderr.write('\r\x1b[K');
  }
  for (const [target, side] of [[a, compared.before], [b, compared.after]] as const) {
    if (side.contents.otherImages?.length) {
      process.stderr.write(`stevedore: note: ${target} holds ${side.contents.otherImages.length + 1} images; compared: ${side.analysis.image} (also there: ${side.contents.otherImages.join(', ')}).\n`);
    }
  }
  const comparison = compared.result.comparison({ minSizeBytes });
  if (options.format === 'json') await write(out, image.comparisonJson(comparison));
  else {
    const width = (process.stdout as NodeJS.WriteStream).columns ?? 120;
    await write(out, image.comparisonReport(comparison, { width, minSizeBytes }));
  }
  return 0;
}
