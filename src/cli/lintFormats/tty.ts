// `--format tty` (the default): hadolint's line format, coloured when writing to a terminal.
import type { Severity } from '../../dockerfile';
import type { FileResult } from './fileResult';

const PAINT: Record<Severity, string> = { error: '31', warning: '33', info: '36', style: '2' };

/** hadolint's line format (`FILE:LINE CODE level: message`) with the column added. */
export function formatTty(results: readonly FileResult[], color: boolean): string {
  const paint = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  let out = '';
  for (const result of results) {
    for (const finding of result.findings) {
      const where = `${result.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      const level = paint(PAINT[finding.severity], finding.severity);
      out += `${paint('1', where)} ${paint('35', finding.code)} ${level}: ${finding.message}\n`;
    }
  }
  return out;
}
