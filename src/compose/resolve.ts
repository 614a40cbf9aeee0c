// A compose project resolved like `docker compose config`: the files found as Compose finds them,
// .env (or --env-file) under the real environment, ${VAR} interpolation per file, `include`,
// `extends` (same file and other files) per file, the files merged in order (merge.ts), services
// normalised (normalize.ts), profiles applied, resources in both forms folded together. Never throws:
// every problem is a diagnostic and resolution goes on with what it could read.
import { basename, dirname, join, resolve } from 'node:path';
import { COMPOSE_FILE_NAMES, COMPOSE_LIMITS, count, findComposeFiles, isFile, normalizeProjectName, parseDotEnv, readBoundedFile, ComposeFileError } from './files';
import { interpolate, InterpolationError, interpolateTree, type InterpolationBudget, type VariableLookup } from './interpolate';
import { mergeCompose, mergeService } from './merge';
import { isMapping, normalizeService, resolveServicePaths, serviceResources, type Mapping } from './normalize';
import { parseComposeText } from './parse';
import { clearTaggedPlaces, mergeTagPlaces, withoutResets } from './reset';
import type { ComposeDiagnostic, ComposeDocument, ComposeEntry, ComposeNode, ComposeProjectModel, ResolvedService, ResolveOptions, Span } from './types';

export { serviceResources } from './normalize';
export { ComposeFileError } from './files';

/** Top-level keys whose entries are named resources (services are merged by merge.ts's own rules). */
const RESOURCES = ['networks', 'volumes', 'secrets', 'configs'] as const;
/** `include` and `extends` chains deeper than this are refused (a cycle is reported on its own). */
const MAX_CHAIN = 32;

interface Context {
  lookup: VariableLookup;
  variables: Record<string, string>;
  env: Record<string, string | undefined>;
  overlays?: Map<string, string>;
  diagnostics: ComposeDiagnostic[];
  documents: Map<string, ComposeDocument>;
  /** Interpolated plain content per file, so a file read by several `extends` is read once. */
  contents: Map<string, Mapping | undefined>;
  /** Files being included, to catch include cycles. */
  including: string[];
  includedFiles: string[];
  warned: Set<string>;
}

/** Resolve a project. Never throws: problems are the model's diagnostics. */
export function resolveComposeProject(options: ResolveOptions = {}): ComposeProjectModel {
  const env = options.env ?? process.env;
  const diagnostics: ComposeDiagnostic[] = [];
  const start = resolve(options.workingDir ?? '.');
  let files = (options.files ?? []).filter((file) => file.trim() !== '').map((file) => resolve(start, file));
  if (!files.length) {
    const found = findComposeFiles(start, [], env);
    files = found.files;
    for (const warning of found.warnings) diagnostics.push({ code: 'discovery', severity: 'warning', message: warning });
  }
  const workingDir = options.workingDir ? resolve(options.workingDir) : files.length ? dirname(files[0]) : start;
  if (!files.length) {
    diagnostics.push({
      code: 'file-not-found',
      severity: 'error',
      message: `No compose file found in ${start} or its parent folders (looked for ${COMPOSE_FILE_NAMES.join(', ')}).`,
    });
  }

  const variables = readVariables(workingDir, options, env, diagnostics);
  const lookup: VariableLookup = (name) => env[name] ?? variables[name];
  const context: Context = {
    lookup,
    variables,
    env,
    ...(options.overlays ? { overlays: options.overlays } : {}),
    diagnostics,
    documents: new Map(),
    contents: new Map(),
    including: [],
    includedFiles: [],
    warned: new Set(),
  };

  const origins = new Map<string, string[]>();
  let merged: Mapping = {};
  for (const file of files) {
    const content = loadProjectFile(file, workingDir, context, 0);
    if (!content) continue;
    // `!reset` / `!override` in this file clear what the files before it set there (merge.md).
    const places = mergeTagPlaces(context.documents.get(file)?.root);
    if (places.length > 0) merged = clearTaggedPlaces(merged, places);
    if (isMapping(content.services)) {
      for (const name of Object.keys(content.services)) origins.set(name, [...(origins.get(name) ?? []), file]);
    }
    merged = mergeCompose(merged, content) as Mapping;
  }

  const { name, nameSource } = projectName(options, lookup, merged, workingDir);
  const active = activeProfiles(options, lookup);
  const services: ResolvedService[] = [];
  const disabledServices: ResolvedService[] = [];
  const declared = isMapping(merged.services) ? merged.services : {};
  if (merged.services !== undefined && merged.services !== null && !isMapping(merged.services)) {
    diagnostics.push({ code: 'not-a-mapping', severity: 'error', message: '"services" must be a mapping of service names.', ...(files[0] ? { file: files[0] } : {}) });
  }
  const enabledConfigs: Mapping = {};
  for (const [serviceName, raw] of Object.entries(declared)) {
    const config = normalizeService(isMapping(raw) ? raw : {});
    const profiles = Array.isArray(config.profiles) ? config.profiles.filter((p): p is string => typeof p === 'string') : [];
    const replicas = Number((isMapping(config.deploy) ? config.deploy.replicas : undefined) ?? config.scale ?? 1);
    const contributing = origins.get(serviceName) ?? [];
    const service: ResolvedService = {
      name: serviceName,
      config,
      resources: serviceResources(config),
      replicas: Number.isInteger(replicas) && replicas >= 0 ? replicas : 1,
      profiles,
      origin: { file: contributing[contributing.length - 1] ?? files[0] ?? '', files: contributing },
    };
    const enabled = !profiles.length || active.includes('*') || profiles.some((profile) => active.includes(profile));
    if (enabled) {
      services.push(service);
      enabledConfigs[serviceName] = config;
    } else disabledServices.push(service);
  }
  const model: Mapping = { name, ...merged };
  if (isMapping(merged.services)) model.services = enabledConfigs;
  delete model.include;

  return {
    name,
    nameSource,
    workingDir,
    configFiles: files,
    includedFiles: context.includedFiles,
    services,
    disabledServices,
    model,
    variables,
    diagnostics,
    documents: context.documents,
  };
}

/** .env (or the --env-file files) of the project folder; the real environment wins at lookup. */
function readVariables(workingDir: string, options: ResolveOptions, env: Record<string, string | undefined>, diagnostics: ComposeDiagnostic[]): Record<string, string> {
  const variables: Record<string, string> = {};
  const files = options.envFiles?.length ? options.envFiles.map((file) => resolve(workingDir, file)) : [join(workingDir, '.env')];
  for (const file of files) {
    const overlay = options.overlays?.get(file);
    if (overlay === undefined && !options.envFiles?.length && !isFile(file)) continue;
    try {
      const text = overlay ?? readBoundedFile(file, COMPOSE_LIMITS.maxDotEnvBytes, '.env file', 'Remove it from the compose project folder, or replace it with a regular file.');
      Object.assign(variables, parseDotEnv(text));
    } catch (error) {
      diagnostics.push({ code: 'file-not-found', severity: 'error', message: (error as Error).message, file });
    }
  }
  void env;
  return variables;
}

function projectName(
  options: ResolveOptions,
  lookup: VariableLookup,
  model: Mapping,
  workingDir: string,
): { name: string; nameSource: ComposeProjectModel['nameSource'] } {
  const fromEnv = lookup('COMPOSE_PROJECT_NAME');
  if (options.projectName?.trim()) return { name: normalizeProjectName(options.projectName.trim()), nameSource: 'option' };
  if (fromEnv?.trim()) return { name: normalizeProjectName(fromEnv.trim()), nameSource: 'COMPOSE_PROJECT_NAME' };
  if (typeof model.name === 'string' && normalizeProjectName(model.name)) return { name: normalizeProjectName(model.name), nameSource: 'name' };
  return { name: normalizeProjectName(basename(workingDir)), nameSource: 'folder' };
}

function activeProfiles(options: ResolveOptions, lookup: VariableLookup): string[] {
  if (options.profiles) return options.profiles;
  return (lookup('COMPOSE_PROFILES') ?? '').split(',').map((profile) => profile.trim()).filter(Boolean);
}

/**
 * One file of the project, ready to merge: parsed, interpolated, its `include`s imported, its
 * services' `extends` applied and their relative paths made absolute against `baseDir`.
 */
function loadProjectFile(file: string, baseDir: string, context: Context, depth: number): Mapping | undefined {
  const content = readInterpolated(file, context);
  if (!content) return undefined;
  // A `!reset` place merges in nothing (its value is ignored).
  let out: Mapping = withoutResets({ ...content }, mergeTagPlaces(context.documents.get(file)?.root));
  if (out.include !== undefined && out.include !== null) out = applyIncludes(file, out, context, depth);
  if (isMapping(out.services)) {
    const services: Mapping = {};
    for (const [name, service] of Object.entries(out.services)) {
      if (!isMapping(service)) {
        services[name] = service;
        continue;
      }
      const withPaths = resolveServicePaths(service, baseDir);
      services[name] = withPaths.extends !== undefined ? applyExtends(file, name, withPaths, baseDir, context, [`${file}#${name}`]) : withPaths;
    }
    out.services = services;
  }
  return out;
}

/** A file's plain content after interpolation (cached), or undefined when it cannot be read. */
function readInterpolated(file: string, context: Context): Mapping | undefined {
  if (context.contents.has(file)) return context.contents.get(file);
  context.contents.set(file, undefined);
  let text = context.overlays?.get(file);
  if (text === undefined) {
    try {
      text = readBoundedFile(file, COMPOSE_LIMITS.maxFileBytes, 'compose file', 'Check the path (stevedore.compose.files or --file).');
    } catch (error) {
      const message = error instanceof ComposeFileError ? error.message : String(error);
      context.diagnostics.push({ code: /larger than/.test(message) ? 'too-large' : 'file-not-found', severity: 'error', message, file });
      return undefined;
    }
  }
  const doc = parseComposeText(text, file);
  context.documents.set(file, doc);
  context.diagnostics.push(...doc.diagnostics);
  if (!isMapping(doc.value)) return undefined;
  if (isMapping(doc.value.services) && Object.keys(doc.value.services).length > COMPOSE_LIMITS.maxServices) {
    context.diagnostics.push({
      code: 'too-large',
      severity: 'error',
      message: `${file} declares ${count(Object.keys(doc.value.services).length)} services: Stevedore follows at most ${count(COMPOSE_LIMITS.maxServices)}. Split the project.`,
      file,
    });
    return undefined;
  }
  const content = interpolateFile(doc, file, context);
  context.contents.set(file, content);
  return content;
}

/**
 * Interpolate each top-level entry, and each service on its own, so one bad ${...} costs that
 * service, not the file. The text budget is shared by the whole file.
 */
function interpolateFile(doc: ComposeDocument, file: string, context: Context): Mapping {
  const budget: InterpolationBudget = {
    chars: COMPOSE_LIMITS.maxInterpolatedChars,
    limitChars: COMPOSE_LIMITS.maxInterpolatedChars,
    maxDepth: COMPOSE_LIMITS.maxInterpolationDepth,
  };
  const value = doc.value as Mapping;
  const out: Mapping = {};
  const unit = (node: ComposeNode | undefined, item: unknown): unknown => {
    const warn = (message: string): void => {
      const name = /"([^"]+)" variable/.exec(message)?.[1] ?? '';
      const key = `${file}\u0000${name}`;
      if (context.warned.has(key)) return;
      context.warned.add(key);
      const span = findVariable(doc, node, name);
      context.diagnostics.push({ code: 'unset-variable', severity: 'warning', message, file, ...(span ? { span } : {}) });
    };
    try {
      return interpolateTree(item, context.lookup, warn, budget);
    } catch (error) {
      if (!(error instanceof InterpolationError)) throw error;
      const name = /^Required variable (\w+)/.exec(error.message)?.[1];
      const span = name ? findVariable(doc, node, name) : node?.span;
      context.diagnostics.push({ code: name ? 'required-variable' : 'interpolation', severity: 'error', message: error.message, file, ...(span ? { span } : {}) });
      return undefined;
    }
  };
  const root = doc.root?.kind === 'map' ? doc.root : undefined;
  for (const [key, item] of Object.entries(value)) {
    const node = root?.entries.find((entry) => entry.key === key)?.value;
    if (key === 'services' && isMapping(item)) {
      const services: Mapping = {};
      for (const [name, service] of Object.entries(item)) {
        const serviceNode = node?.kind === 'map' ? node.entries.find((entry) => entry.key === name)?.value : undefined;
        const interpolated = unit(serviceNode, service);
        if (interpolated !== undefined) services[name] = interpolated;
      }
      out.services = services;
    } else {
      const interpolated = unit(node, item);
      if (interpolated !== undefined) out[key] = interpolated;
    }
  }
  return out;
}

/** Where `${name` or `$name` is written inside a node, for the diagnostic's span. */
function findVariable(doc: ComposeDocument, node: ComposeNode | undefined, name: string): Span | undefined {
  if (!name) return node?.span;
  const from = node?.span.start ?? 0;
  const to = node?.span.end ?? doc.text.length;
  const slice = doc.text.slice(from, to);
  const match = new RegExp(`\\$\\{?${name}(?![A-Za-z0-9_])`).exec(slice);
  if (!match) return node?.span;
  const start = from + match.index;
  const end = start + match[0].length;
  const a = doc.positionAt(start);
  const b = doc.positionAt(end);
  return { start, end, range: { start: a, end: b } };
}

/** compose-spec include.md: each entry is loaded as its own project and its resources imported. */
function applyIncludes(file: string, content: Mapping, context: Context, depth: number): Mapping {
  const out: Mapping = { ...content };
  delete out.include;
  const entries = Array.isArray(content.include) ? content.include : [content.include];
  const fail = (message: string): void => {
    const doc = context.documents.get(file);
    const node = doc?.root?.kind === 'map' ? doc.root.entries.find((entry) => entry.key === 'include') : undefined;
    context.diagnostics.push({ code: 'include', severity: 'error', message, file, ...(node ? { span: node.keySpan } : {}) });
  };
  for (const entry of entries) {
    const spec = typeof entry === 'string' ? { path: entry } : isMapping(entry) ? entry : undefined;
    const paths = typeof spec?.path === 'string' ? [spec.path] : Array.isArray(spec?.path) ? spec.path.filter((p): p is string => typeof p === 'string') : [];
    if (!spec || !paths.length) {
      fail(`An include entry in ${file} has no path: write "- path/to/compose.yaml" or "- path: ...".`);
      continue;
    }
    const includedFiles = paths.map((path) => resolve(dirname(file), path));
    const projectDir = typeof spec.project_directory === 'string' ? resolve(dirname(file), spec.project_directory) : dirname(includedFiles[0]);
    if (depth >= MAX_CHAIN || includedFiles.some((included) => context.including.includes(included) || included === file)) {
      fail(`${file} includes ${includedFiles.join(', ')}, which includes it again (${[...context.including, file].map((f) => basename(f)).join(' -> ')}): remove the cycle.`);
      continue;
    }
    for (const included of includedFiles) {
      if (!context.overlays?.has(included) && !isFile(included)) {
        fail(`${file} includes ${included}, which does not exist. Check the path.`);
      }
    }
    // An included project reads its own .env (or its env_file) under the including project's variables.
    const envFiles = typeof spec.env_file === 'string' ? [resolve(dirname(file), spec.env_file)] : Array.isArray(spec.env_file) ? spec.env_file.filter((f): f is string => typeof f === 'string').map((f) => resolve(dirname(file), f)) : [join(projectDir, '.env')];
    const ownVariables: Record<string, string> = {};
    for (const envFile of envFiles) {
      const text = context.overlays?.get(envFile) ?? (isFile(envFile) ? safeRead(envFile) : undefined);
      if (text !== undefined) Object.assign(ownVariables, parseDotEnv(text));
    }
    const outer = context.lookup;
    const subContext: Context = {
      ...context,
      lookup: (name) => outer(name) ?? ownVariables[name],
      contents: new Map(),
      including: [...context.including, file],
    };
    let imported: Mapping = {};
    for (const included of includedFiles) {
      context.includedFiles.push(included);
      const loaded = loadProjectFile(included, projectDir, subContext, depth + 1);
      if (loaded) imported = mergeCompose(imported, loaded) as Mapping;
    }
    for (const key of ['services', ...RESOURCES]) {
      const incoming = imported[key];
      if (!isMapping(incoming)) continue;
      const existing = isMapping(out[key]) ? (out[key] as Mapping) : {};
      for (const name of Object.keys(incoming)) {
        if (name in existing) fail(`${key.slice(0, -1)} "${name}" is defined both in ${file} and in the included ${includedFiles.map((f) => basename(f)).join(', ')}: rename one, or use an override file instead of include.`);
      }
      out[key] = { ...incoming, ...existing };
    }
  }
  return out;
}

function safeRead(file: string): string | undefined {
  try {
    return readBoundedFile(file, COMPOSE_LIMITS.maxDotEnvBytes, '.env file', '');
  } catch {
    return undefined;
  }
}

/**
 * compose-spec extends.md: the base service (same file, or `file:`) with its own `extends` applied
 * first, merged under the local definition. depends_on and volumes_from are not inherited (they would
 * create dependencies the reader of this file cannot see), nor is the base's `extends`.
 */
function applyExtends(file: string, name: string, service: Mapping, baseDir: string, context: Context, chain: string[]): Mapping {
  const spec = service.extends;
  const target = typeof spec === 'string' ? { service: spec } : isMapping(spec) ? spec : undefined;
  const local: Mapping = { ...service };
  delete local.extends;
  const fail = (message: string): Mapping => {
    const doc = context.documents.get(file);
    const entry = doc?.root ? findEntry(doc.root, ['services', name, 'extends']) : undefined;
    context.diagnostics.push({ code: 'extends', severity: 'error', message, file, ...(entry ? { span: entry } : {}) });
    return local;
  };
  if (!target || typeof target.service !== 'string') return fail(`The service "${name}" has an "extends" without a service name: write "extends: other" or "extends: {service: other, file: other.yaml}".`);
  const baseFile = typeof target.file === 'string' ? target.file : file;
  const baseName = target.service;
  const key = `${baseFile}#${baseName}`;
  if (chain.includes(key) || chain.length > MAX_CHAIN) {
    return fail(`The service "${name}" extends itself through ${[...chain, key].map((step) => step.split('#')[1]).join(' -> ')}: remove the cycle.`);
  }
  const content = baseFile === file ? context.contents.get(file) : readInterpolated(baseFile, context);
  if (baseFile !== file && !content && !context.documents.has(baseFile)) return fail(`The service "${name}" extends "${baseName}" in ${baseFile}, which cannot be read.`);
  const services = isMapping(content?.services) ? content.services : {};
  const base = services[baseName];
  if (!isMapping(base)) return fail(`The service "${name}" extends "${baseName}", which is not defined in ${baseFile === file ? 'this file' : baseFile}.`);
  // Paths in another file are relative to that file's folder; in this file, to this file's base.
  let resolvedBase = resolveServicePaths(base, baseFile === file ? baseDir : dirname(baseFile));
  if (resolvedBase.extends !== undefined) resolvedBase = applyExtends(baseFile, baseName, resolvedBase, baseFile === file ? baseDir : dirname(baseFile), context, [...chain, key]);
  const inherited: Mapping = { ...resolvedBase };
  delete inherited.depends_on;
  delete inherited.volumes_from;
  delete inherited.extends;
  return mergeService(inherited, local);
}

function findEntry(root: ComposeNode, path: string[]): Span | undefined {
  let node: ComposeNode | undefined = root;
  let span: Span | undefined;
  for (const step of path) {
    if (node?.kind !== 'map') return span;
    const entry: ComposeEntry | undefined = node.entries.find((item) => item.key === step);
    if (!entry) return span;
    span = entry.keySpan;
    node = entry.value;
  }
  return span;
}

/** Interpolate one string with a project's variables (for callers outside the resolver). */
export function interpolateWith(text: string, model: Pick<ComposeProjectModel, 'variables'>, env: Record<string, string | undefined> = process.env): string {
  return interpolate(text, (name) => env[name] ?? model.variables[name]);
}
