// `docker save` archives (legacy manifest.json + <id>/layer.tar, or the OCI layout Engine 25+
// writes) and oci-archives, read as one stream. Layers may come before the manifest: each is
// analysed as it passes, keyed by its path, and put in order once the manifest has been read.
import * as tarStream from 'tar-stream';
import { dirname, posix } from 'node:path';
import type { ImageContents, ImageConfigJson, ReadOptions } from '../contents';
import { layerHistory } from '../contents';
import { ByteCounter, DEFAULT_EXPANSION_LIMIT, layerTarChunks, peek, sniffBlob } from '../decompress';
import { cancelledError, describeReadError, ImageSourceError } from '../errors';
import { emptyScan, type LayerScan, scanLayerTar } from '../layerScan';
import { PathTable } from '../pathTable';
import type { ImageSourceKind } from '../types';

const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** All metadata files of one archive together: manifests and configs are kilobytes in real images. */
const MAX_TOTAL_JSON_BYTES = 256 * 1024 * 1024;

interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
  platform?: { os?: string; architecture?: string };
}

/** Files of an image gathered from wherever they are stored (a stream, a folder). */
export class ImageAssembler {
  readonly table = new PathTable();
  readonly jsonFiles = new Map<string, unknown>();
  readonly scans = new Map<string, LayerScan>();
  readonly aliases = new Map<string, string>();
  bytesRead = 0;
  private jsonBytes = 0;

  constructor(
    readonly what: string,
    readonly options: ReadOptions,
  ) {}

  /** Analyse one blob (layer, JSON or other) whose name in the layout is `key`. */
  async addBlob(key: string, chunks: AsyncIterable<Buffer>, sizeHint?: number): Promise<void> {
    const { head, stream } = await peek(chunks, 1024);
    const kind = sniffBlob(head);
    if (kind === 'json' || (kind === 'unknown' && key.endsWith('.json'))) {
      if ((sizeHint ?? 0) > MAX_JSON_BYTES) return drain(stream);
      const parts: Buffer[] = [];
      let length = 0;
      for await (const chunk of stream) {
        length += chunk.length;
        if (length > MAX_JSON_BYTES) return drain(stream);
        this.jsonBytes += chunk.length;
        if (this.jsonBytes > MAX_TOTAL_JSON_BYTES) {
          throw new ImageSourceError('too-large', `${this.what} holds more than ${MAX_TOTAL_JSON_BYTES / 1024 ** 2} MiB of JSON metadata: it is not an image archive Stevedore can read safely.`);
        }
        parts.push(chunk);
      }
      try {
        this.jsonFiles.set(key, JSON.parse(Buffer.concat(parts).toString('utf8')));
      } catch {
        /* not JSON after all: not part of the image metadata */
      }
      return;
    }
    if (kind === 'unknown') return drain(stream);
    const what = `Layer ${key} of ${this.what}`;
    const counter = new ByteCounter(what, this.options.expansionLimit ?? DEFAULT_EXPANSION_LIMIT);
    const scan = emptyScan(key, kind);
    await scanLayerTar(layerTarChunks(kind, stream, counter), scan, this.table, counter, what, {
      signal: this.options.signal,
      maxEntries: this.options.maxEntriesPerLayer,
      hashContent: this.options.hashContent,
    });
    this.scans.set(key, scan);
    this.bytesRead += counter.compressed;
    this.options.onProgress?.({
      message: `Read layer ${this.scans.size} (${key})`,
      layersDone: this.scans.size,
      bytesRead: this.bytesRead,
    });
  }

  private json(key: string): unknown {
    return this.jsonFiles.get(key);
  }

  private scanFor(key: string): LayerScan | undefined {
    let at = key;
    for (let hops = 0; hops < 16; hops++) {
      const scan = this.scans.get(at);
      if (scan) return scan;
      const next = this.aliases.get(at);
      if (!next) return undefined;
      at = next;
    }
    return undefined;
  }

  /** Put the layers in the manifest's order. */
  assemble(name: string, source: ImageSourceKind): ImageContents {
    const manifest = this.json('manifest.json');
    if (Array.isArray(manifest) && manifest.length > 0) return this.assembleDockerManifest(name, source, manifest);
    const index = this.json('index.json');
    if (index && typeof index === 'object') return this.assembleOci(name, source === 'docker-archive' ? 'oci-archive' : source, index as { manifests?: Descriptor[] });
    throw new ImageSourceError(
      'no-manifest',
      `${this.what} has neither manifest.json nor index.json: it is not a docker save archive, an OCI image layout or an oci-archive. Create one with \`docker save -o FILE IMAGE\`.`,
    );
  }

  private assembleDockerManifest(name: string, source: ImageSourceKind, manifest: unknown[]): ImageContents {
    const entry = (manifest.find((item) => isRecord(item) && Array.isArray(item.RepoTags) && (item.RepoTags as unknown[]).includes(name)) ??
      manifest[0]) as { Config?: string; Layers?: string[]; RepoTags?: string[] };
    const layerPaths = Array.isArray(entry.Layers) ? entry.Layers : [];
    const config = (entry.Config ? this.json(entry.Config) : undefined) as ImageConfigJson | undefined;
    if (!config) {
      throw new ImageSourceError('missing-layer', `${this.what}: the image config ${entry.Config ?? '(none named)'} listed in manifest.json is missing from the archive. Save the image again.`);
    }
    const history = layerHistory(config, layerPaths.length);
    const layers = layerPaths.map((path, index) => {
      const scan = this.scanFor(path);
      if (!scan) {
        throw new ImageSourceError(
          'missing-layer',
          `${this.what}: layer ${index} (${path}) is listed in manifest.json but missing from the archive, or is not a layer. The archive is incomplete: save the image again.`,
        );
      }
      return {
        scan,
        diffId: config.rootfs?.diff_ids?.[index],
        createdBy: history[index].createdBy,
        createdAt: history[index].createdAt,
        compressedSizeBytes: scan.blobKind === 'gzip' || scan.blobKind === 'zstd' ? scan.compressedBytes : undefined,
        diveId: path.split('/')[0],
      };
    });
    const id = entry.Config ? `sha256:${posix.basename(entry.Config).replace(/\.json$/, '')}` : undefined;
    const otherImages = manifest
      .filter((item) => item !== entry)
      .map((item) => (isRecord(item) && Array.isArray(item.RepoTags) && typeof item.RepoTags[0] === 'string' ? item.RepoTags[0] : String((item as { Config?: unknown }).Config ?? 'untagged')));
    return { name: entry.RepoTags?.[0] ?? name, id, source, table: this.table, layers, ...(otherImages.length ? { otherImages } : {}) };
  }

  private assembleOci(name: string, source: ImageSourceKind, index: { manifests?: Descriptor[] }): ImageContents {
    const manifest = this.resolveManifest(index, 0);
    if (!manifest) {
      throw new ImageSourceError('no-manifest', `${this.what}: index.json names no image manifest that is present. The layout is incomplete: copy the image again.`);
    }
    const configDigest = manifest.config?.digest;
    const config = (configDigest ? this.json(blobKey(configDigest)) : undefined) as ImageConfigJson | undefined;
    if (!config) {
      throw new ImageSourceError('missing-layer', `${this.what}: the image config ${configDigest ?? '(none named)'} is missing from the layout. Copy the image again.`);
    }
    const descriptors = manifest.layers ?? [];
    const history = layerHistory(config, descriptors.length);
    const layers = descriptors.map((descriptor, i) => {
      const key = blobKey(descriptor.digest ?? '');
      const scan = this.scanFor(key);
      if (!scan) {
        throw new ImageSourceError(
          'missing-layer',
          `${this.what}: layer ${i} (${descriptor.digest}) is listed in the image manifest but missing from the layout, or is not a layer. Copy the image again.`,
        );
      }
      return {
        scan,
        diffId: config.rootfs?.diff_ids?.[i],
        createdBy: history[i].createdBy,
        createdAt: history[i].createdAt,
        compressedSizeBytes: typeof descriptor.size === 'number' ? descriptor.size : scan.compressedBytes,
        diveId: key.split('/')[0],
      };
    });
    // Several ref names are several images (several platforms of one image share a name).
    const refNames = [...new Set((index.manifests ?? []).map((d) => (d as { annotations?: Record<string, string> }).annotations?.['org.opencontainers.image.ref.name']).filter((ref): ref is string => Boolean(ref)))];
    const otherImages = refNames.slice(1);
    // Unnamed (skopeo writes no ref name to an oci-archive): the caller names it after the file.
    return { name: name || refNames[0] || '', id: configDigest, source, table: this.table, layers, ...(otherImages.length ? { otherImages } : {}) };
  }

  private resolveManifest(index: { manifests?: Descriptor[] }, depth: number): { config?: Descriptor; layers?: Descriptor[] } | undefined {
    if (depth > 4) return undefined;
    const manifests = index.manifests ?? [];
    const preferred = [...manifests].sort((a, b) => platformRank(a) - platformRank(b));
    for (const descriptor of preferred) {
      const body = descriptor.digest ? this.json(blobKey(descriptor.digest)) : undefined;
      if (!isRecord(body)) continue;
      if (Array.isArray(body.manifests)) {
        const nested = this.resolveManifest(body as { manifests?: Descriptor[] }, depth + 1);
        if (nested) return nested;
      } else if (Array.isArray(body.layers)) {
        return body as { config?: Descriptor; layers?: Descriptor[] };
      }
    }
    return undefined;
  }
}

function platformRank(descriptor: Descriptor): number {
  const platform = descriptor.platform;
  if (!platform) return 1;
  if (platform.os === 'unknown') return 3; // attestation manifests
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return platform.os === 'linux' && platform.architecture === arch ? 0 : 2;
}

export function blobKey(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm}/${hex}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function drain(stream: AsyncIterable<Buffer>): Promise<void> {
  for await (const _chunk of stream) {
    /* skipped */
  }
}

/** Write a chunk stream into tar-stream's extractor, with backpressure; errors end the extractor. */
async function feedExtractor(source: AsyncIterable<Buffer>, extract: tarStream.Extract, signal?: AbortSignal): Promise<void> {
  try {
    for await (const chunk of source) {
      if (signal?.aborted) throw cancelledError();
      if (!extract.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            extract.off('drain', done);
            extract.off('close', done);
            resolve();
          };
          extract.on('drain', done);
          extract.on('close', done);
        });
      }
      if (extract.destroyed) return;
    }
    (extract as unknown as { end(): void }).end();
  } catch (error) {
    extract.destroy(error as Error);
  }
}

/**
 * Read an image archive from a chunk stream. `what` names it in errors ("Archive ./x.tar").
 * The outer archive may itself be gzip or zstd compressed (`docker save | gzip`).
 */
export async function readImageArchive(
  source: AsyncIterable<Buffer>,
  what: string,
  name: string,
  options: ReadOptions = {},
): Promise<ImageContents> {
  const assembler = new ImageAssembler(what, options);
  const { head, stream } = await peek(source, 1024);
  const outerKind = sniffBlob(head);
  const counter = new ByteCounter(what, options.expansionLimit ?? DEFAULT_EXPANSION_LIMIT);
  const tarChunks = outerKind === 'gzip' || outerKind === 'zstd' ? layerTarChunks(outerKind, stream, counter) : stream;
  if (outerKind === 'json' || (outerKind === 'unknown' && head.length > 0)) {
    throw new ImageSourceError('bad-format', `${what} is not a tar archive. Give a \`docker save\` archive, an oci-archive or an OCI layout folder.`);
  }
  const extract = tarStream.extract();
  const pump = feedExtractor(tarChunks, extract, options.signal);
  let sawLayout = false;
  try {
    for await (const entry of extract) {
      if (options.signal?.aborted) throw cancelledError();
      const header = entry.header;
      const key = posix.normalize(header.name).replace(/^(\.\/)+/, '').replace(/^\/+/, '');
      if (key === 'oci-layout') sawLayout = true;
      if (header.type === 'symlink' && header.linkname) {
        assembler.aliases.set(key, posix.normalize(posix.join(dirname(key), header.linkname)));
      }
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      await assembler.addBlob(key, entry as unknown as AsyncIterable<Buffer>, header.size);
    }
    await pump;
  } catch (error) {
    extract.destroy();
    throw describeReadError(error, what);
  }
  const source_: ImageSourceKind = assembler.jsonFiles.has('manifest.json') ? 'docker-archive' : sawLayout ? 'oci-archive' : 'docker-archive';
  return assembler.assemble(name, source_);
}
