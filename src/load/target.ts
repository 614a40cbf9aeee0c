// Where the load goes: a URL, or a compose service's published port (found from the compose files
// and the engine, as the stats engine reads them). By default only this machine's loopback
// addresses are accepted, and the workspace's own services' published ports; any other host needs
// an explicit allowRemote.
import type Docker from 'dockerode';
import { connectDocker, resolveDockerTarget } from '../docker/connection';
import { listServiceContainers, loadComposeProject, publishedPorts } from '../stats';
import type { ResolvedServiceTarget, ServiceUrl } from './types';

/** A host that is not this machine, refused unless allowed. */
export class RemoteTargetError extends Error {
  constructor(readonly host: string) {
    super(`${host} is not this machine: load tests go to 127.0.0.1, ::1 or localhost unless allowed explicitly (--allow-remote).`);
    this.name = 'RemoteTargetError';
  }
}

/** What is missing to test a service: not running, no published port, unknown service. */
export class ServiceTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceTargetError';
  }
}

/** localhost, 127.0.0.0/8, ::1 (brackets allowed), and IPv4-mapped loopback. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = host.replace(/^::ffff:/, '');
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Throw RemoteTargetError unless the URL's host is loopback, or is the Docker engine's host with one
 * of the workspace's published ports (a remote engine's services), or `allowRemote` is set.
 */
export function checkTargetAllowed(
  url: string,
  options: { allowRemote?: boolean; workspacePorts?: readonly number[]; engineHost?: string } = {},
): void {
  const parsed = new URL(url);
  if (options.allowRemote || isLoopbackHost(parsed.hostname)) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  if (options.engineHost && host === options.engineHost.toLowerCase() && options.workspacePorts?.includes(port)) return;
  throw new RemoteTargetError(parsed.hostname);
}

export interface ServiceTargetOptions {
  folder: string;
  files?: string[];
  projectName?: string;
  dockerHost?: string;
  settingName?: string;
  env?: NodeJS.ProcessEnv;
  service: string;
  /** An already connected client (tests). */
  docker?: Docker;
}

/** The engine's host name when it is reached over the network (tcp://, ssh://), else undefined. */
export function engineHostName(engineHost: string): string | undefined {
  const match = /^(?:tcp|ssh|https?):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/.exec(engineHost);
  return match ? match[1].replace(/^\[|\]$/g, '') : undefined;
}

/** The URLs a compose service answers on: one per TCP port its running replicas publish. */
export async function resolveServiceTarget(options: ServiceTargetOptions): Promise<ResolvedServiceTarget & { engineHost?: string }> {
  const project = loadComposeProject(options);
  const { docker, target } = options.docker
    ? { docker: options.docker, target: resolveDockerTarget({ setting: options.dockerHost, env: options.env }) }
    : await connectDocker({ setting: options.dockerHost, settingName: options.settingName, env: options.env });
  const declared = project.services.find((s) => s.name === options.service);
  const containers = await listServiceContainers(docker, project);
  const running = containers.filter((c) => c.state === 'running');
  const replicas = running.filter((c) => c.service === options.service);
  if (replicas.length === 0) {
    if (!declared && !containers.some((c) => c.service === options.service)) {
      const names = project.services.map((s) => s.name).join(', ') || 'none';
      throw new ServiceTargetError(`No service "${options.service}" in compose project ${project.name} (services: ${names}).`);
    }
    throw new ServiceTargetError(`"${options.service}" (${project.name}) has no running container: start it first (docker compose up -d ${options.service}).`);
  }
  const ports = await publishedPorts(docker, replicas.map((c) => c.containerId));
  if (ports.length === 0) {
    throw new ServiceTargetError(`"${options.service}" publishes no TCP port on the host, so there is nothing to send requests to: add "ports:" to it (e.g. "127.0.0.1::8080") and recreate it.`);
  }
  const allPorts = await publishedPorts(docker, running.map((c) => c.containerId));
  const engineHost = engineHostName(target.host);
  const seen = new Set<string>();
  const candidates: ServiceUrl[] = [];
  for (const port of ports) {
    let host = engineHost ?? '127.0.0.1';
    if (!engineHost && port.hostIp && port.hostIp !== '0.0.0.0' && port.hostIp !== '::') host = port.hostIp;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port.publicPort}/`;
    if (seen.has(url)) continue;
    seen.add(url);
    candidates.push({ url, containerPort: port.privatePort, hostPort: port.publicPort, hostIp: port.hostIp });
  }
  const limit = declared?.declared.memoryLimitBytes;
  return {
    project: project.name,
    service: options.service,
    candidates,
    workspacePorts: [...new Set(allPorts.map((p) => p.publicPort))].sort((a, b) => a - b),
    memoryLimitBytes: limit && limit > 0 ? limit * replicas.length : null,
    engineHost,
  };
}

/** Several ports: the container port most likely HTTP (80, 8080, 8000, 3000, 443…), else the lowest. */
export function pickCandidate(candidates: readonly ServiceUrl[], containerPort?: number): ServiceUrl | undefined {
  if (containerPort !== undefined) return candidates.find((c) => c.containerPort === containerPort || c.hostPort === containerPort);
  const preferred = [80, 8080, 8000, 3000, 5000, 8888, 443];
  for (const port of preferred) {
    const hit = candidates.find((c) => c.containerPort === port);
    if (hit) return hit;
  }
  return candidates[0];
}
