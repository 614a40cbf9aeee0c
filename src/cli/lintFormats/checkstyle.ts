// `--format checkstyle`: checkstyle 4.3 XML, one <file> per linted file, findings or not.
import type { FileResult } from './fileResult';

/** XML attribute text: markup escaped, characters XML 1.0 forbids dropped, line breaks kept as references. */
export function xmlAttribute(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

export function formatCheckstyle(results: readonly FileResult[]): string {
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n';
  for (const result of results) {
    out += `  <file name="${xmlAttribute(result.file)}">\n`;
    for (const finding of result.findings) {
      out +=
        `    <error line="${finding.range.start.line + 1}" column="${finding.range.start.character + 1}" ` +
        `severity="${finding.severity}" message="${xmlAttribute(finding.message)}" ` +
        `source="${xmlAttribute(finding.code)}"/>\n`;
    }
    out += '  </file>\n';
  }
  return out + '</checkstyle>\n';
}
