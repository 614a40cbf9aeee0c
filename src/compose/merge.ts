// Compose's merge of several files and of `extends` (compose-spec merge.md): mappings merge key by key,
// sequences append, `command`/`entrypoint`/`healthcheck.test` are replaced, and ports, volumes,
// secrets and configs are unique by their key (the later entry replaces an earlier one with the same
// key). Lists that Compose also accepts as mappings (environment, labels...) merge by name.
import { isMapping, type Mapping } from './normalize';

/** Service keys whose value the later file replaces whole (compose-spec merge.md "Shell commands"). */
const REPLACED = new Set(['command', 'entrypoint']);
/** Service keys written as a list of NAME=value or a mapping: merged by name. */
const BY_NAME = new Set(['environment', 'labels', 'annotations', 'sysctls', 'extra_hosts', 'depends_on', 'ulimits', 'storage_opt', 'networks']);
/** Service keys that are a string or a list: both become lists, then append (unique). */
const LIST_OR_STRING = new Set(['dns', 'dns_search', 'env_file', 'tmpfs', 'dns_opt']);

/** Merge an override file's top-level mapping into the base's (services by service, resources by name). */
export function mergeCompose(base: unknown, override: unknown): unknown {
  if (!isMapping(base) || !isMapping(override)) return override === undefined ? base : override;
  const out: Mapping = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (key === 'services' && isMapping(value) && isMapping(base.services)) {
      const services: Mapping = { ...base.services };
      for (const [name, service] of Object.entries(value)) {
        const previous = services[name];
        services[name] = isMapping(previous) && isMapping(service) ? mergeService(previous, service) : service;
      }
      out.services = services;
    } else if (key in base) {
      out[key] = mergeValue(base[key], value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Merge one service's override into its base (files merged in order, and `extends`). */
export function mergeService(base: Mapping, override: Mapping): Mapping {
  const out: Mapping = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const previous = base[key];
    if (previous === undefined || value === null || previous === null) out[key] = value;
    else if (REPLACED.has(key)) out[key] = value;
    else if (BY_NAME.has(key)) out[key] = mergeByName(previous, value, key);
    else if (LIST_OR_STRING.has(key)) out[key] = appendUnique(asList(previous), asList(value), (item) => JSON.stringify(item));
    else if (key === 'ports') out[key] = mergeUnique(asList(previous), asList(value), portKey);
    else if (key === 'volumes') out[key] = mergeUnique(asList(previous), asList(value), volumeTarget);
    else if (key === 'secrets' || key === 'configs') out[key] = mergeUnique(asList(previous), asList(value), fileTarget);
    else if (key === 'build') out[key] = mergeValue(buildMapping(previous), buildMapping(value));
    else if (key === 'healthcheck' && isMapping(previous) && isMapping(value)) {
      out[key] = { ...(mergeValue(previous, { ...value, test: undefined }) as Mapping), ...('test' in value ? { test: value.test } : {}) };
      if ((out[key] as Mapping).test === undefined) delete (out[key] as Mapping).test;
    } else out[key] = mergeValue(previous, value);
  }
  return out;
}

/** Generic rule: mappings merge key by key, sequences append (unique), anything else is replaced. */
function mergeValue(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (isMapping(base) && isMapping(override)) {
    const out: Mapping = { ...base };
    for (const [key, value] of Object.entries(override)) out[key] = key in base ? mergeValue(base[key], value) : value;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(override)) return appendUnique(base, override, (item) => JSON.stringify(item));
  return override;
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function appendUnique(base: unknown[], override: unknown[], keyOf: (item: unknown) => string): unknown[] {
  const seen = new Set(base.map(keyOf));
  const out = [...base];
  for (const item of override) {
    const key = keyOf(item);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

/** Entries with the same key: the override's replaces the base's in place; new ones are appended. */
function mergeUnique(base: unknown[], override: unknown[], keyOf: (item: unknown) => string | undefined): unknown[] {
  const out = [...base];
  const index = new Map<string, number>();
  out.forEach((item, at) => {
    const key = keyOf(item);
    if (key !== undefined) index.set(key, at);
  });
  for (const item of override) {
    const key = keyOf(item);
    const at = key === undefined ? undefined : index.get(key);
    if (at !== undefined) {
      out[at] = isMapping(out[at]) && isMapping(item) ? mergeValue(out[at], item) : item;
    } else {
      if (key !== undefined) index.set(key, out.length);
      out.push(item);
    }
  }
  return out;
}

/** environment/labels/... as a mapping of name -> value (lists of NAME=value, or of names, too). */
export function byName(value: unknown, key = ''): Mapping {
  if (isMapping(value)) return value;
  const out: Mapping = {};
  for (const item of asList(value)) {
    if (typeof item !== 'string') continue;
    if (key === 'extra_hosts') {
      const at = item.search(/[:=]/);
      if (at > 0) out[item.slice(0, at)] = item.slice(at + 1);
      continue;
    }
    const at = item.indexOf('=');
    if (at < 0) out[item] = key === 'depends_on' || key === 'networks' ? null : null;
    else out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}

function mergeByName(base: unknown, override: unknown, key: string): unknown {
  return mergeValue(byName(base, key), byName(override, key));
}

function buildMapping(value: unknown): unknown {
  return typeof value === 'string' ? { context: value } : value;
}

/** A port's unique key: host ip, published, target, protocol (compose-spec merge.md). */
export function portKey(item: unknown): string | undefined {
  if (isMapping(item)) {
    return [item.host_ip ?? '', item.published ?? '', item.target ?? '', item.protocol ?? 'tcp'].map(String).join('|');
  }
  if (typeof item !== 'string' && typeof item !== 'number') return undefined;
  const parsed = parsePortShort(String(item));
  return parsed ? [parsed.host_ip ?? '', parsed.published ?? '', parsed.target, parsed.protocol].join('|') : String(item);
}

/** "[[ip:]published:]target[/protocol]", ip possibly in brackets (IPv6). Ranges stay as written. */
export function parsePortShort(text: string): { host_ip?: string; published?: string; target: string; protocol: string } | undefined {
  let rest = text.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
  }
  let host_ip: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    host_ip = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(':');
  if (host_ip === undefined && parts.length > 3) {
    // An unbracketed IPv6 address: the last two parts are the ports.
    const target = parts.pop() as string;
    const published = parts.pop() as string;
    return { host_ip: parts.join(':'), published, target, protocol };
  }
  if (parts.length === 1) return { ...(host_ip !== undefined ? { host_ip } : {}), target: parts[0], protocol };
  if (parts.length === 2) return { ...(host_ip !== undefined ? { host_ip } : {}), published: parts[0], target: parts[1], protocol };
  if (parts.length === 3) return { host_ip: parts[0], published: parts[1], target: parts[2], protocol };
  return undefined;
}

/** A volume's unique key: its target (container path). */
function volumeTarget(item: unknown): string | undefined {
  if (isMapping(item)) return typeof item.target === 'string' ? item.target : undefined;
  if (typeof item !== 'string') return undefined;
  const parts = splitVolume(item);
  return parts.length === 1 ? parts[0] : parts[1];
}

/** "source:target[:mode]" with Windows drive letters ("C:\\data:/data") kept together. */
export function splitVolume(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ':' && !(current.length === 1 && /[A-Za-z]/.test(current) && /[\\/]/.test(text[i + 1] ?? '') && parts.length === 0)) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** secrets/configs: the target (long form) or the name (short form, mounted at /run/secrets/<name>). */
function fileTarget(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  if (isMapping(item)) return typeof item.target === 'string' ? item.target : typeof item.source === 'string' ? item.source : undefined;
  return undefined;
}
