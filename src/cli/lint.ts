// `stevedore lint`: being built (see its issue).
import type { Command } from 'commander';
import { CliError } from './errors';

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('lint (not available yet)')
    .action(() => {
      throw new CliError('stevedore lint is not available in this build yet', 2);
    });
}
