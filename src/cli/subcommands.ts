// The subcommands, one line each; each keeps its code in its own module.
import type { Command } from 'commander';
import { registerLint } from './lint';
import { registerAnalyze } from './analyze';
import { registerDiff } from './diff';
import { registerExtract } from './extract';
import { registerStats } from './stats';
import { registerLogs } from './logs';
import { registerExporter } from './exporter';
import { registerExport } from './export';
import { registerLoad } from './load';

export function registerSubcommands(program: Command): void {
  registerLint(program);
  registerAnalyze(program);
  registerDiff(program);
  registerExtract(program);
  registerStats(program);
  registerLogs(program);
  registerExporter(program);
  registerExport(program);
  registerLoad(program);
}
