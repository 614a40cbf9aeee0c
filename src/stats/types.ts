// The stats engine's public types: what the sidebar view and `stevedore stats` show.
// No `vscode` import. Rates are per second; sizes are bytes; percentages are 0..100 like docker stats.

/** One computed sample of one container: the numbers `docker stats` prints. */
export interface ContainerSample {
  containerId: string;
  /** Container name without the leading slash. */
  container: string;
  /** Unix ms when the engine read it. */
  readAt: number;
  cpuPercent: number;
  memoryUsageBytes: number;
  memoryLimitBytes: number;
  memoryPercent: number;
  netRxBytes: number;
  netTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number;
}

export type ServiceStatus = 'running' | 'partial' | 'stopped' | 'not-created' | 'restarting' | 'unhealthy';
export type ThresholdLevel = 'ok' | 'warning' | 'critical';

export interface Thresholds {
  cpu: { warning: number; critical: number };
  memory: { warning: number; critical: number };
}
export const DEFAULT_THRESHOLDS: Thresholds = { cpu: { warning: 70, critical: 85 }, memory: { warning: 80, critical: 90 } };

/** The compose file's declared resources for a service (deploy.resources, mem_limit, cpus). */
export interface DeclaredResources {
  memoryLimitBytes?: number;
  memoryReservationBytes?: number;
  cpuLimit?: number;
  cpuReservation?: number;
}

export interface ContainerState {
  containerId: string;
  container: string;
  state: string;
  /** The latest sample, absent until the first one arrives. */
  sample?: ContainerSample;
  /** Per-second rates derived from consecutive samples. */
  netRxRate?: number;
  netTxRate?: number;
  blockReadRate?: number;
  blockWriteRate?: number;
}

export interface ServiceState {
  project: string;
  service: string;
  status: ServiceStatus;
  containers: ContainerState[];
  /** Sums over replicas (CPU and memory summed; memory % of the summed limits). */
  total?: ContainerSample;
  declared: DeclaredResources;
  /** Peak memory observed while Stevedore watched, and over how long. */
  peakMemoryBytes?: number;
  observedForMs?: number;
  cpuLevel: ThresholdLevel;
  memoryLevel: ThresholdLevel;
  errorCount: number;
}

/** The row the CLI's `--no-stream --format json` prints for each container. */
export interface StatsJsonRow {
  project: string;
  service: string;
  container: string;
  containerId: string;
  cpuPercent: number;
  memoryUsageBytes: number;
  memoryLimitBytes: number;
  memoryPercent: number;
  netRxBytes: number;
  netTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number;
}
