// An OCI image layout folder (index.json, oci-layout, blobs/<alg>/<hex>): the metadata is read
// first, then each layer blob is streamed once, in the manifest's order.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageContents, ReadOptions } from '../contents';
import { ImageSourceError } from '../errors';
import { blobKey, ImageAssembler } from './archive';

/** Large reads: each read is a trip through libuv's thread pool, costly on a busy machine. */
const READ_CHUNK_BYTES = 8 * 1024 * 1024;

interface Descriptor {
  digest?: string;
  mediaType?: string;
  size?: number;
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ImageSourceError('bad-format', `${what}: ${file} is not readable JSON (${(error as Error).message}). Copy the image again.`, error);
  }
}

export async function readOciDirectory(dir: string, name: string, options: ReadOptions = {}): Promise<ImageContents> {
  const what = `OCI layout ${dir}`;
  if (!existsSync(join(dir, 'index.json'))) {
    throw new ImageSourceError('no-manifest', `${what} has no index.json: it is not an OCI image layout. Create one with \`skopeo copy docker-daemon:IMAGE oci:DIR\`.`);
  }
  const assembler = new ImageAssembler(what, options);
  // Small JSON blobs (indexes, manifests, configs) first, so the layer order is known up front.
  const index = readJson(join(dir, 'index.json'), what) as { manifests?: Descriptor[] };
  assembler.jsonFiles.set('index.json', index);
  const pending: Descriptor[] = [...(index.manifests ?? [])];
  const layers: Descriptor[] = [];
  for (let guard = 0; pending.length && guard < 1000; guard++) {
    const descriptor = pending.shift() as Descriptor;
    if (!descriptor.digest) continue;
    const file = join(dir, blobKey(descriptor.digest));
    if (!existsSync(file)) continue;
    const body = readJson(file, what) as { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] };
    assembler.jsonFiles.set(blobKey(descriptor.digest), body);
    pending.push(...(body.manifests ?? []));
    if (body.config?.digest) {
      const configFile = join(dir, blobKey(body.config.digest));
      if (existsSync(configFile)) assembler.jsonFiles.set(blobKey(body.config.digest), readJson(configFile, what));
    }
    layers.push(...(body.layers ?? []));
  }
  const seen = new Set<string>();
  let done = 0;
  for (const layer of layers) {
    if (!layer.digest || seen.has(layer.digest)) continue;
    seen.add(layer.digest);
    const key = blobKey(layer.digest);
    const file = join(dir, key);
    if (!existsSync(file)) continue; // assemble() names the missing layer
    const stream = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
    try {
      await assembler.addBlob(key, stream as AsyncIterable<Buffer>, statSync(file).size);
    } finally {
      stream.destroy();
    }
    done++;
    options.onProgress?.({ message: `Read layer ${done} of ${layers.length}`, layersDone: done, layersTotal: layers.length, bytesRead: assembler.bytesRead });
  }
  return assembler.assemble(name, 'oci-dir');
}
