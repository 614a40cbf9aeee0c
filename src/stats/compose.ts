// The stats engine's view of a compose project: the compose engine (src/compose) finds, reads and
// resolves it (the one place that does), and this keeps what the monitor follows: the project name,
// its files and each service's declared resources. Loading refuses (ComposeFileError) on the first
// error, since the monitor cannot follow a project it could not read.
import { isAbsolute, join } from 'node:path';
import { realpathSync } from 'node:fs';
import { ComposeFileError, findComposeFiles, resolveComposeProject, type ComposeDiagnostic, type ResolvedService } from '../compose';
import type { ComposeProject, DeclaredResources, DeclaredService } from './types';

export { COMPOSE_FILE_NAMES, COMPOSE_OVERRIDE_FILE_NAMES, COMPOSE_LIMITS, ComposeFileError, findComposeFiles, normalizeProjectName, parseDotEnv, readBoundedFile } from '../compose';

export interface LoadComposeOptions {
  folder: string;
  files?: string[];
  projectName?: string;
  env?: NodeJS.ProcessEnv;
}

/** A diagnostic as one line naming the file: "This file ..." becomes the path, else "path (line N): ...". */
function describe(diagnostic: ComposeDiagnostic): string {
  const file = diagnostic.file ?? '';
  if (!file) return diagnostic.message;
  if (diagnostic.message.startsWith('This file')) return file + diagnostic.message.slice('This file'.length);
  if (diagnostic.message.includes(file)) return diagnostic.message;
  const line = diagnostic.span && diagnostic.code !== 'interpolation' ? ` (line ${diagnostic.span.range.start.line + 1})` : '';
  return `${file}${line}: ${diagnostic.message}`;
}

/** Load a folder's compose project. Throws ComposeFileError with a message the user can act on. */
export function loadComposeProject(options: LoadComposeOptions): ComposeProject {
  const env = options.env ?? process.env;
  const { files, warnings } = findComposeFiles(options.folder, options.files, env);
  if (!files.length) {
    const model = resolveComposeProject({ workingDir: options.folder, env });
    throw new ComposeFileError(
      `${model.diagnostics.find((d) => d.code === 'file-not-found')?.message ?? 'No compose file found.'} ` +
        'Open the folder that holds it, or name it with --file (CLI) or the stevedore.compose.files setting.',
    );
  }
  const model = resolveComposeProject({ files, env, ...(options.projectName ? { projectName: options.projectName } : {}), profiles: ['*'] });
  const error = model.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  if (error) {
    if (error.code === 'file-not-found' && error.file && files.includes(error.file) && /ENOENT/.test(error.message)) {
      throw new ComposeFileError(`The compose file ${error.file} does not exist. Check --file or the stevedore.compose.files setting.`);
    }
    throw new ComposeFileError(describe(error));
  }
  if (!model.name) {
    throw new ComposeFileError(`Cannot derive a compose project name from the folder "${model.workingDir}": set a top-level "name:" or use --project-name.`);
  }
  const unset = model.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning' && diagnostic.code !== 'discovery').map((diagnostic) => diagnostic.message);
  return {
    name: model.name,
    nameSource: model.nameSource,
    workingDir: realPath(model.workingDir),
    configFiles: files.map(realPath),
    services: model.services.map(declaredService),
    warnings: [...warnings, ...new Set(unset)],
  };
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** What the monitor follows of a resolved service: its resources (deploy first, then the legacy keys). */
export function declaredService(service: ResolvedService): DeclaredService {
  const { resources, config } = service;
  const declared: DeclaredResources = {};
  if (resources.memoryLimitBytes !== undefined) declared.memoryLimitBytes = resources.memoryLimitBytes;
  const reservation = resources.memoryReservationBytes;
  if (reservation !== undefined) declared.memoryReservationBytes = reservation;
  if (resources.cpuLimit !== undefined) declared.cpuLimit = resources.cpuLimit;
  if (resources.cpuReservation !== undefined) declared.cpuReservation = resources.cpuReservation;
  return {
    name: service.name,
    ...(typeof config.image === 'string' ? { image: config.image } : {}),
    declared,
    replicas: service.replicas,
    profiles: service.profiles,
    ...(typeof config.container_name === 'string' ? { containerName: config.container_name } : {}),
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
