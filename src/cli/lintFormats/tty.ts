// `--format tty` (the default): hadolint's line format, coloured when writing to a terminal.
import { findingLine, type LinePaint, type Severity } from '../../dockerfile';
import type { FileResult } from './fileResult';

const PAINT: Record<Severity | 'where' | 'code', string> = { where: '1', code: '35', error: '31', warning: '33', info: '36', style: '2' };

/** hadolint's line format (`FILE:LINE CODE level: message`) with the column added. */
export function formatTty(results: readonly FileResult[], color: boolean): string {
  const paint: LinePaint | undefined = color ? (part, text) => `\u001b[${PAINT[part]}m${text}\u001b[0m` : undefined;
  let out = '';
  for (const result of results) {
    for (const finding of result.findings) out += `${findingLine(result.file, finding, paint)}\n`;
  }
  return out;
}
