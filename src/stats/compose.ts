// Find and read a folder's compose project the way Compose does: file discovery (walking up to the
// parent folders), override files, COMPOSE_FILE, .env, interpolation, merge of several files, and
// the project name (-p, COMPOSE_PROJECT_NAME, `name:`, the folder name normalised).
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { interpolateTree, InterpolationError, type VariableLookup } from './interpolate';
import { parseCpus, parseMemory } from './units';
import type { ComposeProject, DeclaredResources, DeclaredService } from './types';

/** compose-go's DefaultFileNames and DefaultOverrideFileNames, in order of preference. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const COMPOSE_OVERRIDE_FILE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

export class ComposeFileError extends Error {
  override name = 'ComposeFileError';
}

export interface LoadComposeOptions {
  folder: string;
  files?: string[];
  projectName?: string;
  env?: NodeJS.ProcessEnv;
}

/** compose-go NormalizeProjectName: lowercase, keep [a-z0-9_-], drop leading '_' and '-'. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

/**
 * The compose files of a folder: the explicit ones, else COMPOSE_FILE, else the first default name
 * found in the folder or its parents plus the first override file beside it.
 */
export function findComposeFiles(folder: string, explicit: string[] = [], env: NodeJS.ProcessEnv = process.env): { files: string[]; warnings: string[] } {
  const warnings: string[] = [];
  const given = explicit.filter((file) => file.trim() !== '');
  if (given.length) return { files: given.map((file) => resolve(folder, file)), warnings };
  const fromEnv = env.COMPOSE_FILE?.trim();
  if (fromEnv) {
    const separator = env.COMPOSE_PATH_SEPARATOR || delimiter;
    return { files: fromEnv.split(separator).filter(Boolean).map((file) => resolve(folder, file)), warnings };
  }
  let dir = resolve(folder);
  for (;;) {
    const candidates = COMPOSE_FILE_NAMES.map((name) => join(dir, name)).filter(isFile);
    if (candidates.length) {
      if (candidates.length > 1) warnings.push(`Found several compose files (${candidates.map((f) => basename(f)).join(', ')}); using ${basename(candidates[0])}, as Compose does.`);
      const override = COMPOSE_OVERRIDE_FILE_NAMES.map((name) => join(dir, name)).find(isFile);
      return { files: override ? [candidates[0], override] : [candidates[0]], warnings };
    }
    const parent = dirname(dir);
    if (parent === dir) return { files: [], warnings };
    dir = parent;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A .env file: KEY=VALUE lines, `export ` prefixes, quotes, # comments. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2];
    if (/^"(.*)"$/s.test(value)) value = value.slice(1, -1).replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    else if (/^'(.*)'$/s.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    out[match[1]] = value;
  }
  return out;
}

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Compose's merge, enough for what Stevedore reads: mappings merge key by key, the later file wins otherwise. */
export function mergeCompose(base: unknown, override: unknown): unknown {
  if (isMapping(base) && isMapping(override)) {
    const out: Mapping = { ...base };
    for (const [key, value] of Object.entries(override)) out[key] = key in base ? mergeCompose(base[key], value) : value;
    return out;
  }
  return override === undefined ? base : override;
}

function readComposeFile(file: string, lookup: VariableLookup, warnings: string[]): Mapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ComposeFileError(`Cannot read the compose file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Check the path (stevedore.compose.files or --file).`);
  }
  let doc: unknown;
  try {
    // Merge keys (<<) are YAML 1.1 but Compose files use them with anchors; `yaml` limits alias expansion.
    doc = parseYaml(text, { merge: true, maxAliasCount: 10_000 });
  } catch (error) {
    throw new ComposeFileError(`${file} is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}. Fix the file and try again.`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isMapping(doc)) throw new ComposeFileError(`${file} is not a compose file: its top level must be a mapping with "services".`);
  try {
    return interpolateTree(doc, lookup, (message) => warnings.includes(message) || warnings.push(message)) as Mapping;
  } catch (error) {
    if (error instanceof InterpolationError) throw new ComposeFileError(`${file}: ${error.message}`);
    throw error;
  }
}

/** Load a folder's compose project. Throws ComposeFileError with a message the user can act on. */
export function loadComposeProject(options: LoadComposeOptions): ComposeProject {
  const env = options.env ?? process.env;
  const folder = resolve(options.folder);
  const { files, warnings } = findComposeFiles(folder, options.files, env);
  if (!files.length) {
    throw new ComposeFileError(
      `No compose file found in ${folder} or its parent folders (looked for ${COMPOSE_FILE_NAMES.join(', ')}). ` +
        'Open the folder that holds it, or name it with --file (CLI) or the stevedore.compose.files setting.',
    );
  }
  for (const file of files) {
    if (!existsSync(file)) throw new ComposeFileError(`The compose file ${file} does not exist. Check --file or the stevedore.compose.files setting.`);
  }
  const workingDir = dirname(files[0]);
  // Compose reads .env from the project directory; the real environment wins over it.
  const dotEnvPath = join(workingDir, '.env');
  const dotEnv = isFile(dotEnvPath) ? parseDotEnv(readFileSync(dotEnvPath, 'utf8')) : {};
  const lookup: VariableLookup = (name) => env[name] ?? dotEnv[name];

  let merged: unknown = {};
  for (const file of files) merged = mergeCompose(merged, readComposeFile(file, lookup, warnings));
  const model = merged as Mapping;

  let name: string;
  let nameSource: ComposeProject['nameSource'];
  const fromEnv = lookup('COMPOSE_PROJECT_NAME');
  if (options.projectName?.trim()) {
    name = normalizeProjectName(options.projectName.trim());
    nameSource = 'option';
  } else if (fromEnv?.trim()) {
    name = normalizeProjectName(fromEnv.trim());
    nameSource = 'COMPOSE_PROJECT_NAME';
  } else if (typeof model.name === 'string' && normalizeProjectName(model.name)) {
    name = normalizeProjectName(model.name);
    nameSource = 'name';
  } else {
    name = normalizeProjectName(basename(workingDir));
    nameSource = 'folder';
  }
  if (!name) throw new ComposeFileError(`Cannot derive a compose project name from the folder "${basename(workingDir)}": set a top-level "name:" or use --project-name.`);

  const services: DeclaredService[] = [];
  if (model.services !== undefined && model.services !== null && !isMapping(model.services)) throw new ComposeFileError(`${files[0]}: "services" must be a mapping of service names.`);
  for (const [serviceName, raw] of Object.entries((model.services as Mapping | undefined) ?? {})) {
    services.push(declaredService(serviceName, isMapping(raw) ? raw : {}));
  }
  return { name, nameSource, workingDir: realPath(workingDir), configFiles: files.map(realPath), services, warnings };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A service's declared resources: deploy.resources first, then the legacy keys (mem_limit, cpus...). */
export function declaredService(name: string, raw: Mapping): DeclaredService {
  const deploy = isMapping(raw.deploy) ? raw.deploy : {};
  const resources = isMapping(deploy.resources) ? deploy.resources : {};
  const limits = isMapping(resources.limits) ? resources.limits : {};
  const reservations = isMapping(resources.reservations) ? resources.reservations : {};
  const declared: DeclaredResources = {};
  const memoryLimit = parseMemory(limits.memory) ?? parseMemory(raw.mem_limit);
  const memoryReservation = parseMemory(reservations.memory) ?? parseMemory(raw.mem_reservation);
  const cpuLimit = parseCpus(limits.cpus) ?? parseCpus(raw.cpus);
  const cpuReservation = parseCpus(reservations.cpus);
  if (memoryLimit !== undefined) declared.memoryLimitBytes = memoryLimit;
  if (memoryReservation !== undefined) declared.memoryReservationBytes = memoryReservation;
  if (cpuLimit !== undefined) declared.cpuLimit = cpuLimit;
  if (cpuReservation !== undefined) declared.cpuReservation = cpuReservation;
  const replicas = Number(deploy.replicas ?? raw.scale ?? 1);
  const profiles = Array.isArray(raw.profiles) ? raw.profiles.filter((p): p is string => typeof p === 'string') : [];
  return {
    name,
    ...(typeof raw.image === 'string' ? { image: raw.image } : {}),
    declared,
    replicas: Number.isInteger(replicas) && replicas >= 0 ? replicas : 1,
    profiles,
    ...(typeof raw.container_name === 'string' ? { containerName: raw.container_name } : {}),
  };
}

/** Absolute config file paths from a container's labels (Compose v1 writes them relative to working_dir). */
export function configFilesFromLabels(configFiles: string | undefined, workingDir: string | undefined): string[] {
  if (!configFiles) return [];
  return configFiles
    .split(',')
    .map((file) => file.trim())
    .filter(Boolean)
    .map((file) => (isAbsolute(file) || !workingDir ? file : join(workingDir, file)));
}
