// The PromQL the source sends, in one place. Several expressions travel in one query, each tagged
// with a `stevedore_metric` label by label_replace (set operators match series without their metric
// name, so untagged parts with equal labels would hide each other).
import { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL, CADVISOR } from '../cadvisor';
import { promqlString } from '../prometheusRules';

export const TAG = 'stevedore_metric';
export const COMPOSE_NUMBER_LABEL = 'container_label_com_docker_compose_container_number';

/** `a or b or …`, each part tagged with its key. */
export function tagged(parts: Record<string, string>): string {
  return Object.entries(parts)
    .map(([key, expr]) => `label_replace(${expr}, "${TAG}", "${key}", "", "")`)
    .join(' or ');
}

export const composeSelector = (project: string): string => `${COMPOSE_PROJECT_LABEL}=${promqlString(project)}`;

/** Kubernetes: one namespace's containers, without the pod's cgroup (container="") and the pause container. */
export const kubernetesSelector = (namespace: string): string => `namespace=${promqlString(namespace)},container!="",container!="POD"`;

/** The labels that keep replicas apart: where they run and which container they are. */
export function replicaLabels(kind: 'compose' | 'kubernetes', hostLabel?: string): string {
  const common = ['instance', 'job', 'host', 'node', 'id', 'name'];
  const own = kind === 'compose'
    ? [COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL, COMPOSE_NUMBER_LABEL]
    : ['namespace', 'pod', 'container'];
  return [...new Set([...common, ...own, ...(hostLabel ? [hostLabel] : [])])].join(', ');
}

/**
 * docker stats' numbers per replica, now: CPU cores busy (×100 = CPU %), working set, limit, PIDs,
 * net and block totals and rates.
 */
export function currentExpr(selector: string, by: string, windowSeconds: number): string {
  const w = `[${windowSeconds}s]`;
  const cpuSel = `{${selector},cpu=~"total|"}`;
  const sel = `{${selector}}`;
  return tagged({
    cpu: `sum by (${by}) (rate(${CADVISOR.cpuUsage}${cpuSel}${w}))`,
    memory: `max by (${by}) (${CADVISOR.memoryWorkingSet}${sel})`,
    limit: `max by (${by}) (${CADVISOR.memoryLimit}${sel})`,
    pids: `max by (${by}) (${CADVISOR.processes}${sel})`,
    rx: `sum by (${by}) (${CADVISOR.networkReceive}${sel})`,
    tx: `sum by (${by}) (${CADVISOR.networkTransmit}${sel})`,
    rxRate: `sum by (${by}) (rate(${CADVISOR.networkReceive}${sel}${w}))`,
    txRate: `sum by (${by}) (rate(${CADVISOR.networkTransmit}${sel}${w}))`,
    read: `sum by (${by}) (${CADVISOR.fsReads}${sel})`,
    write: `sum by (${by}) (${CADVISOR.fsWrites}${sel})`,
    readRate: `sum by (${by}) (rate(${CADVISOR.fsReads}${sel}${w}))`,
    writeRate: `sum by (${by}) (rate(${CADVISOR.fsWrites}${sel}${w}))`,
  });
}

/**
 * The largest working set of any one replica over the range, and how many samples each had
 * (× interval = seconds of data).
 */
export function peakExpr(selector: string, by: string, rangeSeconds: number): string {
  const sel = `{${selector}}`;
  return tagged({
    peak: `max by (${by}) (max_over_time(${CADVISOR.memoryWorkingSet}${sel}[${rangeSeconds}s]))`,
    samples: `max by (${by}) (count_over_time(${CADVISOR.memoryWorkingSet}${sel}[${rangeSeconds}s]))`,
  });
}

/** Chart series for query_range: CPU % and working set per replica. */
export function historyExpr(selector: string, by: string, windowSeconds: number): string {
  return tagged({
    cpu: `sum by (${by}) (rate(${CADVISOR.cpuUsage}{${selector},cpu=~"total|"}[${windowSeconds}s])) * 100`,
    memory: `max by (${by}) (${CADVISOR.memoryWorkingSet}{${selector}})`,
  });
}

/** What each host says about itself: cAdvisor's machine_* and Node Exporter's CPU and memory. */
export function hostsExpr(windowSeconds: number, hostLabel?: string): string {
  const by = ['instance', 'job', 'host', 'node', ...(hostLabel ? [hostLabel] : [])].join(', ');
  return tagged({
    cores: `max by (${by}) (machine_cpu_cores)`,
    machineMemory: `max by (${by}) (machine_memory_bytes)`,
    nodeCpus: `count by (${by}) (node_cpu_seconds_total{mode="idle"})`,
    nodeIdle: `avg by (${by}) (rate(node_cpu_seconds_total{mode="idle"}[${windowSeconds}s]))`,
    nodeMemory: `max by (${by}) (node_memory_MemTotal_bytes)`,
    nodeAvailable: `max by (${by}) (node_memory_MemAvailable_bytes)`,
  });
}

/**
 * Kubernetes: owners (kube_pod_owner, kube_replicaset_owner) and requests/limits (kube-state-metrics
 * v2, and v1's names).
 */
export function kubeStateExpr(namespace: string): string {
  const ns = `namespace=${promqlString(namespace)}`;
  return tagged({
    owner: `max by (pod, owner_kind, owner_name) (kube_pod_owner{${ns}})`,
    rsOwner: `max by (replicaset, owner_kind, owner_name) (kube_replicaset_owner{${ns}})`,
    requests: `max by (pod, container, resource) (kube_pod_container_resource_requests{${ns}})`,
    limits: `max by (pod, container, resource) (kube_pod_container_resource_limits{${ns}})`,
    requestsCpuV1: `max by (pod, container) (kube_pod_container_resource_requests_cpu_cores{${ns}})`,
    requestsMemoryV1: `max by (pod, container) (kube_pod_container_resource_requests_memory_bytes{${ns}})`,
    limitsCpuV1: `max by (pod, container) (kube_pod_container_resource_limits_cpu_cores{${ns}})`,
    limitsMemoryV1: `max by (pod, container) (kube_pod_container_resource_limits_memory_bytes{${ns}})`,
  });
}
