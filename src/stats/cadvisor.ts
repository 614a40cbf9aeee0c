// cAdvisor's view of a Docker container, from the Engine's stats and inspect JSON: the metric names,
// types, help, units and labels that dashboards and alert rules written for cAdvisor expect (ported
// from cAdvisor's lib/metrics/prometheus.go and lib/container/libcontainer/handler.go). Pure
// functions and one exposition writer (prom-client); the live part is exporter.ts.
import type { Counter, Gauge, Registry } from 'prom-client';
import type { EngineOsType } from './calculate';
import type { EngineBlkioEntry, EngineContainerInspect, EngineInfo, EngineStats } from './engineJson';

/** The metric names, once: the exporter writes them, rules and queries read them. */
export const CADVISOR = {
  cpuUsage: 'container_cpu_usage_seconds_total',
  cpuUser: 'container_cpu_user_seconds_total',
  cpuSystem: 'container_cpu_system_seconds_total',
  memoryUsage: 'container_memory_usage_bytes',
  memoryWorkingSet: 'container_memory_working_set_bytes',
  memoryRss: 'container_memory_rss',
  memoryCache: 'container_memory_cache',
  memoryLimit: 'container_spec_memory_limit_bytes',
  cpuQuota: 'container_spec_cpu_quota',
  cpuPeriod: 'container_spec_cpu_period',
  networkReceive: 'container_network_receive_bytes_total',
  networkTransmit: 'container_network_transmit_bytes_total',
  fsReads: 'container_fs_reads_bytes_total',
  fsWrites: 'container_fs_writes_bytes_total',
  processes: 'container_processes',
  lastSeen: 'container_last_seen',
  startTime: 'container_start_time_seconds',
  scrapeError: 'container_scrape_error',
  machineCpuCores: 'machine_cpu_cores',
  machineMemory: 'machine_memory_bytes',
  machineScrapeError: 'machine_scrape_error',
} as const;

/**
 * cAdvisor's machine metrics carry these labels (its machine collector's base labels), which it fills
 * from /etc/machine-id, the DMI product UUID and the kernel's boot id. The engine's API reports none
 * of them, and the exporter may watch another machine's engine, so they are written empty (as cAdvisor
 * writes them where it cannot read those files); Prometheus stores an empty label as no label.
 */
const MACHINE_LABELS = ['boot_id', 'machine_id', 'system_uuid'] as const;

/** The engine's machine as cAdvisor's machine_* gauges show it. */
export interface CadvisorMachine {
  /** Logical CPUs (the engine's NCPU). */
  cpuCores: number;
  /** Memory installed, bytes (the engine's MemTotal). */
  memoryBytes: number;
}

/** The machine from GET /info; undefined when the engine did not say (older or non-Docker engines). */
export function cadvisorMachine(info: EngineInfo | undefined): CadvisorMachine | undefined {
  const cpuCores = finite(info?.NCPU);
  const memoryBytes = finite(info?.MemTotal);
  if (cpuCores === undefined || memoryBytes === undefined || cpuCores <= 0 || memoryBytes <= 0) return undefined;
  return { cpuCores, memoryBytes };
}

/** cAdvisor's prefix for a container's own labels (`container_label_com_docker_compose_service`). */
export const CONTAINER_LABEL_PREFIX = 'container_label_';

/** The label names of compose's project and service, as cAdvisor writes them. */
export const COMPOSE_PROJECT_LABEL = 'container_label_com_docker_compose_project';
export const COMPOSE_SERVICE_LABEL = 'container_label_com_docker_compose_service';

/** cAdvisor's sanitizeLabelName: every character outside [a-zA-Z0-9_] becomes `_`. */
export function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** The counters and gauges of one stats document, in cAdvisor's units (seconds, bytes). */
export interface CadvisorUsage {
  cpuUsageSeconds: number;
  cpuUserSeconds: number;
  cpuSystemSeconds: number;
  memoryUsageBytes?: number;
  memoryWorkingSetBytes?: number;
  memoryRssBytes?: number;
  memoryCacheBytes?: number;
  networks: { interface: string; receiveBytes: number; transmitBytes: number }[];
  /** Per block device (`major:minor`), bytes read and written. */
  disks: { major: number; minor: number; readBytes: number; writeBytes: number }[];
  processes?: number;
}

const finite = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * One Engine stats document as cAdvisor reads the same cgroup. CPU: the engine's nanoseconds (Linux)
 * or 100 ns intervals (Windows) in seconds. Memory on cgroup v2 (`anon`/`file` keys): RSS = anon,
 * cache = file; on v1: total_rss/total_cache (hierarchical), else rss/cache. Working set = usage minus
 * inactive file pages, 0 when they exceed usage (cAdvisor clamps; docker stats falls back to usage).
 */
export function cadvisorUsage(doc: EngineStats, osType: EngineOsType = 'linux'): CadvisorUsage {
  const cpu = doc.cpu_stats?.cpu_usage;
  const perSecond = osType === 'windows' ? 1e7 : 1e9;
  const usage: CadvisorUsage = {
    cpuUsageSeconds: (finite(cpu?.total_usage) ?? 0) / perSecond,
    cpuUserSeconds: (finite(cpu?.usage_in_usermode) ?? 0) / perSecond,
    cpuSystemSeconds: (finite(cpu?.usage_in_kernelmode) ?? 0) / perSecond,
    networks: [],
    disks: [],
  };
  for (const [name, net] of Object.entries(doc.networks ?? {})) {
    if (typeof net !== 'object' || net === null) continue;
    const [receiveBytes, transmitBytes] = [finite(net.rx_bytes) ?? 0, finite(net.tx_bytes) ?? 0];
    usage.networks.push({ interface: name, receiveBytes, transmitBytes });
  }
  usage.networks.sort((a, b) => a.interface.localeCompare(b.interface));
  if (osType === 'windows') {
    // No cgroups: the private working set is what Windows calls the container's memory.
    const privateSet = finite(doc.memory_stats?.privateworkingset);
    if (privateSet !== undefined) usage.memoryUsageBytes = usage.memoryWorkingSetBytes = privateSet;
    return usage;
  }
  const memory = doc.memory_stats;
  const memoryUsage = finite(memory?.usage);
  if (memoryUsage !== undefined) {
    const stats = memory?.stats ?? {};
    const v2 = 'anon' in stats || 'file' in stats;
    usage.memoryUsageBytes = memoryUsage;
    usage.memoryRssBytes = finite(v2 ? stats.anon : (stats.total_rss ?? stats.rss)) ?? 0;
    usage.memoryCacheBytes = finite(v2 ? stats.file : (stats.total_cache ?? stats.cache)) ?? 0;
    const inactive = finite(v2 ? stats.inactive_file : stats.total_inactive_file);
    usage.memoryWorkingSetBytes = inactive === undefined ? memoryUsage : Math.max(0, memoryUsage - inactive);
  }
  usage.disks = diskBytes(doc.blkio_stats?.io_service_bytes_recursive);
  const pids = finite(doc.pids_stats?.current);
  if (pids !== undefined) usage.processes = pids;
  return usage;
}

/** io_service_bytes_recursive per device: Read and Write ops (v1 also lists Sync, Async, Total: left out). */
function diskBytes(entries: EngineBlkioEntry[] | null | undefined): CadvisorUsage['disks'] {
  const byDevice = new Map<string, CadvisorUsage['disks'][number]>();
  if (!Array.isArray(entries)) return [];
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) continue;
    const op = entry.op?.toLowerCase();
    if (op !== 'read' && op !== 'write') continue;
    const major = finite(entry.major) ?? 0;
    const minor = finite(entry.minor) ?? 0;
    const key = `${major}:${minor}`;
    let disk = byDevice.get(key);
    if (!disk) byDevice.set(key, (disk = { major, minor, readBytes: 0, writeBytes: 0 }));
    if (op === 'read') disk.readBytes += finite(entry.value) ?? 0;
    else disk.writeBytes += finite(entry.value) ?? 0;
  }
  return [...byDevice.values()].sort((a, b) => a.major - b.major || a.minor - b.minor);
}

/** What cAdvisor's spec says about a container: its labels and limits, from inspect (read once per container). */
export interface CadvisorSpec {
  /** The `id` label: the container's cgroup path, e.g. `/docker/<full id>`. */
  id: string;
  /** The `name` label: the container name without the leading slash. */
  name: string;
  /** The `image` label: the image as the container was created from it (Config.Image). */
  image: string;
  /** The container's own labels, unsanitised. */
  labels: Record<string, string>;
  startTimeSeconds?: number;
  /** 0 when unlimited, as cAdvisor reports it. */
  memoryLimitBytes: number;
  /** CFS period and quota in µs; quota absent without a CPU limit (cAdvisor leaves the series out). */
  cpuPeriod: number;
  cpuQuota?: number;
  /** The container shares another's network namespace (cAdvisor reports no network series for it). */
  sharesNetwork: boolean;
}

/** The kernel's default CFS period (µs), which Docker uses unless --cpu-period says otherwise. */
const DEFAULT_CFS_PERIOD_US = 100_000;

/**
 * The container's cgroup path as cAdvisor names it: cgroupfs driver `/docker/<id>` (or under
 * --cgroup-parent); systemd driver `/system.slice/docker-<id>.scope` (a parent slice `a-b.slice`
 * nests as `/a.slice/a-b.slice`).
 */
export function cgroupIdOf(containerId: string, info: Pick<EngineInfo, 'CgroupDriver'> | undefined, cgroupParent = ''): string {
  if (info?.CgroupDriver === 'systemd') {
    const slice = cgroupParent && cgroupParent.endsWith('.slice') ? cgroupParent : 'system.slice';
    const parts = slice.slice(0, -'.slice'.length).split('-');
    const path = parts.map((_, i) => `${parts.slice(0, i + 1).join('-')}.slice`);
    return `/${path.join('/')}/docker-${containerId}.scope`;
  }
  const parent = (cgroupParent || '/docker').replace(/\/+$/, '');
  return `${parent.startsWith('/') ? parent : `/${parent}`}/${containerId}`;
}

export function cadvisorSpec(inspect: EngineContainerInspect, info: EngineInfo | undefined): CadvisorSpec {
  const host = inspect.HostConfig ?? {};
  const id = inspect.Id ?? '';
  const period = finite(host.CpuPeriod) || DEFAULT_CFS_PERIOD_US;
  // `--cpus` is stored as NanoCpus; the engine writes the cgroup's quota as NanoCpus × period / 1e9.
  const nanoCpus = finite(host.NanoCpus) ?? 0;
  const quota = finite(host.CpuQuota) || (nanoCpus > 0 ? Math.round((nanoCpus * period) / 1e9) : 0);
  const startedAt = inspect.State?.StartedAt ? Date.parse(inspect.State.StartedAt) : NaN;
  const labels = inspect.Config?.Labels;
  return {
    id: cgroupIdOf(id, info, host.CgroupParent),
    name: (inspect.Name ?? id.slice(0, 12)).replace(/^\//, ''),
    image: inspect.Config?.Image ?? '',
    labels: typeof labels === 'object' && labels !== null ? labels : {},
    ...(Number.isFinite(startedAt) && startedAt > 0 ? { startTimeSeconds: Math.floor(startedAt / 1000) } : {}),
    memoryLimitBytes: finite(host.Memory) ?? 0,
    cpuPeriod: period,
    ...(quota > 0 ? { cpuQuota: quota } : {}),
    sharesNetwork: (host.NetworkMode ?? '').startsWith('container:'),
  };
}

/** One container as one exposition shows it: its spec, and its latest sample when one arrived. */
export interface ExposedContainer {
  spec: CadvisorSpec;
  usage?: CadvisorUsage;
  /** Unix ms of the engine's reading behind `usage`. */
  readAt?: number;
}

/** How the exposition names a block device: `/dev/sda` where the engine's machine is this one, else `major:minor`. */
export type DeviceNamer = (major: number, minor: number) => string;

export const numberDevice: DeviceNamer = (major, minor) => `${major}:${minor}`;

type MetricKind = 'counter' | 'gauge';
const FAMILIES: { name: string; help: string; kind: MetricKind; extra?: string }[] = [
  { name: CADVISOR.cpuUsage, help: 'Cumulative cpu time consumed in seconds.', kind: 'counter', extra: 'cpu' },
  { name: CADVISOR.cpuUser, help: 'Cumulative user cpu time consumed in seconds.', kind: 'counter' },
  { name: CADVISOR.cpuSystem, help: 'Cumulative system cpu time consumed in seconds.', kind: 'counter' },
  { name: CADVISOR.memoryUsage, help: 'Current memory usage in bytes, including all memory regardless of when it was accessed', kind: 'gauge' },
  { name: CADVISOR.memoryWorkingSet, help: 'Current working set in bytes.', kind: 'gauge' },
  { name: CADVISOR.memoryRss, help: 'Size of RSS in bytes.', kind: 'gauge' },
  { name: CADVISOR.memoryCache, help: 'Number of bytes of page cache memory.', kind: 'gauge' },
  { name: CADVISOR.memoryLimit, help: 'Memory limit for the container.', kind: 'gauge' },
  { name: CADVISOR.cpuPeriod, help: 'CPU period of the container.', kind: 'gauge' },
  { name: CADVISOR.cpuQuota, help: 'CPU quota of the container.', kind: 'gauge' },
  { name: CADVISOR.networkReceive, help: 'Cumulative count of bytes received', kind: 'counter', extra: 'interface' },
  { name: CADVISOR.networkTransmit, help: 'Cumulative count of bytes transmitted', kind: 'counter', extra: 'interface' },
  { name: CADVISOR.fsReads, help: 'Cumulative count of bytes read', kind: 'counter', extra: 'device' },
  { name: CADVISOR.fsWrites, help: 'Cumulative count of bytes written', kind: 'counter', extra: 'device' },
  { name: CADVISOR.processes, help: 'Number of processes running inside the container.', kind: 'gauge' },
  { name: CADVISOR.lastSeen, help: 'Last time a container was seen by the exporter', kind: 'gauge' },
  { name: CADVISOR.startTime, help: 'Start time of the container since unix epoch in seconds.', kind: 'gauge' },
];

/**
 * Each container's base labels (`id`, `name`, `image`, `container_label_*`), over the union of label
 * names of all containers as cAdvisor does (a label a container lacks is left out, which Prometheus
 * reads as empty). Two raw names that sanitise alike keep the first in sorted order.
 */
export function baseLabels(specs: CadvisorSpec[]): { names: string[]; values: Record<string, string>[] } {
  const rawToSafe = new Map<string, string>();
  const taken = new Set(['id', 'name', 'image']);
  const raw = [...new Set(specs.flatMap((spec) => Object.keys(spec.labels)))].sort();
  for (const label of raw) {
    const safe = CONTAINER_LABEL_PREFIX + sanitizeLabelName(label);
    if (taken.has(safe)) continue;
    taken.add(safe);
    rawToSafe.set(label, safe);
  }
  const values = specs.map((spec) => {
    const set: Record<string, string> = { id: spec.id };
    if (spec.name) set.name = spec.name;
    if (spec.image) set.image = spec.image;
    for (const [label, value] of Object.entries(spec.labels)) {
      const safe = rawToSafe.get(label);
      if (safe && typeof value === 'string' && value !== '' && set[safe] === undefined) set[safe] = value;
    }
    return set;
  });
  return { names: [...taken], values };
}

type Family = Counter<string> | Gauge<string>;
type PromClient = typeof import('prom-client');

let promClient: Promise<PromClient> | undefined;
/**
 * prom-client is loaded on the first exposition: the extension bundles the stats engine but never
 * writes one, and a static import would keep prom-client in its bundle (66 KB minified, measured).
 */
const loadPromClient = (): Promise<PromClient> => (promClient ??= import('prom-client'));

/**
 * Writes expositions with prom-client. The registry is rebuilt only when the union of label names
 * changes (a container with new labels starts); otherwise each scrape resets and refills it.
 */
export class CadvisorExposition {
  private registry?: Registry;
  private families = new Map<string, Family>();
  private scrapeError?: Gauge<string>;
  private machineCpuCores?: Gauge<string>;
  private machineMemory?: Gauge<string>;
  private machineScrapeError?: Gauge<string>;
  private labelKey?: string;

  constructor(private readonly deviceName: DeviceNamer = numberDevice) {}

  /** The exposition's Content-Type (Prometheus text format 0.0.4). */
  get contentType(): string {
    return this.registry?.contentType ?? 'text/plain; version=0.0.4; charset=utf-8';
  }

  /**
   * The exposition text. `engineReachable` false: container_scrape_error 1 (cAdvisor's failed-collection
   * signal). `machine`: machine_cpu_cores and machine_memory_bytes; without it (the engine's info not
   * read) they are left out and machine_scrape_error is 1, as cAdvisor does when machine info fails.
   */
  async write(
    containers: ExposedContainer[], engineReachable: boolean, nowMs = Date.now(), machine?: CadvisorMachine,
  ): Promise<string> {
    const { names, values } = baseLabels(containers.map((c) => c.spec));
    const registry = this.ensureRegistry(names, await loadPromClient());
    registry.resetMetrics();
    this.scrapeError?.set(engineReachable ? 0 : 1);
    this.machineScrapeError?.set(machine ? 0 : 1);
    if (machine) {
      const labels: Record<string, string> = Object.fromEntries(MACHINE_LABELS.map((name) => [name, '']));
      this.machineCpuCores?.set(labels, machine.cpuCores);
      this.machineMemory?.set(labels, machine.memoryBytes);
    }
    const family = (name: string) => this.families.get(name)!;
    type Labels = Record<string, string>;
    const gauge = (name: string, labels: Labels, value: number) => (family(name) as Gauge<string>).set(labels, value);
    // A counter is refilled each scrape: reset above, then one inc by the engine's cumulative figure.
    const counter = (name: string, labels: Labels, value: number) =>
      (family(name) as Counter<string>).inc(labels, Math.max(0, value));
    containers.forEach(({ spec, usage, readAt }, index) => {
      const labels = values[index];
      if (spec.startTimeSeconds !== undefined) gauge(CADVISOR.startTime, labels, spec.startTimeSeconds);
      gauge(CADVISOR.memoryLimit, labels, spec.memoryLimitBytes);
      gauge(CADVISOR.cpuPeriod, labels, spec.cpuPeriod);
      if (spec.cpuQuota !== undefined) gauge(CADVISOR.cpuQuota, labels, spec.cpuQuota);
      if (!usage) return;
      gauge(CADVISOR.lastSeen, labels, Math.floor((readAt ?? nowMs) / 1000));
      // cAdvisor writes cpu="total" where it has no per-CPU figures (cgroup v2, kubelet): sums over `cpu` read both.
      counter(CADVISOR.cpuUsage, { ...labels, cpu: 'total' }, usage.cpuUsageSeconds);
      counter(CADVISOR.cpuUser, labels, usage.cpuUserSeconds);
      counter(CADVISOR.cpuSystem, labels, usage.cpuSystemSeconds);
      if (usage.memoryUsageBytes !== undefined) gauge(CADVISOR.memoryUsage, labels, usage.memoryUsageBytes);
      const workingSet = usage.memoryWorkingSetBytes;
      if (workingSet !== undefined) gauge(CADVISOR.memoryWorkingSet, labels, workingSet);
      if (usage.memoryRssBytes !== undefined) gauge(CADVISOR.memoryRss, labels, usage.memoryRssBytes);
      if (usage.memoryCacheBytes !== undefined) gauge(CADVISOR.memoryCache, labels, usage.memoryCacheBytes);
      if (!spec.sharesNetwork) {
        for (const net of usage.networks) {
          counter(CADVISOR.networkReceive, { ...labels, interface: net.interface }, net.receiveBytes);
          counter(CADVISOR.networkTransmit, { ...labels, interface: net.interface }, net.transmitBytes);
        }
      }
      for (const disk of usage.disks) {
        const device = this.deviceName(disk.major, disk.minor);
        counter(CADVISOR.fsReads, { ...labels, device }, disk.readBytes);
        counter(CADVISOR.fsWrites, { ...labels, device }, disk.writeBytes);
      }
      if (usage.processes !== undefined) gauge(CADVISOR.processes, labels, usage.processes);
    });
    return registry.metrics();
  }

  private ensureRegistry(names: string[], { Counter, Gauge, Registry }: PromClient): Registry {
    const key = names.join('\n');
    if (this.registry && key === this.labelKey) return this.registry;
    this.labelKey = key;
    const registry = (this.registry = new Registry());
    this.families.clear();
    const registers = [registry];
    for (const { name, help, kind, extra } of FAMILIES) {
      const labelNames = extra ? [...names, extra] : names;
      this.families.set(name, kind === 'counter' ? new Counter({ name, help, labelNames, registers }) : new Gauge({ name, help, labelNames, registers }));
    }
    this.scrapeError = new Gauge({ name: CADVISOR.scrapeError, help: '1 if there was an error while getting container metrics, 0 otherwise', registers });
    // cAdvisor's machine collector: the same names, help, type (gauge) and labels.
    const labelNames = [...MACHINE_LABELS];
    this.machineCpuCores = new Gauge({ name: CADVISOR.machineCpuCores, help: 'Number of logical CPU cores.', labelNames, registers });
    this.machineMemory = new Gauge({ name: CADVISOR.machineMemory, help: 'Amount of memory installed on the machine.', labelNames, registers });
    this.machineScrapeError = new Gauge({
      name: CADVISOR.machineScrapeError, help: '1 if there was an error while getting machine metrics, 0 otherwise.', registers,
    });
    return registry;
  }
}
