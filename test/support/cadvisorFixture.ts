// A fake host for a real Prometheus to scrape: an HTTP server on a loopback port serving /metrics in
// cAdvisor's text format (names, types, units and labels as cAdvisor and `stevedore exporter` write
// them), for containers whose counters grow at the rates the test picks. Docker-style labels
// (id /docker/<id>, name, image, container_label_*) or kubelet-style ones (namespace, pod,
// container, with the pod cgroup's and the pause container's series that queries must leave out),
// and optionally kube-state-metrics' kube_pod_owner and resource requests and limits.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureContainer {
  /** 64 hex characters for Docker; any id for Kubernetes. */
  id: string;
  /** Docker: the container name; Kubernetes: ignored (the pod and container name it). */
  name: string;
  image?: string;
  /** CPU seconds per second (1 = one core busy, docker stats' 100 %). */
  cpuCoresBusy: number;
  /** Working set, bytes (memory usage adds `cacheBytes`). */
  workingSetBytes: number;
  cacheBytes?: number;
  /** 0: unlimited. */
  memoryLimitBytes?: number;
  cpuQuota?: number;
  cpuPeriod?: number;
  netRxBytesPerSecond?: number;
  netTxBytesPerSecond?: number;
  readBytesPerSecond?: number;
  writeBytesPerSecond?: number;
  processes?: number;
  /** Docker: the container's labels (com.docker.compose.project…), written as container_label_*. */
  labels?: Record<string, string>;
  /** Kubernetes: where it runs. */
  kubernetes?: {
    namespace: string;
    pod: string;
    container: string;
    owner?: { kind: string; name: string };
    requests?: { cpuCores?: number; memoryBytes?: number };
    limits?: { cpuCores?: number; memoryBytes?: number };
  };
}

export interface FixtureHostOptions {
  containers: FixtureContainer[];
  cpuCores?: number;
  memoryBytes?: number;
  /** Also serve kube-state-metrics' series for the Kubernetes containers. */
  kubeStateMetrics?: boolean;
}

export interface FixtureHost {
  /** The scrape target, host:port. */
  target: string;
  url: string;
  /** Replace the containers (a replica stops, a new one starts). */
  setContainers(containers: FixtureContainer[]): void;
  close(): Promise<void>;
}

const escape = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Record<string, string>): string => {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
};
const sanitize = (name: string): string => name.replace(/[^a-zA-Z0-9_]/g, '_');

class Exposition {
  private readonly families = new Map<string, { help: string; type: string; lines: string[] }>();

  add(name: string, type: 'counter' | 'gauge', help: string, labels: Record<string, string>, value: number): void {
    let family = this.families.get(name);
    if (!family) {
      family = { help, type, lines: [] };
      this.families.set(name, family);
    }
    family.lines.push(`${name}${labelText(labels)} ${value}`);
  }

  text(): string {
    const out: string[] = [];
    for (const [name, family] of this.families) {
      out.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`, ...family.lines);
    }
    return `${out.join('\n')}\n`;
  }
}

function baseLabels(container: FixtureContainer): Record<string, string> {
  if (container.kubernetes) {
    const { namespace, pod, container: name } = container.kubernetes;
    return {
      container: name,
      id: `/kubepods/burstable/pod${container.id}/${container.id}`,
      image: container.image ?? 'registry.example/app:1',
      name: `k8s_${name}_${pod}_${namespace}_${container.id.slice(0, 8)}_0`,
      namespace,
      pod,
    };
  }
  const labels: Record<string, string> = { id: `/docker/${container.id}`, image: container.image ?? 'busybox:latest', name: container.name };
  for (const [key, value] of Object.entries(container.labels ?? {})) labels[`container_label_${sanitize(key)}`] = value;
  return labels;
}

function exposition(options: FixtureHostOptions, startedAt: number): string {
  const seconds = (Date.now() - startedAt) / 1000;
  const out = new Exposition();
  out.add('machine_cpu_cores', 'gauge', 'Number of logical CPU cores.', {}, options.cpuCores ?? 4);
  out.add('machine_memory_bytes', 'gauge', 'Amount of memory installed on the machine.', {}, options.memoryBytes ?? 8 * 1024 ** 3);
  for (const c of options.containers) {
    const labels = baseLabels(c);
    const cpu = 10 + c.cpuCoresBusy * seconds;
    out.add('container_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed in seconds.', { ...labels, cpu: 'total' }, cpu);
    out.add('container_cpu_user_seconds_total', 'counter', 'Cumulative user cpu time consumed in seconds.', labels, cpu * 0.7);
    out.add('container_cpu_system_seconds_total', 'counter', 'Cumulative system cpu time consumed in seconds.', labels, cpu * 0.3);
    out.add('container_memory_working_set_bytes', 'gauge', 'Current working set in bytes.', labels, c.workingSetBytes);
    out.add('container_memory_usage_bytes', 'gauge', 'Current memory usage in bytes, including all memory regardless of when it was accessed',
      labels, c.workingSetBytes + (c.cacheBytes ?? 0));
    out.add('container_memory_rss', 'gauge', 'Size of RSS in bytes.', labels, c.workingSetBytes);
    out.add('container_memory_cache', 'gauge', 'Number of bytes of page cache memory.', labels, c.cacheBytes ?? 0);
    out.add('container_spec_memory_limit_bytes', 'gauge', 'Memory limit for the container.', labels, c.memoryLimitBytes ?? 0);
    if (c.cpuQuota !== undefined) {
      out.add('container_spec_cpu_quota', 'gauge', 'CPU quota of the container.', labels, c.cpuQuota);
      out.add('container_spec_cpu_period', 'gauge', 'CPU period of the container.', labels, c.cpuPeriod ?? 100_000);
    }
    out.add('container_network_receive_bytes_total', 'counter', 'Cumulative count of bytes received', { ...labels, interface: 'eth0' },
      1000 + (c.netRxBytesPerSecond ?? 0) * seconds);
    out.add('container_network_transmit_bytes_total', 'counter', 'Cumulative count of bytes transmitted', { ...labels, interface: 'eth0' },
      1000 + (c.netTxBytesPerSecond ?? 0) * seconds);
    out.add('container_fs_reads_bytes_total', 'counter', 'Cumulative count of bytes read', { ...labels, device: '/dev/vda' },
      (c.readBytesPerSecond ?? 0) * seconds);
    out.add('container_fs_writes_bytes_total', 'counter', 'Cumulative count of bytes written', { ...labels, device: '/dev/vda' },
      (c.writeBytesPerSecond ?? 0) * seconds);
    out.add('container_processes', 'gauge', 'Number of processes running inside the container.', labels, c.processes ?? 1);
    out.add('container_last_seen', 'gauge', 'Last time a container was seen by the exporter', labels, Math.floor(Date.now() / 1000));
    out.add('container_start_time_seconds', 'gauge', 'Start time of the container since unix epoch in seconds.', labels, Math.floor(startedAt / 1000));
    if (c.kubernetes) {
      // The pod's own cgroup (container="") and the pause container ("POD"): summing them in would double-count.
      const { namespace, pod } = c.kubernetes;
      const podLabels = { container: '', id: `/kubepods/burstable/pod${c.id}`, image: '', name: '', namespace, pod };
      out.add('container_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed in seconds.', { ...podLabels, cpu: 'total' }, cpu * 2);
      out.add('container_memory_working_set_bytes', 'gauge', 'Current working set in bytes.', podLabels, c.workingSetBytes * 2);
      const pause = { ...podLabels, container: 'POD', id: `${podLabels.id}/pause`, image: 'registry.k8s.io/pause:3.9', name: `k8s_POD_${pod}` };
      out.add('container_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed in seconds.', { ...pause, cpu: 'total' }, 0.5);
      out.add('container_memory_working_set_bytes', 'gauge', 'Current working set in bytes.', pause, 300_000);
    }
  }
  if (options.kubeStateMetrics) {
    const pods = new Set<string>();
    for (const c of options.containers) {
      const k = c.kubernetes;
      if (!k) continue;
      if (!pods.has(`${k.namespace}/${k.pod}`)) {
        pods.add(`${k.namespace}/${k.pod}`);
        const owner = k.owner ?? { kind: '<none>', name: '<none>' };
        out.add('kube_pod_owner', 'gauge', 'Information about the Pod\'s owner.', {
          namespace: k.namespace, pod: k.pod, uid: c.id, owner_kind: owner.kind, owner_name: owner.name, owner_is_controller: 'true',
        }, 1);
      }
      for (const [family, amounts] of [['requests', k.requests], ['limits', k.limits]] as const) {
        if (!amounts) continue;
        const name = `kube_pod_container_resource_${family}`;
        const help = `The number of requested ${family} resource by a container.`;
        const labels = { namespace: k.namespace, pod: k.pod, uid: c.id, container: k.container, node: 'node-1' };
        if (amounts.cpuCores !== undefined) out.add(name, 'gauge', help, { ...labels, resource: 'cpu', unit: 'core' }, amounts.cpuCores);
        if (amounts.memoryBytes !== undefined) out.add(name, 'gauge', help, { ...labels, resource: 'memory', unit: 'byte' }, amounts.memoryBytes);
      }
    }
  }
  return out.text();
}

/** Start one fake host on 127.0.0.1 (a free port). */
export async function startFixtureHost(options: FixtureHostOptions): Promise<FixtureHost> {
  const startedAt = Date.now();
  let current = options;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end('not found\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    response.end(exposition(current, startedAt));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/metrics`,
    setContainers: (containers) => {
      current = { ...current, containers };
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
