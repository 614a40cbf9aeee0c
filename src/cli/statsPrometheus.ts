// `stevedore stats --source prometheus`: the same rows as engine mode, read from a Prometheus server
// that scrapes cAdvisor, the kubelet or `stevedore exporter` on each host, with the host of each
// replica. The work is src/stats (PrometheusSource); this file reads the flags and renders.
import type { Command } from 'commander';
import { CliError } from './errors';
import { clean, safeJson, sampleCells } from './stats';
import type { ComposeProject, PrometheusConnection, PrometheusSource, ServiceState } from '../stats';

type StatsEngine = typeof import('../stats');

export interface PrometheusStatsOptions {
  stream: boolean;
  format: string;
  file?: string[];
  projectName?: string;
  prometheusUrl?: string;
  prometheusUser?: string;
  prometheusCa?: string;
  prometheusTimeout: string;
  namespace?: string;
}

/** The flags `stevedore stats` adds for the Prometheus source. */
export function prometheusStatsOptions(command: Command): Command {
  return command
    .option('--source <source>', 'engine (the Docker engine, default) or prometheus (every host a Prometheus server scrapes)', 'engine')
    .option('--prometheus-url <url>', 'the Prometheus server, e.g. http://127.0.0.1:9090 (default: STEVEDORE_PROMETHEUS_URL)')
    .option('--prometheus-user <name>', 'basic authentication user; the password is read from STEVEDORE_PROMETHEUS_PASSWORD')
    .option('--prometheus-ca <file>', 'PEM file of the certificate authority for an https URL')
    .option('--prometheus-timeout <seconds>', 'how long one query may take', '10')
    .option('--namespace <namespace>', 'Kubernetes mode: the pods of this namespace grouped by workload (Prometheus source)');
}

/** The connection from the flags and the environment (secrets never on the command line). */
export function connectionFromFlags(
  options: PrometheusStatsOptions,
  engine: StatsEngine,
  env: NodeJS.ProcessEnv = process.env,
): PrometheusConnection {
  const url = options.prometheusUrl ?? env.STEVEDORE_PROMETHEUS_URL;
  if (!url) throw new CliError('--source prometheus needs --prometheus-url URL (or STEVEDORE_PROMETHEUS_URL).', 2);
  const seconds = Number(options.prometheusTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300) throw new CliError(`--prometheus-timeout "${options.prometheusTimeout}": use seconds between 1 and 300.`, 2);
  let auth: PrometheusConnection['auth'];
  if (options.prometheusUser) {
    const password = env.STEVEDORE_PROMETHEUS_PASSWORD;
    if (password === undefined) throw new CliError('--prometheus-user needs the password in STEVEDORE_PROMETHEUS_PASSWORD.', 2);
    auth = { kind: 'basic', username: options.prometheusUser, password };
  } else if (env.STEVEDORE_PROMETHEUS_TOKEN) {
    auth = { kind: 'bearer', token: env.STEVEDORE_PROMETHEUS_TOKEN };
  }
  return {
    url,
    ...(auth ? { auth } : {}),
    ...(options.prometheusCa ? { caFile: options.prometheusCa } : {}),
    timeoutMs: seconds * 1000,
    settingNames: { ...engine.CLI_FLAG_NAMES, retries: options.stream },
  };
}

interface ComposeScope {
  name: string;
  project?: ComposeProject;
}

/** The compose project of the folder, or only its name (-p) when Prometheus is read from elsewhere. */
function composeScope(engine: StatsEngine, options: PrometheusStatsOptions): ComposeScope {
  try {
    const folder = process.cwd();
    const project = engine.loadComposeProject({ folder, files: options.file, projectName: options.projectName });
    return { name: options.projectName ?? project.name, project };
  } catch (error) {
    const named = options.projectName && !options.file;
    if (error instanceof engine.ComposeFileError && named) return { name: options.projectName! };
    throw error;
  }
}

interface Round {
  states: ServiceState[];
  rows: unknown[];
  header: string;
  intervalSeconds: number;
}

async function readRound(
  source: PrometheusSource,
  options: PrometheusStatsOptions,
  scope: ComposeScope | undefined,
): Promise<Round> {
  if (options.namespace !== undefined) {
    const shot = await source.kubernetesSnapshot({ namespace: options.namespace });
    const header = `namespace ${clean(shot.namespace)} (Prometheus ${clean(shot.url)})`;
    return { states: shot.states, rows: shot.rows, header, intervalSeconds: shot.scrapeIntervalSeconds };
  }
  const { name, project } = scope!;
  const shot = await source.composeSnapshot({ project: name, ...(project ? { composeProject: project } : {}) });
  const header = `project ${clean(shot.projectName)} (Prometheus ${clean(shot.url)})`;
  return { states: shot.states, rows: shot.rows, header, intervalSeconds: shot.scrapeIntervalSeconds };
}

const HEADER = ['SERVICE', 'CONTAINER', 'HOST', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'NET I/O', 'BLOCK I/O', 'PIDS'];

/** docker stats' table with each replica's host. */
export function renderPrometheusTable(header: string, states: ServiceState[]): string[] {
  const rows: string[][] = [HEADER];
  for (const state of states) {
    const service = clean(state.service);
    if (!state.containers.length) {
      rows.push([service, state.status === 'not-created' ? '(not running on any host)' : '', '', '', '', '', '', '', '']);
      continue;
    }
    state.containers.forEach((c, index) => {
      const cells = c.sample ? sampleCells(c.sample) : ['', '', '', '', '', ''];
      rows.push([index === 0 ? service : '', clean(c.container), clean(c.host ?? ''), ...cells]);
    });
    if (state.containers.length > 1 && state.total) {
      rows.push(['', `total (${state.containers.length})`, '', ...sampleCells(state.total)]);
    }
  }
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('   ').trimEnd());
  return [header, ...lines];
}

export async function prometheusStats(options: PrometheusStatsOptions): Promise<void> {
  if (options.format !== 'tty' && options.format !== 'json') throw new CliError(`Unknown --format "${options.format}": use tty or json.`, 2);
  const engine = await import('../stats');
  const connection = connectionFromFlags(options, engine);
  const scope = options.namespace === undefined ? composeScope(engine, options) : undefined;
  let source: PrometheusSource;
  try {
    source = new engine.PrometheusSource(connection);
  } catch (error) {
    throw error instanceof engine.PrometheusError ? new CliError(error.message, 1) : error;
  }
  const print = (round: Round, indent: number) => {
    if (options.format === 'json') process.stdout.write(safeJson(round.rows, indent) + '\n');
    else process.stdout.write(renderPrometheusTable(round.header, round.states).join('\n') + '\n');
  };
  if (!options.stream) {
    try {
      print(await readRound(source, options, scope), 2);
    } catch (error) {
      throw error instanceof engine.PrometheusError ? new CliError(error.message, 1) : error;
    } finally {
      source.dispose();
    }
    return;
  }
  // Streaming: a round per scrape interval; a failure is said once per episode and retried.
  let stopped = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopped = true;
    source.dispose();
    wake?.();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let failing = '';
  while (!stopped) {
    let waitSeconds = 2;
    try {
      const round = await readRound(source, options, scope);
      if (failing) process.stderr.write(`stevedore: ${clean(connection.url)} answers again.\n`);
      failing = '';
      if (options.format === 'tty' && process.stdout.isTTY !== true) process.stdout.write(`${new Date().toISOString()}\n`);
      print(round, 0);
      waitSeconds = Math.max(1, round.intervalSeconds);
    } catch (error) {
      if (stopped) break;
      const message = error instanceof Error ? error.message : String(error);
      if (message !== failing) process.stderr.write(`stevedore: ${clean(message)} Retrying.\n`);
      failing = message;
      waitSeconds = 5;
    }
    if (stopped) break;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitSeconds * 1000);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
}
