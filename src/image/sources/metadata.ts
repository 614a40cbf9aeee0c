// The JSON documents of an image (docker save's manifest.json, OCI index.json, image manifests,
// the image config) read into checked shapes. Whatever an archive holds, the analysis sees either
// these shapes or an ImageSourceError saying which document of which input is wrong and how;
// never a raw "Cannot read properties of null". Digests are checked before they name a file.
import type { ImageConfigJson } from '../contents';
import { ImageSourceError } from '../errors';

/** One document's bytes: manifests and configs are kilobytes in real images (a 1,000-step history: 300 KB). */
export const MAX_JSON_DOCUMENT_BYTES = 4 * 1024 * 1024;
/** All JSON-looking entries of one archive together, kept until the manifest says which are needed. */
export const MAX_JSON_TOTAL_BYTES = 32 * 1024 * 1024;

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
}

export interface DockerManifestEntry {
  Config?: string;
  Layers: string[];
  RepoTags: string[];
}

/** An OCI index (`manifests`) or an image manifest (`layers`, `config`). */
export type OciDocument = { kind: 'index'; manifests: Descriptor[] } | { kind: 'manifest'; config?: Descriptor; layers: Descriptor[] };

const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };

/** A digest as the OCI spec registers it: sha256 with 64 or sha512 with 128 lowercase hex digits. */
export function isValidDigest(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const colon = value.indexOf(':');
  const length = DIGEST_HEX_LENGTH[value.slice(0, colon)];
  return length !== undefined && value.length === colon + 1 + length && /^[0-9a-f]+$/.test(value.slice(colon + 1));
}

/** A short, safe rendering of a value from the input for an error message. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function damaged(what: string, document: string, problem: string, fix: string): ImageSourceError {
  return new ImageSourceError('bad-format', `${what}: ${document} ${problem}. ${fix}`);
}

function descriptor(value: unknown, what: string, document: string, field: string, fix: string): Descriptor {
  if (!isRecord(value)) throw damaged(what, document, `has ${field} that is ${shown(value)}, not a descriptor object`, fix);
  if (value.digest === undefined) throw damaged(what, document, `has ${field} with no digest`, fix);
  if (!isValidDigest(value.digest)) {
    throw damaged(what, document, `has ${field} whose digest ${shown(value.digest)} is not a sha256 (64 hex digits) or sha512 (128 hex digits) digest`, fix);
  }
  const platform = isRecord(value.platform)
    ? {
      os: String(value.platform.os ?? ''),
      architecture: String(value.platform.architecture ?? ''),
      ...(typeof value.platform.variant === 'string' && value.platform.variant ? { variant: value.platform.variant } : {}),
    }
    : undefined;
  const annotations = isRecord(value.annotations)
    ? Object.fromEntries(Object.entries(value.annotations).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
    : undefined;
  return {
    digest: value.digest,
    mediaType: typeof value.mediaType === 'string' ? value.mediaType : undefined,
    size: typeof value.size === 'number' ? value.size : undefined,
    platform,
    annotations,
  };
}

/** docker save's manifest.json: a list of images, each with its config file and layer files. */
export function dockerManifest(document: unknown, what: string): DockerManifestEntry[] {
  const fix = 'The archive is damaged: save the image again (docker save -o FILE IMAGE).';
  if (!Array.isArray(document)) throw damaged(what, 'manifest.json', `is ${shown(document)}, not a list of images`, fix);
  return document.map((entry, i) => {
    const where = `entry ${i} of manifest.json`;
    if (!isRecord(entry)) throw damaged(what, where, `is ${shown(entry)}, not an object`, fix);
    if (entry.Config !== undefined && typeof entry.Config !== 'string') throw damaged(what, where, `has a Config that is ${shown(entry.Config)}, not a file name`, fix);
    if (!Array.isArray(entry.Layers) || !entry.Layers.every((layer) => typeof layer === 'string')) {
      throw damaged(what, where, `has Layers that are ${shown(entry.Layers)}, not a list of file names`, fix);
    }
    const tags = Array.isArray(entry.RepoTags) ? entry.RepoTags.filter((tag): tag is string => typeof tag === 'string') : [];
    return { Config: entry.Config, Layers: entry.Layers as string[], RepoTags: tags };
  });
}

/** index.json, a nested index or an image manifest. */
export function ociDocument(document: unknown, what: string, name: string): OciDocument {
  const fix = 'The layout is damaged: copy the image again.';
  if (!isRecord(document)) throw damaged(what, name, `is ${shown(document)}, not an object`, fix);
  if (document.manifests !== undefined) {
    if (!Array.isArray(document.manifests)) throw damaged(what, name, `has manifests that are ${shown(document.manifests)}, not a list`, fix);
    return { kind: 'index', manifests: document.manifests.map((item, i) => descriptor(item, what, name, `manifests[${i}]`, fix)) };
  }
  if (document.layers !== undefined) {
    if (!Array.isArray(document.layers)) throw damaged(what, name, `has layers that are ${shown(document.layers)}, not a list`, fix);
    const layers = document.layers.map((item, i) => descriptor(item, what, name, `layers[${i}]`, fix));
    const config = document.config === undefined ? undefined : descriptor(document.config, what, name, 'a config', fix);
    return { kind: 'manifest', config, layers };
  }
  throw damaged(what, name, 'has neither manifests nor layers: it is neither an image index nor an image manifest', fix);
}

/** The image config: only history and rootfs.diff_ids are read; entries of the wrong type are named. */
export function imageConfig(document: unknown, what: string, name: string): ImageConfigJson {
  const fix = 'The image is damaged: save or copy it again.';
  if (!isRecord(document)) throw damaged(what, name, `is ${shown(document)}, not an object`, fix);
  const config: ImageConfigJson = {};
  if (document.history !== undefined && document.history !== null) {
    if (!Array.isArray(document.history)) throw damaged(what, name, `has a history that is ${shown(document.history)}, not a list`, fix);
    config.history = document.history.map((entry, i) => {
      if (!isRecord(entry)) throw damaged(what, name, `has history[${i}] that is ${shown(entry)}, not an object`, fix);
      return {
        created: typeof entry.created === 'string' ? entry.created : undefined,
        created_by: typeof entry.created_by === 'string' ? entry.created_by : undefined,
        empty_layer: entry.empty_layer === true,
      };
    });
  }
  const rootfs = document.rootfs;
  if (rootfs !== undefined && rootfs !== null) {
    if (!isRecord(rootfs)) throw damaged(what, name, `has a rootfs that is ${shown(rootfs)}, not an object`, fix);
    if (rootfs.diff_ids !== undefined && rootfs.diff_ids !== null) {
      if (!Array.isArray(rootfs.diff_ids) || !rootfs.diff_ids.every((id) => typeof id === 'string')) {
        throw damaged(what, name, `has rootfs.diff_ids that are ${shown(rootfs.diff_ids)}, not a list of digests`, fix);
      }
      config.rootfs = { diff_ids: rootfs.diff_ids as string[] };
    }
  }
  return config;
}
