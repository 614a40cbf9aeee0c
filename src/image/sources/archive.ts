// `docker save` archives (legacy manifest.json + <id>/layer.tar, or the OCI layout Engine 25+
// writes) and oci-archives, read as one stream. Layers may come before the manifest: each is
// analysed as it passes, keyed by its path, and put in order once the manifest has been read.
import * as tarStream from 'tar-stream';
import { dirname, posix } from 'node:path';
import type { ImageContents, ImageConfigJson, ReadOptions } from '../contents';
import { layerHistory } from '../contents';
import { ByteCounter, DEFAULT_EXPANSION_LIMIT, layerTarChunks, peek, sniffBlob } from '../decompress';
import { cancelledError, describeReadError, ImageSourceError } from '../errors';
import { DEFAULT_MAX_IMAGE_ENTRIES, emptyScan, type EntryBudget, type LayerScan, scanLayerTar } from '../layerScan';
import { PathTable } from '../pathTable';
import type { ImageSourceKind } from '../types';
import { hostFirst, hostPlatform, parsePlatform, platformMatches, platformName } from './platform';
import { type Descriptor, type DockerManifestEntry, dockerManifest, imageConfig, isValidDigest, MAX_JSON_DOCUMENT_BYTES, MAX_JSON_TOTAL_BYTES, type OciDocument, ociDocument } from './metadata';

/** Files of an image gathered from wherever they are stored (a stream, a folder). */
export class ImageAssembler {
  readonly table: PathTable;
  /**
   * JSON-looking entries as read, parsed only once the image names them;
   * a number is the size of one too large to keep.
   */
  private readonly jsonEntries = new Map<string, Buffer | number>();
  readonly scans = new Map<string, LayerScan>();
  readonly aliases = new Map<string, string>();
  bytesRead = 0;
  private jsonBytes = 0;
  /** The platform choosePlatform gave (ReadOptions.platform wins over it). */
  private chosenPlatform: string | undefined;
  private readonly entries: EntryBudget;

  constructor(
    readonly what: string,
    readonly options: ReadOptions,
  ) {
    this.entries = { used: 0, max: options.maxImageEntries ?? DEFAULT_MAX_IMAGE_ENTRIES, what };
    this.table = options.table ?? new PathTable();
  }

  /** A layer already read into this table under the same content-addressed name (ReadOptions.knownLayers). */
  knownLayer(key: string): LayerScan | undefined {
    return CONTENT_ADDRESSED.test(key) ? this.options.knownLayers?.get(key) : undefined;
  }

  /** Take a known layer's scan instead of reading it again. */
  reuseLayer(key: string, scan: LayerScan): void {
    this.scans.set(key, scan);
    this.options.onProgress?.({
      message: `Layer ${this.scans.size} (${key}) is shared with the other image`,
      layersDone: this.scans.size,
      bytesRead: this.bytesRead,
    });
  }

  hasJson(key: string): boolean {
    return this.jsonEntries.has(key);
  }

  /** Keep a metadata document's bytes (at most MAX_JSON_DOCUMENT_BYTES; `size` alone for a bigger one). */
  addJson(key: string, bytes: Buffer | number): void {
    if (typeof bytes !== 'number') {
      this.jsonBytes += bytes.length;
      if (this.jsonBytes > MAX_JSON_TOTAL_BYTES) {
        throw new ImageSourceError(
          'too-large',
          `${this.what} holds more than ${MAX_JSON_TOTAL_BYTES / 1024 ** 2} MiB of JSON metadata (real images hold kilobytes): it is not an image archive Stevedore can read safely.`,
        );
      }
    }
    this.jsonEntries.set(key, bytes);
  }

  /** Analyse one blob (layer, JSON or other) whose name in the layout is `key`. */
  async addBlob(key: string, chunks: AsyncIterable<Buffer>, sizeHint?: number): Promise<void> {
    const known = this.knownLayer(key);
    if (known) {
      for await (const chunk of chunks) this.bytesRead += chunk.length;
      return this.reuseLayer(key, known);
    }
    const { head, stream } = await peek(chunks, 1024);
    const kind = sniffBlob(head);
    if (kind === 'json' || (kind === 'unknown' && key.endsWith('.json'))) {
      if ((sizeHint ?? 0) > MAX_JSON_DOCUMENT_BYTES) {
        this.addJson(key, sizeHint as number);
        return drain(stream);
      }
      const parts: Buffer[] = [];
      let length = 0;
      for await (const chunk of stream) {
        length += chunk.length;
        if (length > MAX_JSON_DOCUMENT_BYTES) {
          this.addJson(key, length);
          return drain(stream);
        }
        parts.push(chunk);
      }
      this.addJson(key, Buffer.concat(parts));
      return;
    }
    if (kind === 'unknown') return drain(stream);
    const what = `Layer ${key} of ${this.what}`;
    const counter = new ByteCounter(what, this.options.expansionLimit ?? DEFAULT_EXPANSION_LIMIT);
    const scan = emptyScan(key, kind);
    await scanLayerTar(layerTarChunks(kind, stream, counter), scan, this.table, counter, what, {
      signal: this.options.signal,
      maxEntries: this.options.maxEntriesPerLayer,
      imageEntries: this.entries,
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

  /**
   * The parsed document stored as `key` (`name` says what it is in errors), undefined when there is
   * none; an error naming it when it is too large or not JSON (never quoting it).
   */
  document(key: string, name: string): unknown {
    const entry = this.jsonEntries.get(key);
    if (entry === undefined) return undefined;
    if (typeof entry === 'number') {
      throw new ImageSourceError(
        'too-large',
        `${this.what}: ${name} is ${entry} bytes, more than the ${MAX_JSON_DOCUMENT_BYTES / 1024 ** 2} MiB an image's metadata document may have (real ones are kilobytes). It is not an image Stevedore can read safely.`,
      );
    }
    try {
      return JSON.parse(entry.toString('utf8'));
    } catch {
      throw new ImageSourceError('bad-format', `${this.what}: ${name} is not valid JSON. The image is damaged: save or copy it again.`);
    }
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
    const manifest = this.document('manifest.json', 'manifest.json');
    // Engine 25+ writes both manifest.json and index.json; a manifest.json listing no image defers to index.json.
    if (manifest !== undefined && !(Array.isArray(manifest) && manifest.length === 0)) {
      return this.assembleDockerManifest(name, source, dockerManifest(manifest, this.what));
    }
    if (this.hasJson('index.json')) {
      const index = ociDocument(this.document('index.json', 'index.json'), this.what, 'index.json');
      return this.assembleOci(name, source === 'docker-archive' ? 'oci-archive' : source, index);
    }
    if (manifest !== undefined) {
      throw new ImageSourceError('no-manifest', `${this.what}: manifest.json lists no image and there is no index.json. Save the image again (docker save -o FILE IMAGE).`);
    }
    throw new ImageSourceError(
      'no-manifest',
      `${this.what} has neither manifest.json nor index.json: it is not a docker save archive, an OCI image layout or an oci-archive. Create one with \`docker save -o FILE IMAGE\`.`,
    );
  }

  private config(key: string, name: string): ImageConfigJson | undefined {
    const document = this.document(key, name);
    return document === undefined ? undefined : imageConfig(document, this.what, name);
  }

  private assembleDockerManifest(
    name: string,
    source: ImageSourceKind,
    manifest: DockerManifestEntry[],
  ): ImageContents {
    const entry = manifest.find((item) => item.RepoTags.includes(name)) ?? manifest[0];
    const layerPaths = entry.Layers;
    const configName = `the image config ${entry.Config ?? '(none named)'}`;
    const config = entry.Config ? this.config(entry.Config, configName) : undefined;
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
    const otherImages = manifest.filter((item) => item !== entry).map((item) => item.RepoTags[0] ?? item.Config ?? 'untagged');
    return {
      name: entry.RepoTags[0] ?? name, id, source, table: this.table, layers,
      ...(otherImages.length ? { otherImages } : {}),
    };
  }

  private assembleOci(name: string, source: ImageSourceKind, index: OciDocument): ImageContents {
    const manifest = index.kind === 'manifest' ? index : this.resolveManifest(index.manifests, 0);
    if (!manifest) {
      throw new ImageSourceError('no-manifest', `${this.what}: index.json names no image manifest that is present. The layout is incomplete: copy the image again.`);
    }
    const configDigest = manifest.config?.digest;
    const config = configDigest ? this.config(blobKey(configDigest), `the image config ${configDigest}`) : undefined;
    if (!config) {
      throw new ImageSourceError('missing-layer', `${this.what}: the image config ${configDigest ?? '(none named)'} is missing from the layout. Copy the image again.`);
    }
    const descriptors = manifest.layers;
    const history = layerHistory(config, descriptors.length);
    const layers = descriptors.map((descriptor, i) => {
      const key = blobKey(descriptor.digest);
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
    const refNames = [
      ...new Set((index.kind === 'index' ? index.manifests : []).map((d) => d.annotations?.['org.opencontainers.image.ref.name']).filter((ref): ref is string => Boolean(ref))),
    ];
    const otherImages = refNames.slice(1);
    // Unnamed (skopeo writes no ref name to an oci-archive): the caller names it after the file.
    return { name: name || refNames[0] || '', id: configDigest, source, table: this.table, layers, ...(otherImages.length ? { otherImages } : {}) };
  }

  /** Every platform the index offers (nested indexes followed), this machine's first. */
  platformsIn(manifests: Descriptor[], depth = 0): string[] {
    const names: string[] = [];
    for (const descriptor of manifests) {
      const platform = descriptor.platform;
      if (platform?.os && platform.architecture && platform.os !== 'unknown') names.push(platformName({ os: platform.os, architecture: platform.architecture, variant: platform.variant }));
      else if (depth < 4 && !platform) {
        const body = this.document(blobKey(descriptor.digest), `the manifest ${descriptor.digest}`);
        const parsed = body === undefined ? undefined : ociDocument(body, this.what, `the manifest ${descriptor.digest}`);
        if (parsed?.kind === 'index') names.push(...this.platformsIn(parsed.manifests, depth + 1));
      }
    }
    return hostFirst(names);
  }

  /**
   * With several platforms and none named, ask (ReadOptions.choosePlatform) which to read. Call once
   * the index and manifests are loaded, before the manifest is chosen.
   */
  async settlePlatform(index: OciDocument | undefined): Promise<void> {
    if (this.options.platform || !this.options.choosePlatform || index?.kind !== 'index') return;
    const available = this.platformsIn(index.manifests);
    if (available.length < 2) return;
    const chosen = await this.options.choosePlatform(available);
    if (!chosen) throw cancelledError();
    this.chosenPlatform = chosen;
  }

  /** The index of an archive whose image is chosen through index.json (no docker manifest.json listing one). */
  ociIndex(): OciDocument | undefined {
    const manifest = this.hasJson('manifest.json') ? this.document('manifest.json', 'manifest.json') : undefined;
    if (manifest !== undefined && !(Array.isArray(manifest) && manifest.length === 0)) return undefined;
    if (!this.hasJson('index.json')) return undefined;
    return ociDocument(this.document('index.json', 'index.json'), this.what, 'index.json');
  }

  /**
   * The image manifest an index leads to: the platform asked for, else this machine's first;
   * nested indexes followed 4 deep.
   */
  resolveManifest(manifests: Descriptor[], depth: number): { config?: Descriptor; layers: Descriptor[] } | undefined {
    if (depth > 4) return undefined;
    const asked = this.options.platform ?? this.chosenPlatform;
    const wanted = asked === undefined ? undefined : parsePlatform(asked);
    if (asked !== undefined && !wanted) {
      throw new ImageSourceError('not-found', `"${asked}" is not a platform: write it as OS/ARCH or OS/ARCH/VARIANT, such as linux/amd64 or linux/arm/v7.`);
    }
    const candidates = wanted
      ? manifests.filter((d) => !d.platform || platformMatches(
        { os: d.platform.os ?? '', architecture: d.platform.architecture ?? '', variant: d.platform.variant }, wanted,
      ))
      : manifests;
    const preferred = [...candidates].sort((a, b) => platformRank(a) - platformRank(b));
    for (const descriptor of preferred) {
      const body = this.document(blobKey(descriptor.digest), `the manifest ${descriptor.digest}`);
      if (body === undefined) continue;
      const parsed = ociDocument(body, this.what, `the manifest ${descriptor.digest}`);
      if (parsed.kind === 'manifest') {
        // Among several, an unlabelled manifest is no match for a platform asked for.
        if (wanted && !descriptor.platform && depth === 0 && manifests.length > 1) continue;
        return parsed;
      }
      const nested = this.resolveManifest(parsed.manifests, depth + 1);
      if (nested) return nested;
    }
    if (wanted && depth === 0) {
      const available = this.platformsIn(manifests);
      throw new ImageSourceError(
        'not-found',
        `${this.what} has no image for platform ${asked}. ${available.length ? `Platforms there: ${available.join(', ')}.` : 'It names no platforms.'}`,
      );
    }
    return undefined;
  }
}

function platformRank(descriptor: Descriptor): number {
  const platform = descriptor.platform;
  if (!platform) return 1;
  if (platform.os === 'unknown') return 3; // attestation manifests
  const host = hostPlatform();
  return platform.os === host.os && platform.architecture === host.architecture ? 0 : 2;
}

/**
 * Names whose bytes they identify: a layout's blob digest, or docker save's legacy layer id (moby
 * derives it from the layer's chain ID, and for the top layer the config too).
 */
const CONTENT_ADDRESSED = /^(blobs\/[a-z0-9]+\/[a-f0-9]{32,}|[a-f0-9]{64}\/layer\.tar)$/;

/** Where a blob is stored in a layout; the digest is checked first, so it can never name a path outside. */
export function blobKey(digest: string): string {
  if (!isValidDigest(digest)) throw new Error(`not a valid digest: ${digest}`);
  const colon = digest.indexOf(':');
  return `blobs/${digest.slice(0, colon)}/${digest.slice(colon + 1)}`;
}

async function drain(stream: AsyncIterable<Buffer>): Promise<void> {
  for await (const _chunk of stream) {
    /* skipped */
  }
}

/** Write a chunk stream into tar-stream's extractor, with backpressure; errors end the extractor. */
export async function feedExtractor(
  source: AsyncIterable<Buffer>,
  extract: tarStream.Extract,
  signal?: AbortSignal,
): Promise<void> {
  try {
    for await (const chunk of source) {
      if (signal?.aborted) throw cancelledError();
      // A reader that stopped early destroys the extractor: a write then returns false and the
      // 'close' the wait below listens for has already passed, so waiting would never end.
      if (extract.destroyed) return;
      if (!extract.write(chunk) && !extract.destroyed) {
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
  let peeked: Awaited<ReturnType<typeof peek>>;
  try {
    peeked = await peek(source, 1024);
  } catch (error) {
    throw describeReadError(error, what); // opening the file fails here (permissions)
  }
  const { head, stream } = peeked;
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
  await assembler.settlePlatform(assembler.ociIndex());
  const source_: ImageSourceKind = assembler.hasJson('manifest.json') ? 'docker-archive' : sawLayout ? 'oci-archive' : 'docker-archive';
  return assembler.assemble(name, source_);
}
