// What the Compose Specification allows where, written from its reference (compose-spec's spec.md,
// 05-services.md, deploy.md, build.md; not the JSON schema): the keys of each element and the kind of
// value each takes. One walk per lint, shared by SDC1001 (unknown keys), SDC1002 (wrong types),
// SDC1003 (durations) and SDC1004 (sizes). Aliases are not followed (the anchored node is checked
// where it is written), so an alias bomb costs one node; values holding `${` are interpolated later
// and not judged; `x-` keys are extensions, allowed everywhere.
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ComposeRuleContext } from './rule';
import { keyName } from './kit';

type Kind =
  | 'string' | 'number' | 'boolean' | 'list' | 'map' | 'listOrMap' | 'stringOrList' | 'stringOrNumber'
  | 'duration' | 'size' | 'any';

interface Shape {
  kind: Kind | 'object';
  /** Alternatives: `build` is a string or an object. */
  or?: Kind;
  keys?: Record<string, Shape>;
  /** A mapping of user-chosen names, each holding `each` (services, networks, ...). */
  each?: Shape;
}

const k = (kind: Kind, or?: Kind): Shape => ({ kind, or });
const object = (keys: Record<string, Shape>, or?: Kind): Shape => ({ kind: 'object', keys, or });
const named = (each: Shape): Shape => ({ kind: 'map', each });

const S = k('string');
const N = k('stringOrNumber');
const B = k('boolean');
const L = k('list');
const LM = k('listOrMap');
const SL = k('stringOrList');
const D = k('duration');
const Z = k('size');
const ANY = k('any');

const resourceSet = object({ cpus: N, memory: Z, pids: N, devices: L, generic_resources: L });

const deploy = object({
  endpoint_mode: S, labels: LM, mode: S, placement: ANY, replicas: N,
  resources: object({ limits: resourceSet, reservations: resourceSet }),
  restart_policy: object({ condition: S, delay: D, max_attempts: N, window: D }),
  rollback_config: object({ parallelism: N, delay: D, failure_action: S, monitor: D, max_failure_ratio: N, order: S }),
  update_config: object({ parallelism: N, delay: D, failure_action: S, monitor: D, max_failure_ratio: N, order: S }),
});

const build = object({
  context: S, dockerfile: S, dockerfile_inline: S, args: LM, ssh: LM, cache_from: L, cache_to: L,
  additional_contexts: LM, entitlements: L, extra_hosts: LM, isolation: S, labels: LM, network: S,
  no_cache: B, platforms: L, privileged: B, pull: B, secrets: L, shm_size: Z, tags: L, target: S, ulimits: ANY,
  provenance: ANY, sbom: ANY,
}, 'string');

const healthcheck = object({
  test: SL, interval: D, timeout: D, retries: N, start_period: D, start_interval: D, disable: B,
});

const service = object({
  annotations: LM, attach: B, blkio_config: ANY, build, cap_add: L, cap_drop: L, cgroup: S, cgroup_parent: S,
  command: SL, configs: L, container_name: S, cpu_count: N, cpu_percent: N, cpu_period: N, cpu_quota: N,
  cpu_rt_period: N, cpu_rt_runtime: N, cpu_shares: N, cpus: N, cpuset: S, credential_spec: ANY,
  depends_on: { kind: 'map', each: object({ condition: S, restart: B, required: B }), or: 'list' }, deploy, develop: ANY,
  device_cgroup_rules: L, devices: L, dns: SL, dns_opt: L, dns_search: SL, domainname: S, driver_opts: ANY,
  entrypoint: SL, env_file: SL, environment: LM, expose: L, extends: object({ service: S, file: S }, 'string'),
  external_links: L, extra_hosts: LM, gpus: ANY, group_add: L, healthcheck, hostname: S, image: S, init: B,
  ipc: S, isolation: S, label_file: SL, labels: LM, links: L, logging: object({ driver: S, options: k('map') }),
  mac_address: S, mem_limit: Z, mem_reservation: Z, mem_swappiness: N, memswap_limit: Z, models: LM,
  network_mode: S, networks: LM, oom_kill_disable: B, oom_score_adj: N, pid: S, pids_limit: N, platform: S,
  ports: L, post_start: L, pre_stop: L, privileged: B, profiles: L, provider: ANY, pull_policy: S,
  pull_refresh_after: S, read_only: B, restart: S, runtime: S, scale: N, secrets: L, security_opt: L,
  shm_size: Z, stdin_open: B, stop_grace_period: D, stop_signal: S, storage_opt: ANY, sysctls: LM, tmpfs: SL,
  tty: B, ulimits: ANY, use_api_socket: B, user: S, userns_mode: S, uts: S, volumes: L, volumes_from: L,
  working_dir: S,
});

const external = k('any');
const network = object({
  driver: S, driver_opts: ANY, attachable: B, enable_ipv4: B, enable_ipv6: B, external, internal: B, ipam: ANY,
  labels: LM, name: S,
});
const volume = object({ driver: S, driver_opts: ANY, external, labels: LM, name: S });
const secretOrConfig = object({
  file: S, environment: S, content: S, external, name: S, driver: S, driver_opts: ANY, template_driver: S, labels: LM,
});

/** The top level of a compose file. `version` is allowed (obsolete: SDC1005 says so). */
export const COMPOSE_FILE: Shape = object({
  version: N, name: S, include: L, services: named(service), networks: named(network),
  volumes: named(volume), secrets: named(secretOrConfig), configs: named(secretOrConfig), models: named(ANY),
});

export interface StructureIssue {
  kind: 'unknown-key' | 'type' | 'duration' | 'size';
  node: Node;
  message: string;
}

/** Go's time.ParseDuration, as Compose reads durations: `1m30s`, `2.5s`, `500ms`, `0`. */
export const DURATION = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;
/** docker/go-units RAMInBytes, as Compose reads sizes: `512m`, `1gb`, `64MiB`, `1024` (bytes). */
export const SIZE = /^\d+(?:\.\d+)?\s?(?:[kKmMgGtTpP])?[iI]?[bB]?$/;

const describe = (node: unknown): string => {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'an empty value';
    if (typeof value === 'boolean') return `the boolean ${String(value)}`;
    if (typeof value === 'number') return `the number ${String(value)}`;
    return `the string "${String(value).slice(0, 40)}"`;
  }
  return 'something else';
};

const WANT: Record<Kind, string> = {
  string: 'a string', number: 'a number', boolean: 'true or false', list: 'a list', map: 'a mapping',
  listOrMap: 'a list or a mapping', stringOrList: 'a string or a list', stringOrNumber: 'a number (or a string)',
  duration: 'a duration such as 30s or 1m30s', size: 'a size such as 512m or 1g', any: 'anything',
};

function fits(kind: Kind, node: unknown): boolean {
  const value = isScalar(node) ? node.value : undefined;
  switch (kind) {
    case 'any': return true;
    case 'string': return isScalar(node) && (typeof value === 'string' || typeof value === 'number');
    case 'number': return isScalar(node) && typeof value === 'number';
    case 'stringOrNumber': return isScalar(node) && (typeof value === 'string' || typeof value === 'number');
    case 'boolean': return isScalar(node) && typeof value === 'boolean';
    case 'list': return isSeq(node);
    case 'map': return isMap(node);
    case 'listOrMap': return isSeq(node) || isMap(node);
    case 'stringOrList': return isSeq(node) || (isScalar(node) && typeof value === 'string');
    case 'duration':
    case 'size': return isScalar(node) && (typeof value === 'string' || typeof value === 'number');
  }
}

/** Every structure problem of the file, computed once per lint. */
export function structureIssues(context: ComposeRuleContext): StructureIssue[] {
  const cached = cache.get(context);
  if (cached) return cached;
  const issues: StructureIssue[] = [];
  if (context.root) walk(context.root, COMPOSE_FILE, '', issues, 0);
  cache.set(context, issues);
  return issues;
}
const cache = new WeakMap<ComposeRuleContext, StructureIssue[]>();

/** Values written with `${...}` are interpolated before Compose reads them: not judged here. */
const interpolated = (node: unknown): boolean => isScalar(node) && typeof node.value === 'string' && node.value.includes('$');

function walk(node: unknown, shape: Shape, where: string, issues: StructureIssue[], depth: number): void {
  if (isAlias(node) || depth > 12 || node === null || node === undefined) return;
  if (isScalar(node) && node.value === null) return; // `key:` with nothing: Compose treats it as unset
  // `!reset` (compose-spec merge.md): the value written is ignored, whatever its type.
  if ((node as { tag?: string }).tag === '!reset') return;
  if (interpolated(node)) return;
  if (shape.kind !== 'object' && !shape.each) {
    check(shape.kind, node, where, issues);
    return;
  }
  if (!isMap(node)) {
    if (shape.or && fits(shape.or, node)) return;
    issues.push({ kind: 'type', node: node as Node, message: `${where} must be ${shape.or ? `${WANT[shape.or]} or a mapping` : 'a mapping'}, not ${describe(node)}.` });
    return;
  }
  for (const item of (node as YAMLMap).items) {
    if (!isPair(item)) continue;
    const name = keyName(item as Pair);
    if (name === '<<' || name.startsWith('x-')) continue;
    const path = where ? `${where}.${name}` : name;
    if (shape.each) {
      walk(item.value, shape.each, path, issues, depth + 1);
      continue;
    }
    const child = shape.keys?.[name];
    if (!child) {
      issues.push({ kind: 'unknown-key', node: item.key as Node, message: unknownKeyMessage(name, where, Object.keys(shape.keys ?? {})) });
      continue;
    }
    walk(item.value, child, path, issues, depth + 1);
  }
}

function check(kind: Kind, node: unknown, where: string, issues: StructureIssue[]): void {
  if (!fits(kind, node)) {
    issues.push({ kind: 'type', node: node as Node, message: `${where} must be ${WANT[kind]}, not ${describe(node)}.` });
    return;
  }
  if (!isScalar(node)) return;
  const text = String(node.value).trim();
  if (kind === 'duration' && !DURATION.test(text)) {
    issues.push({
      kind: 'duration', node: node as Node,
      message: typeof node.value === 'number'
        ? `${where}: ${text} has no unit; Compose reads durations like 30s, 1m30s or 500ms (units us, ms, s, m, h).`
        : `${where}: "${text.slice(0, 40)}" is not a duration; write it like 30s, 1m30s or 500ms (units us, ms, s, m, h).`,
    });
  }
  if (kind === 'size' && !SIZE.test(text)) {
    issues.push({ kind: 'size', node: node as Node, message: `${where}: "${text.slice(0, 40)}" is not a size; write it like 512m, 1g or 64MiB (units b, k, m, g).` });
  }
}

/** "unknown key 'imgae' in services.web: did you mean 'image'?" */
function unknownKeyMessage(name: string, where: string, known: string[]): string {
  const near = known
    .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate) }))
    .filter((entry) => entry.distance <= Math.max(2, Math.floor(name.length / 3)))
    .sort((a, b) => a.distance - b.distance)[0];
  const place = where ? ` in ${where}` : ' at the top level';
  const hint = near ? ` Did you mean '${near.candidate}'?` : ' Compose refuses the file; custom data goes under an x- key.';
  return `Unknown key '${name.slice(0, 60)}'${place}.${hint}`;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = next;
    }
  }
  return row[b.length];
}
