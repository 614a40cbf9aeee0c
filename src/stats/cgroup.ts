// The direct path for engines on this machine: a container's stats read from the kernel's cgroup
// files (v1 or v2) and its init process' /proc/PID/net/dev, assembled into the same document the
// engine's stats endpoint sends, so calculate.ts and cadvisor.ts compute from it exactly what they
// compute from the engine's. What goes where follows moby's stats collector (daemon/stats: the host's
// CPU time from /proc/stat's first seven `cpu` fields, 100 ticks a second; the memory limit capped
// at the machine's memory) and containerd's cgroup readers (v1: cpuacct, memory, blkio with the CFQ
// files first and the throttle files otherwise, pids; v2: cpu.stat, memory.current/max/stat, io.stat,
// pids.current). Pure parsers over file text, and one reader over a cgroup root, so tests feed it
// recorded file trees.
import { closeSync, openSync, readSync } from 'node:fs';
import type { EngineBlkioEntry, EngineCpuStats, EngineNetworkStats, EngineStats } from './engineJson';

/** USER_HZ: Linux reports /proc/stat and cpuacct.stat in ticks of 1/100 s (moby hard-codes it too). */
const NANOSECONDS_PER_TICK = 1e9 / 100;

/** "key value" lines (memory.stat, cpu.stat, cpuacct.stat) to numbers. */
export function parseFlatKeyed(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const space = text.indexOf(' ', start);
    if (space > start && space < end) out[text.slice(start, space)] = Number(text.slice(space + 1, end));
    start = end + 1;
  }
  return out;
}

/** A file holding one number; cgroup v2's `max` (no limit) is Infinity. */
export function parseSingleValue(text: string): number {
  const trimmed = text.trim();
  if (trimmed === 'max') return Infinity;
  const value = Number(trimmed);
  if (!trimmed || !Number.isFinite(value)) throw new Error(`not a number: ${JSON.stringify(trimmed.slice(0, 40))}`);
  return value;
}

/** v1 blkio `*_recursive` files: "8:0 Read 4096" lines; the device-less "Total N" line is left out. */
export function parseBlkioV1(text: string): EngineBlkioEntry[] {
  const entries: EngineBlkioEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 3) continue;
    const [major, minor] = fields[0].split(':').map(Number);
    if (!Number.isInteger(major) || !Number.isInteger(minor)) continue;
    entries.push({ major, minor, op: fields[1], value: Number(fields[2]) });
  }
  return entries;
}

/** v2 io.stat: "8:0 rbytes=N wbytes=N rios=N ..." to a read and a write entry per device, as moby lists them. */
export function parseIoStatV2(text: string): EngineBlkioEntry[] {
  const entries: EngineBlkioEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const [major, minor] = (fields[0] ?? '').split(':').map(Number);
    if (!Number.isInteger(major) || !Number.isInteger(minor)) continue;
    let read = 0;
    let write = 0;
    for (const field of fields.slice(1)) {
      const [key, value] = field.split('=');
      if (key === 'rbytes') read = Number(value);
      else if (key === 'wbytes') write = Number(value);
    }
    entries.push({ major, minor, op: 'read', value: read }, { major, minor, op: 'write', value: write });
  }
  return entries;
}

/**
 * /proc/PID/net/dev: bytes per interface. Loopback is left out: the engine reports the interfaces of
 * the container's network sandbox (its endpoints), never `lo`.
 */
export function parseNetDev(text: string): Record<string, EngineNetworkStats> {
  const out: Record<string, EngineNetworkStats> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    if (!name || name === 'lo' || name.includes('|')) continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/);
    if (fields.length < 9) continue;
    out[name] = { rx_bytes: Number(fields[0]), tx_bytes: Number(fields[8]) };
  }
  return out;
}

/** /proc/stat: the host's CPU time in nanoseconds, the first seven fields of the `cpu` line (user..softirq). */
export function parseSystemCpuNs(text: string): number {
  const end = text.indexOf('\n');
  const fields = text.slice(0, end < 0 ? text.length : end).trim().split(/\s+/);
  if (fields[0] !== 'cpu' || fields.length < 8) throw new Error('/proc/stat: no cpu line');
  let ticks = 0;
  for (let i = 1; i < 8; i++) ticks += Number(fields[i]);
  return ticks * NANOSECONDS_PER_TICK;
}

/** /proc/meminfo's MemTotal in bytes (0 when absent). */
export function parseMemTotal(text: string): number {
  const match = /^MemTotal:\s+(\d+)\s*kB/m.exec(text);
  return match ? Number(match[1]) * 1024 : 0;
}

/** /proc/PID/cgroup: the v1 path per controller and the v2 (unified) path. */
export interface ProcCgroups {
  v1: Map<string, string>;
  unified?: string;
}

export function parseProcCgroup(text: string): ProcCgroups {
  const result: ProcCgroups = { v1: new Map() };
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const path = line.slice(second + 1);
    if (line.slice(0, first) === '0' && controllers === '') result.unified = path;
    else for (const controller of controllers.split(',')) result.v1.set(controller, path);
  }
  return result;
}

/** Where one container's cgroup files are. */
export type CgroupLocation =
  | { version: 1; cpuacct: string; memory: string; blkio: string; pids: string }
  | { version: 2; dir: string };

/**
 * The cgroup path (relative to the hierarchy's root) the engine gives a container: the cgroupfs
 * driver puts it at `<CgroupParent or /docker>/<id>`; systemd at `<slice path>/docker-<id>.scope`,
 * where a slice `a-b.slice` nests as `a.slice/a-b.slice` (systemd's slice naming).
 */
export function engineCgroupPath(
  containerId: string,
  cgroupParent: string | undefined,
  driver: string | undefined,
): string {
  if (driver === 'systemd') {
    const slice = cgroupParent || 'system.slice';
    if (!slice.endsWith('.slice')) return `/${slice.replace(/^\/+/, '')}/docker-${containerId}.scope`;
    const parts = slice.slice(0, -'.slice'.length).split('-');
    const nested = parts.map((_, i) => `${parts.slice(0, i + 1).join('-')}.slice`);
    const path = slice === '-.slice' ? '' : nested.join('/');
    return `/${path}${path ? '/' : ''}docker-${containerId}.scope`;
  }
  const parent = cgroupParent || '/docker';
  return `/${parent.replace(/^\/+|\/+$/g, '')}/${containerId}`;
}

/** What reads a file's text; the collector's keeps one buffer, tests read fixtures. */
export type FileReader = (path: string) => string;

const sharedBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * Read a small kernel file into one shared buffer (no allocation but the string): cgroup and /proc
 * files are generated on read, so their size says nothing; 64 KiB holds any memory.stat.
 */
export function readKernelFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      const n = readSync(fd, sharedBuffer, length, sharedBuffer.length - length, null);
      if (n <= 0) break;
      length += n;
      if (length === sharedBuffer.length) break;
    }
    return sharedBuffer.toString('latin1', 0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * Files kept open and read again from offset 0 each tick: the kernel regenerates a cgroup or /proc
 * file on every read from its start, and an open per read is most of a read's cost (measured: ~29 µs
 * a file opened each time). close() when the container is dropped.
 */
export class KeptFiles {
  private readonly fds = new Map<string, number>();

  get size(): number {
    return this.fds.size;
  }

  readonly read: FileReader = (path) => {
    let fd = this.fds.get(path);
    if (fd === undefined) {
      fd = openSync(path, 'r');
      this.fds.set(path, fd);
    }
    let length = 0;
    for (;;) {
      const n = readSync(fd, sharedBuffer, length, sharedBuffer.length - length, length);
      if (n <= 0) break;
      length += n;
      if (length === sharedBuffer.length) break;
    }
    return sharedBuffer.toString('latin1', 0, length);
  };

  close(): void {
    for (const fd of this.fds.values()) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    this.fds.clear();
  }
}

/** One container's readings, without the host's CPU time (read once a tick for all). */
export interface CgroupReading {
  cpu: EngineCpuStats;
  memory: { usage: number; limit: number; stats: Record<string, number> };
  blkio: EngineBlkioEntry[];
  pids?: number;
  networks?: Record<string, EngineNetworkStats>;
}

/** For v1 blkio: which file holds the bytes (decided on the first read, as containerd decides per read). */
export interface BlkioChoice {
  file?: string;
}

/** A container's CPU counter: cgroup v2's cpu.stat (all three times), v1's cpuacct.usage (the total). */
export function readCpuUsage(root: string, location: CgroupLocation, read: FileReader): EngineCpuStats['cpu_usage'] {
  if (location.version === 2) {
    const cpu = parseFlatKeyed(read(`${root}${location.dir}/cpu.stat`));
    return {
      total_usage: (cpu.usage_usec ?? 0) * 1000,
      usage_in_usermode: (cpu.user_usec ?? 0) * 1000,
      usage_in_kernelmode: (cpu.system_usec ?? 0) * 1000,
    };
  }
  return { total_usage: parseSingleValue(read(`${root}/cpuacct${location.cpuacct}/cpuacct.usage`)) };
}

/**
 * Read one container. `root` is the cgroup mount (/sys/fs/cgroup); v1 controllers are directories
 * under it. `netDev` is /proc/PID/net/dev, or undefined when the container has no network of its own
 * (host mode: the engine reports none). `cpuUsage`, when given, is the CPU counter already read (the
 * collector reads every container's counter beside the host's CPU time first). Throws when a file
 * cannot be read (the container stopped, or the files are not readable here).
 */
export function readCgroup(
  root: string,
  location: CgroupLocation,
  netDev: string | undefined,
  read: FileReader,
  blkio: BlkioChoice = {},
  cpuUsage: EngineCpuStats['cpu_usage'] = readCpuUsage(root, location, read),
): CgroupReading {
  const networks = netDev !== undefined ? parseNetDev(read(netDev)) : undefined;
  if (location.version === 2) {
    const dir = `${root}${location.dir}`;
    const memoryStats = parseFlatKeyed(read(`${dir}/memory.stat`));
    let pids: number | undefined;
    try {
      pids = parseSingleValue(read(`${dir}/pids.current`));
    } catch {
      pids = undefined; // the pids controller not enabled for this cgroup: the engine reports none either
    }
    let io: EngineBlkioEntry[] = [];
    try {
      io = parseIoStatV2(read(`${dir}/io.stat`));
    } catch {
      io = [];
    }
    return {
      cpu: { cpu_usage: cpuUsage },
      memory: {
        usage: parseSingleValue(read(`${dir}/memory.current`)),
        limit: parseSingleValue(read(`${dir}/memory.max`)),
        stats: memoryStats,
      },
      blkio: io,
      pids,
      networks,
    };
  }
  const cpuacct = `${root}/cpuacct${location.cpuacct}`;
  const memory = `${root}/memory${location.memory}`;
  const ticks = parseFlatKeyed(read(`${cpuacct}/cpuacct.stat`));
  const cpu: EngineCpuStats = {
    cpu_usage: {
      total_usage: cpuUsage?.total_usage,
      usage_in_usermode: (ticks.user ?? 0) * NANOSECONDS_PER_TICK,
      usage_in_kernelmode: (ticks.system ?? 0) * NANOSECONDS_PER_TICK,
    },
  };
  const blkioDir = `${root}/blkio${location.blkio}`;
  let entries: EngineBlkioEntry[] = [];
  if (blkio.file === undefined) {
    // containerd: the CFQ files when the kernel has them, the throttle files otherwise.
    try {
      entries = parseBlkioV1(read(`${blkioDir}/blkio.io_service_bytes_recursive`));
      blkio.file = 'blkio.io_service_bytes_recursive';
      if (!entries.length) {
        entries = parseBlkioV1(read(`${blkioDir}/blkio.throttle.io_service_bytes_recursive`));
        blkio.file = 'blkio.throttle.io_service_bytes_recursive';
      }
    } catch {
      blkio.file = 'blkio.throttle.io_service_bytes_recursive';
      entries = parseBlkioV1(read(`${blkioDir}/${blkio.file}`));
    }
  } else {
    entries = parseBlkioV1(read(`${blkioDir}/${blkio.file}`));
  }
  let pids: number | undefined;
  try {
    pids = parseSingleValue(read(`${root}/pids${location.pids}/pids.current`));
  } catch {
    pids = undefined;
  }
  return {
    cpu,
    memory: {
      usage: parseSingleValue(read(`${memory}/memory.usage_in_bytes`)),
      limit: parseSingleValue(read(`${memory}/memory.limit_in_bytes`)),
      stats: parseFlatKeyed(read(`${memory}/memory.stat`)),
    },
    blkio: entries,
    pids,
    networks,
  };
}

/** The previous document's CPU and read time, for the next one's `precpu_stats` and `preread`. */
export interface PreviousReading {
  cpu?: EngineCpuStats;
  read?: string;
}

/**
 * A reading as the engine's stats document: the host's CPU time and CPU count beside the container's
 * counters, the previous reading as `precpu_stats`, the memory limit capped at the machine's memory
 * (moby: an unlimited container's limit is the host's memory).
 */
export function documentFromReading(
  reading: CgroupReading,
  host: { systemCpuNs: number; onlineCpus: number; memTotalBytes: number },
  identity: { id: string; name: string },
  readAt: Date,
  previous: PreviousReading,
): EngineStats {
  const cpu: EngineCpuStats = { ...reading.cpu, system_cpu_usage: host.systemCpuNs, online_cpus: host.onlineCpus };
  let limit = reading.memory.limit;
  if (limit > host.memTotalBytes && host.memTotalBytes > 0) limit = host.memTotalBytes;
  const read = readAt.toISOString();
  const doc: EngineStats = {
    read,
    preread: previous.read ?? '0001-01-01T00:00:00Z',
    id: identity.id,
    name: `/${identity.name}`,
    os_type: 'linux',
    cpu_stats: cpu,
    precpu_stats: previous.cpu ?? {},
    memory_stats: { usage: reading.memory.usage, limit, stats: reading.memory.stats },
    blkio_stats: { io_service_bytes_recursive: reading.blkio },
    pids_stats: reading.pids !== undefined ? { current: reading.pids } : {},
    networks: reading.networks ?? {},
  };
  previous.cpu = cpu;
  previous.read = read;
  return doc;
}
