// The Engine API's JSON that the stats engine reads, in one place: GET /containers/{id}/stats,
// /events and /containers/json. Only the fields Stevedore uses; every field is optional because
// engines differ (cgroup v1, cgroup v2, Windows, Podman) and a stopping container sends zeros.

export interface EngineCpuStats {
  cpu_usage?: {
    total_usage?: number;
    /** cgroup v1 only; its length is the CPU count when online_cpus is missing. */
    percpu_usage?: number[] | null;
    usage_in_kernelmode?: number;
    usage_in_usermode?: number;
  };
  system_cpu_usage?: number;
  online_cpus?: number;
}

export interface EngineMemoryStats {
  usage?: number;
  limit?: number;
  /** cgroup v1 keys (`total_inactive_file`, `cache`...) or cgroup v2 keys (`inactive_file`, `anon`...). */
  stats?: Record<string, number>;
  /** Windows only. */
  privateworkingset?: number;
  commitbytes?: number;
}

export interface EngineBlkioEntry {
  major?: number;
  minor?: number;
  op?: string;
  value?: number;
}

export interface EngineNetworkStats {
  rx_bytes?: number;
  tx_bytes?: number;
}

/** One document of GET /containers/{id}/stats (streamed one per second, newline-delimited). */
export interface EngineStats {
  read?: string;
  preread?: string;
  name?: string;
  id?: string;
  /** Set by Engine 29+; older engines: the daemon's OSType. */
  os_type?: string;
  num_procs?: number;
  pids_stats?: { current?: number; limit?: number };
  cpu_stats?: EngineCpuStats;
  precpu_stats?: EngineCpuStats;
  memory_stats?: EngineMemoryStats;
  blkio_stats?: { io_service_bytes_recursive?: EngineBlkioEntry[] | null };
  /** Windows only. */
  storage_stats?: {
    read_count_normalized?: number;
    read_size_bytes?: number;
    write_count_normalized?: number;
    write_size_bytes?: number;
  };
  networks?: Record<string, EngineNetworkStats>;
}

/** One message of GET /events. */
export interface EngineEvent {
  Type?: string;
  Action?: string;
  /** Engines before API 1.22 put the container id here. */
  id?: string;
  status?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  time?: number;
  timeNano?: number;
}

/** One entry of GET /containers/json (dockerode's ContainerInfo, the fields used here). */
export interface EngineContainerSummary {
  Id: string;
  Names?: string[];
  Image?: string;
  State?: string;
  Status?: string;
  Labels?: Record<string, string>;
}

/** The Compose labels Stevedore maps containers to services with. */
export const COMPOSE_LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  configFiles: 'com.docker.compose.project.config_files',
  workingDir: 'com.docker.compose.project.working_dir',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
} as const;

/** GET /containers/{id}/json, the fields the exporter labels and limits its series with. */
export interface EngineContainerInspect {
  Id?: string;
  Name?: string;
  State?: { StartedAt?: string; Running?: boolean };
  Config?: { Image?: string; Labels?: Record<string, string> | null };
  HostConfig?: {
    /** Bytes; 0 when unlimited. */
    Memory?: number;
    /** CFS period and quota in µs (0: the kernel's default period, no quota); `--cpus` sets NanoCpus instead. */
    CpuPeriod?: number;
    CpuQuota?: number;
    NanoCpus?: number;
    CgroupParent?: string;
    NetworkMode?: string;
  };
}

/** GET /info, the fields that say where the engine puts its containers' cgroups, and its machine's size. */
export interface EngineInfo {
  CgroupDriver?: string;
  CgroupVersion?: string;
  OSType?: string;
  /** The engine's machine: logical CPUs and memory, bytes (the exporter's machine_cpu_cores, machine_memory_bytes). */
  NCPU?: number;
  MemTotal?: number;
}
