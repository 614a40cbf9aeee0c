// Prometheus as a data source: one object per server connection. It reads the scrape interval (for
// rate() windows), then answers snapshots (current values, docker stats' formulas), range histories
// and the namespace list with PromQL. dispose() aborts whatever is in flight.
import type {
  ComposeSnapshotOptions,
  HistoryOptions,
  KubernetesSnapshot,
  KubernetesSnapshotOptions,
  PrometheusConnection,
  PrometheusSnapshot,
  PromSample,
  PromSeries,
  RangeHistory,
} from './types';

export class PrometheusSource {
  constructor(readonly connection: PrometheusConnection) {}

  /** The scrape interval of the jobs that carry container metrics, seconds (read once, then every minute). */
  scrapeInterval(): Promise<number> {
    return Promise.reject(new Error('not implemented'));
  }

  /** One compose project across every host: rows per service with each replica's host, and the hosts. */
  composeSnapshot(options: ComposeSnapshotOptions): Promise<PrometheusSnapshot> {
    void options;
    return Promise.reject(new Error('not implemented'));
  }

  /** One namespace's pods grouped by workload, with requests and limits. */
  kubernetesSnapshot(options: KubernetesSnapshotOptions): Promise<KubernetesSnapshot> {
    void options;
    return Promise.reject(new Error('not implemented'));
  }

  /** query_range over the range: per service (or workload) and per replica, and the peaks. */
  history(options: HistoryOptions): Promise<RangeHistory> {
    void options;
    return Promise.reject(new Error('not implemented'));
  }

  /** Namespaces with container metrics (kubelet-style series), sorted. */
  namespaces(): Promise<string[]> {
    return Promise.reject(new Error('not implemented'));
  }

  /** Compose projects with container metrics (container_label_com_docker_compose_project), sorted. */
  projects(): Promise<string[]> {
    return Promise.reject(new Error('not implemented'));
  }

  /** An instant query (the raw vector). */
  query(expr: string, time?: number): Promise<PromSample[]> {
    void expr;
    void time;
    return Promise.reject(new Error('not implemented'));
  }

  /** A range query (the raw matrix); start and end in unix seconds. */
  queryRange(expr: string, start: number, end: number, stepSeconds: number): Promise<PromSeries[]> {
    void expr;
    void start;
    void end;
    void stepSeconds;
    return Promise.reject(new Error('not implemented'));
  }

  /** Aborts every request in flight (they fail with an AbortError) and refuses new ones. */
  dispose(): void {}
}
