// `stevedore stats`: live stats of the compose services of the current folder, with the numbers and
// number formats of `docker stats`, grouped by service. The engine work is src/stats; this file only
// renders. Names and labels come from the engine and are printed as text, control characters removed.
import type { Command } from 'commander';
import { CliError } from './errors';
import { prometheusStats, prometheusStatsOptions, type PrometheusStatsOptions } from './statsPrometheus';
import { DockerConfigError, DockerEngineError, DockerUnreachableError, connectDocker } from '../docker/connection';
import { dockerBytesSize, dockerHumanSize, dockerPercent } from '../shared/units';
import type { ComposeProject, ConnectionState, ContainerSample, ServiceState } from '../stats';

/** The stats engine, loaded when the command runs so other commands start without it. */
type StatsEngine = typeof import('../stats');

interface StatsOptions extends PrometheusStatsOptions {
  source: string;
  stream: boolean;
  format: string;
  file?: string[];
  projectName?: string;
  host?: string;
  collector: string;
}

/** `--collector`: how container stats are read (stevedore.stats.collector in the editor). */
export const COLLECTOR_OPTION = ['--collector <mode>', 'auto (cgroup files for a local engine, else stats streams), cgroup, or api (stats streams only)', 'auto'] as const;

/** The --collector value, checked. */
export function collectorMode(value: string): 'auto' | 'cgroup' | 'api' {
  if (value === 'auto' || value === 'cgroup' || value === 'api') return value;
  throw new CliError(`Unknown --collector "${value}": use auto, cgroup or api.`, 2);
}

export function registerStats(program: Command): void {
  const command = program
    .command('stats')
    .description('Live CPU, memory, network, block I/O and PIDs of the compose services in this folder (the numbers `docker stats` shows)')
    .option('--no-stream', 'print one sample (waits for two engine readings, like docker stats) and exit')
    .option('--format <format>', 'tty (a table grouped by service) or json', 'tty')
    .option('-f, --file <file...>', 'compose file(s) to use instead of discovering compose.yaml / docker-compose.yml')
    .option('-p, --project-name <name>', 'compose project name (default: as Compose resolves it)')
    .option('-H, --host <host>', 'Docker engine, e.g. unix:///var/run/docker.sock (default: DOCKER_HOST, the docker context)')
    .option(...COLLECTOR_OPTION);
  prometheusStatsOptions(command)
    .action(async (options: StatsOptions) => {
      if (options.source === 'prometheus') return prometheusStats(options);
      if (options.source !== 'engine') throw new CliError(`Unknown --source "${options.source}": use engine or prometheus.`, 2);
      if (options.format !== 'tty' && options.format !== 'json') throw new CliError(`Unknown --format "${options.format}": use tty or json.`, 2);
      collectorMode(options.collector);
      const engine = await import('../stats');
      try {
        if (options.stream) await streamStats(engine, options);
        else await printOnce(engine, options);
      } catch (error) {
        throw asCliError(engine, error);
      }
    });
}

function asCliError({ ComposeFileError }: StatsEngine, error: unknown): unknown {
  if (
    error instanceof ComposeFileError ||
    error instanceof DockerUnreachableError ||
    error instanceof DockerConfigError ||
    error instanceof DockerEngineError
  ) {
    return new CliError(error.message, 1);
  }
  return error;
}

async function printOnce({ sampleOnce }: StatsEngine, options: StatsOptions): Promise<void> {
  const snapshot = await sampleOnce({
    folder: process.cwd(),
    files: options.file,
    projectName: options.projectName,
    dockerHost: options.host,
    settingName: '--host',
    statsCollector: collectorMode(options.collector),
    onWarning: (message) => process.stderr.write(`stevedore: ${clean(message)}\n`),
  });
  if (options.format === 'json') {
    process.stdout.write(safeJson(snapshot.rows) + '\n');
    return;
  }
  process.stdout.write(renderTable(snapshot.project, snapshot.states).join('\n') + '\n');
}

async function streamStats(
  { ComposeStatsMonitor, statsJsonRows: statsRows }: StatsEngine,
  options: StatsOptions,
): Promise<void> {
  // Fail fast with the engine's message when it is not there at all; later outages are shown live.
  await connectDocker({ setting: options.host, settingName: '--host' });
  const monitor = new ComposeStatsMonitor({ folder: process.cwd(), files: options.file, projectName: options.projectName, dockerHost: options.host, settingName: '--host', countLogErrors: false, statsCollector: collectorMode(options.collector) });
  const tty = options.format === 'tty' && process.stdout.isTTY === true;
  let connection: ConnectionState = monitor.connectionState;
  const draw = (states: ServiceState[]) => {
    if (options.format === 'json') {
      // One line per tick (NDJSON), so `jq` and friends can follow the stream.
      process.stdout.write(safeJson(statsRows(states), 0) + '\n');
      return;
    }
    const lines = renderTable(monitor.composeProject, states);
    if (connection.state === 'disconnected') lines.unshift(`! ${clean(connection.message)} Retrying…`);
    if (tty) {
      // Redraw in place: home, each line cleared to its end, then clear whatever the last frame left below.
      process.stdout.write('\x1b[H' + lines.map((line) => line + '\x1b[K').join('\n') + '\n\x1b[J');
    } else {
      process.stdout.write(`${new Date().toISOString()}\n${lines.join('\n')}\n\n`);
    }
  };
  monitor.on('connection', (state) => {
    connection = state;
    if (state.state === 'disconnected') {
      if (options.format === 'json' || !tty) process.stderr.write(`stevedore: ${state.message} Retrying in ${Math.round(state.retryInMs / 1000)} s.\n`);
      else draw(monitor.states());
    }
  });
  monitor.on('state', draw);
  monitor.on('warning', (message) => process.stderr.write(`stevedore: ${clean(message)}\n`));
  if (tty) process.stdout.write('\x1b[2J\x1b[?25l');
  await monitor.start();
  await new Promise<void>((resolve) => {
    const stop = () => {
      monitor.dispose();
      if (tty) process.stdout.write('\x1b[?25h');
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** C0/C1 controls and bidi overrides become "?": a container name cannot move the cursor or recolour the terminal. */
export function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
}

/** JSON.stringify leaves C1 controls (e.g. U+009B, a CSI on some terminals) raw: escape them too. */
export function safeJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent || undefined).replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const HEADER = ['SERVICE', 'CONTAINER', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS'];

/** docker stats' columns for one sample; Windows samples show "--" where docker stats does. */
export function sampleCells(sample: ContainerSample): string[] {
  const windows = sample.osType === 'windows';
  return [
    dockerPercent(sample.cpuPercent),
    windows ? dockerBytesSize(sample.memoryUsageBytes) : `${dockerBytesSize(sample.memoryUsageBytes)} / ${dockerBytesSize(sample.memoryLimitBytes)}`,
    windows ? '--' : dockerPercent(sample.memoryPercent),
    `${dockerHumanSize(sample.netRxBytes)} / ${dockerHumanSize(sample.netTxBytes)}`,
    `${dockerHumanSize(sample.blockReadBytes)} / ${dockerHumanSize(sample.blockWriteBytes)}`,
    windows ? '--' : String(sample.pids),
  ];
}

function statusText(state: ServiceState): string {
  switch (state.status) {
    case 'not-created':
      return state.profiles.length ? `(not created; profile ${state.profiles.join(', ')})` : '(not created)';
    case 'stopped':
      return '(stopped)';
    default:
      return '';
  }
}

/** The table: one block per service, a line per container, a total line for replicas. */
export function renderTable(project: ComposeProject, states: ServiceState[]): string[] {
  const rows: string[][] = [HEADER];
  for (const state of states) {
    const service = clean(state.service);
    if (!state.containers.length) {
      rows.push([service, statusText(state), '', '', '', '', '', '']);
      continue;
    }
    state.containers.forEach((c, index) => {
      const name = clean(c.container);
      const cells = c.sample ? sampleCells(c.sample) : [c.state === 'running' ? 'waiting' : clean(c.state), '', '', '', '', ''];
      rows.push([index === 0 ? service : '', name, ...cells]);
    });
    if (state.containers.length > 1 && state.total) rows.push(['', `total (${state.containers.filter((c) => c.sample).length})`, ...sampleCells(state.total)]);
  }
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('   ').trimEnd());
  const projectNames = [...new Set(states.map((s) => s.project))];
  lines.unshift(`project ${clean(projectNames.join(', ') || project.name)} (${project.configFiles.map(clean).join(', ')})`);
  return lines;
}
