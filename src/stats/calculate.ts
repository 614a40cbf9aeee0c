// The arithmetic of one stats sample, as `docker stats` does it (docker/cli
// cli/command/container/stats_helpers.go): small pure functions over the Engine's JSON.
// Each function says which docker/cli function it mirrors; keep them that way so the numbers match.
import type { ContainerRates } from './serviceState';
import type { ContainerSample } from './types';
import type { EngineBlkioEntry, EngineCpuStats, EngineMemoryStats, EngineNetworkStats, EngineStats } from './engineJson';

/** calculateCPUPercentUnix: container CPU delta over host CPU delta, times the CPU count. Can exceed 100. */
export function cpuPercentUnix(previous: EngineCpuStats | undefined, current: EngineCpuStats | undefined): number {
  const cpuDelta = (current?.cpu_usage?.total_usage ?? 0) - (previous?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (current?.system_cpu_usage ?? 0) - (previous?.system_cpu_usage ?? 0);
  let onlineCpus = current?.online_cpus ?? 0;
  if (onlineCpus === 0) onlineCpus = current?.cpu_usage?.percpu_usage?.length ?? 0;
  if (systemDelta > 0 && cpuDelta > 0) return (cpuDelta / systemDelta) * onlineCpus * 100;
  return 0;
}

/** calculateCPUPercentWindows: 100 ns intervals used over the intervals possible between the two reads. */
export function cpuPercentWindows(doc: EngineStats): number {
  const ns = nanosecondsBetween(doc.preread, doc.read);
  if (!(ns > 0)) return 0;
  // Go divides integers here: whole 100 ns intervals, times the processor count.
  const possibleIntervals = Math.floor(ns / 100) * (doc.num_procs ?? 0);
  if (possibleIntervals <= 0) return 0;
  const used = (doc.cpu_stats?.cpu_usage?.total_usage ?? 0) - (doc.precpu_stats?.cpu_usage?.total_usage ?? 0);
  return used > 0 ? (used / possibleIntervals) * 100 : 0;
}

/**
 * calculateMemUsageUnixNoCache: usage minus the inactive page cache, which the kernel can drop.
 * cgroup v1 first (`total_inactive_file`, when present and smaller), then cgroup v2 (`inactive_file`).
 */
export function memoryUsageNoCache(memory: EngineMemoryStats | undefined): number {
  const usage = memory?.usage ?? 0;
  const stats = memory?.stats;
  const v1 = stats?.total_inactive_file;
  if (v1 !== undefined && v1 < usage) return usage - v1;
  const v2 = stats?.inactive_file ?? 0;
  if (v2 < usage) return usage - v2;
  return usage;
}

/** calculateMemPercentUnixNoCache: percent of the limit; 0 while the engine reports no limit. */
export function memoryPercent(limitBytes: number, usedBytes: number): number {
  return limitBytes !== 0 ? (usedBytes / limitBytes) * 100 : 0;
}

/** calculateNetwork: received and sent bytes summed over every interface. */
export function networkBytes(networks: Record<string, EngineNetworkStats> | undefined): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  if (networks) {
    for (const name in networks) {
      rx += networks[name].rx_bytes ?? 0;
      tx += networks[name].tx_bytes ?? 0;
    }
  }
  return { rx, tx };
}

/**
 * calculateBlockIO: io_service_bytes_recursive summed by op, told apart by its first letter
 * (Read/read, Write/write).
 */
export function blockIoBytes(entries: EngineBlkioEntry[] | null | undefined): { read: number; write: number } {
  let read = 0;
  let write = 0;
  if (Array.isArray(entries)) {
    for (const entry of entries) {
      if (typeof entry !== 'object' || entry === null) continue;
      const first = entry.op?.charCodeAt(0);
      if (first === 0x72 || first === 0x52) read += entry.value ?? 0;
      else if (first === 0x77 || first === 0x57) write += entry.value ?? 0;
    }
  }
  return { read, write };
}

export type EngineOsType = 'linux' | 'windows';

/**
 * One Engine stats document to the numbers `docker stats` prints. `daemonOsType` is the engine's OS
 * (from /version) for engines older than 29, whose documents do not say.
 */
export function sampleFromStats(doc: EngineStats, daemonOsType: EngineOsType = 'linux', fallbackName = ''): ContainerSample {
  const osType: EngineOsType = doc.os_type === 'windows' || (!doc.os_type && daemonOsType === 'windows') ? 'windows' : 'linux';
  const { rx, tx } = networkBytes(doc.networks);
  const name = doc.name ? doc.name.replace(/^\//, '') : fallbackName;
  const readAt = doc.read ? Date.parse(doc.read) : Date.now();
  if (osType === 'windows') {
    return {
      containerId: doc.id ?? '',
      container: name,
      readAt,
      osType,
      cpuPercent: cpuPercentWindows(doc),
      memoryUsageBytes: doc.memory_stats?.privateworkingset ?? 0,
      memoryLimitBytes: 0,
      memoryPercent: 0,
      netRxBytes: rx,
      netTxBytes: tx,
      blockReadBytes: doc.storage_stats?.read_size_bytes ?? 0,
      blockWriteBytes: doc.storage_stats?.write_size_bytes ?? 0,
      pids: 0,
    };
  }
  const used = memoryUsageNoCache(doc.memory_stats);
  const limit = doc.memory_stats?.limit ?? 0;
  const { read, write } = blockIoBytes(doc.blkio_stats?.io_service_bytes_recursive);
  return {
    containerId: doc.id ?? '',
    container: name,
    readAt,
    osType,
    cpuPercent: cpuPercentUnix(doc.precpu_stats, doc.cpu_stats),
    memoryUsageBytes: used,
    memoryLimitBytes: limit,
    memoryPercent: memoryPercent(limit, used),
    netRxBytes: rx,
    netTxBytes: tx,
    blockReadBytes: read,
    blockWriteBytes: write,
    pids: doc.pids_stats?.current ?? 0,
  };
}

/** A stopping container's last document is all zeros: `read` is Go's zero time. */
export function isEmptyStats(doc: EngineStats): boolean {
  // Anything but a stats document (an odd engine, a proxy's error page) counts as empty: it is skipped.
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return true;
  return typeof doc.read !== 'string' || !doc.read || doc.read.startsWith('0001-01-01');
}

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** Nanoseconds from `from` to `to` (RFC 3339 with up to 9 fraction digits, as the engine writes them). */
export function nanosecondsBetween(from: string | undefined, to: string | undefined): number {
  const a = from ? RFC3339.exec(from) : null;
  const b = to ? RFC3339.exec(to) : null;
  if (!a || !b) return 0;
  const seconds = (Date.parse(b[1] + b[3]) - Date.parse(a[1] + a[3])) / 1000;
  const fraction = (m: RegExpExecArray): number => (m[2] ? Number(m[2].padEnd(9, '0')) : 0);
  return seconds * 1e9 + (fraction(b) - fraction(a));
}

/** Add one sample into a running total (a service's replicas): sums, with memory % of the summed limits. */
export function addSamples(total: ContainerSample, sample: ContainerSample): void {
  total.cpuPercent += sample.cpuPercent;
  total.memoryUsageBytes += sample.memoryUsageBytes;
  total.memoryLimitBytes += sample.memoryLimitBytes;
  total.memoryPercent = memoryPercent(total.memoryLimitBytes, total.memoryUsageBytes);
  total.netRxBytes += sample.netRxBytes;
  total.netTxBytes += sample.netTxBytes;
  total.blockReadBytes += sample.blockReadBytes;
  total.blockWriteBytes += sample.blockWriteBytes;
  total.pids += sample.pids;
  if (sample.readAt > total.readAt) total.readAt = sample.readAt;
}

/**
 * Bytes per second between two samples of one container, written into `rates` (reused: no allocation
 * per sample). Counters restart with the container: a negative delta is a reset, not a rate. Two
 * samples with the same read time leave the rates as they were.
 */
export function ratesBetween(previous: ContainerSample, sample: ContainerSample, rates: ContainerRates): void {
  const seconds = (sample.readAt - previous.readAt) / 1000;
  if (!(seconds > 0)) return;
  rates.netRxRate = Math.max(0, (sample.netRxBytes - previous.netRxBytes) / seconds);
  rates.netTxRate = Math.max(0, (sample.netTxBytes - previous.netTxBytes) / seconds);
  rates.blockReadRate = Math.max(0, (sample.blockReadBytes - previous.blockReadBytes) / seconds);
  rates.blockWriteRate = Math.max(0, (sample.blockWriteBytes - previous.blockWriteBytes) / seconds);
}
