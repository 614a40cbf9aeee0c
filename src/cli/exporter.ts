// `stevedore exporter`: every running container of one Docker engine as cAdvisor's metrics on
// /metrics, for Prometheus to scrape. The engine work is src/stats (ContainerExporter); this file
// serves HTTP, prints, and stops cleanly on SIGTERM/SIGINT.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Command } from 'commander';
import { CliError } from './errors';
import { clean, collectorMode, COLLECTOR_OPTION } from './stats';
import { DockerConfigError, DockerEngineError, DockerUnreachableError, connectDocker } from '../docker/connection';
import type { ContainerExporter } from '../stats';

interface ExporterCliOptions {
  listen: string;
  host?: string;
  print?: boolean;
  wait: string;
  collector: string;
}

export const DEFAULT_LISTEN = '127.0.0.1:9338';

/** `HOST:PORT` or `[IPv6]:PORT`, host required: the exporter listens only where it is told. */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.%\w]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) {
    throw new CliError(`--listen "${value}" is not HOST:PORT (e.g. ${DEFAULT_LISTEN}, [::1]:9338, or 0.0.0.0:9338 for every interface).`, 2);
  }
  return { host: match[1] ?? match[2], port };
}

export function registerExporter(program: Command): void {
  program
    .command('exporter')
    .description("Serve every running container's CPU, memory, network, block I/O and PIDs on /metrics with cAdvisor's metric names, for Prometheus")
    .option('-l, --listen <host:port>', 'address to serve /metrics on', DEFAULT_LISTEN)
    .option('-H, --host <host>', 'Docker engine, e.g. unix:///var/run/docker.sock (default: DOCKER_HOST, the docker context)')
    .option('--print', 'print one exposition on stdout (after one sample of each running container) and exit')
    .option('--wait <seconds>', 'with --print: how long to wait for every container\'s first sample', '10')
    .option(...COLLECTOR_OPTION)
    .action(async (options: ExporterCliOptions) => {
      const statsCollector = collectorMode(options.collector);
      const listen = options.print ? undefined : parseListen(options.listen);
      const waitSeconds = Number(options.wait);
      if (!(waitSeconds > 0 && waitSeconds <= 600)) throw new CliError(`--wait "${options.wait}" must be a number of seconds between 0 and 600.`, 2);
      const { ContainerExporter: Exporter } = await import('../stats');
      let connected;
      try {
        // Fail fast with the engine's message when it is not there at all; later outages are survived.
        connected = await connectDocker({ setting: options.host, settingName: '--host' });
      } catch (error) {
        const known = error instanceof DockerUnreachableError || error instanceof DockerConfigError;
        if (known || error instanceof DockerEngineError) throw new CliError(error.message, 1);
        throw error;
      }
      const exporter = new Exporter({ dockerHost: options.host, settingName: '--host', statsCollector }, connected.docker);
      try {
        if (listen) await serve(exporter, listen);
        else await printOnce(exporter, waitSeconds * 1000);
      } finally {
        exporter.dispose();
      }
    });
}

async function printOnce(exporter: ContainerExporter, waitMs: number): Promise<void> {
  await exporter.start();
  const { waitingFor } = await exporter.settled(waitMs);
  if (exporter.connectionState.state === 'disconnected') throw new CliError(exporter.connectionState.message, 1);
  if (waitingFor.length) process.stderr.write(`stevedore: no sample yet from ${waitingFor.map(clean).join(', ')}: left out of the exposition.\n`);
  process.stdout.write(await exporter.metrics());
}

function listenError(error: NodeJS.ErrnoException, where: string): CliError {
  if (error.code === 'EADDRINUSE') return new CliError(`${where} is already in use (another exporter or cAdvisor?): stop it or choose another port with --listen HOST:PORT.`, 1);
  if (error.code === 'EACCES') return new CliError(`Not allowed to listen on ${where} (ports below 1024 need privileges): choose another with --listen HOST:PORT.`, 1);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new CliError(`${where} is not an address of this machine: use --listen with one of its addresses, e.g. ${DEFAULT_LISTEN}.`, 1);
  return new CliError(`Cannot listen on ${where}: ${error.message}`, 1);
}

async function serve(exporter: ContainerExporter, listen: { host: string; port: number }): Promise<void> {
  const where = `${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port}`;
  const server = createServer((request, response) => void handle(exporter, request, response));
  // Scrapers keep connections alive; without this a stop would wait for them.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, where)));
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const url = `http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${port}/metrics`;
  exporter.on('connection', (state) => {
    if (state.state === 'disconnected') {
      process.stderr.write(`stevedore: ${clean(state.message)} Serving no container series (container_scrape_error 1) until it is back; retrying in ${Math.round(state.retryInMs / 1000)} s.\n`);
    } else if (state.state === 'connected') {
      process.stderr.write(`stevedore: following every running container of ${clean(state.host)}.\n`);
    }
  });
  process.stderr.write(`stevedore: serving ${url} for the Docker engine at ${clean(exporter.target.host)}. Stop with Ctrl+C.\n`);
  await exporter.start();
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      exporter.dispose();
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function handle(exporter: ContainerExporter, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
    return;
  }
  if (path === '/metrics') {
    try {
      const body = await exporter.metrics();
      response.writeHead(200, { 'content-type': exporter.contentType });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`exposition failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    return;
  }
  if (path === '/') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Stevedore exporter</title><h1>Stevedore exporter</h1><p><a href="metrics">/metrics</a>: cAdvisor-compatible container metrics.</p>\n');
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: the metrics are on /metrics\n');
}
