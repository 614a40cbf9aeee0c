// The Container stats view fed by Prometheus: one feed per scope (each workspace folder's compose
// project, or one Kubernetes namespace), the rows with each replica's host, the hosts header, the
// range's history, and one message when Prometheus fails. The engine Stevedore reaches (the folder's
// monitor, kept hidden: no stats streams) says which replicas can be started, stopped, logged or
// shelled into; the others say why not.
import {
  RANGE_SECONDS,
  VIEW_RANGES,
  type ConnectionFix,
  type ConnectionStatus,
  type HistoryPoint,
  type StatsToWebview,
  type ViewHost,
  type ViewProject,
  type ViewRange,
  type ViewService,
  serviceKey,
} from '../../shared/protocol/stats';
import {
  friendlyBytes,
  friendlyDuration,
  rightSizingHint,
  type ComposeProject,
  type ComposeStatsMonitor,
  type ServiceState,
} from '../../stats';
import { FeedTimeout, PrometheusFeed, type PrometheusReader } from './prometheusFeed';
import { historyPoints, toViewProjects } from './toView';

/** One host as the engine reports it (src/stats/prometheus HostSummary). */
export interface ScopeHost {
  host: string;
  cpuCount?: number;
  memoryBytes?: number;
  cpuUsePercent?: number;
  memoryAvailableBytes?: number;
  replicas: number;
}

export interface ScopePeak {
  service: string;
  peakMemoryBytes: number;
}

/** What a snapshot of one scope gives the view. */
export interface ScopeSnapshot {
  states: ServiceState[];
  hosts: ScopeHost[];
  scrapeIntervalSeconds: number;
  /** Unix ms. */
  readAt: number;
  /** Kubernetes: each workload's kind by name. */
  kinds?: Record<string, string>;
}

export interface ScopeSeries {
  /** Unix ms. */
  time: number[];
  cpuPercent: number[];
  memoryUsageBytes: number[];
}

/** What query_range gives the view for one range. */
export interface ScopeHistory {
  stepSeconds: number;
  services: Record<string, ScopeSeries>;
  peaks: ScopePeak[];
}

export type PrometheusScope =
  /** `projectName()`: the name the project's containers carry (a `-p` name), else the folder's project name. */
  | { kind: 'compose'; project: ComposeProject; projectName(): string }
  | { kind: 'kubernetes'; namespace: string };

/** The project name a folder's containers carry on the engine Stevedore reaches, else the configured one. */
export function runningProjectName(monitor: ComposeStatsMonitor): string {
  return monitor.states().find((state) => state.containers.length > 0)?.project ?? monitor.composeProject.name;
}

export interface ScopeReader extends PrometheusReader<ScopeSnapshot, ScopeHistory> {
  /** Kubernetes: the namespaces the server knows, for the picker. */
  namespaces?(): Promise<string[]>;
}

export interface PrometheusViewOptions {
  url: string;
  kubernetes: boolean;
  namespace: string;
  range: ViewRange;
  /** Seconds a query may take (the feed fails a round after a little more). */
  timeoutSeconds: number;
  /** The engine Stevedore reaches, as messages name it. */
  engineName: string;
  createReader(scope: PrometheusScope): ScopeReader;
  post(message: StatsToWebview): void;
  /** Rows or the connection changed: the view posts again (coalesced). */
  changed(): void;
  log(text: string): void;
}

interface Scope {
  folder: string;
  /** The folder's monitor of the engine Stevedore reaches (compose mode). */
  monitor?: ComposeStatsMonitor;
  feed: PrometheusFeed<ScopeSnapshot, ScopeHistory>;
  reader: ScopeReader;
  snapshot?: ScopeSnapshot;
  history?: ScopeHistory;
  historyRange?: ViewRange;
  failure?: { message: string; fix?: ConnectionFix; retryInMs: number };
}

export const isViewRange = (value: unknown): value is ViewRange => VIEW_RANGES.includes(value as ViewRange);

/** One sentence the view shows for a failed round, and the fix its banner offers. */
export function describeFailure(
  error: unknown,
  url: string,
  timeoutSeconds: number,
): { message: string; fix?: ConnectionFix } {
  if (error instanceof FeedTimeout) {
    return {
      message: `Prometheus at ${url} did not answer within ${timeoutSeconds} s. The server may be overloaded; raise stevedore.prometheus.timeoutSeconds or pick a shorter range.`,
      fix: 'openSettings',
    };
  }
  const known = error as { kind?: unknown; message?: unknown };
  const message = typeof known?.message === 'string' ? known.message : String(error);
  switch (known?.kind) {
    case 'unauthorized':
    case 'forbidden':
      return { message, fix: 'setSecret' };
    case 'down':
    case 'not-prometheus':
    case 'tls':
    case 'timeout':
      return { message, fix: 'openSettings' };
    default:
      return { message };
  }
}

export class PrometheusView {
  private readonly scopes: Scope[] = [];
  private range: ViewRange;
  private namespaces: string[] = [];

  constructor(
    private readonly options: PrometheusViewOptions,
    folders: Array<{ folder: string; monitor: ComposeStatsMonitor }>,
  ) {
    this.range = options.range;
    if (options.kubernetes) this.addScope('', { kind: 'kubernetes', namespace: options.namespace });
    else {
      for (const { folder, monitor } of folders) {
        const scope = { kind: 'compose' as const, project: monitor.composeProject, projectName: () => runningProjectName(monitor) };
        this.addScope(folder, scope, monitor);
      }
    }
  }

  get currentRange(): ViewRange {
    return this.range;
  }

  get scopeCount(): number {
    return this.scopes.length;
  }

  private addScope(folder: string, scope: PrometheusScope, monitor?: ComposeStatsMonitor): void {
    const reader = this.options.createReader(scope);
    const entry = {} as Scope;
    const feed = new PrometheusFeed<ScopeSnapshot, ScopeHistory>(reader, {
      snapshot: (snapshot) => {
        entry.snapshot = snapshot;
        this.options.changed();
      },
      history: (history, range) => {
        entry.history = history;
        entry.historyRange = range;
        this.postHistory();
        this.options.changed();
      },
      failed: (error, retryInMs) => {
        const failure = describeFailure(error, this.options.url, this.options.timeoutSeconds);
        if (entry.failure?.message !== failure.message) this.options.log(`Container stats (Prometheus): ${failure.message}`);
        entry.failure = { ...failure, retryInMs };
        this.options.changed();
      },
      recovered: () => {
        this.options.log(`Container stats (Prometheus): ${this.options.url} answers again`);
        entry.failure = undefined;
        this.options.changed();
      },
    }, {
      range: this.range,
      hardTimeoutMs: (this.options.timeoutSeconds + 5) * 1000,
    });
    Object.assign(entry, { folder, monitor, feed, reader });
    this.scopes.push(entry);
  }

  start(): void {
    for (const scope of this.scopes) scope.feed.start();
    void this.loadNamespaces();
  }

  dispose(): void {
    for (const scope of this.scopes) scope.feed.dispose();
    this.scopes.length = 0;
  }

  setVisible(visible: boolean): void {
    for (const scope of this.scopes) scope.feed.setVisible(visible);
  }

  setRange(range: ViewRange): void {
    this.range = range;
    for (const scope of this.scopes) scope.feed.setRange(range);
  }

  retry(): void {
    for (const scope of this.scopes) scope.feed.retryNow();
    void this.loadNamespaces();
  }

  /** The namespace picker's list (Kubernetes); the current one stays in it even when the server lists none. */
  knownNamespaces(): string[] {
    return this.namespaces;
  }

  private async loadNamespaces(): Promise<void> {
    const reader = this.scopes[0]?.reader;
    if (!this.options.kubernetes || !reader?.namespaces) return;
    try {
      const names = await reader.namespaces();
      this.namespaces = [...new Set(names)].sort();
      this.postSource();
    } catch {
      // The feed reports the same failure with its retry; the picker keeps its list.
    }
  }

  postSource(): void {
    this.options.post({
      type: 'stats/source',
      view: {
        source: 'prometheus',
        url: this.options.url,
        range: this.range,
        kubernetes: this.options.kubernetes,
        ...(this.options.kubernetes ? { namespace: this.options.namespace, namespaces: this.namespaces } : {}),
      },
    });
  }

  connection(): { status: ConnectionStatus; message: string; fix?: ConnectionFix } {
    const failed = this.scopes.find((scope) => scope.failure);
    if (failed?.failure) {
      const seconds = Math.max(1, Math.round(failed.failure.retryInMs / 1000));
      return {
        status: 'source-down',
        message: `${failed.failure.message} Retrying by itself in ${seconds} s.`,
        ...(failed.failure.fix ? { fix: failed.failure.fix } : {}),
      };
    }
    if (this.scopes.some((scope) => !scope.snapshot)) {
      return { status: 'connecting', message: `Reading Prometheus at ${this.options.url}…` };
    }
    return { status: 'connected', message: '' };
  }

  /** Full ids of the containers on the engine Stevedore reaches. */
  private localContainers(scope: Scope): Set<string> {
    const ids = new Set<string>();
    if (!scope.monitor || scope.monitor.connectionState.state !== 'connected') return ids;
    for (const state of scope.monitor.states()) {
      for (const container of state.containers) ids.add(container.containerId);
    }
    return ids;
  }

  projects(): ViewProject[] {
    const projects: ViewProject[] = [];
    for (const scope of this.scopes) {
      if (!scope.snapshot || scope.failure) continue;
      const local = this.localContainers(scope);
      const states = scope.snapshot.states;
      const [project] = toViewProjects([{ folder: scope.folder, services: states }], (id) => local.has(id));
      if (!project) continue;
      project.services = project.services.map((service, index) => this.decorate(scope, service, states[index]));
      projects.push(project);
    }
    return projects;
  }

  /** Kubernetes words, the range's right-sizing hint, and what the engine can do for it. */
  private decorate(scope: Scope, service: ViewService, state: ServiceState | undefined): ViewService {
    const out: ViewService = { ...service };
    const kind = scope.snapshot?.kinds?.[service.service];
    const kubernetes = scope.monitor === undefined;
    // Kubernetes: the engine gives requests as the declared reservations; say them as kubectl does.
    const k8sWords = (words: string): string => (kubernetes ? words.replace(/reservation/g, 'request') : words);
    if (kind) out.kind = kind;
    out.declared = service.declared.map(k8sWords);
    const peak = scope.history?.peaks.find((p) => p.service === service.service);
    const series = scope.history?.services[service.service];
    if (peak && state && scope.historyRange) {
      // "over 24 h" only when the points cover it: a server started an hour ago says "over 1 h".
      const first = series?.time[0];
      const covered = first !== undefined ? Math.max(0, Date.now() - first) : 0;
      const rangeMs = RANGE_SECONDS[scope.historyRange] * 1000;
      // Points a step or two short of the range still cover it: "over 24 h", not "over 23 h 59 min".
      const observed = covered >= rangeMs * 0.97 || !covered ? rangeMs : covered;
      // Beside the limits and requests when there are any, else on its own: the peak over the range.
      const hint = rightSizingHint(state.declared, peak.peakMemoryBytes, observed)
        ?? `peak ${friendlyBytes(peak.peakMemoryBytes)} over ${friendlyDuration(observed)}`;
      out.hint = k8sWords(hint);
    } else if (out.hint) {
      out.hint = k8sWords(out.hint);
    }
    if (scope.monitor === undefined) {
      if (service.containers.length) {
        out.engineNote = 'Kubernetes pods are not started, stopped, logged or shelled into from here; use kubectl.';
      }
      return out;
    }
    const reachable = service.containers.filter((c) => c.engineReachable);
    const away = service.containers.filter((c) => !c.engineReachable);
    const elsewhere = [...new Set(away.map((c) => c.host ?? 'another host'))];
    if (elsewhere.length === 0) return out;
    const where = elsewhere.join(', ');
    out.engineNote = reachable.length
      ? `Start, stop, logs and shell act on the replicas on this engine (${this.options.engineName}); ${where} is not reachable from here.`
      : `${where}: not the engine Stevedore reaches (${this.options.engineName}), so start, stop, logs and shell are not available here.`;
    return out;
  }

  hosts(): ViewHost[] {
    const byHost = new Map<string, ViewHost>();
    for (const scope of this.scopes) {
      if (!scope.snapshot || scope.failure) continue;
      const local = this.localContainers(scope);
      const reachableHosts = new Set<string>();
      for (const state of scope.snapshot.states) {
        for (const c of state.containers) {
          if (c.host !== undefined && local.has(c.containerId)) reachableHosts.add(c.host);
        }
      }
      for (const host of scope.snapshot.hosts) {
        const previous = byHost.get(host.host);
        byHost.set(host.host, {
          host: host.host,
          replicas: (previous?.replicas ?? 0) + host.replicas,
          engineReachable: (previous?.engineReachable ?? false) || reachableHosts.has(host.host),
          ...(host.cpuCount !== undefined ? { cpuCount: host.cpuCount } : {}),
          ...(host.memoryBytes !== undefined ? { memoryBytes: host.memoryBytes } : {}),
          ...(host.cpuUsePercent !== undefined ? { cpuUsePercent: Math.round(host.cpuUsePercent * 100) / 100 } : {}),
          ...(host.memoryAvailableBytes !== undefined ? { memoryAvailableBytes: host.memoryAvailableBytes } : {}),
        });
      }
    }
    return [...byHost.values()].sort((a, b) => a.host.localeCompare(b.host));
  }

  /** The range's points per service key (the project of the rows the snapshot gives). */
  postHistory(): void {
    const series: Record<string, HistoryPoint[]> = {};
    let step = 0;
    for (const scope of this.scopes) {
      if (!scope.history || scope.historyRange !== this.range) continue;
      step = Math.max(step, scope.history.stepSeconds);
      const project = scope.snapshot?.states[0]?.project
        ?? (scope.monitor ? scope.monitor.composeProject.name : this.options.namespace);
      for (const [service, points] of Object.entries(scope.history.services)) {
        const chart = historyPoints(points);
        if (chart.length) series[serviceKey(project, service)] = chart;
      }
    }
    this.options.post({ type: 'stats/history', series, range: this.range, stepSeconds: step });
  }

  /** A snapshot's time (unix s) for the chart's live point. */
  latestAt(): number {
    const times = this.scopes.map((scope) => scope.snapshot?.readAt ?? 0);
    const latest = Math.max(0, ...times);
    return latest ? latest / 1000 : Date.now() / 1000;
  }

  /**
   * Why an action on a whole service cannot be done here, or undefined when it can: Prometheus shows
   * replicas of it, and none of them is on the engine Stevedore reaches (they run on other hosts, or
   * that engine is not connected now). Without this, start would create the service on this engine
   * and stop, logs or shell would act on nothing and say nothing.
   */
  serviceRefusal(project: string, service: string, action: string): string | undefined {
    for (const scope of this.scopes) {
      if (!scope.monitor) continue;
      const state = scope.snapshot?.states.find((s) => s.project === project && s.service === service);
      const replicas = state?.containers ?? [];
      if (replicas.length === 0) continue;
      const engine = scope.monitor.connectionState;
      if (engine.state !== 'connected') {
        const why = engine.state === 'disconnected' ? `: ${engine.message}` : ' yet';
        return `Cannot ${action} "${service}": the Docker engine Stevedore uses (${this.options.engineName}) is not connected${why} `
          + 'Prometheus still shows its numbers; nothing was done.';
      }
      // A container of it on this engine, running or not, is what start, stop, logs and shell act on.
      if (scope.monitor.states().some((s) => s.service === service && s.containers.length > 0)) return undefined;
      const hosts = [...new Set(replicas.map((c) => c.host ?? 'another host'))].join(', ');
      return `Cannot ${action} "${service}": it runs on ${hosts}, whose engine Stevedore does not reach (it uses ${this.options.engineName}); `
        + 'nothing was done.';
    }
    return undefined;
  }

  /** Where a replica runs when it is not on the engine Stevedore reaches (for a refused action's message). */
  hostOfReplica(project: string, service: string, containerId: string): string | undefined {
    for (const scope of this.scopes) {
      const state = scope.snapshot?.states.find((s) => s.project === project && s.service === service);
      const container = state?.containers.find((c) => c.containerId.startsWith(containerId));
      if (container) return container.host ?? 'another host';
    }
    return undefined;
  }
}
