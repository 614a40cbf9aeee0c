// The stats engine's public types: what the sidebar view and `stevedore stats` show.
// No `vscode` import. Rates are per second; sizes are bytes; percentages are 0..100 like docker stats.
import type { StatsCollectorMode } from './cgroupCollector';

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
  /**
   * 'windows': memory is the private working set, and limit, memory % and PIDs are not reported
   * (docker stats shows "--").
   */
  osType?: 'linux' | 'windows';
}

export type ServiceStatus = 'running' | 'partial' | 'stopped' | 'not-created' | 'restarting' | 'unhealthy';
export type ThresholdLevel = 'ok' | 'warning' | 'critical';

export interface Thresholds {
  cpu: { warning: number; critical: number };
  memory: { warning: number; critical: number };
}
export const DEFAULT_THRESHOLDS: Thresholds = {
  cpu: { warning: 70, critical: 85 },
  memory: { warning: 80, critical: 90 },
};

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
  /** The engine's state: running, exited, created, paused, restarting, dead. */
  state: string;
  /** com.docker.compose.container-number (1 for the first replica). */
  number?: number;
  /** 'healthy' | 'unhealthy' | 'starting' when the image declares a HEALTHCHECK. */
  health?: string;
  /** Peak memory of this container while watched (compare with the per-container limit). */
  peakMemoryBytes?: number;
  /** Prometheus source: the host that reports this replica (`host` label, else `instance`; Kubernetes: the node). */
  host?: string;
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
  /** Error lines (error|fatal|panic|exception) seen in the service's logs while watched. */
  errorCount: number;
  /** Replicas the compose file asks for (deploy.replicas / scale), 1 when unset. */
  declaredReplicas: number;
  profiles: string[];
  /**
   * False for a running project's service that the compose files do not declare (or for a service in
   * an inactive profile).
   */
  inComposeFile: boolean;
  /** "limit 512 MiB, peak 61 MiB over 10 min", when a limit is declared and samples were seen. */
  rightSizingHint?: string;
}

/** A service as the compose files declare it. */
export interface DeclaredService {
  name: string;
  image?: string;
  declared: DeclaredResources;
  replicas: number;
  profiles: string[];
  containerName?: string;
}

/** The compose project of a folder, resolved as Compose does. */
export interface ComposeProject {
  /** The project name: -p / COMPOSE_PROJECT_NAME, top-level `name:`, else the folder name normalised. */
  name: string;
  /** Where the name came from, for messages. */
  nameSource: 'option' | 'COMPOSE_PROJECT_NAME' | 'name' | 'folder';
  /** The project directory (the first compose file's folder). */
  workingDir: string;
  /** Absolute paths of the files merged, in order. */
  configFiles: string[];
  services: DeclaredService[];
  /** Things worth telling the user that did not stop loading (unset variables, duplicate file names). */
  warnings: string[];
}

/** The monitor's link to the engine. */
export type ConnectionState =
  | { state: 'connecting'; host: string }
  | { state: 'connected'; host: string }
  /** `message` says what happened and what to do; the monitor retries by itself after `retryInMs`. */
  | { state: 'disconnected'; host: string; message: string; retryInMs: number; reason: DisconnectReason };

/**
 * Why the engine is not usable: nothing answers (`unreachable`), it answered its ping but then not in
 * time (`unresponsive`), or what answers is not a Docker engine (`not-an-engine`).
 */
export type DisconnectReason = 'unreachable' | 'unresponsive' | 'not-an-engine';

/** Emitted once per episode when a service stays critical for the configured time. */
export interface CriticalEpisode {
  project: string;
  service: string;
  metric: 'cpu' | 'memory';
  /** The value that made it critical (CPU % or memory % of limit) at the time of the notification. */
  value: number;
  criticalForMs: number;
}

/** A time series for charts: parallel arrays, oldest first, one point per sample (about 1 s apart). */
export interface SeriesHistory {
  /** Unix ms. */
  time: number[];
  cpuPercent: number[];
  memoryUsageBytes: number[];
  memoryPercent: number[];
  netRxRate: number[];
  netTxRate: number[];
  blockReadRate: number[];
  blockWriteRate: number[];
}

export interface MonitorOptions {
  /** The workspace folder holding the compose files. */
  folder: string;
  /** Explicit compose files (stevedore.compose.files / --file), relative to `folder` or absolute. */
  files?: string[];
  /** Like `docker compose -p`. */
  projectName?: string;
  /** stevedore.dockerHost / --host. */
  dockerHost?: string;
  /** How messages name that setting (default `stevedore.dockerHost`; the CLI: `--host`). */
  settingName?: string;
  /**
   * A stats stream silent this long (ms) is closed and reopened, its row without a sample meanwhile
   * (default 15000; the engine sends one a second).
   */
  statsStallMs?: number;
  /** Environment for interpolation and COMPOSE_PROJECT_NAME; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Minutes of samples kept per container and service for charts (default 10). */
  historyMinutes?: number;
  thresholds?: Thresholds;
  /** Seconds a service must stay critical before a CriticalEpisode is emitted (default 30). */
  criticalForSeconds?: number;
  /** How often 'state' is emitted at most, in ms (default 1000). */
  stateIntervalMs?: number;
  /** Follow every container's logs to count error lines (default true). */
  countLogErrors?: boolean;
  /**
   * stevedore.stats.collector / --collector: `auto` (default) reads a local engine's containers from
   * their cgroup files and the rest from stats streams; `cgroup` the same, saying why a container
   * keeps a stream; `api` streams only.
   */
  statsCollector?: StatsCollectorMode;
  /** First and largest delay between reconnection attempts, in ms (default 500 and 10000). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

/** What a consumer of a monitor (a view, a load test's probe) wants from it now. */
export interface MonitorInterest {
  /** Live samples: a shown view or a running load test. No consumer live: stats streams and reads pause. */
  live: boolean;
  /** The services it shows; undefined: every service of the project. */
  services?: readonly string[];
}

/** One log line of a followed service. */
export interface LogLine {
  container: string;
  stream: 'stdout' | 'stderr';
  text: string;
  isError: boolean;
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
  /** Prometheus source only: the host that reports the container. */
  host?: string;
}
