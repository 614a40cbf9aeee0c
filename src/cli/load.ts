// `stevedore load SERVICE|URL`: a bounded HTTP load test of a compose service (its published port,
// found from the compose files and the engine) or of a URL, with the service's CPU and memory read
// beside it. tty prints ab's summary plus the percentiles and the saturation; json the engine's
// result. The engine work is src/load (loaded when the command runs); this file parses flags,
// resolves the target and prints. Exit: 0 done, 1 a --fail-on condition met or the engine/service
// failed, 2 a command line to fix (bad flag, a host that is not this machine without --allow-remote),
// 130 cancelled by Ctrl-C (the partial result is still printed).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from './errors';
import { clean, safeJson } from './stats';
import { DockerConfigError, DockerEngineError, DockerUnreachableError } from '../docker/connection';
import type { FailCondition, LoadOptions, LoadProgress, LoadResult, SaturationProbe } from '../load';

/** The load engine, loaded when the command runs so other commands start without it (and undici). */
type LoadEngine = typeof import('../load');

export interface LoadCliOptions {
  requests?: string;
  concurrency?: string;
  duration?: string;
  rate?: string;
  path?: string;
  header: string[];
  method?: string;
  bodyFile?: string;
  timeout?: string;
  keepalive: boolean;
  port?: string;
  format: string;
  compare?: string;
  failOn?: string;
  allowRemote?: boolean;
  file?: string[];
  projectName?: string;
  host?: string;
}

/** Exit status of a run stopped by Ctrl-C (128 + SIGINT), after its partial result is printed. */
export const CANCELLED_EXIT = 130;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description('A bounded HTTP load test of a compose service (its published port) or a URL: latency percentiles, req/s, errors by kind and the service\'s CPU and memory (the four golden signals)')
    .argument('<target>', 'a service of the compose project in this folder, or a URL (http://127.0.0.1:8080/)')
    .option('-n, --requests <n>', 'stop after this many requests (default 1 without -d, like ab)')
    .option('-c, --concurrency <n>', 'connections open at once', '1')
    .option('-d, --duration <time>', 'stop after this long: 30, 10s, 2m (with -n: whichever comes first)')
    .option('--rate <r>', 'a fixed arrival rate in requests per second over all connections (latencies then count from each request\'s due time: coordinated omission corrected)')
    .option('--path <path>', 'the path and query to request (default: the URL\'s, or / for a service)')
    .option('-H, --header <header>', 'a request header "Name: value" (repeat for more)', collect, [])
    .option('--method <method>', 'the HTTP method (default GET, POST with --body-file)')
    .option('--body-file <file>', 'send this file as the request body')
    .option('--timeout <time>', 'per-request timeout (default 30s, like ab)')
    .option('--no-keepalive', 'a new connection per request (Connection: close), like ab without -k')
    .option('--port <port>', 'a service publishing several ports: the container (or host) port to load')
    .option('--format <format>', 'tty (ab\'s summary, percentiles, saturation) or json (the full result)', 'tty')
    .option('--compare <file>', 'a previous --format json result: print how this run compares ("p95 41 ms → 28 ms")')
    .option('--fail-on <conditions>', 'exit 1 when any holds, e.g. "p95>200ms,errors>1%,rps<100,cpu>90%"')
    .option('--allow-remote', 'allow a host that is not this machine (only loopback and the project\'s own published ports otherwise)')
    .option('-f, --file <file...>', 'compose file(s) to use instead of discovering compose.yaml / docker-compose.yml')
    .option('-p, --project-name <name>', 'compose project name (default: as Compose resolves it)')
    .option('--host <host>', 'Docker engine, e.g. unix:///var/run/docker.sock (default: DOCKER_HOST, the docker context)')
    .action(async (target: string, options: LoadCliOptions) => {
      if (options.format !== 'tty' && options.format !== 'json') throw new CliError(`Unknown --format "${options.format}": use tty or json.`, 2);
      const engine = await import('../load');
      try {
        process.exitCode = await runLoadCommand(engine, target, options);
      } catch (error) {
        throw asCliError(engine, error);
      }
    });
}

function asCliError(engine: LoadEngine, error: unknown): unknown {
  if (error instanceof engine.LoadOptionsError) return new CliError(error.message, 2);
  if (error instanceof engine.RemoteTargetError) {
    return new CliError(`refusing to send load to ${clean(error.host)}: it is not this machine (only 127.0.0.1, ::1, localhost and the project's own published ports are allowed). Add --allow-remote if you mean it.`, 2);
  }
  if (
    error instanceof engine.ServiceTargetError ||
    error instanceof DockerUnreachableError ||
    error instanceof DockerConfigError ||
    error instanceof DockerEngineError ||
    (error instanceof Error && error.name === 'ComposeFileError')
  ) {
    return new CliError(error.message, 1);
  }
  return error;
}

/** A whole number flag, or a usage error naming it. */
function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new CliError(`${flag} "${value}": a whole number.`, 2);
  return Number(value);
}

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(number > 0)) throw new CliError(`${flag} "${value}": a number above 0.`, 2);
  return number;
}

/** `-H "Name: value"` (curl and ab spell it so) into the engine's header map. */
export function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new CliError(`-H "${clean(line)}": use "Name: value".`, 2);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** A URL target: scheme optional for host:port ("localhost:8080/x"); --path replaces its path. */
export function targetUrl(target: string, path?: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `http://${target}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError(`Not a URL or a service name: "${clean(target)}" (e.g. web, or http://127.0.0.1:8080/).`, 2);
  }
  if (path !== undefined) return withPath(url.href, path);
  return url.href;
}

function withPath(base: string, path: string): string {
  const url = new URL(base);
  const relative = new URL(path.startsWith('/') ? path : `/${path}`, url.origin);
  url.pathname = relative.pathname;
  url.search = relative.search;
  return url.href;
}

/** A compose service name (as Compose allows them) rather than a URL. */
export function isServiceName(target: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(target) && !/^\d+(\.\d+){3}$/.test(target) && target !== 'localhost';
}

interface ResolvedTarget {
  url: string;
  service?: { project: string; name: string };
  probe?: SaturationProbe;
}

async function resolveTarget(
  engine: LoadEngine,
  target: string,
  options: LoadCliOptions,
  warn: (line: string) => void,
): Promise<ResolvedTarget> {
  if (!isServiceName(target)) {
    const url = targetUrl(target, options.path);
    engine.checkTargetAllowed(url, { allowRemote: options.allowRemote });
    return { url };
  }
  const compose = { folder: process.cwd(), files: options.file, projectName: options.projectName, dockerHost: options.host, settingName: '--host' };
  const resolved = await engine.resolveServiceTarget({ ...compose, service: target });
  const port = wholeNumber(options.port, '--port');
  const chosen = engine.pickCandidate(resolved.candidates, port);
  if (!chosen) {
    const ports = [...resolved.candidates].sort((a, b) => a.containerPort - b.containerPort).map((c) => `${c.containerPort} (host ${c.hostPort})`).join(', ');
    throw new CliError(`"${clean(target)}" publishes no port ${port}: its ports are ${ports}.`, 2);
  }
  if (resolved.candidates.length > 1 && port === undefined) {
    const others = resolved.candidates.filter((c) => c !== chosen).map((c) => c.containerPort).join(', ');
    warn(`"${clean(target)}" publishes several ports: loading container port ${chosen.containerPort} (host ${chosen.hostPort}); --port ${others} for another.`);
  }
  const url = withPath(chosen.url, options.path ?? '/');
  const { workspacePorts, engineHost } = resolved;
  engine.checkTargetAllowed(url, { allowRemote: options.allowRemote, workspacePorts, engineHost });
  return {
    url,
    service: { project: resolved.project, name: resolved.service },
    probe: engine.composeSaturationProbe({ ...compose, service: target }),
  };
}

/** The engine's options from the flags (LoadOptionsError from the engine says what is out of bounds). */
export function loadOptions(
  url: string,
  options: LoadCliOptions,
  parseDuration: (text: string) => number | undefined,
): LoadOptions {
  const duration = options.duration === undefined ? undefined : parseDuration(options.duration);
  if (options.duration !== undefined && duration === undefined) throw new CliError(`-d "${options.duration}": a duration such as 30, 10s, 2m or 1m30s.`, 2);
  const timeout = options.timeout === undefined ? undefined : parseDuration(options.timeout);
  if (options.timeout !== undefined && timeout === undefined) throw new CliError(`--timeout "${options.timeout}": a duration such as 5s or 500ms.`, 2);
  let body: Uint8Array | undefined;
  if (options.bodyFile !== undefined) {
    try {
      body = readFileSync(options.bodyFile);
    } catch (error) {
      throw new CliError(`--body-file ${clean(options.bodyFile)}: ${(error as Error).message}`, 2);
    }
  }
  return {
    url,
    requests: wholeNumber(options.requests, '-n'),
    durationSeconds: duration,
    concurrency: wholeNumber(options.concurrency, '-c'),
    rate: positiveNumber(options.rate, '--rate'),
    method: options.method ?? (body ? 'POST' : 'GET'),
    headers: parseHeaders(options.header),
    body,
    timeoutMs: timeout === undefined ? undefined : Math.round(timeout * 1000),
    keepAlive: options.keepalive,
  };
}

function readPrevious(engine: LoadEngine, file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`--compare ${clean(file)}: ${(error as Error).message}`, 2);
  }
  try {
    return engine.parseResultJson(text);
  } catch (error) {
    throw new CliError(`--compare ${clean(file)}: ${(error as Error).message} (write one with --format json).`, 2);
  }
}

/** One line a second on a terminal's stderr, redrawn in place. */
function progressLine(progress: LoadProgress): string {
  const latency = progress.latencyMs ? `p50 ${progress.latencyMs.p50.toFixed(1)} ms  p95 ${progress.latencyMs.p95.toFixed(1)} ms` : 'no answer yet';
  const cpu = progress.saturation ? `  CPU ${progress.saturation.cpuPercent.toFixed(1)}%` : '';
  return `${progress.elapsedSeconds.toFixed(0)} s  ${progress.requestsDone} requests  ${Math.round(progress.requestsPerSecond)} req/s  ${latency}  errors ${progress.errorsTotal}${cpu}`;
}

export async function runLoadCommand(engine: LoadEngine, target: string, options: LoadCliOptions): Promise<number> {
  const warn = (line: string): void => void process.stderr.write(`stevedore: ${line}\n`);
  // Everything the command line says is checked before the engine is asked or any traffic is sent.
  const failOn: FailCondition[] = options.failOn === undefined ? [] : engine.parseFailOn(options.failOn);
  const previous = options.compare === undefined ? undefined : readPrevious(engine, options.compare);
  engine.validateLoadOptions(loadOptions('http://127.0.0.1/', options, engine.parseDurationSeconds));
  const resolved = await resolveTarget(engine, target, options, warn);
  const loadOptionsForRun = loadOptions(resolved.url, options, engine.parseDurationSeconds);

  const live = options.format === 'tty' && process.stderr.isTTY === true;
  const cancel = new AbortController();
  const onSignal = (): void => cancel.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: LoadResult;
  // undici ends every connection of a --no-keepalive run by destroying its socket with an Error
  // ('reset'), and Node's stream code formats that Error's stack: measured against a local Node
  // server, 325-375 µs of this process' CPU per request with stacks, 290-300 µs without (about 20%
  // more requests per second). This process exists for the run and prints messages, not stacks.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    result = await engine.runLoad(
      // The host was checked above with the project's ports (a remote engine's own services pass).
      { ...loadOptionsForRun, allowRemote: true },
      {
        signal: cancel.signal,
        saturation: resolved.probe,
        onProgress: live ? (progress) => void process.stderr.write(`\r${progressLine(progress)}\x1b[K`) : undefined,
      },
    );
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (live) process.stderr.write('\r\x1b[K');
  }
  if (resolved.service) result.service = resolved.service;

  const comparison = previous ? engine.compareResults(previous, result) : [];
  if (options.format === 'json') {
    const json = JSON.parse(engine.resultJson(result)) as Record<string, unknown>;
    if (previous) json.comparison = comparison;
    process.stdout.write(safeJson(json) + '\n');
  } else {
    process.stdout.write(engine.ttyReport(result, comparison));
  }
  if (result.cancelled) {
    warn('cancelled: the result above covers the requests completed before Ctrl-C.');
    return CANCELLED_EXIT;
  }
  const verdict = engine.evaluateFailOn(failOn, result);
  for (const message of verdict.messages) warn(`fail-on: ${message}`);
  return verdict.failed.length > 0 ? 1 : 0;
}
