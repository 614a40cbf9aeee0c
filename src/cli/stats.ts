// `stevedore stats`: being built (see its issue).
import type { Command } from 'commander';
import { CliError } from './errors';

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('stats (not available yet)')
    .action(() => {
      throw new CliError('stevedore stats is not available in this build yet', 2);
    });
}
