// `stevedore analyze`: being built (see its issue).
import type { Command } from 'commander';
import { CliError } from './errors';

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('analyze (not available yet)')
    .action(() => {
      throw new CliError('stevedore analyze is not available in this build yet', 2);
    });
}
