// An OCI image layout folder (index.json, oci-layout, blobs/<alg>/<hex>): the metadata is read
// first, then each layer blob of the chosen manifest is streamed once, in the manifest's order.
// Only regular files inside the layout are read: digests are checked before they name a file,
// symbolic links are not followed, and a device or folder where a blob should be is refused.
import { createReadStream, lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageContents, ReadOptions } from '../contents';
import { ImageSourceError } from '../errors';
import { InputFileError, openRegularFile, readRegularFile } from '../localFile';
import { blobKey, ImageAssembler } from './archive';
import { MAX_JSON_DOCUMENT_BYTES, ociDocument } from './metadata';

/** Large reads: each read is a trip through libuv's thread pool, costly on a busy machine. */
const READ_CHUNK_BYTES = 8 * 1024 * 1024;

function layoutError(what: string, name: string, error: InputFileError): ImageSourceError {
  const code = error.code === 'too-large' ? 'too-large' : 'bad-format';
  return new ImageSourceError(code, `${what}: ${name} is ${error.message}. Only regular files inside the layout are read: copy the image again (skopeo copy docker-daemon:IMAGE oci:DIR).`, error);
}

/** blobs/ and blobs/<algorithm> must be real folders of the layout, not links to elsewhere. */
function checkBlobFolders(dir: string, key: string, what: string): void {
  const parts = key.split('/');
  for (const folder of [parts[0], `${parts[0]}/${parts[1]}`]) {
    let isLink = false;
    try {
      isLink = lstatSync(join(dir, folder)).isSymbolicLink();
    } catch {
      return; // missing: the blob is missing, which assemble() names
    }
    if (isLink) throw new ImageSourceError('bad-format', `${what}: ${folder} is a symbolic link; only files inside the layout are read. Copy the image again.`);
  }
}

/** A metadata blob's bytes into the assembler, when the layout has it. */
function loadJson(assembler: ImageAssembler, dir: string, key: string, name: string, what: string): void {
  if (assembler.hasJson(key)) return;
  checkBlobFolders(dir, key, what);
  try {
    assembler.addJson(key, readRegularFile(join(dir, key), MAX_JSON_DOCUMENT_BYTES, `an image's metadata document may have at most ${MAX_JSON_DOCUMENT_BYTES / 1024 ** 2} MiB`, { noFollow: true }));
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    if (error.code === 'not-found') return; // assemble() names what is missing
    throw layoutError(what, name, error);
  }
}

export async function readOciDirectory(dir: string, name: string, options: ReadOptions = {}): Promise<ImageContents> {
  const what = `OCI layout ${dir}`;
  const assembler = new ImageAssembler(what, options);
  try {
    assembler.addJson('index.json', readRegularFile(join(dir, 'index.json'), MAX_JSON_DOCUMENT_BYTES, `an index may have at most ${MAX_JSON_DOCUMENT_BYTES / 1024 ** 2} MiB`, { noFollow: true }));
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    if (error.code === 'not-found') {
      throw new ImageSourceError('no-manifest', `${what} has no index.json: it is not an OCI image layout. Create one with \`skopeo copy docker-daemon:IMAGE oci:DIR\`.`);
    }
    throw layoutError(what, 'index.json', error);
  }
  // The metadata the chosen manifest needs, then its layers: other platforms' layers are not read.
  const index = ociDocument(assembler.document('index.json', 'index.json'), what, 'index.json');
  const pending = index.kind === 'index' ? [...index.manifests] : [];
  for (let at = 0; at < pending.length && at < 1000; at++) {
    const key = blobKey(pending[at].digest);
    loadJson(assembler, dir, key, `the manifest ${pending[at].digest}`, what);
    const body = assembler.document(key, `the manifest ${pending[at].digest}`);
    if (body === undefined) continue;
    const parsed = ociDocument(body, what, `the manifest ${pending[at].digest}`);
    if (parsed.kind === 'index') pending.push(...parsed.manifests);
  }
  await assembler.settlePlatform(index);
  const manifest = index.kind === 'manifest' ? index : assembler.resolveManifest(index.manifests, 0);
  if (manifest?.config) loadJson(assembler, dir, blobKey(manifest.config.digest), `the image config ${manifest.config.digest}`, what);
  const layers = manifest?.layers ?? [];
  const seen = new Set<string>();
  let done = 0;
  for (const layer of layers) {
    if (seen.has(layer.digest)) continue;
    seen.add(layer.digest);
    const key = blobKey(layer.digest);
    const known = assembler.knownLayer(key);
    if (known) {
      assembler.reuseLayer(key, known);
      done++;
      continue;
    }
    checkBlobFolders(dir, key, what);
    let opened: { fd: number; size: number };
    try {
      opened = openRegularFile(join(dir, key), { noFollow: true });
    } catch (error) {
      if (!(error instanceof InputFileError)) throw error;
      if (error.code === 'not-found') continue; // assemble() names the missing layer
      throw layoutError(what, `layer ${layer.digest}`, error);
    }
    const stream = createReadStream('', { fd: opened.fd, highWaterMark: READ_CHUNK_BYTES });
    try {
      await assembler.addBlob(key, stream as AsyncIterable<Buffer>, opened.size);
    } finally {
      stream.destroy();
    }
    done++;
    options.onProgress?.({ message: `Read layer ${done} of ${layers.length}`, layersDone: done, layersTotal: layers.length, bytesRead: assembler.bytesRead });
  }
  return assembler.assemble(name, 'oci-dir');
}
