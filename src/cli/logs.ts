// `stevedore logs [SERVICE...]`: the merged logs of the compose services of the current folder, as
// `docker compose logs` prints them, with levels, LogQL line filters and a regex under a time
// budget. The engine work is src/logs; this file parses flags and prints. Every line is text: the
// engine has made control characters visible, and names are cleaned as `stevedore stats` does.
import type { Command } from 'commander';
import { CliError } from './errors';
import { clean, safeJson } from './stats';
import { DockerConfigError, DockerEngineError, DockerUnreachableError } from '../docker/connection';
import type { LogFilter, LogLevel, LogLine } from '../logs';

/** The log engine, loaded when the command runs so other commands start without it. */
type LogsEngine = typeof import('../logs');

interface LogsOptions {
  since?: string;
  until?: string;
  level?: string;
  grep?: string;
  ignoreCase?: boolean;
  query?: string;
  follow?: boolean;
  tail: string;
  timestamps?: boolean;
  format: string;
  color: boolean;
  file?: string[];
  projectName?: string;
  host?: string;
}

/** The JSON line: exactly these keys, in this order. */
export interface LogJsonLine {
  time: string;
  service: string;
  container: string;
  stream: 'stdout' | 'stderr';
  level: LogLevel | null;
  message: string;
}

const SEVERITY: LogLevel[] = ['error', 'warn', 'info', 'debug'];
/** How long a regex may take over one batch of lines before the line it is stuck on is skipped. */
const GREP_BUDGET_MS = 250;

export function registerLogs(program: Command): void {
  program
    .command('logs')
    .description('The merged logs of the compose services in this folder (every replica, in time order), with levels and filters')
    .argument('[service...]', 'only these services (default: all)')
    .option('--since <time>', 'lines since a time: a duration like 10m or 1h30m, RFC3339 like 2026-12-04T18:00:00Z, or Unix seconds')
    .option('--until <time>', 'lines before a time (same forms as --since)')
    .option('--level <levels>', 'a level (error, warn, info, debug) shows it and the more severe ones; a list (error,info,none) exactly those; none = no level')
    .option('--grep <regex>', 'only lines matching a regular expression (JavaScript syntax; a slow pattern is stopped, not frozen on)')
    .option('-i, --ignore-case', '--grep ignores case')
    .option('--query <logql>', 'LogQL line filters, e.g. \'|= "error" != "timeout"\'')
    .option('-f, --follow', 'keep printing new lines (Ctrl-C to stop)')
    .option('-n, --tail <lines>', 'lines from the end of each replica\'s log ("all" or a number)', 'all')
    .option('-t, --timestamps', 'tty format: show each line\'s time')
    .option('--format <format>', 'tty (service-prefixed lines) or json (one object per line)', 'tty')
    .option('--no-color', 'tty format: no colours (also when NO_COLOR is set or stdout is not a terminal)')
    .option('--file <file...>', 'compose file(s) to use instead of discovering compose.yaml / docker-compose.yml')
    .option('-p, --project-name <name>', 'compose project name (default: as Compose resolves it)')
    .option('-H, --host <host>', 'Docker engine, e.g. unix:///var/run/docker.sock (default: DOCKER_HOST, the docker context)')
    .action(async (services: string[], options: LogsOptions) => {
      if (options.format !== 'tty' && options.format !== 'json') throw new CliError(`Unknown --format "${options.format}": use tty or json.`, 2);
      const engine = await import('../logs');
      try {
        await printLogs(engine, services, options);
      } catch (error) {
        throw asCliError(engine, error);
      }
    });
}

function asCliError(engine: LogsEngine, error: unknown): unknown {
  const engineError =
    error instanceof DockerUnreachableError || error instanceof DockerConfigError || error instanceof DockerEngineError;
  if (engineError) return new CliError(error.message, 1);
  if (error instanceof Error && error.name === 'ComposeFileError') return new CliError(error.message, 1);
  void engine;
  return error;
}

/** --level: one level means it and the more severe; a list means exactly those ("none": lines without one). */
export function levelsFor(value: string, levelFromName: LogsEngine['levelFromName']): Array<LogLevel | null> {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const levels = names.map((name): LogLevel | null => {
    if (name.toLowerCase() === 'none') return null;
    const level = levelFromName(name);
    if (!level || /^\d+$/.test(name)) throw new CliError(`Unknown --level "${name}": use error, warn, info, debug or none (a comma-separated list for exactly those).`, 2);
    return level;
  });
  if (levels.length === 1 && levels[0] !== null) return SEVERITY.slice(0, SEVERITY.indexOf(levels[0]) + 1);
  return levels;
}

function compileFilter(engine: LogsEngine, options: LogsOptions): LogFilter {
  const compiled = engine.compileLogFilter({
    regex: options.grep,
    regexIgnoreCase: options.ignoreCase,
    query: options.query,
    levels: options.level ? levelsFor(options.level, engine.levelFromName) : undefined,
  });
  if (!compiled.ok) throw new CliError(`${compiled.part === 'regex' ? '--grep' : '--query'}: ${compiled.error}`, 2);
  return compiled.filter;
}

function tailFor(value: string): number | 'all' {
  if (value === 'all') return 'all';
  if (!/^\d+$/.test(value)) throw new CliError(`--tail "${value}": use a number of lines or "all".`, 2);
  return Number(value);
}

// The service colours of `docker compose logs`: cyan, yellow, green, magenta, blue, then bright ones.
const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];
const LEVEL_COLOURS: Record<LogLevel, number | undefined> = { error: 31, warn: 33, info: undefined, debug: 2 };

async function printLogs(engine: LogsEngine, services: string[], options: LogsOptions): Promise<void> {
  const filter = compileFilter(engine, options);
  const tail = tailFor(options.tail);
  let logs: InstanceType<LogsEngine['ProjectLogs']>;
  try {
    logs = new engine.ProjectLogs({
      folder: process.cwd(),
      files: options.file,
      projectName: options.projectName,
      dockerHost: options.host,
      settingName: '--host',
      services: services.length ? services : undefined,
      since: options.since,
      until: options.until,
      follow: options.follow === true,
      tail,
      // The CLI prints lines as they come: the ring only needs to hold a little.
      ringLines: 1000,
    });
  } catch (error) {
    if (error instanceof Error && /is not a time/.test(error.message)) throw new CliError(`--since/--until: ${error.message}`, 2);
    throw error;
  }
  const declared = new Set(logs.project.services.map((s) => s.name));
  const unknown = services.filter((name) => !declared.has(name));
  if (unknown.length) {
    throw new CliError(`No such service: ${unknown.map(clean).join(', ')} (the project ${clean(logs.project.name)} has ${[...declared].map(clean).join(', ') || 'none'}).`, 1);
  }
  const json = options.format === 'json';
  const colour = !json && options.color && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const colourOf = new Map<string, number>();
  for (const [index, name] of [...declared].sort().entries()) colourOf.set(name, COLOURS[index % COLOURS.length]);
  const prefixWidth = Math.max(0, ...logs.project.services.map((s) => s.name.length + 2));
  let slowLines = 0;

  const print = (line: LogLine) => {
    if (json) {
      const { service, container, stream, level, message } = line;
      const row: LogJsonLine = { time: line.timeText, service, container, stream, level, message };
      process.stdout.write(safeJson(row, 0) + '\n');
      return;
    }
    const name = clean(`${line.service}-${line.replica}`).padEnd(prefixWidth);
    const time = options.timestamps ? `${line.timeText} ` : '';
    // The engine has made every control character but tab visible already (clean() would hide tabs).
    const message = line.message;
    if (!colour) {
      process.stdout.write(`${name} | ${time}${message}\n`);
      return;
    }
    const serviceColour = colourOf.get(line.service) ?? 37;
    const levelColour = line.level ? LEVEL_COLOURS[line.level] : undefined;
    const body = levelColour ? `\x1b[${levelColour}m${message}\x1b[0m` : message;
    process.stdout.write(`\x1b[${serviceColour}m${name} |\x1b[0m ${time}${body}\n`);
  };

  logs.on('lines', ({ lines }) => {
    let from = 0;
    while (from < lines.length) {
      const result = engine.filterLines(lines, filter, { budgetMs: GREP_BUDGET_MS, from });
      for (const index of result.indices) print(lines[index]);
      if (!result.timedOut) break;
      // The pattern is stuck on this line (catastrophic backtracking): skip it, say so, go on.
      const slow = lines[result.scanned];
      slowLines++;
      if (slowLines <= 3) process.stderr.write(`stevedore: --grep took over ${GREP_BUDGET_MS} ms on a line of ${clean(slow.container)} at ${slow.timeText} (${slow.message.length} characters); the line is skipped.\n`);
      if (slowLines === 3) process.stderr.write('stevedore: further slow lines are skipped without a message; simplify the pattern (nested repetition like (a+)+ backtracks).\n');
      from = result.scanned + 1;
    }
  });
  logs.on('warning', (message) => process.stderr.write(`stevedore: ${clean(message)}\n`));
  logs.on('connection', (state) => {
    if (state.state === 'disconnected') process.stderr.write(`stevedore: ${clean(state.message)} Retrying in ${Math.max(1, Math.round(state.retryInMs / 1000))} s.\n`);
  });
  logs.on('container', (change) => {
    if (change.kind === 'joined' || change.kind === 'restarted') {
      process.stderr.write(`stevedore: ${clean(change.container.container)} ${change.kind === 'joined' ? 'started' : 'restarted'}\n`);
    }
  });
  // `stevedore logs | head`: the reader went away; stop quietly.
  const closed = new Promise<void>((resolve) => {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') resolve();
    });
  });

  if (!options.follow) {
    await Promise.race([logs.start(), closed]);
    logs.dispose();
    return;
  }
  await logs.start();
  await Promise.race([
    closed,
    new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }),
  ]);
  logs.dispose();
}
