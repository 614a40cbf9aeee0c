// Published ports as Compose reads them: the short form `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]`
// and the long form `{ target, published, host_ip, protocol }`.
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { ComposeRuleContext } from './rule';
import { deref, scalarText, valueIn } from './kit';

export interface PublishedPort {
  node: Node;
  /** Host address; undefined means all interfaces. */
  hostIp?: string;
  /** Host ports (expanded ranges, at most 1,000); empty for an ephemeral host port. */
  hostPorts: number[];
  containerPort: number;
  protocol: string;
  /** Written as a plain string (the fix can edit it) or as the long form. */
  form: 'short' | 'long';
}

function range(text: string): number[] | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = match[2] ? Number(match[2]) : start;
  if (end < start || end - start > 1000) return [start];
  return Array.from({ length: end - start + 1 }, (_, i) => start + i);
}

/** One entry of `ports:`; undefined when it cannot be read (interpolated, malformed). */
export function readPort(context: ComposeRuleContext, item: unknown): PublishedPort | undefined {
  const node = deref(context.document, item);
  if (isMap(node)) {
    const map = node as YAMLMap;
    const target = Number(scalarText(valueIn(context.document, map, 'target')));
    if (!Number.isInteger(target)) return undefined;
    const published = scalarText(valueIn(context.document, map, 'published'));
    const hostPorts = published === undefined ? [] : range(published) ?? [];
    return {
      node: node as Node, hostIp: scalarText(valueIn(context.document, map, 'host_ip')), hostPorts,
      containerPort: target, protocol: scalarText(valueIn(context.document, map, 'protocol')) ?? 'tcp', form: 'long',
    };
  }
  if (!isScalar(node)) return undefined;
  const text = String(node.value ?? '').trim();
  if (text.includes('$') || text === '') return undefined;
  const [address, protocol = 'tcp'] = text.split('/');
  let hostIp: string | undefined;
  let rest = address;
  // An IPv6 host address is bracketed: [::1]:8080:80.
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(address);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2];
  }
  const parts = rest.split(':');
  if (!v6 && parts.length === 3) hostIp = parts.shift();
  if (v6 && parts.length === 1) parts.unshift('');
  const container = range(parts[parts.length - 1]);
  if (!container) return undefined;
  const hostPorts = parts.length === 2 && parts[0] !== '' ? range(parts[0]) : [];
  if (!hostPorts) return undefined;
  return { node: node as Node, hostIp: hostIp || undefined, hostPorts, containerPort: container[0], protocol, form: 'short' };
}

/** Every readable entry of a service's `ports:`. */
export function portsOf(context: ComposeRuleContext, service: YAMLMap | undefined): PublishedPort[] {
  const ports = valueIn(context.document, service, 'ports');
  if (!ports || !(ports as { items?: unknown[] }).items) return [];
  return ((ports as { items: unknown[] }).items)
    .map((item) => readPort(context, item))
    .filter((port): port is PublishedPort => !!port);
}

export const allInterfaces = (hostIp: string | undefined): boolean => hostIp === undefined || hostIp === '0.0.0.0' || hostIp === '::';
