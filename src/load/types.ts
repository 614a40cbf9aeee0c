// The load engine's public types: what a run is asked to do, what it reports each second, and the
// result with the four golden signals (latency, traffic, errors, saturation).

/** The engine's own hard caps: no option, setting or flag can ask for more. */
export const MAX_REQUESTS = 1_000_000;
export const MAX_DURATION_SECONDS = 3600;
export const MAX_CONCURRENCY = 1000;
export const MAX_RATE = 100_000;
/** The per-request timeout when none is given (ab's default is 30 s). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** A run with neither a request count nor a duration stops after this many requests (ab's -n 1). */
export const DEFAULT_REQUESTS = 1;

export interface LoadOptions {
  /** http:// or https:// URL, path and query included. */
  url: string;
  /** Stop after this many requests (at most MAX_REQUESTS). */
  requests?: number;
  /** Stop after this many seconds (at most MAX_DURATION_SECONDS). */
  durationSeconds?: number;
  /** Connections open at once (default 1, like ab). */
  concurrency?: number;
  /**
   * A fixed arrival rate in requests per second over all connections; latencies are then measured
   * from each request's scheduled start (coordinated omission corrected). Undefined: closed loop,
   * each connection sends its next request when the previous one ends (ab, autocannon).
   */
  rate?: number;
  /** Default GET. */
  method?: string;
  /** Header name -> value. */
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Per-request timeout in ms (headers and body), default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Default true; false sends `Connection: close` and opens a new connection per request (ab without -k). */
  keepAlive?: boolean;
  /** Non-loopback hosts are refused unless true (or listed in `allowedPorts` for loopback only). */
  allowRemote?: boolean;
}

/** Latency percentiles in milliseconds. */
export interface LatencyPercentiles {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Why a request failed: `status 500` (any non-2xx/3xx answer), `timeout`, `ECONNREFUSED`,
 * `ECONNRESET`, `socket closed`, or another error code.
 */
export type ErrorKind = string;

/** The target service's resources, summed over its running replicas, at one instant. */
export interface SaturationSample {
  /** Unix ms. */
  at: number;
  replicas: number;
  cpuPercent: number;
  memoryBytes: number;
  /** Summed limits (0 when none is known). */
  memoryLimitBytes: number;
  /** Cumulative counters as the engine reports them. */
  netRxBytes: number;
  netTxBytes: number;
  pids: number;
}

/**
 * Where saturation comes from: the caller injects it (the CLI and the editor build one with
 * `composeSaturationProbe`), so the run itself needs no Docker engine.
 */
export interface SaturationProbe {
  /** Start sampling; `onSample` about once a second until the returned stop function is called. */
  start(onSample: (sample: SaturationSample) => void): Promise<() => void>;
}

/** One second of the run (the interval that just ended), for live charts. */
export interface LoadProgress {
  /** Unix ms at the end of the interval. */
  atMs: number;
  elapsedSeconds: number;
  /** Requests completed since the start (successes and errors). */
  requestsDone: number;
  /** Completed in this interval, per second. */
  requestsPerSecond: number;
  /** Of the requests completed in this interval; null when none completed. */
  latencyMs: LatencyPercentiles | null;
  /** Errors in this interval. */
  errors: number;
  /** Errors since the start. */
  errorsTotal: number;
  /** The last saturation sample, when a probe is given and has answered. */
  saturation: SaturationSample | null;
}

export interface LoadSaturation {
  /** Replicas seen during the run (the most at once). */
  replicas: number;
  samples: number;
  cpuPercentPeak: number;
  cpuPercentMean: number;
  memoryPeakBytes: number;
  /** 0 when no limit is set. */
  memoryLimitBytes: number;
  /** Bytes received / sent by the service's containers during the run. */
  netRxBytes: number;
  netTxBytes: number;
  pidsPeak: number;
}

export interface LoadResult {
  /** The URL the load went to. */
  target: string;
  /** The compose service behind it, when the target was given as one (set by the caller). */
  service?: { project: string; name: string };
  method: string;
  concurrency: number;
  rate: number | null;
  keepAlive: boolean;
  /** Completed requests (successes and errors). */
  requests: number;
  /** Requests sent (includes those cut off by a cancel). */
  sent: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyMs: LatencyPercentiles & { mean: number; min: number };
  errors: { total: number; rate: number; byKind: Record<ErrorKind, number> };
  /** Response status code -> count (successes and failures). */
  statusCodes: Record<string, number>;
  bytes: { received: number; sent: number };
  /** Received body bytes per second. */
  transferRate: number;
  saturation: LoadSaturation | null;
  /** One entry per second. */
  timeline: LoadProgress[];
  /** Why the run ended. */
  stoppedBy: 'requests' | 'duration' | 'cancel';
  cancelled: boolean;
  startedAt: number;
  finishedAt: number;
  /** CPU time this process spent during the run (user + system), per completed request, in microseconds. */
  clientCpuMicrosPerRequest: number;
}

export interface LoadHooks {
  signal?: AbortSignal;
  onProgress?(progress: LoadProgress): void;
  saturation?: SaturationProbe;
  /**
   * The built worker script (dist/features/load-worker.js) to send the traffic from a thread of its
   * own; without it the traffic runs on the calling thread (the CLI, whose process is the run's).
   */
  trafficWorker?: string;
}

/** A `--fail-on` condition: `p95>200ms`, `errors>1%`, `rps<100`. */
export interface FailCondition {
  metric: 'p50' | 'p90' | 'p95' | 'p99' | 'max' | 'mean' | 'errors' | 'rps' | 'cpu' | 'memory';
  op: '>' | '>=' | '<' | '<=';
  /** In ms for latencies, a fraction (0.01) for errors when given with %, a count otherwise; percent for cpu/memory. */
  value: number;
  unit: 'ms' | '%' | 'count' | 'rps' | 'bytes';
  text: string;
}

/** A candidate URL for a compose service: one per published TCP port. */
export interface ServiceUrl {
  url: string;
  containerPort: number;
  hostPort: number;
  hostIp: string;
}

export interface ResolvedServiceTarget {
  project: string;
  service: string;
  candidates: ServiceUrl[];
  /** Host ports published by every running service of the project (the workspace's own). */
  workspacePorts: number[];
  memoryLimitBytes: number | null;
}
