// A local image through the Engine API: the image's export stream (`GET /images/{name}/get`, what
// `docker save` writes), read as it arrives. No temporary file.
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { ImageContents, ReadOptions } from '../contents';
import { cancelledError, ImageSourceError } from '../errors';
import { readImageArchive } from './archive';
import { isConnectionError } from '../../docker/connection';
import { imageReferenceProblem } from '../../docker/reference';

interface InspectInfo {
  Id: string;
  RepoTags?: string[];
  RootFS?: { Layers?: string[] };
}

export async function readEngineImage(
  docker: Docker,
  image: string,
  options: ReadOptions = {},
): Promise<ImageContents> {
  const badName = imageReferenceProblem(image); // Docker's grammar, before the name goes into an API path
  if (badName) throw new ImageSourceError('not-found', `"${image}" is not a valid image name (${badName}). Name an image as docker does: name, name:tag or registry/name@sha256:….`);
  let info: InspectInfo;
  try {
    info = (await docker.getImage(image).inspect()) as InspectInfo;
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404) {
      throw new ImageSourceError('not-found', `No image "${image}" in the Docker engine. Build or pull it first, or give a saved archive (docker save -o FILE IMAGE).`, error);
    }
    if (status === 400) {
      const said = String((error as { json?: { message?: string } }).json?.message ?? '');
      const reason = /invalid reference format:?\s*(.*)$/.exec(said)?.[1] || 'invalid reference format';
      throw new ImageSourceError('not-found', `"${image}" is not a valid image name (${reason}). Name an image as docker does: name, name:tag or registry/name@sha256:….`, error);
    }
    throw error;
  }
  if (options.signal?.aborted) throw cancelledError();
  const layersTotal = info.RootFS?.Layers?.length;
  const stream = await exportStream(docker, info.Id, options.signal);
  const onAbort = (): void => {
    stream.destroy(cancelledError());
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const what = `The export of image ${image} from the Docker engine`;
  const stallMs = options.stallMs ?? 60_000;
  let lastData = Date.now();
  // Timed as the reader takes each chunk: a 'data' listener would put the stream in flowing mode.
  async function* timed(): AsyncGenerator<Buffer> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      lastData = Date.now();
      yield chunk;
    }
  }
  const watchdog = setInterval(() => {
    if (Date.now() - lastData < stallMs) return;
    const seconds = Math.round(stallMs / 1000);
    stream.destroy(Object.assign(new Error(`nothing received for ${seconds} s`), { code: 'ETIMEDOUT' }));
  }, Math.min(5000, Math.max(50, stallMs / 4)));
  watchdog.unref();
  try {
    const contents = await readImageArchive(
      timed(),
      what,
      image,
      {
        ...options,
        onProgress: options.onProgress && ((progress) => options.onProgress?.({ ...progress, layersTotal })),
      },
    );
    return { ...contents, name: image, id: info.Id, source: 'engine' };
  } catch (error) {
    if (options.signal?.aborted) throw cancelledError();
    const cause = error instanceof ImageSourceError ? error.causeError ?? error : error;
    if (error instanceof ImageSourceError && (error.code === 'truncated' || isConnectionError(cause))) {
      throw new ImageSourceError(
        'engine-gone',
        `The Docker engine stopped sending image ${image} mid-stream (${(cause as Error)?.message ?? 'connection closed'}). Is Docker still running? Check it and analyse again.`,
        error,
      );
    }
    if (!(error instanceof ImageSourceError) && isConnectionError(error)) {
      throw new ImageSourceError('engine-gone', `The Docker engine went away while sending image ${image} (${(error as Error).message}). Is Docker still running? Check it and analyse again.`, error);
    }
    throw error;
  } finally {
    clearInterval(watchdog);
    options.signal?.removeEventListener('abort', onAbort);
    stream.destroy();
  }
}

/**
 * `GET /images/{id}/get`, as dockerode's image.get() sends it, but abortable: the engine answers only
 * once it has prepared the export (seconds for a big image), and a cancel must not wait for that.
 */
export function exportStream(docker: Docker, id: string, signal: AbortSignal | undefined): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const options = { path: `/images/${encodeURIComponent(id)}/get`, method: 'GET', isStream: true, abortSignal: signal, statusCodes: { 200: true, 500: 'server error' } };
    docker.modem.dial(options, (error: unknown, stream: unknown) => {
      if (signal?.aborted) {
        (stream as Readable | undefined)?.destroy();
        reject(cancelledError());
      } else if (error) reject(error);
      else resolve(stream as Readable);
    });
  });
}
