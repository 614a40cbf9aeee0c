// Prometheus as a data source: one object per server connection. It reads the scrape interval (for
// rate() windows), then answers snapshots (current values, docker stats' formulas), range histories
// and the namespace list with PromQL. dispose() aborts whatever is in flight.
import { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL } from '../cadvisor';
import { buildServiceStates, statsJsonRows, type ContainerView, type ServiceExtras } from '../serviceState';
import { DEFAULT_THRESHOLDS, type ComposeProject, type DeclaredService } from '../types';
import { noCadvisorError } from './errors';
import { PrometheusHttp } from './http';
import { COMPOSE_NUMBER_LABEL, composeSelector, currentExpr, historyExpr, hostsExpr, kubeStateExpr, kubernetesSelector, peakExpr, replicaLabels, TAG } from './promql';
import { hostSummaries, ratesOf, replicaKey, replicasOf, sampleOf, type Replica } from './replicas';
import type {
  ComposeSnapshotOptions,
  HistoryOptions,
  HistoryRange,
  HostSummary,
  KubernetesJsonRow,
  KubernetesSnapshot,
  KubernetesSnapshotOptions,
  PrometheusConnection,
  PrometheusJsonRow,
  PrometheusSnapshot,
  PromSample,
  PromSeries,
  RangeHistory,
  RangeSeries,
  ResourceAmounts,
  ServicePeak,
  WorkloadInfo,
} from './types';
import { RANGE_SECONDS, rangeStepSeconds, rateWindowSeconds } from './windows';
import { workloadFromOwner, workloadOf, type WorkloadGuess } from './workloads';

/** How long the scrape interval read from the server is trusted. */
const INTERVAL_TTL_MS = 60_000;
/** When the server does not say (no targets yet): Prometheus' default. */
const DEFAULT_SCRAPE_INTERVAL_SECONDS = 15;

type VectorAnswer = { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
type MatrixAnswer = {
  resultType: string;
  result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
};

/** Prometheus durations as the targets API writes them: 1s, 15s, 1m30s, 500ms, 1h. */
export function parsePromDuration(text: string): number | undefined {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };
  let total = 0;
  let rest = text.trim();
  if (!rest) return undefined;
  while (rest) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * units[match[2]];
    rest = rest.slice(match[0].length);
  }
  return total;
}

const number = (text: string): number => (text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text));

/** The largest limit all replicas share (a compose service's mem_limit as the engines applied it). */
function sharedLimit(replicas: Replica[]): number | undefined {
  const limits = new Set(replicas.map((r) => r.values.limit ?? 0));
  const [only] = [...limits];
  return limits.size === 1 && only > 0 ? only : undefined;
}

export class PrometheusSource {
  private readonly http: PrometheusHttp;
  private interval: { seconds: number; at: number } | undefined;

  constructor(readonly connection: PrometheusConnection) {
    this.http = new PrometheusHttp(connection);
  }

  get url(): string {
    return this.http.url;
  }

  /** The scrape interval of the jobs that carry container metrics, seconds (read once, then every minute). */
  async scrapeInterval(): Promise<number> {
    if (this.interval && Date.now() - this.interval.at < INTERVAL_TTL_MS) return this.interval.seconds;
    const [targets, jobs] = await Promise.all([
      this.http.api<{ activeTargets?: Array<{ labels?: Record<string, string>; scrapePool?: string; scrapeInterval?: string }> }>('targets?state=active'),
      this.query('count by (job) (container_cpu_usage_seconds_total)'),
    ]);
    const containerJobs = new Set(jobs.map((s) => s.metric.job).filter(Boolean));
    const intervals = (targets.activeTargets ?? [])
      .filter((t) => !containerJobs.size || containerJobs.has(t.labels?.job ?? t.scrapePool ?? ''))
      .map((t) => parsePromDuration(t.scrapeInterval ?? ''))
      .filter((s): s is number => s !== undefined && s > 0);
    let seconds = intervals.length ? Math.max(...intervals) : undefined;
    if (seconds === undefined) seconds = (await this.configuredInterval()) ?? DEFAULT_SCRAPE_INTERVAL_SECONDS;
    this.interval = { seconds, at: Date.now() };
    return seconds;
  }

  /** Older servers' targets carry no scrapeInterval: the global one from the loaded configuration. */
  private async configuredInterval(): Promise<number | undefined> {
    const config = await this.http.api<{ yaml?: string }>('status/config');
    const match = /^global:\s*\n(?:[ \t]+.*\n)*?[ \t]+scrape_interval:\s*(\S+)/m.exec(config.yaml ?? '');
    return match ? parsePromDuration(match[1]) : undefined;
  }

  /** One compose project across every host: rows per service with each replica's host, and the hosts. */
  async composeSnapshot(options: ComposeSnapshotOptions): Promise<PrometheusSnapshot> {
    const started = Date.now();
    const interval = await this.scrapeInterval();
    const window = rateWindowSeconds(interval);
    const selector = composeSelector(options.project);
    const hostLabel = this.connection.hostLabel;
    const [current, hostAnswers, peakAnswers] = await Promise.all([
      this.query(currentExpr(selector, replicaLabels('compose', hostLabel), window), settledTime(interval)),
      this.query(hostsExpr(window, hostLabel)),
      options.range
        ? this.query(peakExpr(selector, COMPOSE_SERVICE_LABEL, RANGE_SECONDS[options.range]))
        : Promise.resolve([]),
    ]);
    const replicas = replicasOf(current, (labels) => labels.name || containerIdOfLabels(labels));
    if (!replicas.length) await this.requireContainerMetrics();
    const hosts = hostSummaries(hostAnswers, replicas, hostLabel);
    const readAt = Date.now();
    const views: ContainerView[] = [];
    const hostById = new Map<string, string>();
    for (const replica of replicas) {
      const service = replica.labels[COMPOSE_SERVICE_LABEL] ?? '';
      const hostMemory = hosts.find((h) => h.host === replica.host)?.memoryBytes;
      hostById.set(replica.containerId, replica.host);
      views.push({
        info: {
          containerId: replica.containerId,
          container: replica.container,
          project: replica.labels[COMPOSE_PROJECT_LABEL] ?? options.project,
          service,
          number: Number(replica.labels[COMPOSE_NUMBER_LABEL]) || 1,
          state: 'running',
        },
        sample: sampleOf(replica, readAt, hostMemory),
        rates: ratesOf(replica),
      });
    }
    const byService = groupBy(replicas, (r) => r.labels[COMPOSE_SERVICE_LABEL] ?? '');
    const project = options.composeProject ?? syntheticProject(options.project, byService);
    const peaks = peaksOf(peakAnswers, COMPOSE_SERVICE_LABEL, interval, options.range);
    const states = buildServiceStates(project, views, options.thresholds ?? DEFAULT_THRESHOLDS, extrasFrom(peaks));
    for (const state of states) for (const c of state.containers) c.host = hostById.get(c.containerId);
    const rows: PrometheusJsonRow[] = statsJsonRows(states).map((row) => ({ ...row, host: hostById.get(row.containerId) ?? '' }));
    return {
      url: this.http.url,
      scrapeIntervalSeconds: interval,
      rateWindowSeconds: window,
      readAt,
      queryMs: Date.now() - started,
      projectName: options.project,
      states,
      rows,
      hosts,
      ...(options.range ? { range: options.range, peaks: peaks.map(withoutObserved) } : {}),
    };
  }

  /** One namespace's pods grouped by workload, with requests and limits. */
  async kubernetesSnapshot(options: KubernetesSnapshotOptions): Promise<KubernetesSnapshot> {
    const started = Date.now();
    const interval = await this.scrapeInterval();
    const window = rateWindowSeconds(interval);
    const selector = kubernetesSelector(options.namespace);
    const hostLabel = this.connection.hostLabel;
    const [current, hostAnswers, kubeState, peakAnswers] = await Promise.all([
      this.query(currentExpr(selector, replicaLabels('kubernetes', hostLabel), window), settledTime(interval)),
      this.query(hostsExpr(window, hostLabel)),
      this.query(kubeStateExpr(options.namespace)),
      options.range ? this.query(peakExpr(selector, 'pod, container', RANGE_SECONDS[options.range])) : Promise.resolve([]),
    ]);
    const replicas = replicasOf(current, (labels) => `${labels.pod ?? ''}/${labels.container ?? ''}`, hostLabel);
    if (!replicas.length) await this.requireContainerMetrics();
    const hosts = hostSummaries(hostAnswers, replicas, hostLabel);
    const kube = readKubeState(kubeState);
    const workloadOfPod = (pod: string): WorkloadGuess => kube.workload(pod);
    const readAt = Date.now();
    // Workloads, their pods and their declared amounts (largest over the workload's containers).
    const workloads = new Map<string, WorkloadInfo>();
    const declared = new Map<string, DeclaredService>();
    const views: ContainerView[] = [];
    const hostById = new Map<string, string>();
    const ordered = [...replicas].sort((a, b) => a.container.localeCompare(b.container));
    const counters = new Map<string, number>();
    for (const replica of ordered) {
      const pod = replica.labels.pod ?? '';
      const container = replica.labels.container ?? '';
      const guess = workloadOfPod(pod);
      const info = workloads.get(guess.name) ?? { name: guess.name, kind: guess.kind, source: guess.source, pods: [] };
      if (!info.pods.includes(pod)) info.pods.push(pod);
      workloads.set(guess.name, info);
      const amounts = kube.amounts(pod, container);
      const service = declared.get(guess.name) ?? { name: guess.name, declared: {}, replicas: 0, profiles: [] };
      service.replicas++;
      const d = service.declared;
      const largest = (a: number | undefined, b: number | undefined) => (b === undefined ? a : Math.max(a ?? 0, b));
      d.memoryLimitBytes = largest(d.memoryLimitBytes, amounts.limits.memoryBytes);
      d.cpuLimit = largest(d.cpuLimit, amounts.limits.cpuCores);
      d.memoryReservationBytes = largest(d.memoryReservationBytes, amounts.requests.memoryBytes);
      d.cpuReservation = largest(d.cpuReservation, amounts.requests.cpuCores);
      for (const k of Object.keys(d) as Array<keyof typeof d>) if (d[k] === undefined) delete d[k];
      declared.set(guess.name, service);
      const numberInWorkload = (counters.get(guess.name) ?? 0) + 1;
      counters.set(guess.name, numberInWorkload);
      hostById.set(replica.containerId, replica.host);
      const hostMemory = hosts.find((h) => h.host === replica.host)?.memoryBytes;
      views.push({
        info: { containerId: replica.containerId, container: replica.container, project: options.namespace, service: guess.name, number: numberInWorkload, state: 'running' },
        sample: sampleOf(replica, readAt, hostMemory),
        rates: ratesOf(replica),
      });
    }
    const project: ComposeProject = {
      name: options.namespace,
      nameSource: 'option',
      workingDir: '',
      configFiles: [],
      services: [...declared.values()].sort((a, b) => a.name.localeCompare(b.name)),
      warnings: [],
    };
    // Peaks per container, then the largest per workload.
    const containerPeaks = peaksOf(peakAnswers, '', interval, options.range, (labels) => workloadOfPod(labels.pod ?? '').name);
    const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    const states = buildServiceStates(project, views, thresholds, extrasFrom(containerPeaks));
    for (const state of states) for (const c of state.containers) c.host = hostById.get(c.containerId);
    const byContainer = new Map(replicas.map((r) => [r.containerId, r]));
    const rows: KubernetesJsonRow[] = statsJsonRows(states).map((row) => {
      const replica = byContainer.get(row.containerId);
      const pod = replica?.labels.pod ?? '';
      const amounts = kube.amounts(pod, replica?.labels.container ?? '');
      const guess = workloadOfPod(pod);
      return { ...row, host: hostById.get(row.containerId) ?? '', namespace: options.namespace, workload: guess.name, workloadKind: guess.kind, pod, ...amounts };
    });
    return {
      url: this.http.url,
      scrapeIntervalSeconds: interval,
      rateWindowSeconds: window,
      readAt,
      queryMs: Date.now() - started,
      namespace: options.namespace,
      states,
      workloads: [...workloads.values()].sort((a, b) => a.name.localeCompare(b.name)),
      rows,
      hosts,
      kubeStateMetrics: kube.present,
      ...(options.range ? { range: options.range, peaks: containerPeaks.map(withoutObserved) } : {}),
    };
  }

  /** query_range over the range: per service (or workload) and per replica, and the peaks. */
  async history(options: HistoryOptions): Promise<RangeHistory> {
    const started = Date.now();
    const interval = await this.scrapeInterval();
    const rangeSeconds = RANGE_SECONDS[options.range];
    const step = rangeStepSeconds(options.range, interval);
    const window = rateWindowSeconds(interval, step);
    const end = Math.floor(Date.now() / 1000 / step) * step;
    const start = end - rangeSeconds;
    const hostLabel = this.connection.hostLabel;
    const kubernetes = 'namespace' in options;
    const selector = kubernetes ? kubernetesSelector(options.namespace) : composeSelector(options.project);
    const by = replicaLabels(kubernetes ? 'kubernetes' : 'compose', hostLabel);
    const [matrix, peakAnswers, kubeState] = await Promise.all([
      this.queryRange(historyExpr(selector, by, window), start, end, step),
      this.query(peakExpr(selector, kubernetes ? 'pod, container' : COMPOSE_SERVICE_LABEL, rangeSeconds), end),
      kubernetes ? this.query(kubeStateExpr(options.namespace), end) : Promise.resolve([]),
    ]);
    const kube = readKubeState(kubeState);
    const serviceOf = (labels: Record<string, string>) => (kubernetes ? kube.workload(labels.pod ?? '').name : labels[COMPOSE_SERVICE_LABEL] ?? '');
    const replicas: Record<string, RangeSeries> = {};
    const services = new Map<string, { cpu: Map<number, number>; memory: Map<number, number> }>();
    for (const series of matrix) {
      const tag = series.metric[TAG];
      if (tag !== 'cpu' && tag !== 'memory') continue;
      const replica = replicasOf([{ metric: series.metric, time: 0, value: 0 }], () => '', hostLabel)[0];
      const key = replicaKey(replica.host, replica.containerId);
      const own = (replicas[key] ??= { time: [], cpuPercent: [], memoryUsageBytes: [] });
      const service = serviceOf(series.metric);
      let sums = services.get(service);
      if (!sums) services.set(service, (sums = { cpu: new Map(), memory: new Map() }));
      const into = tag === 'cpu' ? sums.cpu : sums.memory;
      series.times.forEach((t, i) => {
        const v = series.values[i];
        if (!Number.isFinite(v)) return;
        into.set(t, (into.get(t) ?? 0) + v);
      });
      mergeInto(own, series, tag);
    }
    const serviceSeries: Record<string, RangeSeries> = {};
    for (const [service, sums] of services) {
      const times = [...new Set([...sums.cpu.keys(), ...sums.memory.keys()])].sort((a, b) => a - b);
      // A point needs both numbers: a time where one of them is missing is a gap.
      const kept = times.filter((t) => sums.cpu.has(t) && sums.memory.has(t));
      serviceSeries[service] = {
        time: kept.map((t) => t * 1000),
        cpuPercent: kept.map((t) => sums.cpu.get(t)!),
        memoryUsageBytes: kept.map((t) => sums.memory.get(t)!),
      };
    }
    for (const key of Object.keys(replicas)) replicas[key] = aligned(replicas[key]);
    const peaks = peaksOf(peakAnswers, kubernetes ? '' : COMPOSE_SERVICE_LABEL, interval, options.range, kubernetes ? serviceOf : undefined).map((peak) => ({
      ...withoutObserved(peak),
      peakCpuPercent: Math.max(0, ...(serviceSeries[peak.service]?.cpuPercent ?? [])),
    }));
    for (const service of Object.keys(serviceSeries)) {
      if (!peaks.some((p) => p.service === service)) {
        const peakCpuPercent = Math.max(0, ...serviceSeries[service].cpuPercent);
        peaks.push({ service, peakMemoryBytes: 0, peakCpuPercent, rangeSeconds });
      }
    }
    if (!matrix.length && !peakAnswers.length) await this.requireContainerMetrics();
    return {
      range: options.range,
      start,
      end,
      stepSeconds: step,
      rateWindowSeconds: window,
      services: serviceSeries,
      replicas,
      peaks,
      queryMs: Date.now() - started,
    };
  }

  /** Namespaces with container metrics (kubelet-style series), sorted. */
  async namespaces(): Promise<string[]> {
    const answer = await this.query('count by (namespace) (container_cpu_usage_seconds_total{namespace!="",container!=""})');
    return answer.map((s) => s.metric.namespace).filter(Boolean).sort();
  }

  /** Compose projects with container metrics (container_label_com_docker_compose_project), sorted. */
  async projects(): Promise<string[]> {
    const answer = await this.query(`count by (${COMPOSE_PROJECT_LABEL}) (container_cpu_usage_seconds_total{${COMPOSE_PROJECT_LABEL}!=""})`);
    return answer.map((s) => s.metric[COMPOSE_PROJECT_LABEL]).filter(Boolean).sort();
  }

  /** An instant query (the raw vector); `time` in unix seconds. */
  async query(expr: string, time?: number): Promise<PromSample[]> {
    const data = await this.http.api<VectorAnswer>('query', { query: expr, ...(time !== undefined ? { time: String(time) } : {}) });
    if (data.resultType !== 'vector') return [];
    return data.result.map((r) => ({ metric: r.metric, time: r.value[0], value: number(r.value[1]) }));
  }

  /** A range query (the raw matrix); start and end in unix seconds. */
  async queryRange(expr: string, start: number, end: number, stepSeconds: number): Promise<PromSeries[]> {
    const data = await this.http.api<MatrixAnswer>('query_range', { query: expr, start: String(start), end: String(end), step: String(stepSeconds) });
    if (data.resultType !== 'matrix') return [];
    return data.result.map((r) => ({
      metric: r.metric,
      times: r.values.map((v) => v[0]),
      values: r.values.map((v) => number(v[1])),
    }));
  }

  /** Aborts every request in flight (they reject with an AbortError) and refuses new ones. */
  dispose(): void {
    this.http.dispose();
  }

  /** An empty answer is fine when other containers are reported; a server without any is told apart. */
  private async requireContainerMetrics(): Promise<void> {
    const any = await this.query('count(container_cpu_usage_seconds_total)');
    if (!any.length || !(any[0].value > 0)) throw noCadvisorError(this.http.url);
  }
}

/**
 * Current values are read one scrape interval ago: at "now" the latest scrape may not be stored yet,
 * and rate() then extrapolates over a window missing its newest samples (measured here under load:
 * 63 % for a container busy at 75 %).
 */
function settledTime(intervalSeconds: number): number {
  return Date.now() / 1000 - intervalSeconds;
}

function extrasFrom(peaks: ObservedPeak[]): (service: string) => ServiceExtras {
  return (service) => {
    const peak = peaks.find((p) => p.service === service);
    if (!peak) return { errorCount: 0 };
    return { errorCount: 0, peakMemoryBytes: peak.peakMemoryBytes, observedForMs: peak.observedSeconds * 1000 };
  };
}

function containerIdOfLabels(labels: Record<string, string>): string {
  const hex = (labels.id ?? '').match(/[0-9a-f]{64}/);
  return hex ? hex[0].slice(0, 12) : labels.id ?? '';
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** No compose files: services from the series, each with the limit its replicas share as the declared one. */
function syntheticProject(name: string, byService: Map<string, Replica[]>): ComposeProject {
  const services: DeclaredService[] = [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, replicas]) => {
      const limit = sharedLimit(replicas);
      const declared = limit ? { memoryLimitBytes: limit } : {};
      return { name: service, declared, replicas: replicas.length, profiles: [] };
    });
  return { name, nameSource: 'option', workingDir: '', configFiles: [], services, warnings: [] };
}

interface ObservedPeak extends ServicePeak {
  observedSeconds: number;
}

const withoutObserved = ({ observedSeconds: _observed, ...peak }: ObservedPeak): ServicePeak => peak;

/** peakExpr's answers per service (or per `group` of series): the peak, and how much of the range has data. */
function peaksOf(
  answers: PromSample[],
  label: string,
  interval: number,
  range: HistoryRange | undefined,
  group?: (labels: Record<string, string>) => string,
): ObservedPeak[] {
  if (!range) return [];
  const rangeSeconds = RANGE_SECONDS[range];
  const peaks = new Map<string, ObservedPeak>();
  for (const answer of answers) {
    const service = group ? group(answer.metric) : answer.metric[label] ?? '';
    const peak = peaks.get(service)
      ?? { service, peakMemoryBytes: 0, peakCpuPercent: 0, rangeSeconds, observedSeconds: 0 };
    if (answer.metric[TAG] === 'peak') peak.peakMemoryBytes = Math.max(peak.peakMemoryBytes, answer.value);
    if (answer.metric[TAG] === 'samples') peak.observedSeconds = Math.min(rangeSeconds, Math.max(peak.observedSeconds, answer.value * interval));
    peaks.set(service, peak);
  }
  return [...peaks.values()];
}

function mergeInto(own: RangeSeries, series: PromSeries, tag: 'cpu' | 'memory'): void {
  // Collected as (time → value) pairs first; aligned() keeps the times that have both numbers.
  const pending = own as RangeSeries & { pendingCpu?: Map<number, number>; pendingMemory?: Map<number, number> };
  const into = tag === 'cpu' ? (pending.pendingCpu ??= new Map()) : (pending.pendingMemory ??= new Map());
  series.times.forEach((t, i) => {
    if (Number.isFinite(series.values[i])) into.set(t, series.values[i]);
  });
}

function aligned(own: RangeSeries): RangeSeries {
  const pending = own as RangeSeries & { pendingCpu?: Map<number, number>; pendingMemory?: Map<number, number> };
  const cpu = pending.pendingCpu ?? new Map<number, number>();
  const memory = pending.pendingMemory ?? new Map<number, number>();
  const times = [...cpu.keys()].filter((t) => memory.has(t)).sort((a, b) => a - b);
  return {
    time: times.map((t) => t * 1000),
    cpuPercent: times.map((t) => cpu.get(t)!),
    memoryUsageBytes: times.map((t) => memory.get(t)!),
  };
}

interface KubeState {
  present: boolean;
  workload(pod: string): WorkloadGuess;
  amounts(pod: string, container: string): { requests: ResourceAmounts; limits: ResourceAmounts };
}

function readKubeState(answers: PromSample[]): KubeState {
  const owners = new Map<string, { kind: string; name: string }>();
  const rsOwners = new Map<string, { kind: string; name: string }>();
  const amounts = new Map<string, { requests: ResourceAmounts; limits: ResourceAmounts }>();
  const amountsOf = (pod: string, container: string) => {
    const key = `${pod}\u0000${container}`;
    let entry = amounts.get(key);
    if (!entry) amounts.set(key, (entry = { requests: {}, limits: {} }));
    return entry;
  };
  for (const { metric, value } of answers) {
    const tag = metric[TAG];
    if (tag === 'owner') owners.set(metric.pod ?? '', { kind: metric.owner_kind ?? '', name: metric.owner_name ?? '' });
    else if (tag === 'rsOwner') rsOwners.set(metric.replicaset ?? '', { kind: metric.owner_kind ?? '', name: metric.owner_name ?? '' });
    else if (tag === 'requests' || tag === 'limits') {
      const entry = amountsOf(metric.pod ?? '', metric.container ?? '')[tag];
      if (metric.resource === 'cpu') entry.cpuCores = value;
      if (metric.resource === 'memory') entry.memoryBytes = value;
    } else if (tag?.endsWith('V1')) {
      const entry = amountsOf(metric.pod ?? '', metric.container ?? '')[tag.startsWith('requests') ? 'requests' : 'limits'];
      if (tag.includes('Cpu')) entry.cpuCores ??= value;
      else entry.memoryBytes ??= value;
    }
  }
  return {
    present: owners.size > 0,
    workload: (pod) => {
      const owner = owners.get(pod);
      if (!owner) return workloadOf(pod);
      return workloadFromOwner(pod, owner.kind, owner.name, owner.kind === 'ReplicaSet' && rsOwners.size ? rsOwners.get(owner.name) : undefined);
    },
    amounts: (pod, container) => amounts.get(`${pod}\u0000${container}`) ?? { requests: {}, limits: {} },
  };
}

export type { HostSummary };
