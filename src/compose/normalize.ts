// The canonical form of a resolved service, as `docker compose config` prints it: environment,
// labels and depends_on as mappings, build as a mapping with an absolute context, ports and volumes
// in their long form, relative host paths made absolute. Each accepts what the spec allows and
// leaves anything else as written (the lint rules report wrong types; resolution never throws).
import { isAbsolute, resolve } from 'node:path';
import { byName, parsePortShort, splitVolume } from './merge';
import { parseCpus, parseMemory } from './units';
import type { ServiceResources } from './types';

export type Mapping = Record<string, unknown>;
export const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

const asText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** A host path as Compose resolves it: `~` is the home folder, relative paths are from `baseDir`. */
export function hostPath(path: string, baseDir: string, home = process.env.HOME ?? ''): string {
  if (path === '~' || path.startsWith('~/')) return home + path.slice(1);
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

const isHostPath = (source: string): boolean => /^(\.|~|\/)/.test(source) || /^[A-Za-z]:[\\/]/.test(source);

/**
 * Make a service's relative paths absolute against `baseDir` (the project folder, or the folder of
 * the file an `extends` or `include` read): build.context, env_file, bind mount sources, extends.file.
 */
export function resolveServicePaths(service: Mapping, baseDir: string): Mapping {
  const out: Mapping = { ...service };
  if (typeof out.build === 'string') out.build = { context: out.build };
  if (isMapping(out.build)) {
    const build = { ...out.build };
    const context = typeof build.context === 'string' ? build.context : '.';
    // A Git URL or another remote context stays as written.
    build.context = /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@') ? context : hostPath(context, baseDir);
    out.build = build;
  }
  if (out.env_file !== undefined && out.env_file !== null) {
    const files = Array.isArray(out.env_file) ? out.env_file : [out.env_file];
    out.env_file = files.map((file) => {
      if (typeof file === 'string') return hostPath(file, baseDir);
      if (isMapping(file) && typeof file.path === 'string') return { ...file, path: hostPath(file.path, baseDir) };
      return file;
    });
  }
  if (Array.isArray(out.volumes)) {
    out.volumes = out.volumes.map((volume) => {
      if (typeof volume === 'string') {
        const parts = splitVolume(volume);
        if (parts.length >= 2 && isHostPath(parts[0])) return [hostPath(parts[0], baseDir), ...parts.slice(1)].join(':');
        return volume;
      }
      if (isMapping(volume) && volume.type === 'bind' && typeof volume.source === 'string') return { ...volume, source: hostPath(volume.source, baseDir) };
      return volume;
    });
  }
  if (isMapping(out.extends) && typeof out.extends.file === 'string') out.extends = { ...out.extends, file: hostPath(out.extends.file, baseDir) };
  return out;
}

/** A service in canonical form (after merge and extends; paths already absolute). */
export function normalizeService(service: Mapping): Mapping {
  const out: Mapping = { ...service };
  delete out.extends;
  for (const key of ['environment', 'labels', 'annotations', 'sysctls']) {
    if (out[key] === undefined || out[key] === null) continue;
    const named = byName(out[key], key);
    const values: Mapping = {};
    for (const [name, value] of Object.entries(named)) values[name] = asText(value);
    out[key] = values;
  }
  if (out.depends_on !== undefined && out.depends_on !== null) {
    const named = byName(out.depends_on, 'depends_on');
    const deps: Mapping = {};
    for (const [name, value] of Object.entries(named)) deps[name] = isMapping(value) ? { condition: 'service_started', ...value } : { condition: 'service_started' };
    out.depends_on = deps;
  }
  if (Array.isArray(out.ports)) out.ports = out.ports.map(longPort);
  if (isMapping(out.deploy) && isMapping(out.deploy.resources)) out.deploy = { ...out.deploy, resources: numericCpus(out.deploy.resources) };
  if (Array.isArray(out.volumes)) out.volumes = out.volumes.map(longVolume);
  return out;
}

/** deploy.resources.{limits,reservations}.cpus as numbers ("0.50" -> 0.5), as Compose prints them. */
function numericCpus(resources: Mapping): Mapping {
  const out: Mapping = { ...resources };
  for (const key of ['limits', 'reservations']) {
    const part = out[key];
    if (!isMapping(part) || part.cpus === undefined) continue;
    const cpus = parseCpus(part.cpus);
    out[key] = cpus === undefined ? part : { ...part, cpus };
  }
  return out;
}

/** A port in long form: target (number), published (string), host_ip, protocol. */
export function longPort(port: unknown): unknown {
  if (isMapping(port)) {
    const out: Mapping = { ...port };
    if (typeof out.target === 'string' && /^\d+$/.test(out.target)) out.target = Number(out.target);
    if (out.published !== undefined && out.published !== null) out.published = String(out.published);
    if (out.protocol === undefined) out.protocol = 'tcp';
    return out;
  }
  if (typeof port !== 'string' && typeof port !== 'number') return port;
  const parsed = parsePortShort(String(port));
  if (!parsed) return port;
  return {
    target: /^\d+$/.test(parsed.target) ? Number(parsed.target) : parsed.target,
    ...(parsed.published !== undefined && parsed.published !== '' ? { published: parsed.published } : {}),
    ...(parsed.host_ip ? { host_ip: parsed.host_ip } : {}),
    protocol: parsed.protocol,
  };
}

/** A volume in long form: type (bind, volume), source, target, read_only. */
export function longVolume(volume: unknown): unknown {
  if (typeof volume !== 'string') return volume;
  const parts = splitVolume(volume);
  if (parts.length === 1) return { type: 'volume', target: parts[0] };
  const [source, target, mode = ''] = parts;
  const modes = mode.split(',').filter(Boolean);
  return {
    type: isHostPath(source) ? 'bind' : 'volume',
    source,
    target,
    ...(modes.includes('ro') ? { read_only: true } : {}),
  };
}

/** A service's resources: deploy.resources first, then the legacy keys (mem_limit, cpus, mem_reservation, pids_limit). */
export function serviceResources(config: Mapping): ServiceResources {
  const deploy = isMapping(config.deploy) ? config.deploy : {};
  const resources = isMapping(deploy.resources) ? deploy.resources : {};
  const limits = isMapping(resources.limits) ? resources.limits : {};
  const reservations = isMapping(resources.reservations) ? resources.reservations : {};
  const fromDeploy = {
    memoryLimitBytes: parseMemory(limits.memory),
    memoryReservationBytes: parseMemory(reservations.memory),
    cpuLimit: parseCpus(limits.cpus),
    cpuReservation: parseCpus(reservations.cpus),
    pidsLimit: typeof limits.pids === 'number' ? limits.pids : undefined,
  };
  const fromLegacy = {
    memoryLimitBytes: parseMemory(config.mem_limit),
    memoryReservationBytes: parseMemory(config.mem_reservation),
    cpuLimit: parseCpus(config.cpus),
    cpuReservation: undefined,
    pidsLimit: typeof config.pids_limit === 'number' ? config.pids_limit : undefined,
  };
  const anyOf = (set: Record<string, number | undefined>): boolean => Object.values(set).some((value) => value !== undefined);
  const deployed = anyOf(fromDeploy);
  const legacy = anyOf(fromLegacy);
  const out: ServiceResources = { declaredIn: deployed && legacy ? 'both' : deployed ? 'deploy' : legacy ? 'legacy' : 'none' };
  for (const key of ['memoryLimitBytes', 'memoryReservationBytes', 'cpuLimit', 'cpuReservation', 'pidsLimit'] as const) {
    const value = fromDeploy[key] ?? fromLegacy[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
