// The workload that owns a pod: kube-state-metrics' kube_pod_owner where present (a ReplicaSet's
// Deployment from kube_replicaset_owner, else the ReplicaSet name without its pod-template hash),
// else the pod name's pattern: <deployment>-<pod-template-hash>-<5 chars> for a Deployment,
// <cronjob>-<scheduled minute>-<5 chars> for a CronJob's run, <statefulset>-<ordinal> for a
// StatefulSet, <daemonset or job>-<5 chars>, else the pod itself. The random parts use Kubernetes'
// alphabet for generated names (k8s.io/apimachinery util/rand: consonants and digits without vowels,
// 0, 1 and 3), which keeps "web-1" (a StatefulSet) apart from "web-7d9cf" (generated).

export interface WorkloadGuess {
  name: string;
  /** Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, Pod, or what kube_pod_owner says. */
  kind: string;
  source: 'kube_pod_owner' | 'name-pattern';
}

const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`);
const CRONJOB_POD = new RegExp(`^(.+)-\\d{8,}-${SAFE}{5}$`);
const GENERATED_POD = new RegExp(`^(.+)-${SAFE}{5}$`);
const STATEFULSET_POD = /^(.+)-(\d+)$/;
const REPLICASET = new RegExp(`^(.+)-${SAFE}{6,10}$`);
const CRONJOB_JOB = /^(.+)-\d{8,}$/;

/** From the pod's name alone (no kube-state-metrics). */
export function workloadOf(pod: string): WorkloadGuess {
  let match = DEPLOYMENT_POD.exec(pod);
  if (match) return { name: match[1], kind: 'Deployment', source: 'name-pattern' };
  match = CRONJOB_POD.exec(pod);
  if (match) return { name: match[1], kind: 'CronJob', source: 'name-pattern' };
  match = STATEFULSET_POD.exec(pod);
  if (match) return { name: match[1], kind: 'StatefulSet', source: 'name-pattern' };
  match = GENERATED_POD.exec(pod);
  if (match) return { name: match[1], kind: 'DaemonSet', source: 'name-pattern' };
  return { name: pod, kind: 'Pod', source: 'name-pattern' };
}

/**
 * From kube_pod_owner's owner_kind/owner_name; `replicaSetOwner` is kube_replicaset_owner's answer
 * for a ReplicaSet when kube-state-metrics exposes it.
 */
export function workloadFromOwner(
  pod: string,
  ownerKind: string,
  ownerName: string,
  replicaSetOwner?: { kind: string; name: string },
): WorkloadGuess {
  if (!ownerKind || ownerKind === '<none>' || !ownerName || ownerName === '<none>') return { name: pod, kind: 'Pod', source: 'kube_pod_owner' };
  if (ownerKind === 'ReplicaSet') {
    if (replicaSetOwner && replicaSetOwner.kind && replicaSetOwner.kind !== '<none>') return { name: replicaSetOwner.name, kind: replicaSetOwner.kind, source: 'kube_pod_owner' };
    if (replicaSetOwner) return { name: ownerName, kind: 'ReplicaSet', source: 'kube_pod_owner' };
    const match = REPLICASET.exec(ownerName);
    return match ? { name: match[1], kind: 'Deployment', source: 'kube_pod_owner' } : { name: ownerName, kind: 'ReplicaSet', source: 'kube_pod_owner' };
  }
  if (ownerKind === 'Job') {
    const match = CRONJOB_JOB.exec(ownerName);
    if (match) return { name: match[1], kind: 'CronJob', source: 'kube_pod_owner' };
  }
  return { name: ownerName, kind: ownerKind, source: 'kube_pod_owner' };
}
