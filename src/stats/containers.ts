// Which containers belong to a compose project: by the Compose labels. A project started with
// another `-p` name is still found through its config files or working directory labels.
import { realpathSync } from 'node:fs';
import type Docker from 'dockerode';
import { configFilesFromLabels } from './compose';
import { COMPOSE_LABELS, type EngineContainerSummary } from './engineJson';
import type { ComposeProject } from './types';

export interface ServiceContainer {
  containerId: string;
  /** Name without the leading slash. */
  container: string;
  /** The project label on the container (may differ from the compose project's name with `-p`). */
  project: string;
  service: string;
  number: number;
  state: string;
  health?: string;
}

/** Running or paused: the states in which a container has stats and logs to follow. */
export function isRunning(state: string): boolean {
  return state === 'running' || state === 'paused';
}

function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * True when a container's labels say it belongs to the project: the same project name, or the same
 * compose files (Compose v2 writes absolute paths; v1 paths relative to working_dir), or, when the
 * labels carry no files, the same working directory.
 */
export function belongsToProject(labels: Record<string, string> | undefined, project: Pick<ComposeProject, 'name' | 'workingDir' | 'configFiles'>): boolean {
  if (!labels || !labels[COMPOSE_LABELS.service]) return false;
  if (labels[COMPOSE_LABELS.oneoff]?.toLowerCase() === 'true') return false; // `compose run` containers are not services
  if (labels[COMPOSE_LABELS.project] === project.name) return true;
  const workingDir = labels[COMPOSE_LABELS.workingDir];
  const files = configFilesFromLabels(labels[COMPOSE_LABELS.configFiles], workingDir);
  if (files.length) return files.some((file) => project.configFiles.some((ours) => samePath(file, ours)));
  return workingDir !== undefined && samePath(workingDir, project.workingDir);
}

const isRecord = (value: unknown): value is Record<string, string> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function serviceContainerOf(summary: EngineContainerSummary): ServiceContainer {
  const labels = isRecord(summary.Labels) ? summary.Labels : {};
  const health = /\((healthy|unhealthy|health: starting)\)/.exec(typeof summary.Status === 'string' ? summary.Status : '')?.[1];
  return {
    containerId: summary.Id,
    container: (Array.isArray(summary.Names) && typeof summary.Names[0] === 'string' ? summary.Names[0] : summary.Id.slice(0, 12)).replace(/^\//, ''),
    project: labels[COMPOSE_LABELS.project] ?? '',
    service: labels[COMPOSE_LABELS.service] ?? '',
    number: Number(labels[COMPOSE_LABELS.containerNumber] ?? 1) || 1,
    state: typeof summary.State === 'string' ? summary.State : 'unknown',
    ...(health ? { health: health === 'health: starting' ? 'starting' : health } : {}),
  };
}

/**
 * Which containers a session follows: one compose project's (the view, `stevedore stats`), or every
 * running container of the engine (the exporter, like cAdvisor).
 */
export type ContainerScope = { kind: 'project'; project: ComposeProject } | { kind: 'engine' };

/** True when an engine event's container (its labels, as the event's attributes) is in the scope. */
export function inScope(labels: Record<string, string> | undefined, scope: ContainerScope): boolean {
  return scope.kind === 'engine' || belongsToProject(labels, scope.project);
}

/** The scope's containers: the project's (running or not), or every running one of the engine. */
export function listScopeContainers(docker: Docker, scope: ContainerScope): Promise<ServiceContainer[]> {
  return scope.kind === 'engine' ? listRunningContainers(docker) : listServiceContainers(docker, scope.project);
}

/** Every running (or paused) container of the engine, compose or not, ordered by name. */
export async function listRunningContainers(docker: Docker): Promise<ServiceContainer[]> {
  return summariesOf(await docker.listContainers({ all: false }))
    .map(serviceContainerOf)
    .sort((a, b) => a.container.localeCompare(b.container));
}

function summariesOf(all: unknown): EngineContainerSummary[] {
  if (!Array.isArray(all)) {
    throw new Error('The Docker engine answered GET /containers/json with something that is not a list of containers: is the host a Docker engine? Check stevedore.dockerHost, --host or DOCKER_HOST.');
  }
  return (all as unknown[]).filter((summary): summary is EngineContainerSummary => typeof summary === 'object' && summary !== null && typeof (summary as EngineContainerSummary).Id === 'string');
}

/** Every container (running or not) of the project's services, ordered by service then replica number. */
export async function listServiceContainers(docker: Docker, project: Pick<ComposeProject, 'name' | 'workingDir' | 'configFiles'>): Promise<ServiceContainer[]> {
  // Only compose containers: the label filter keeps the answer small on busy engines.
  const all = (await docker.listContainers({ all: true, filters: { label: [COMPOSE_LABELS.service] } })) as unknown;
  return summariesOf(all)
    .filter((summary) => belongsToProject(isRecord(summary.Labels) ? summary.Labels : undefined, project))
    .map(serviceContainerOf)
    .sort(
      (a, b) => a.service.localeCompare(b.service) || a.number - b.number || a.container.localeCompare(b.container),
    );
}
