// From tagged PromQL answers to replicas: each series' labels say where it runs (host) and which
// container it is (the full id from cAdvisor's `id` cgroup path); its tag says which number it is.
// The numbers become the ContainerSample docker stats would print.
import type { ContainerRates } from '../serviceState';
import type { ContainerSample } from '../types';
import { TAG } from './promql';
import type { HostSummary, PromSample } from './types';

export interface Replica {
  key: string;
  host: string;
  containerId: string;
  /** The `name` label (Docker) or "pod/container" (Kubernetes). */
  container: string;
  labels: Record<string, string>;
  values: Record<string, number>;
}

/** The host a series belongs to: the chosen label, else `host`, else `node` (Kubernetes), else `instance`. */
export function hostOf(labels: Record<string, string>, hostLabel?: string): string {
  return (hostLabel && labels[hostLabel]) || labels.host || labels.node || labels.instance || 'unknown host';
}

/** The container's full id from the cgroup path: /docker/<id>, /system.slice/docker-<id>.scope, /kubepods/…/<id>. */
export function containerIdOf(labels: Record<string, string>): string {
  const id = labels.id ?? '';
  const hex = id.match(/[0-9a-f]{64}/g);
  if (hex) return hex[hex.length - 1];
  const last = id.split('/').filter(Boolean).pop();
  return last ?? labels.name ?? '';
}

export function replicasOf(
  samples: PromSample[],
  container: (labels: Record<string, string>) => string,
  hostLabel?: string,
): Replica[] {
  const byKey = new Map<string, Replica>();
  for (const sample of samples) {
    const tag = sample.metric[TAG];
    if (!tag || !Number.isFinite(sample.value)) continue;
    const host = hostOf(sample.metric, hostLabel);
    const containerId = containerIdOf(sample.metric);
    const key = `${host}\u0000${containerId}`;
    let replica = byKey.get(key);
    if (!replica) {
      const labels = { ...sample.metric };
      delete labels[TAG];
      replica = { key, host, containerId, container: container(labels), labels, values: {} };
      byKey.set(key, replica);
    }
    replica.values[tag] = sample.value;
  }
  return [...byKey.values()];
}

/** The key RangeHistory.replicas uses. */
export const replicaKey = (host: string, containerId: string): string => `${host}\u0000${containerId}`;

/** docker stats' sample: CPU % of one core, memory = working set, no limit → the host's memory. */
export function sampleOf(replica: Replica, readAt: number, hostMemoryBytes: number | undefined): ContainerSample {
  const v = replica.values;
  const usage = v.memory ?? 0;
  const limit = v.limit && v.limit > 0 ? v.limit : hostMemoryBytes ?? 0;
  return {
    containerId: replica.containerId,
    container: replica.container,
    readAt,
    cpuPercent: (v.cpu ?? 0) * 100,
    memoryUsageBytes: usage,
    memoryLimitBytes: limit,
    memoryPercent: limit > 0 ? (usage / limit) * 100 : 0,
    netRxBytes: v.rx ?? 0,
    netTxBytes: v.tx ?? 0,
    blockReadBytes: v.read ?? 0,
    blockWriteBytes: v.write ?? 0,
    pids: v.pids ?? 0,
  };
}

export function ratesOf(replica: Replica): ContainerRates {
  const v = replica.values;
  return {
    netRxRate: v.rxRate ?? 0,
    netTxRate: v.txRate ?? 0,
    blockReadRate: v.readRate ?? 0,
    blockWriteRate: v.writeRate ?? 0,
  };
}

/**
 * Hosts from the hosts query, for the hosts that run replicas. Node Exporter's series carry its own
 * instance (another port): matched by the host label, else by the instance's host name when that
 * names one replica host only.
 */
export function hostSummaries(samples: PromSample[], replicas: Replica[], hostLabel?: string): HostSummary[] {
  const hosts = new Map<string, HostSummary>();
  for (const replica of replicas) {
    const summary = hosts.get(replica.host) ?? { host: replica.host, nodeExporter: false, replicas: 0 };
    summary.replicas++;
    hosts.set(replica.host, summary);
  }
  const nameOf = (host: string) => host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  const byName = new Map<string, string[]>();
  for (const host of hosts.keys()) byName.set(nameOf(host), [...(byName.get(nameOf(host)) ?? []), host]);
  const match = (labels: Record<string, string>): HostSummary | undefined => {
    const direct = hosts.get(hostOf(labels, hostLabel));
    if (direct) return direct;
    const same = byName.get(nameOf(hostOf(labels, hostLabel)));
    return same?.length === 1 ? hosts.get(same[0]) : undefined;
  };
  for (const sample of samples) {
    const summary = match(sample.metric);
    if (!summary || !Number.isFinite(sample.value)) continue;
    switch (sample.metric[TAG]) {
      case 'cores':
        summary.cpuCount = sample.value;
        break;
      case 'machineMemory':
        summary.memoryBytes = sample.value;
        break;
      case 'nodeCpus':
        summary.cpuCount ??= sample.value;
        summary.nodeExporter = true;
        break;
      case 'nodeIdle':
        summary.cpuUsePercent = Math.max(0, Math.min(100, (1 - sample.value) * 100));
        summary.nodeExporter = true;
        break;
      case 'nodeMemory':
        summary.memoryBytes ??= sample.value;
        summary.nodeExporter = true;
        break;
      case 'nodeAvailable':
        summary.memoryAvailableBytes = sample.value;
        summary.nodeExporter = true;
        break;
      default:
        break;
    }
  }
  return [...hosts.values()].sort((a, b) => a.host.localeCompare(b.host));
}
