// `stevedore export prometheus-rules | scrape-config`: Prometheus files from Stevedore's settings.
// Thresholds come, lowest to highest, from the defaults (CPU 70/85 %, memory 80/90 %), the
// workspace's `.vscode/settings.json` (or --settings FILE), and the --cpu-*/--memory-* flags.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { CliError } from './errors';
import { DEFAULT_LISTEN } from './exporter';
import type { Thresholds } from '../stats';

interface RulesCliOptions {
  settings?: string;
  cpuWarning?: string;
  cpuCritical?: string;
  memoryWarning?: string;
  memoryCritical?: string;
  for?: string;
  rateWindow: string;
  projectName?: string[];
  file?: string[];
  allProjects?: boolean;
  output?: string;
}

interface ScrapeCliOptions {
  target: string[];
  interval: string;
  jobName: string;
  full?: boolean;
  ruleFile?: string[];
  output?: string;
}

const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

/** The Stevedore settings of a VS Code settings.json (comments and trailing commas allowed). */
export function readSettingsFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read the settings file ${path}: ${(error as Error).message}`, 1);
  }
  if (text.length > MAX_SETTINGS_BYTES) throw new CliError(`The settings file ${path} is larger than 4 MiB: is it a settings.json?`, 1);
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length || typeof value !== 'object' || value === null || Array.isArray(value)) {
    const where = errors[0] ? ` (${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset})` : '';
    throw new CliError(`The settings file ${path} is not a JSON object${where}: fix it or pass another with --settings.`, 1);
  }
  return value as Record<string, unknown>;
}

function threshold(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!(value.trim() !== '' && Number.isFinite(number) && number >= 0)) throw new CliError(`${flag} "${value}" must be a number of percent, 0 or more.`, 2);
  return number;
}

function duration(flag: string, value: string, isDuration: (v: string) => boolean): string {
  if (!isDuration(value)) throw new CliError(`${flag} "${value}" is not a Prometheus duration such as 30s, 1m or 1h30m.`, 2);
  return value;
}

async function writeRules(options: RulesCliOptions): Promise<void> {
  const { DEFAULT_THRESHOLDS, sanitizeThresholds, prometheusRulesYaml, isPrometheusDuration, loadComposeProject, ComposeFileError } = await import('../stats');
  const settingsPath = options.settings ?? (existsSync(join(process.cwd(), '.vscode/settings.json')) ? join(process.cwd(), '.vscode/settings.json') : undefined);
  const settings = settingsPath ? readSettingsFile(resolve(settingsPath)) : {};
  const configured = settings['stevedore.stats.thresholds'];
  const base: Thresholds = sanitizeThresholds(configured, DEFAULT_THRESHOLDS);
  const cpuWarning = threshold('--cpu-warning', options.cpuWarning) ?? base.cpu.warning;
  const memoryWarning = threshold('--memory-warning', options.memoryWarning) ?? base.memory.warning;
  const thresholds: Thresholds = {
    cpu: { warning: cpuWarning, critical: threshold('--cpu-critical', options.cpuCritical) ?? Math.max(cpuWarning, base.cpu.critical) },
    memory: { warning: memoryWarning, critical: threshold('--memory-critical', options.memoryCritical) ?? Math.max(memoryWarning, base.memory.critical) },
  };
  for (const metric of ['cpu', 'memory'] as const) {
    if (thresholds[metric].critical < thresholds[metric].warning) {
      throw new CliError(`--${metric}-critical (${thresholds[metric].critical}) is below --${metric}-warning (${thresholds[metric].warning}): critical must be the higher level.`, 2);
    }
  }
  const notifyAfter = settings['stevedore.stats.notifyAfterSeconds'];
  const defaultFor = typeof notifyAfter === 'number' && notifyAfter > 0 ? `${Math.round(notifyAfter)}s` : '1m';
  let projects: string[] = [];
  if (!options.allProjects) {
    if (options.projectName?.length && !options.file?.length) projects = options.projectName;
    else {
      try {
        const folder = process.cwd();
        projects = [loadComposeProject({ folder, files: options.file, projectName: options.projectName?.[0] }).name];
      } catch (error) {
        if (error instanceof ComposeFileError) throw new CliError(`${error.message} Or pass --project-name NAME, or --all-projects for one group over every compose project.`, 1);
        throw error;
      }
    }
  }
  const text = prometheusRulesYaml({
    thresholds,
    projects,
    forDuration: duration('--for', options.for ?? defaultFor, isPrometheusDuration),
    rateWindow: duration('--rate-window', options.rateWindow, isPrometheusDuration),
  });
  output(text, options.output);
}

async function writeScrapeConfig(options: ScrapeCliOptions): Promise<void> {
  const { scrapeConfigYaml, isPrometheusDuration } = await import('../stats');
  for (const target of options.target) {
    if (!/^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(target)) throw new CliError(`--target "${target}" is not HOST:PORT (e.g. ${DEFAULT_LISTEN}).`, 2);
  }
  if (!/^[a-zA-Z_][a-zA-Z0-9_-]*$/.test(options.jobName)) throw new CliError(`--job-name "${options.jobName}": use letters, digits, _ and -.`, 2);
  const text = scrapeConfigYaml({
    jobName: options.jobName,
    targets: options.target,
    scrapeInterval: duration('--interval', options.interval, isPrometheusDuration),
    ...(options.full ? { full: { ruleFiles: options.ruleFile ?? [] } } : {}),
  });
  output(text, options.output);
}

function output(text: string, path: string | undefined): void {
  if (!path || path === '-') {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(`Cannot write ${path}: ${(error as Error).message}`, 1);
  }
  process.stderr.write(`stevedore: wrote ${path}\n`);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerExport(program: Command): void {
  const exportCommand = program.command('export').description('Write Prometheus files from Stevedore\'s settings: alert rules from the stats thresholds, scrape jobs for `stevedore exporter`');
  exportCommand
    .command('prometheus-rules')
    .description('Alert rules (warning and critical, CPU and memory, per compose project) from stevedore.stats.thresholds, on cAdvisor\'s metric names')
    .option('--settings <file>', 'VS Code settings.json to read stevedore.stats.thresholds from (default: .vscode/settings.json here, if any)')
    .option('--cpu-warning <percent>', 'CPU % (of one core, or of the CPU limit) at or above which the warning alert fires')
    .option('--cpu-critical <percent>', 'CPU % above which the critical alert fires')
    .option('--memory-warning <percent>', 'memory % of the limit at or above which the warning alert fires')
    .option('--memory-critical <percent>', 'memory % of the limit above which the critical alert fires')
    .option('--for <duration>', 'how long a level must hold before its alert fires (default: stevedore.stats.notifyAfterSeconds, else 1m)')
    .option('--rate-window <duration>', 'rate() window for CPU: at least 4 scrape intervals', '1m')
    .option('-p, --project-name <name>', 'compose project to write rules for (repeatable; default: this folder\'s project)', collect)
    .option('-f, --file <file...>', 'compose file(s) that name the project instead of discovering compose.yaml')
    .option('--all-projects', 'one group over the containers of every compose project')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action((options: RulesCliOptions) => writeRules(options));
  exportCommand
    .command('scrape-config')
    .description('The Prometheus scrape job for `stevedore exporter` (a scrape_configs block, or with --full a whole prometheus.yml)')
    .option('-t, --target <host:port>', `exporter address (repeatable; default ${DEFAULT_LISTEN})`, collect)
    .option('--interval <duration>', 'scrape interval', '15s')
    .option('--job-name <name>', 'the job label of the exporter\'s series', 'stevedore')
    .option('--full', 'a complete prometheus.yml: global, rule_files and scrape_configs')
    .option('--rule-file <file>', 'with --full: a rules file to load (repeatable), e.g. one from export prometheus-rules', collect)
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action((options: ScrapeCliOptions) =>
      writeScrapeConfig({ ...options, target: options.target?.length ? options.target : [DEFAULT_LISTEN] }));
}
