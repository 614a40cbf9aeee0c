// Prometheus as a data source for the stats view and `stevedore stats`: the public types. No
// `vscode` import. Numbers follow docker stats (CPU % of one core, memory used = working set).
import type { ComposeProject, ContainerSample, ServiceState, StatsJsonRow, Thresholds } from '../types';
import type { PrometheusSettingNames } from './errors';

/** How to reach a Prometheus server (stevedore.prometheus.* settings, --prometheus-* flags). */
export interface PrometheusConnection {
  /** The server's base URL, e.g. http://127.0.0.1:9090 (a path prefix such as /prometheus is kept). */
  url: string;
  auth?: PrometheusAuth;
  /** A PEM file of extra certificate authorities for an https URL. */
  caFile?: string;
  /** How long one HTTP request (a query) may take, in ms (default 10000). */
  timeoutMs?: number;
  /**
   * The label that names a host on cAdvisor's series. Default: `host` where a series carries it,
   * else `instance` (for Kubernetes: `node` where present, else `instance`).
   */
  hostLabel?: string;
  /** How messages name the settings: the extension's (default) or the CLI's flags (CLI_FLAG_NAMES). */
  settingNames?: PrometheusSettingNames;
}

export type PrometheusAuth =
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; username: string; password: string };

/** Why a Prometheus request failed; each has one message (`message`) and what to do (`hint`). */
export type PrometheusErrorKind =
  /** Nothing answers at the URL (connection refused, host not found, reset). */
  | 'down'
  /** Something answers, but not Prometheus' HTTP API (wrong URL or path). */
  | 'not-prometheus'
  /** 401: credentials missing or wrong. */
  | 'unauthorized'
  /** 403: the credentials are not allowed to query. */
  | 'forbidden'
  /** No answer within the query timeout. */
  | 'timeout'
  /** The server answers but has no cAdvisor metrics (container_cpu_usage_seconds_total) at all. */
  | 'no-cadvisor'
  /** TLS failed (unknown CA, bad certificate): set the CA file. */
  | 'tls'
  /** Prometheus refused the query (bad_data, execution error), or a setting is unusable (an unreadable CA file). */
  | 'query';

/** One instant-vector element. */
export interface PromSample {
  metric: Record<string, string>;
  /** Unix seconds. */
  time: number;
  value: number;
}

/** One range-vector (matrix) series. */
export interface PromSeries {
  metric: Record<string, string>;
  /** Parallel arrays: unix seconds and values. */
  times: number[];
  values: number[];
}

/** The history ranges of the range picker. */
export type HistoryRange = '15m' | '1h' | '6h' | '24h';

/** Compose mode: one compose project across every host that reports it. */
export interface ComposeSnapshotOptions {
  /** The compose project's name as its containers carry it (label com.docker.compose.project). */
  project: string;
  /**
   * The folder's compose project, when there is one: services in its order, declared limits and
   * replicas, services not running anywhere shown as not created. Without it, rows come from the
   * series alone and a limit every replica shares (container_spec_memory_limit_bytes) is the
   * declared limit of the right-sizing hint.
   */
  composeProject?: ComposeProject;
  /** Also read each service's peak over this range (ServiceState.peakMemoryBytes, rightSizingHint, `peaks`). */
  range?: HistoryRange;
  /** Default DEFAULT_THRESHOLDS. */
  thresholds?: Thresholds;
}

/** Kubernetes mode: one namespace. */
export interface KubernetesSnapshotOptions {
  namespace: string;
  range?: HistoryRange;
  thresholds?: Thresholds;
}

/** A range's history of one scope: a compose project or a Kubernetes namespace. */
export type HistoryOptions = ({ project: string } | { namespace: string }) & { range: HistoryRange };

/** A replica as the Prometheus source sees it: the engine-mode ContainerState plus where it runs. */
export interface PrometheusJsonRow extends StatsJsonRow {
  /** The `host` label, else `instance` (Kubernetes: `node`, else `instance`). */
  host: string;
}

/** One host that reports containers (or Node Exporter) to Prometheus. */
export interface HostSummary {
  host: string;
  /** machine_cpu_cores (cAdvisor) or the number of CPUs Node Exporter counts. */
  cpuCount?: number;
  /** machine_memory_bytes (cAdvisor) or node_memory_MemTotal_bytes. */
  memoryBytes?: number;
  /** Node Exporter only: busy share of all CPUs over the rate window, 0..100. */
  cpuUsePercent?: number;
  /** Node Exporter only: node_memory_MemAvailable_bytes. */
  memoryAvailableBytes?: number;
  /** True when Node Exporter series were found for this host. */
  nodeExporter: boolean;
  /** Replicas of the scope (project or namespace) running on it. */
  replicas: number;
}

/** What every snapshot says about the server it came from. */
export interface PrometheusSourceInfo {
  url: string;
  /** The scrape interval read from /api/v1/status/config (the jobs that carry the metrics), seconds. */
  scrapeIntervalSeconds: number;
  /** The rate() window used for current values, seconds: 4 × the scrape interval. */
  rateWindowSeconds: number;
  /** Unix ms of the evaluation. */
  readAt: number;
  /** How long the queries took, ms. */
  queryMs: number;
}

/** Compose mode: the workspace's project across every host. */
export interface PrometheusSnapshot extends PrometheusSourceInfo {
  /** The compose project's name (label container_label_com_docker_compose_project). */
  projectName: string;
  /** The same shape as engine mode; every ContainerState has `host` set. */
  states: ServiceState[];
  /** The CLI's JSON rows: the engine-mode fields plus `host`. */
  rows: PrometheusJsonRow[];
  hosts: HostSummary[];
  /** With `range`: peak per service over it (also in each ServiceState.peakMemoryBytes and rightSizingHint). */
  peaks?: ServicePeak[];
  range?: HistoryRange;
}

export interface ServicePeak {
  service: string;
  /** Highest working set of any one replica over the range (compare with the per-container limit). */
  peakMemoryBytes: number;
  /** Highest CPU % of the service (replicas summed) over the range. */
  peakCpuPercent: number;
  rangeSeconds: number;
}

/** A chart series from query_range: oldest first; NaN-free (gaps are left out). */
export interface RangeSeries {
  /** Unix ms. */
  time: number[];
  cpuPercent: number[];
  memoryUsageBytes: number[];
}

export interface RangeHistory {
  range: HistoryRange;
  /** Unix seconds. */
  start: number;
  end: number;
  stepSeconds: number;
  rateWindowSeconds: number;
  /** Per service (or workload): replicas summed. */
  services: Record<string, RangeSeries>;
  /** Per replica, keyed `${host}\u0000${containerId}` (see replicaKey). */
  replicas: Record<string, RangeSeries>;
  peaks: ServicePeak[];
  queryMs: number;
}

/** Kubernetes mode: one namespace's pods grouped by their owning workload. */
export interface KubernetesSnapshot extends PrometheusSourceInfo {
  namespace: string;
  /**
   * One ServiceState per workload: `project` is the namespace, `service` the workload's name,
   * each ContainerState one container of a pod (`container` = "pod/container", `host` = node),
   * `declared` from the requests and limits (per container, largest over the workload's containers).
   */
  states: ServiceState[];
  workloads: WorkloadInfo[];
  rows: KubernetesJsonRow[];
  hosts: HostSummary[];
  /** True when kube_pod_owner was found for the namespace (kube-state-metrics present). */
  kubeStateMetrics: boolean;
  peaks?: ServicePeak[];
  range?: HistoryRange;
}

export interface WorkloadInfo {
  /** Same as the ServiceState's `service`. */
  name: string;
  /** Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet, or Pod for a bare pod. */
  kind: string;
  /** Where the grouping came from. */
  source: 'kube_pod_owner' | 'name-pattern';
  pods: string[];
}

/** kube_pod_container_resource_requests / _limits of one container (cores, bytes). */
export interface ResourceAmounts {
  cpuCores?: number;
  memoryBytes?: number;
}

export interface KubernetesJsonRow extends PrometheusJsonRow {
  namespace: string;
  workload: string;
  workloadKind: string;
  pod: string;
  requests: ResourceAmounts;
  limits: ResourceAmounts;
}

/** A current sample of one replica with where it runs (used by snapshots). */
export interface HostedSample extends ContainerSample {
  host: string;
}
