// Compose files in `stevedore lint`: which files are compose files (by name, or `--kind`), and the
// `.dockerignore` reader SDC3007 needs, looked up where `docker compose build` sends it from.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isComposeFileName } from '../compose';
import { dockerignoreCandidates } from '../dockerfile';

export const LINT_KINDS = ['auto', 'dockerfile', 'compose'] as const;
export type LintKind = (typeof LINT_KINDS)[number];

/** What a file is linted as: `--kind` wins; otherwise compose*.y(a)ml / docker-compose*.y(a)ml are compose files. */
export function kindOf(file: string, kind: LintKind | undefined): 'dockerfile' | 'compose' {
  if (kind === 'compose' || kind === 'dockerfile') return kind;
  return file !== '-' && isComposeFileName(file) ? 'compose' : 'dockerfile';
}

/**
 * SDC3007's reader for a compose file at `composePath`: a service's `build.context` is relative to the
 * compose file's folder, its `dockerfile` relative to the context (default `Dockerfile`); BuildKit
 * takes `<Dockerfile>.dockerignore` first, then the context's `.dockerignore` (as the Dockerfile rule
 * SD3008 does). Synchronous: the rules run synchronously, and it reads one small file per build.
 */
export type DockerignoreReader = (context: string, dockerfile: string | undefined) => string | null;

export function composeDockerignoreReader(composePath: string): DockerignoreReader {
  const folder = dirname(composePath);
  return (context, dockerfile) => {
    const contextDir = resolve(folder, context);
    const dockerfilePath = dockerfile && isAbsolute(dockerfile) ? dockerfile : resolve(contextDir, dockerfile ?? 'Dockerfile');
    // `<Dockerfile>.dockerignore` (the Dockerfile rule's first place), then the context's
    // (not the Dockerfile's folder's: the context is known here).
    const candidates = [dockerignoreCandidates(dockerfilePath)[0], resolve(contextDir, '.dockerignore')];
    for (const candidate of candidates) {
      try {
        return readFileSync(candidate, 'utf8');
      } catch {
        // Not there: try the next place.
      }
    }
    return null;
  };
}
