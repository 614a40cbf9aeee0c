// A command-line target as an image source, for `analyze` and `diff` alike: a path that exists is
// read from disk (file: docker save / oci-archive; folder: OCI layout); anything else names an
// image in the Docker engine. Errors are CliErrors with `analyze`'s exit codes.
import { statSync } from 'node:fs';
import type Docker from 'dockerode';
import { connectDocker, DockerConfigError, DockerUnreachableError } from '../docker/connection';
import type { ImageSource } from '../image/index';
import { CliError } from './errors';

/** One engine connection per command, made only when a target names an engine image. */
export class EngineConnection {
  private docker?: Promise<Docker>;

  constructor(private readonly host: string | undefined) {}

  get(): Promise<Docker> {
    this.docker ??= connectDocker({ setting: this.host, settingName: '--host' }).then(
      ({ docker }) => docker,
      (error: unknown) => {
        // A host Stevedore cannot use at all is a usage error; one it cannot reach is a failure.
        if (error instanceof DockerConfigError) throw new CliError(error.message, 2);
        if (error instanceof DockerUnreachableError) throw new CliError(error.message, 1);
        throw error;
      },
    );
    return this.docker;
  }
}

export async function imageSourceFor(
  target: string,
  engine: EngineConnection,
  sourceKindFor: (input: string) => 'archive' | 'oci-dir' | 'engine',
): Promise<ImageSource> {
  const kind = sourceKindFor(target);
  // A device reads without end (/dev/zero, /dev/urandom); a pipe stays allowed: `analyze <(docker save IMAGE)`.
  if (kind === 'archive') {
    const stats = statSync(target);
    if (stats.isCharacterDevice() || stats.isBlockDevice()) throw new CliError(`${target} is a device, not an image archive. Give a docker save archive, an oci-archive or an OCI layout folder.`, 2);
  }
  if (kind === 'engine' && /\.(tar|tgz|tar\.gz|tar\.zst)$/i.test(target)) {
    throw new CliError(`No file ${target}. Check the path, or create the archive with \`docker save -o ${target} IMAGE\`.`, 1);
  }
  if (kind === 'engine') return { kind: 'engine', docker: await engine.get(), image: target };
  return { kind, path: target };
}
