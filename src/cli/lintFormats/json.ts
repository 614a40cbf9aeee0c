// `--format json`: hadolint's JSON, byte for byte.
import type { FileResult } from './fileResult';

/**
 * Exactly hadolint's `--format json`: one array for all files of {code, column, file, level, line,
 * message}, keys in the order hadolint's encoder (aeson, sorted keys) prints them, 1-based.
 */
export function formatJson(results: readonly FileResult[]): string {
  const rows = results.flatMap((result) =>
    result.findings.map((finding) => ({
      code: finding.code,
      column: finding.range.start.character + 1,
      file: result.file,
      level: finding.severity,
      line: finding.range.start.line + 1,
      message: finding.message,
    })),
  );
  return JSON.stringify(rows) + '\n';
}
