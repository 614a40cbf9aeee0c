// Reading layers again after the analysis, to get at file contents: only the layers asked for, from
// the same source the analysis read (an OCI folder's blobs directly; an archive or the engine's export
// as one stream, stopped once every wanted layer has passed). Layers are named by the key the analysis
// found them under (LayerScan.key), so no manifest is resolved twice.
import { createReadStream } from 'node:fs';
import { join, posix } from 'node:path';
import * as tarStream from 'tar-stream';
import type { ImageContents, ImageSource } from '../contents';
import { ByteCounter, DEFAULT_EXPANSION_LIMIT, layerTarChunks, peek, sniffBlob } from '../decompress';
import { cancelledError, describeReadError, ImageSourceError } from '../errors';
import { InputFileError, openRegularFile } from '../localFile';
import { feedExtractor } from './archive';
import { exportStream } from './engine';

/** Large reads: each read is a trip through libuv's thread pool, costly on a busy machine. */
const READ_CHUNK_BYTES = 8 * 1024 * 1024;

/** Called with each wanted layer's uncompressed tar; it may stop reading early by returning. */
export type LayerVisitor = (key: string, tarChunks: AsyncIterable<Buffer>) => Promise<void>;

async function visitBlob(key: string, chunks: AsyncIterable<Buffer>, what: string, visit: LayerVisitor): Promise<void> {
  const { head, stream } = await peek(chunks, 1024);
  const kind = sniffBlob(head);
  const counter = new ByteCounter(`Layer ${key} of ${what}`, DEFAULT_EXPANSION_LIMIT);
  await visit(key, layerTarChunks(kind === 'gzip' || kind === 'zstd' ? kind : 'tar', stream, counter));
}

/** Stream the layers named by `keys` from `source` (the one `contents` was read from) to `visit`. */
export async function forEachLayerBlob(
  source: ImageSource,
  contents: ImageContents,
  keys: Set<string>,
  visit: LayerVisitor,
  signal?: AbortSignal,
): Promise<void> {
  if (keys.size === 0) return;
  if (source.kind === 'oci-dir') {
    const what = `OCI layout ${source.path}`;
    for (const key of keys) {
      if (signal?.aborted) throw cancelledError();
      if (!/^blobs\/[a-z0-9]+\/[0-9a-f]+$/.test(key)) throw new ImageSourceError('bad-format', `${what}: ${key} is not a blob of the layout.`);
      let opened: { fd: number };
      try {
        opened = openRegularFile(join(source.path, key), { noFollow: true });
      } catch (error) {
        if (!(error instanceof InputFileError)) throw error;
        throw new ImageSourceError('missing-layer', `${what}: layer ${key} is ${error.message} now. The layout changed since it was analysed: analyse it again.`, error);
      }
      const stream = createReadStream('', { fd: opened.fd, highWaterMark: READ_CHUNK_BYTES });
      try {
        await visitBlob(key, stream as AsyncIterable<Buffer>, what, visit);
      } catch (error) {
        throw describeReadError(error, `${what}, layer ${key}`);
      } finally {
        stream.destroy();
      }
    }
    return;
  }
  let chunks: AsyncIterable<Buffer> & { destroy?: () => void };
  let what: string;
  if (source.kind === 'archive') {
    what = `Archive ${source.path}`;
    try {
      const opened = openRegularFile(source.path);
      chunks = createReadStream('', { fd: opened.fd, highWaterMark: READ_CHUNK_BYTES }) as unknown as typeof chunks;
    } catch (error) {
      if (!(error instanceof InputFileError)) throw error;
      throw new ImageSourceError('not-found', `${what} is ${error.message} now. It changed since it was analysed: analyse it again.`, error);
    }
  } else {
    what = `The export of image ${source.image} from the Docker engine`;
    // The analysed image by its ID: a tag moved meanwhile must not mix two images' files.
    const id = contents.id ?? source.image;
    try {
      chunks = (await exportStream(source.docker, id, signal)) as unknown as typeof chunks;
    } catch (error) {
      if (error instanceof ImageSourceError) throw error;
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404) throw new ImageSourceError('not-found', `Image ${source.image} (${id.slice(0, 19)}) is no longer in the Docker engine: it was removed or rebuilt since it was analysed. Analyse it again.`, error);
      throw new ImageSourceError('engine-gone', `The Docker engine could not send image ${source.image} again (${(error as Error).message}). Is Docker still running?`, error);
    }
  }
  const stream = chunks;
  const onAbort = (): void => stream.destroy?.();
  signal?.addEventListener('abort', onAbort, { once: true });
  const left = new Set(keys);
  try {
    const { head, stream: replay } = await peek(stream, 1024);
    const outerKind = sniffBlob(head);
    const counter = new ByteCounter(what, DEFAULT_EXPANSION_LIMIT);
    const tarChunks = outerKind === 'gzip' || outerKind === 'zstd' ? layerTarChunks(outerKind, replay, counter) : replay;
    const extract = tarStream.extract();
    const pump = feedExtractor(tarChunks, extract, signal);
    try {
      for await (const entry of extract) {
        if (signal?.aborted) throw cancelledError();
        const key = posix.normalize(entry.header.name).replace(/^(\.\/)+/, '').replace(/^\/+/, '');
        if (!left.has(key) || (entry.header.type !== 'file' && entry.header.type !== 'contiguous-file')) {
          entry.resume();
          continue;
        }
        left.delete(key);
        await visitBlob(key, entry as unknown as AsyncIterable<Buffer>, what, visit);
        if (left.size === 0) break;
      }
    } finally {
      // The source first: the pump may be waiting for its next chunk, which must not be needed.
      stream.destroy?.();
      extract.destroy();
      await pump.catch(() => undefined);
    }
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    throw describeReadError(error, what);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stream.destroy?.();
  }
  if (left.size) {
    throw new ImageSourceError('missing-layer', `${what} no longer holds layer ${[...left][0]}: the image changed since it was analysed. Analyse it again.`);
  }
}
