// `stevedore analyze IMAGE|ARCHIVE|OCI-DIR`: the image engine behind a command line. A path that
// exists is read from disk (file: docker save / oci-archive; folder: OCI layout); anything else
// names an image in the Docker engine.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { CiRuleKey } from '../image/index';
import { MAX_DOCKERFILE_LENGTH } from '../dockerfile';
import { CliError } from './errors';
import { EngineConnection, imageSourceFor } from './imageTarget';

export interface AnalyzeCliOptions {
  format: string;
  ci?: boolean;
  ciConfig?: string;
  lowestEfficiency?: string;
  highestWastedBytes?: string;
  highestUserWastedPercent?: string;
  host?: string;
  dockerfile?: string;
  expansionLimit?: boolean;
  maxEntries?: string;
  platform?: string;
  files?: boolean;
}

const FORMATS = ['tty', 'json', 'dive-json'];

/** The command-line flag of each of dive's CI rules (the options carry the rules' own names). */
const CI_FLAGS: Record<CiRuleKey, string> = {
  lowestEfficiency: '--lowest-efficiency',
  highestWastedBytes: '--highest-wasted-bytes',
  highestUserWastedPercent: '--highest-user-wasted-percent',
};

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('analyse an image like dive: layer sizes, efficiency, wasted and reclaimable bytes (and why)')
    .argument('<target>', 'an image in the Docker engine (name or ID), a docker save / oci-archive file, or an OCI layout folder')
    .option('--format <format>', 'tty, json (Stevedore\'s document) or dive-json (what `dive --json` writes)', 'tty')
    .option('--ci', 'evaluate dive\'s CI rules and exit non-zero when one fails')
    .option('--ci-config <file>', 'dive CI rules file (default ./.dive-ci when it exists; implies --ci)')
    .option('--lowest-efficiency <ratio>', 'CI: lowest allowed efficiency, 0-1 (dive default 0.9; implies --ci)')
    .option('--highest-wasted-bytes <size>', 'CI: highest allowed wasted bytes, e.g. 20MB, or "disabled" (dive default; implies --ci)')
    .option('--highest-user-wasted-percent <ratio>', 'CI: highest allowed user wasted ratio, 0-1 (dive default 0.1; implies --ci)')
    .option('--host <docker-host>', 'Docker engine to use (default: DOCKER_HOST, the docker context, then the platform default)')
    .option('--dockerfile <file>', 'Dockerfile that built the image: show which line made each layer')
    .option('--no-expansion-limit', 'read layers that decompress more than 200x (refused by default as a decompression bomb)')
    .option('--platform <os/arch[/variant]>', 'for a multi-platform image (OCI index): the platform to analyse (default: this machine\'s)')
    .option('--files', 'with --format json: add each layer\'s file list (what it added, changed and removed)')
    .option('--max-entries <count>', 'files and folders allowed across all layers (default 2000000; each costs memory while the analysis lasts)')
    .action(async (target: string, options: AnalyzeCliOptions) => {
      process.exitCode = await runAnalyze(target, options);
    });
}

/** The whole command; returns the exit code. Writes the report to stdout, progress to stderr (TTY only). */
export async function runAnalyze(
  target: string,
  options: AnalyzeCliOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  if (!FORMATS.includes(options.format)) throw new CliError(`Unknown --format "${options.format}": use tty, json or dive-json.`, 2);
  // The image engine loads only when this subcommand runs (require: esbuild bundles it, tsx resolves it).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const image = require('../image/index') as typeof import('../image/index');
  const { evaluateCi, parseDiveCiFile, thresholdProblem, CI_RULE_KEYS } = image;
  const { DIVE_CI_DEFAULTS, DiveCiFileError, MAX_DIVE_CI_BYTES } = image;
  const { analysisReport, ciReport, diveExport, goJson, analysisJson, InputFileError, readRegularFile } = image;
  /* eslint-enable @typescript-eslint/no-require-imports */

  // A CI rule given on the command line asks for the check: it is not silently ignored without --ci.
  // Check the thresholds and read the CI rules first: a typo should not cost a full analysis.
  const given = CI_RULE_KEYS.filter((rule) => options[rule] !== undefined);
  const ci = options.ci === true || options.ciConfig !== undefined || given.length > 0;
  for (const rule of given) {
    const expected = thresholdProblem(rule, String(options[rule]));
    if (expected) throw new CliError(`${CI_FLAGS[rule]} "${options[rule]}" is not ${expected}.`, 2);
  }
  let ciValues = { ...DIVE_CI_DEFAULTS };
  if (ci) {
    const file = options.ciConfig ?? '.dive-ci';
    if (existsSync(file)) {
      const warnings: string[] = [];
      const other = options.ciConfig ? '' : ', or give another file with --ci-config';
      try {
        ciValues = { ...ciValues, ...parseDiveCiFile(readRegularFile(file, MAX_DIVE_CI_BYTES, `a CI rules file holds three rules and may have at most ${MAX_DIVE_CI_BYTES / 1024} KiB`).toString('utf8'), warnings) };
      } catch (error) {
        if (error instanceof DiveCiFileError || error instanceof InputFileError) throw new CliError(`The CI rules file ${file} is ${error.message}. Fix it${other}.`, 2);
        throw error;
      }
      for (const warning of warnings) process.stderr.write(`stevedore: warning: ${file}: ${warning}\n`);
    } else if (options.ciConfig) {
      throw new CliError(`No CI rules file ${options.ciConfig}. Give an existing file, or leave out --ci-config to use dive's defaults.`, 2);
    }
    for (const rule of given) ciValues[rule] = String(options[rule]);
  }

  const maxImageEntries = options.maxEntries === undefined ? undefined : Number(options.maxEntries);
  if (maxImageEntries !== undefined && !(Number.isSafeInteger(maxImageEntries) && maxImageEntries > 0)) {
    throw new CliError(`--max-entries "${options.maxEntries}" is not a positive whole number.`, 2);
  }

  if (options.files && options.format !== 'json') throw new CliError('--files adds the per-layer file lists to the JSON document: use it with --format json.', 2);
  const source = await imageSourceFor(target, new EngineConnection(options.host), image.sourceKindFor);
  let platforms: string[] = [];

  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  const showProgress = Boolean((process.stderr as NodeJS.WriteStream).isTTY);
  let result: import('../image/index').AnalyzedImage;
  try {
    result = await image.analyzeImage(source, {
      signal: controller.signal,
      expansionLimit: options.expansionLimit === false
        ? { maxRatio: Infinity, floorBytes: Infinity, maxBytes: Infinity }
        : undefined,
      maxImageEntries,
      platform: options.platform,
      // Without --platform a multi-platform image is read for this machine; the note below names the others.
      choosePlatform: (available) => {
        platforms = available;
        return Promise.resolve(available[0]);
      },
      onProgress: showProgress
        ? (progress) => process.stderr.write(`\r\x1b[KReading ${target}: layer ${progress.layersDone}${progress.layersTotal ? `/${progress.layersTotal}` : ''}, ${(progress.bytesRead / 1e6).toFixed(0)} MB`)
        : undefined,
    });
  } catch (error) {
    if (error instanceof image.ImageSourceError) throw new CliError(error.message, error.code === 'cancelled' ? 130 : 1);
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    if (showProgress) process.stderr.write('\r\x1b[K');
  }
  const { analysis, contents } = result;
  if (contents.otherImages?.length) {
    process.stderr.write(`stevedore: note: ${target} holds ${contents.otherImages.length + 1} images; this is the analysis of ${analysis.image} (also there: ${contents.otherImages.join(', ')}). Save one image per archive to analyse another.\n`);
  }
  if (platforms.length > 1) {
    process.stderr.write(`stevedore: note: ${target} is a multi-platform image (${platforms.join(', ')}); this is the analysis of ${platforms[0]}. Choose another with --platform.\n`);
  }
  if (options.dockerfile) {
    let text: string;
    try {
      text = readRegularFile(options.dockerfile, MAX_DOCKERFILE_LENGTH, `a Dockerfile may have at most ${MAX_DOCKERFILE_LENGTH / 1024} KiB`).toString('utf8');
    } catch (error) {
      if (!(error instanceof InputFileError)) throw error;
      if (error.code === 'not-found') throw new CliError(`No Dockerfile ${options.dockerfile}. Give the file that built the image.`, 2);
      throw new CliError(`The Dockerfile ${options.dockerfile} is ${error.message}. Give the file that built the image.`, 2);
    }
    image.mapLayersToDockerfile(analysis, text, options.dockerfile);
  }

  switch (options.format) {
    case 'json':
      await write(out, analysisJson(analysis, options.files ? (index) => result.files.files(index, 'layer') : undefined));
      break;
    case 'dive-json':
      await write(out, goJson(diveExport(contents, analysis)) + '\n');
      break;
    default:
      if (!ci) {
        await write(out, analysisReport(analysis, { width: (process.stdout as NodeJS.WriteStream).columns ?? 120 }));
      }
  }
  if (!ci) return 0;
  const verdict = evaluateCi(analysis, ciValues);
  // With a JSON format on stdout the CI report goes to stderr, so the document stays parseable.
  const report = ciReport(analysis, verdict);
  if (options.format === 'tty') await write(out, report);
  else process.stderr.write(report);
  return verdict.pass ? 0 : 1;
}

/** Write, treating a closed pipe (`| head`) as the reader having seen enough. */
export function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (out.listenerCount('error') === 0) {
    out.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') process.stderr.write(`stevedore: cannot write the report: ${error.message}\n`);
    });
  }
  return new Promise((resolve) => {
    out.write(text, () => resolve());
  });
}
