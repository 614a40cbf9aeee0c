// A local image through the Engine API: the image's export stream (`GET /images/{name}/get`, what
// `docker save` writes), read as it arrives. No temporary file.
import type Docker from 'dockerode';
import type { ImageContents, ReadOptions } from '../contents';
import { cancelledError, ImageSourceError } from '../errors';
import { readImageArchive } from './archive';
import { isConnectionError } from '../../docker/connection';

interface InspectInfo {
  Id: string;
  RepoTags?: string[];
  RootFS?: { Layers?: string[] };
}

export async function readEngineImage(docker: Docker, image: string, options: ReadOptions = {}): Promise<ImageContents> {
  let info: InspectInfo;
  try {
    info = (await docker.getImage(image).inspect()) as InspectInfo;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      throw new ImageSourceError('not-found', `No image "${image}" in the Docker engine. Build or pull it first, or give a saved archive (docker save -o FILE IMAGE).`, error);
    }
    throw error;
  }
  if (options.signal?.aborted) throw cancelledError();
  const layersTotal = info.RootFS?.Layers?.length;
  const stream = (await docker.getImage(info.Id).get()) as NodeJS.ReadableStream & { destroy?: (error?: Error) => void };
  const onAbort = (): void => stream.destroy?.(cancelledError());
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const what = `The export of image ${image} from the Docker engine`;
  try {
    const contents = await readImageArchive(
      stream as AsyncIterable<Buffer>,
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
    options.signal?.removeEventListener('abort', onAbort);
    stream.destroy?.();
  }
}
