// What every output format receives: one linted file and its findings, in the order given.
import type { Finding } from '../../dockerfile';

/** One linted file: the name as given on the command line (`-` for standard input). */
export interface FileResult {
  file: string;
  text: string;
  findings: Finding[];
}

/** The path a report names for a file: `stdin` for `-`, forward slashes, no leading `./`. */
export function reportPath(file: string): string {
  if (file === '-') return 'stdin';
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
