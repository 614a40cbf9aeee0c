// The output formats of `stevedore lint`, one module each (as hadolint's Formatter/*.hs): tty,
// hadolint's JSON, SARIF, checkstyle and GitLab code quality. Each takes every file's result and
// returns the whole text to print.
import { formatCheckstyle, xmlAttribute } from './checkstyle';
import type { FileResult } from './fileResult';
import { formatGitlab } from './gitlab';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import { formatTty } from './tty';

export type { FileResult } from './fileResult';
export { formatCheckstyle, formatGitlab, formatJson, formatSarif, formatTty, xmlAttribute };

export const FORMATS = ['tty', 'json', 'sarif', 'checkstyle', 'gitlab'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** hadolint's names for the formats it shares with us, as they appear in `.hadolint.yaml`. */
export const FORMAT_ALIASES: Record<string, OutputFormat> = { gitlab_codeclimate: 'gitlab', codeclimate: 'gitlab' };

export function formatResults(
  results: readonly FileResult[],
  format: OutputFormat,
  options: { color: boolean },
): string {
  switch (format) {
    case 'json':
      return formatJson(results);
    case 'sarif':
      return formatSarif(results);
    case 'checkstyle':
      return formatCheckstyle(results);
    case 'gitlab':
      return formatGitlab(results);
    default:
      return formatTty(results, options.color);
  }
}
