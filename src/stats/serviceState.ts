// From containers and their latest samples to the per-service rows the view and the CLI show.
// One function for both, so `stevedore stats` and the sidebar never compute a row two ways.
import { addSamples } from './calculate';
import type { ServiceContainer } from './containers';
import { cpuUse, levelOf, rightSizingHint, worseLevel } from './thresholds';
import type { ComposeProject, ContainerSample, ContainerState, DeclaredService, ServiceState, ServiceStatus, StatsJsonRow, ThresholdLevel, Thresholds } from './types';

export interface ContainerRates {
  netRxRate: number;
  netTxRate: number;
  blockReadRate: number;
  blockWriteRate: number;
}

export interface ContainerView {
  info: ServiceContainer;
  sample?: ContainerSample;
  rates?: ContainerRates;
  peakMemoryBytes?: number;
}

export interface ServiceExtras {
  peakMemoryBytes?: number;
  observedForMs?: number;
  errorCount: number;
}

const emptyTotal = (): ContainerSample => ({
  containerId: '',
  container: '',
  readAt: 0,
  cpuPercent: 0,
  memoryUsageBytes: 0,
  memoryLimitBytes: 0,
  memoryPercent: 0,
  netRxBytes: 0,
  netTxBytes: 0,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  pids: 0,
});

function statusOf(containers: ContainerView[], declaredReplicas: number): ServiceStatus {
  if (!containers.length) return 'not-created';
  if (containers.some((c) => c.info.state === 'restarting')) return 'restarting';
  const running = containers.filter((c) => c.info.state === 'running' || c.info.state === 'paused');
  if (!running.length) return 'stopped';
  if (running.some((c) => c.info.health === 'unhealthy')) return 'unhealthy';
  if (running.length < containers.length || running.length < declaredReplicas) return 'partial';
  return 'running';
}

/**
 * One row per declared service (compose order), then services that run under the project but are
 * not in its files. `projectName` is the name the containers carry (another `-p` is possible).
 */
export function buildServiceStates(
  project: ComposeProject,
  containers: ContainerView[],
  thresholds: Thresholds,
  extras: (service: string) => ServiceExtras = () => ({ errorCount: 0 }),
): ServiceState[] {
  const byService = new Map<string, ContainerView[]>();
  for (const view of containers) {
    const list = byService.get(view.info.service);
    if (list) list.push(view);
    else byService.set(view.info.service, [view]);
  }
  const declared = new Map(project.services.map((s) => [s.name, s]));
  // A project started with another `-p` runs under that name: services without containers belong to it too.
  const runningAs = containers.find((c) => c.info.project)?.info.project || project.name;
  const names = [
    ...project.services.map((s) => s.name),
    ...[...byService.keys()].filter((name) => !declared.has(name)).sort(),
  ];
  const states: ServiceState[] = [];
  for (const name of names) {
    const views = (byService.get(name) ?? [])
      .slice()
      .sort((a, b) => a.info.number - b.info.number || a.info.container.localeCompare(b.info.container));
    const service: DeclaredService = declared.get(name) ?? { name, declared: {}, replicas: 1, profiles: [] };
    // A service in a profile that nobody started is not part of the running project: hide it unless it has containers.
    const states_: ContainerState[] = [];
    let total: ContainerSample | undefined;
    let cpuLevel: ThresholdLevel = 'ok';
    let memoryLevel: ThresholdLevel = 'ok';
    for (const view of views) {
      const running = view.info.state === 'running' || view.info.state === 'paused';
      const sample = running ? view.sample : undefined;
      states_.push({
        containerId: view.info.containerId,
        container: view.info.container,
        state: view.info.state,
        number: view.info.number,
        ...(view.info.health ? { health: view.info.health } : {}),
        ...(view.peakMemoryBytes !== undefined ? { peakMemoryBytes: view.peakMemoryBytes } : {}),
        ...(sample ? { sample, ...(view.rates ?? {}) } : {}),
      });
      if (sample) {
        total ??= emptyTotal();
        addSamples(total, sample);
        cpuLevel = worseLevel(cpuLevel, levelOf(cpuUse(sample.cpuPercent, service.declared), thresholds.cpu));
        if (sample.osType !== 'windows') memoryLevel = worseLevel(memoryLevel, levelOf(sample.memoryPercent, thresholds.memory));
      }
    }
    if (total) {
      total.container = name;
      total.osType = views.find((v) => v.sample)?.sample?.osType;
    }
    const extra = extras(name);
    states.push({
      project: views[0]?.info.project || runningAs,
      service: name,
      status: statusOf(views, service.replicas),
      containers: states_,
      ...(total ? { total } : {}),
      declared: service.declared,
      ...(extra.peakMemoryBytes !== undefined ? { peakMemoryBytes: extra.peakMemoryBytes } : {}),
      ...(extra.observedForMs !== undefined ? { observedForMs: extra.observedForMs } : {}),
      cpuLevel,
      memoryLevel,
      errorCount: extra.errorCount,
      declaredReplicas: service.replicas,
      profiles: service.profiles,
      inComposeFile: declared.has(name),
      ...(() => {
        const hint = rightSizingHint(service.declared, extra.peakMemoryBytes, extra.observedForMs);
        return hint ? { rightSizingHint: hint } : {};
      })(),
    });
  }
  return states;
}

/** The CLI's JSON rows: one per running container with a sample. */
export function statsJsonRows(states: ServiceState[]): StatsJsonRow[] {
  const rows: StatsJsonRow[] = [];
  for (const state of states) {
    for (const c of state.containers) {
      const s = c.sample;
      if (!s) continue;
      rows.push({
        project: state.project,
        service: state.service,
        container: c.container,
        containerId: c.containerId,
        cpuPercent: s.cpuPercent,
        memoryUsageBytes: s.memoryUsageBytes,
        memoryLimitBytes: s.memoryLimitBytes,
        memoryPercent: s.memoryPercent,
        netRxBytes: s.netRxBytes,
        netTxBytes: s.netTxBytes,
        blockReadBytes: s.blockReadBytes,
        blockWriteBytes: s.blockWriteBytes,
        pids: s.pids,
      });
    }
  }
  return rows;
}
