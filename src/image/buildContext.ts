// The build context the docker CLI would send: the Dockerfile's folder as a tar stream, minus what
// `.dockerignore` excludes (Docker's own pattern rules, `!` exceptions included). No `vscode` import.
import dockerignore from '@balena/dockerignore';
import { createReadStream, type Dirent } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tarStream from 'tar-stream';

export interface BuildContext {
  /** The folder sent to the engine. */
  folder: string;
  /** The Dockerfile's path inside the context, with `/`. */
  dockerfile: string;
  /** The ignore file that applied, if any. */
  ignoreFile?: string;
}

const toPosix = (path: string): string => path.split(sep).join('/');

/** The context for a Dockerfile: its folder, and `<Dockerfile>.dockerignore` (BuildKit) or `.dockerignore`. */
export async function contextFor(dockerfilePath: string): Promise<BuildContext> {
  const folder = dirname(dockerfilePath);
  const dockerfile = toPosix(relative(folder, dockerfilePath));
  for (const candidate of [`${dockerfilePath}.dockerignore`, join(folder, '.dockerignore')]) {
    try {
      await lstat(candidate);
      return { folder, dockerfile, ignoreFile: candidate };
    } catch {
      // not there: try the next one
    }
  }
  return { folder, dockerfile };
}

/** The context's paths (relative, `/`-separated, directories before their contents) that the engine receives. */
export async function contextEntries(context: BuildContext): Promise<string[]> {
  const patterns = context.ignoreFile ? await readFile(context.ignoreFile, 'utf8') : '';
  const ignore = dockerignore({ ignorecase: false }).add(patterns);
  // With `!` exceptions an excluded folder can still hold included files, so it must be walked.
  const hasExceptions = /^\s*!/m.test(patterns);
  // The Dockerfile and .dockerignore always go: the engine needs them (as the docker CLI does).
  const always = new Set([context.dockerfile, '.dockerignore', context.ignoreFile ? toPosix(relative(context.folder, context.ignoreFile)) : '']);
  const entries: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const children: Dirent[] = await readdir(join(context.folder, dir), { withFileTypes: true });
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      const path = dir ? `${dir}/${child.name}` : child.name;
      const ignored = ignore.ignores(path) && !always.has(path);
      if (child.isDirectory()) {
        if (!ignored) entries.push(path);
        if (!ignored || hasExceptions) await walk(path);
      } else if (!ignored) {
        entries.push(path);
      }
    }
  };
  await walk('');
  return entries;
}

/**
 * Pack the context as a tar stream, reading each file as it is written (nothing held in memory).
 * `dockerfileText` replaces the Dockerfile's bytes: an editor's unsaved text builds as it reads.
 */
export function packContext(context: BuildContext, entries: string[], dockerfileText?: string): Readable {
  const pack = tarStream.pack();
  const write = async (): Promise<void> => {
    for (const path of entries) {
      const full = join(context.folder, ...path.split('/'));
      const stat = await lstat(full);
      const header = { name: path, mode: stat.mode & 0o7777, mtime: stat.mtime, uid: 0, gid: 0 };
      if (dockerfileText !== undefined && path === context.dockerfile) {
        pack.entry({ ...header, type: 'file' }, Buffer.from(dockerfileText, 'utf8'));
      } else if (stat.isDirectory()) {
        pack.entry({ ...header, type: 'directory' });
      } else if (stat.isSymbolicLink()) {
        pack.entry({ ...header, type: 'symlink', linkname: await readlink(full) });
      } else if (stat.isFile()) {
        const entry = pack.entry({ ...header, type: 'file', size: stat.size });
        await pipeline(createReadStream(full), entry);
      }
      // Sockets, FIFOs and devices are skipped, as the docker CLI does.
    }
    pack.finalize();
  };
  write().catch((error: unknown) => pack.destroy(error instanceof Error ? error : new Error(String(error))));
  // tar-stream's streams are streamx streams; hand the engine client a Node stream.
  return Readable.from(pack);
}

/** A tag for an image built from a folder: `stevedore-build/<folder>:latest`, in Docker's reference alphabet. */
export function defaultBuildTag(dockerfilePath: string): string {
  const folder = basename(dirname(dockerfilePath))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return `stevedore-build/${folder || 'image'}:latest`;
}
