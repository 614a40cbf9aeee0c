// Find and read a folder's compose project the way Compose does: file discovery (walking up to the
// parent folders), override files, COMPOSE_FILE, .env, interpolation, merge of several files, and
// the project name (-p, COMPOSE_PROJECT_NAME, `name:`, the folder name normalised).
import { closeSync, existsSync, fstatSync, openSync, readSync, realpathSync, statSync, constants as fsConstants } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { interpolateTree, InterpolationError, type InterpolationBudget, type VariableLookup } from '../compose/interpolate';
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

/**
 * What Stevedore reads of a compose project. The editor reads a workspace's compose files on its own,
 * so a cloned repository's file must not be able to stall or exhaust the extension host: each bound is
 * far above real projects and refuses with a message naming the file. Measured on this machine: a
 * 1 MiB file of 30,000 services parses in about 2 s (yaml's own duplicate-key check, quadratic, took
 * 11 s for it: Stevedore checks duplicate keys itself, in one pass).
 */
export const COMPOSE_LIMITS = {
  /** A compose file's size (the largest real ones are a few hundred KB). */
  maxFileBytes: 1024 * 1024,
  /** A .env file's size. */
  maxDotEnvBytes: 1024 * 1024,
  /** Values (mappings, lists, scalars) once aliases and merge keys are expanded: the alias-bomb bound. */
  maxValues: 1_000_000,
  /** Alias nodes (`*name`) in one file: yaml resolves each by a scan of the earlier ones. */
  maxAliases: 5_000,
  /** Nesting of mappings and lists (compose files use about 8). */
  maxDepth: 64,
  /** Services in the project. */
  maxServices: 5_000,
  /** Text produced by ${...} substitution in one file. */
  maxInterpolatedChars: 16 * 1024 * 1024,
  /** ${A:-${B:-...}} nesting. */
  maxInterpolationDepth: 32,
} as const;

/** compose-go NormalizeProjectName: lowercase, keep [a-z0-9_-], drop leading '_' and '-'. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

/**
 * The compose files of a folder: the explicit ones, else COMPOSE_FILE, else the first default name
 * found in the folder or its parents plus the first override file beside it.
 */
export function findComposeFiles(
  folder: string,
  explicit: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): { files: string[]; warnings: string[] } {
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

/**
 * An unquoted value without its comment: whitespace then `#` starts one. Linear: a regex here was
 * quadratic on long blank runs.
 */
function stripInlineComment(value: string): string {
  for (let hash = value.indexOf('#'); hash >= 0; hash = value.indexOf('#', hash + 1)) {
    if (hash > 0 && /\s/.test(value[hash - 1])) return value.slice(0, hash).trimEnd();
  }
  return value;
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
    else value = stripInlineComment(value);
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
    for (const [key, value] of Object.entries(override)) {
      out[key] = key in base ? mergeCompose(base[key], value) : value;
    }
    return out;
  }
  return override === undefined ? base : override;
}

/**
 * A file's text, refused unless it is a regular file within `maxBytes`: read through one descriptor,
 * so a FIFO, a device or a file growing meanwhile cannot block or flood the reader.
 */
export function readBoundedFile(file: string, maxBytes: number, kind: string, fix: string): string {
  const tooBig = `${file} is larger than ${mib(maxBytes)}: Stevedore reads ${kind}s up to ${mib(maxBytes)}. Shorten or split it.`;
  let fd: number;
  try {
    fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new ComposeFileError(`Cannot read the ${kind} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. ${fix}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new ComposeFileError(`${file} is not a regular file: Stevedore reads only regular files as ${kind}s. ${fix}`);
    if (stat.size > maxBytes) throw new ComposeFileError(tooBig);
    const buffer = Buffer.allocUnsafe(maxBytes + 1);
    let length = 0;
    for (
      let read: number;
      length < buffer.length && (read = readSync(fd, buffer, length, buffer.length - length, null)) > 0;
    ) {
      length += read;
    }
    if (length > maxBytes) throw new ComposeFileError(tooBig);
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof ComposeFileError) throw error;
    throw new ComposeFileError(`Cannot read the ${kind} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. ${fix}`);
  } finally {
    closeSync(fd);
  }
}

function mib(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`;
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * One linear pass over the parsed YAML before it becomes data: nesting depth, duplicate keys (yaml's
 * own check is quadratic in a mapping's keys), alias count, and the size once aliases and merge keys
 * are expanded (an anchor's size is computed once; an alias costs the size of what it names).
 */
function checkYamlShape(doc: Document, file: string, lines: LineCounter): void {
  const anchorSize = new Map<string, number>();
  /** Anchors whose node is being walked: an alias to one of them is a cycle (`&a [*a]`). */
  const open = new Map<string, number>();
  let aliases = 0;
  const where = (node: YamlNode | null | undefined): string => {
    const offset = node?.range?.[0];
    return offset === undefined ? '' : ` (line ${lines.linePos(offset).line})`;
  };
  const size = (node: unknown, depth: number): number => {
    if (depth > COMPOSE_LIMITS.maxDepth) {
      throw new ComposeFileError(`${file} nests more than ${COMPOSE_LIMITS.maxDepth} levels deep${where(node as YamlNode)}: compose files need far fewer. Fix the file.`);
    }
    let total = 1;
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) open.set(anchor, (open.get(anchor) ?? 0) + 1);
    if (isAlias(node)) {
      if (++aliases > COMPOSE_LIMITS.maxAliases) throw new ComposeFileError(`${file} uses more than ${count(COMPOSE_LIMITS.maxAliases)} YAML aliases (*name)${where(node)}. Fix the file.`);
      if (open.get(node.source)) throw new ComposeFileError(`${file} uses the alias *${node.source.slice(0, 100)} inside the node it names${where(node)}: that makes an endless structure. Fix the file.`);
      total = anchorSize.get(node.source) ?? 1;
    } else if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.value !== '<<') {
          const key = String(pair.key.value);
          if (keys.has(key)) throw new ComposeFileError(`${file}${where(pair.key as YamlNode)}: the key "${key.slice(0, 100)}" is defined twice in the same mapping. Remove one of them.`);
          keys.add(key);
        }
        total += size(pair.key, depth + 1) + size(pair.value, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) total += size(item, depth + 1);
    } else if (isPair(node)) {
      total += size(node.key, depth + 1) + size(node.value, depth + 1);
    }
    if (total > COMPOSE_LIMITS.maxValues) {
      throw new ComposeFileError(
        `${file} expands to more than ${count(COMPOSE_LIMITS.maxValues)} values once its YAML aliases (*name) and merge keys (<<) are expanded${where(node as YamlNode)}: ` +
          'that is an alias bomb, not a compose file. Fix the file.',
      );
    }
    if (anchor) {
      open.set(anchor, (open.get(anchor) ?? 1) - 1);
      anchorSize.set(anchor, total);
    }
    return total;
  };
  size(doc.contents, 0);
}

/**
 * The line where the YAML nests deeper than `maxDepth`, from yaml's lexer (flat, no recursion): flow
 * brackets, plus indentation levels and `-`/`?` indicators for block collections. yaml's own parser
 * recurses per level: 2,000 levels overflowed its stack, 20,000 once aborted the process.
 */
export function yamlTooDeepAt(text: string, maxDepth: number): number | undefined {
  let flow = 0;
  let line = 1;
  let onLine = 0;
  let lineStart = true;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    if (token === '\n' || token === '\r\n') {
      line++;
      lineStart = true;
      onLine = 0;
      continue;
    }
    if (lineStart) {
      lineStart = false;
      const indent = token[0] === ' ' ? token.length : 0;
      if (flow === 0 && token[0] !== '#') {
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
      }
    }
    if (token === '[' || token === '{') flow++;
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    else if (token === '-' || token === '?') onLine++;
    if (flow + indents.length + onLine > maxDepth) return line;
    // Multi-line scalars are one token; a block scalar's ends with its last newline.
    for (let at = token.indexOf('\n'); at >= 0; at = token.indexOf('\n', at + 1)) line++;
    if (token.length > 1 && token.endsWith('\n')) {
      lineStart = true;
      onLine = 0;
    }
  }
  return undefined;
}

function readComposeFile(file: string, lookup: VariableLookup, warnings: string[]): Mapping {
  const text = readBoundedFile(file, COMPOSE_LIMITS.maxFileBytes, 'compose file', 'Check the path (stevedore.compose.files or --file).');
  const deepAt = yamlTooDeepAt(text, COMPOSE_LIMITS.maxDepth);
  if (deepAt !== undefined) throw new ComposeFileError(`${file} nests more than ${COMPOSE_LIMITS.maxDepth} levels deep (line ${deepAt}): compose files need far fewer. Fix the file.`);
  const lines = new LineCounter();
  // Merge keys (<<) are YAML 1.1 but Compose files use them with anchors. Duplicate keys are checked in
  // checkYamlShape, in one pass; yaml's alias bound stays as a second guard.
  const parsed = parseDocument(text, { merge: true, uniqueKeys: false, lineCounter: lines, prettyErrors: false });
  const syntax = parsed.errors[0];
  if (syntax) {
    if (/Maximum call stack/i.test(syntax.message)) {
      throw new ComposeFileError(`${file} nests more than ${COMPOSE_LIMITS.maxDepth} levels deep (line ${lines.linePos(syntax.pos[0]).line}): compose files need far fewer. Fix the file.`);
    }
    throw new ComposeFileError(`${file} is not valid YAML (line ${lines.linePos(syntax.pos[0]).line}): ${syntax.message.split('\n')[0]}. Fix the file and try again.`);
  }
  checkYamlShape(parsed, file, lines);
  let doc: unknown;
  try {
    doc = parsed.toJS({ maxAliasCount: 1_000 });
  } catch (error) {
    throw new ComposeFileError(`${file} is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}. Fix the file and try again.`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isMapping(doc)) throw new ComposeFileError(`${file} is not a compose file: its top level must be a mapping with "services".`);
  const services = doc.services;
  if (isMapping(services) && Object.keys(services).length > COMPOSE_LIMITS.maxServices) {
    throw new ComposeFileError(`${file} declares ${count(Object.keys(services).length)} services: Stevedore follows at most ${count(COMPOSE_LIMITS.maxServices)}. Split the project.`);
  }
  const budget: InterpolationBudget = {
    chars: COMPOSE_LIMITS.maxInterpolatedChars,
    limitChars: COMPOSE_LIMITS.maxInterpolatedChars,
    maxDepth: COMPOSE_LIMITS.maxInterpolationDepth,
  };
  try {
    return interpolateTree(
      doc,
      lookup,
      (message) => warnings.includes(message) || warnings.push(message),
      budget,
    ) as Mapping;
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
  const dotEnv = isFile(dotEnvPath)
    ? parseDotEnv(readBoundedFile(dotEnvPath, COMPOSE_LIMITS.maxDotEnvBytes, '.env file', 'Remove it from the compose project folder, or replace it with a regular file.'))
    : {};
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
  const declared = Object.entries((model.services as Mapping | undefined) ?? {});
  if (declared.length > COMPOSE_LIMITS.maxServices) {
    throw new ComposeFileError(`${files.join(', ')} declare ${count(declared.length)} services: Stevedore follows at most ${count(COMPOSE_LIMITS.maxServices)}. Split the project.`);
  }
  for (const [serviceName, raw] of declared) {
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
