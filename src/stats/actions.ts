// Service actions for the view: start, stop, restart through the engine; creating a declared but
// never-created service through Compose itself (`docker compose` or `docker-compose`), run with
// argument arrays, never through a shell; a container's inspect JSON; following a service's logs.
import { execFile } from 'node:child_process';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { DockerTarget } from '../docker/connection';
import { isRunning, type ServiceContainer } from './containers';
import { ERROR_LINE, onLogLines } from './streams';
import type { ComposeProject, LogLine } from './types';

export interface ComposeCommand {
  command: string;
  /** Arguments before the project options: ['compose'] for the plugin, [] for v1. */
  prefix: string[];
  /** Compose v1 applies deploy.resources only with --compatibility. */
  v1: boolean;
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const execOptions = {
      cwd: options.cwd,
      env: options.env,
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 16 * 1024 * 1024,
    };
    execFile(command, args, execOptions, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout: String(stdout), stderr: String(stderr) }));
      else resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

let detected: Promise<ComposeCommand | undefined> | undefined;

/** `docker compose` (v2 plugin) when present, else `docker-compose` (v1 or the v2 standalone), else undefined. */
export function detectComposeCommand(): Promise<ComposeCommand | undefined> {
  detected ??= (async () => {
    try {
      await run('docker', ['compose', 'version'], { timeoutMs: 10_000 });
      return { command: 'docker', prefix: ['compose'], v1: false };
    } catch {
      /* no plugin: try the standalone binary */
    }
    try {
      const { stdout } = await run('docker-compose', ['version', '--short'], { timeoutMs: 10_000 });
      return { command: 'docker-compose', prefix: [], v1: /^1\./.test(stdout.trim()) };
    } catch {
      return undefined;
    }
  })();
  return detected;
}

/** The environment for Compose: the engine Stevedore talks to, so both act on the same one. */
function composeEnv(target: DockerTarget | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (target && (target.source === 'setting' || target.source === 'DOCKER_HOST')) env.DOCKER_HOST = target.host;
  return env;
}

/** `compose -p NAME -f FILE... up -d SERVICE`: creates and starts a service that has no container yet. */
export async function composeUp(
  project: ComposeProject,
  projectName: string,
  service: string,
  target?: DockerTarget,
): Promise<string> {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(service) || !project.services.some((s) => s.name === service)) {
    throw new Error(`Cannot create "${service}": it is not a service of ${project.configFiles.join(', ')}.`);
  }
  const compose = await detectComposeCommand();
  if (!compose) {
    throw new Error(
      `Cannot create the service "${service}": neither \`docker compose\` nor \`docker-compose\` was found. ` +
        `Install Docker Compose, or run \`docker compose up -d ${service}\` in ${project.workingDir}.`,
    );
  }
  const args = [...compose.prefix, ...(compose.v1 ? ['--compatibility'] : []), '-p', projectName, '--project-directory', project.workingDir];
  for (const file of project.configFiles) args.push('-f', file);
  args.push('up', '-d', service);
  try {
    const { stdout, stderr } = await run(compose.command, args, { cwd: project.workingDir, env: composeEnv(target) });
    return (stdout + stderr).trim();
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ') || (error as Error).message;
    throw new Error(`\`${compose.command} ${compose.prefix.join(' ')} up -d ${service}\` failed in ${project.workingDir}: ${detail}`);
  }
}

export type ContainerAction = 'start' | 'stop' | 'restart';

/** Start, stop or restart containers by id; 304 (already in that state) counts as done. */
export async function actOnContainers(docker: Docker, action: ContainerAction, containerIds: string[]): Promise<void> {
  const failures: string[] = [];
  await Promise.all(
    containerIds.map(async (id) => {
      const container = docker.getContainer(id);
      try {
        if (action === 'start') await container.start();
        else if (action === 'stop') await container.stop();
        else await container.restart();
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 304) return;
        failures.push(`${id.slice(0, 12)}: ${(error as Error).message}`);
      }
    }),
  );
  if (failures.length) throw new Error(`Could not ${action} ${failures.length} container(s): ${failures.join('; ')}`);
}

/** What the actions act on: the engine, the project, and its containers as the monitor knows them now. */
export interface ServiceActionScope {
  docker: Docker;
  target: DockerTarget;
  project: ComposeProject;
  /** Each container as tracked: `info` is read when used, so a rename or a re-listing shows. */
  containers: Array<{ info: ServiceContainer }>;
}

const containersOf = (scope: ServiceActionScope, service: string): ServiceContainer[] =>
  scope.containers.filter((tracked) => tracked.info.service === service).map((tracked) => tracked.info);

/** Start a service's stopped containers, or create it with Compose when it has none. Resolves with what was done. */
export async function startService(scope: ServiceActionScope, service: string): Promise<string> {
  const containers = containersOf(scope, service);
  if (!containers.length) {
    const projectName = scope.containers.find((tracked) => tracked.info.project)?.info.project || scope.project.name;
    const output = await composeUp(scope.project, projectName, service, scope.target);
    return output || `Started ${service}`;
  }
  const stopped = containers.filter((info) => !isRunning(info.state));
  await actOnContainers(scope.docker, 'start', stopped.map((info) => info.containerId));
  return `Started ${stopped.length} container(s) of ${service}`;
}

export async function stopService(scope: ServiceActionScope, service: string): Promise<string> {
  const running = containersOf(scope, service).filter((info) => isRunning(info.state));
  if (!running.length) return `${service} has no running containers: nothing to stop`;
  await actOnContainers(scope.docker, 'stop', running.map((info) => info.containerId));
  return `Stopped ${running.length} container(s) of ${service}`;
}

export async function restartService(scope: ServiceActionScope, service: string): Promise<string> {
  const containers = containersOf(scope, service);
  if (!containers.length) throw new Error(`${service} has no containers yet: use Start to create it.`);
  await actOnContainers(scope.docker, 'restart', containers.map((info) => info.containerId));
  return `Restarted ${containers.length} container(s) of ${service}`;
}

/** The engine's inspect JSON of one of the project's containers (by id or id prefix). */
export async function inspectContainer(scope: ServiceActionScope, containerId: string): Promise<unknown> {
  const found =
    scope.containers.find((c) => c.info.containerId === containerId) ??
    scope.containers.find((c) => c.info.containerId.startsWith(containerId));
  if (!found) throw new Error(`Container ${containerId.slice(0, 12)} is not one of ${scope.project.name}'s containers.`);
  return scope.docker.getContainer(found.info.containerId).inspect();
}

/**
 * Follow a service's logs: the last `tail` lines of each container, then new ones, each flagged
 * when it looks like an error. Call dispose() on the result to stop.
 */
export function followServiceLogs(
  scope: ServiceActionScope,
  service: string,
  onLine: (line: LogLine) => void,
  tail = 200,
): { dispose(): void } {
  const streams: Readable[] = [];
  let disposed = false;
  for (const tracked of scope.containers.filter((c) => c.info.service === service)) {
    const container = scope.docker.getContainer(tracked.info.containerId);
    void container.inspect().then(async (inspect) => {
      const stream = (await container.logs({ follow: true, stdout: true, stderr: true, tail })) as unknown as Readable;
      if (disposed) {
        stream.destroy();
        return;
      }
      streams.push(stream);
      onLogLines(stream, inspect.Config?.Tty === true, (text, source) =>
        onLine({ container: tracked.info.container, stream: source, text, isError: ERROR_LINE.test(text) }),
      );
    }).catch(() => undefined); // the container went away meanwhile: nothing to follow
  }
  return {
    dispose: () => {
      disposed = true;
      for (const stream of streams) stream.destroy();
    },
  };
}
