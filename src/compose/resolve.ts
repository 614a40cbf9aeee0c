// A compose project resolved like `docker compose config`. TODO: bodies.
import type { ComposeProjectModel, ResolveOptions, ServiceResources } from './types';
export { ComposeFileError } from './files';

/** Resolve a project. Never throws: problems are the model's diagnostics. */
export function resolveComposeProject(options: ResolveOptions): ComposeProjectModel {
  void options;
  throw new Error('TODO');
}

/** A service's resources from deploy.resources and the legacy keys. */
export function serviceResources(config: Record<string, unknown>): ServiceResources {
  void config;
  return { declaredIn: 'none' };
}
