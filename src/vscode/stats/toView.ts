// The engine's service states as the view's rows: small, validated-shape messages. Pure (no
// `vscode`), so the unit tests run it; the numbers themselves come from the engine unchanged.
import type { HistoryPoint, ViewContainer, ViewNumbers, ViewProject, ViewService } from '../../shared/protocol/stats';
import { friendlyBytes } from '../../shared/units';
import type { ContainerSample, ContainerState, DeclaredResources, SeriesHistory, ServiceState } from '../../stats';

export interface FolderServices {
  /** The workspace folder's name, shown only in multi-root workspaces. */
  folder: string;
  services: ServiceState[];
}

const sum = (values: Array<number | undefined>): number | undefined =>
  values.some((value) => value !== undefined)
    ? values.reduce<number>((total, value) => total + (value ?? 0), 0)
    : undefined;

// The page prints percentages with two decimals (as docker stats does) and rates to three digits:
// sending more digits only makes every update bigger.
const hundredths = (value: number): number => Math.round(value * 100) / 100;
const tenths = (value: number | undefined): number | undefined =>
  value === undefined ? undefined : Math.round(value * 10) / 10;

function numbers(sample: ContainerSample, rates: Array<Pick<ContainerState, 'netRxRate' | 'netTxRate' | 'blockReadRate' | 'blockWriteRate'>>): ViewNumbers {
  const windows = sample.osType === 'windows';
  const view: ViewNumbers = {
    cpuPercent: hundredths(sample.cpuPercent),
    memoryUsageBytes: sample.memoryUsageBytes,
    // Windows containers report no limit (docker stats prints "--"): 0 means "not reported".
    memoryLimitBytes: windows ? 0 : sample.memoryLimitBytes,
    memoryPercent: windows ? 0 : hundredths(sample.memoryPercent),
    pids: windows ? 0 : sample.pids,
  };
  const rx = tenths(sum(rates.map((r) => r.netRxRate)));
  const tx = tenths(sum(rates.map((r) => r.netTxRate)));
  const read = tenths(sum(rates.map((r) => r.blockReadRate)));
  const write = tenths(sum(rates.map((r) => r.blockWriteRate)));
  if (rx !== undefined) view.netRxRate = rx;
  if (tx !== undefined) view.netTxRate = tx;
  if (read !== undefined) view.blockReadRate = read;
  if (write !== undefined) view.blockWriteRate = write;
  return view;
}

/** Prometheus source: which replicas' engine Stevedore reaches (by full container id). */
export type EngineReach = (containerId: string) => boolean;

function viewContainer(container: ContainerState, reach?: EngineReach): ViewContainer {
  return {
    // The short id, as `docker ps` shows it: enough to act on, and 52 bytes less per container per update.
    containerId: container.containerId.slice(0, 12),
    name: container.container,
    state: container.health && container.state === 'running' ? `running (${container.health})` : container.state,
    ...(container.sample && container.state === 'running' ? { numbers: numbers(container.sample, [container]) } : {}),
    ...(container.host !== undefined ? { host: container.host } : {}),
    ...(reach ? { engineReachable: reach(container.containerId) } : {}),
  };
}

/** The compose file's resources in words: "memory limit 64MiB", "CPU limit 0.5". */
export function declaredWords(declared: DeclaredResources, replicas = 1): string[] {
  const words: string[] = [];
  if (declared.memoryLimitBytes !== undefined) words.push(`memory limit ${friendlyBytes(declared.memoryLimitBytes)}`);
  if (declared.memoryReservationBytes !== undefined) words.push(`memory reservation ${friendlyBytes(declared.memoryReservationBytes)}`);
  if (declared.cpuLimit !== undefined) words.push(`CPU limit ${declared.cpuLimit}`);
  if (declared.cpuReservation !== undefined) words.push(`CPU reservation ${declared.cpuReservation}`);
  if (replicas > 1) words.push(`${replicas} replicas`);
  return words;
}

export function toViewService(service: ServiceState, reach?: EngineReach): ViewService {
  const running = service.containers.filter((c) => c.state === 'running');
  const total = service.total && running.length > 0 ? numbers(service.total, running) : undefined;
  return {
    project: service.project,
    service: service.service,
    status: service.status,
    containers: service.containers.map((container) => viewContainer(container, reach)),
    cpuLevel: service.cpuLevel,
    memoryLevel: service.memoryLevel,
    errorCount: service.errorCount,
    declared: declaredWords(service.declared, service.declaredReplicas),
    ...(total ? { total } : {}),
    ...(service.rightSizingHint ? { hint: service.rightSizingHint } : {}),
  };
}

/**
 * One group per workspace folder's compose project, titled with the name its containers carry (a
 * project started with another `-p` keeps that name); declared services without containers join it.
 */
export function toViewProjects(folders: FolderServices[], reach?: EngineReach): ViewProject[] {
  const projects: ViewProject[] = [];
  for (const { folder, services } of folders) {
    if (services.length === 0) continue;
    const running = services.find((service) => service.containers.length > 0);
    const project = (running ?? services[0]).project;
    projects.push({ project, folder, services: services.map((service) => toViewService(service, reach)) });
  }
  return projects;
}

/** Kept or ring-buffered samples (times in Unix ms) as chart points: [unix seconds, CPU %, memory bytes]. */
export function historyPoints<History extends Pick<SeriesHistory, 'time' | 'cpuPercent' | 'memoryUsageBytes'>>(history: History): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  for (let i = 0; i < history.time.length; i++) {
    const cpu = history.cpuPercent[i];
    const memory = history.memoryUsageBytes[i];
    if (!Number.isFinite(cpu) || !Number.isFinite(memory) || cpu < 0 || memory < 0) continue;
    points.push([Math.round(history.time[i] / 100) / 10, Math.round(cpu * 100) / 100, Math.round(memory)]);
  }
  return points;
}
