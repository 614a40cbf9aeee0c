// Where a Dockerfile's build context keeps its ignore file. The CLI and the editor read the same places.
import { dirname, join } from 'node:path';

/**
 * Where the build context's ignore file is, most specific first: BuildKit reads
 * `<Dockerfile>.dockerignore` before `.dockerignore`; the context is taken as the Dockerfile's folder.
 */
export function dockerignoreCandidates(dockerfilePath: string): string[] {
  return [`${dockerfilePath}.dockerignore`, join(dirname(dockerfilePath), '.dockerignore')];
}
