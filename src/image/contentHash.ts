// Content fingerprints for telling a metadata-only copy (chmod, chown) from a changed file: 64-bit
// xxHash, streamed as the tar is read. It is a fingerprint compared only between files of the same
// path and size, not a security hash; xxh64 in WebAssembly runs at several GB/s on the main thread,
// where SHA-1 on a worker thread cost 1.47 s of CPU on the bench image, more than tar's whole listing.
import loadXxhash from 'xxhash-wasm';

export interface ContentHashes {
  /** A streaming hash, for content that arrives in pieces. */
  create(): { update(data: Uint8Array): unknown; digest(): bigint };
  /** One call for content that arrives whole (most files of an image: no state to copy in and out). */
  whole(data: Uint8Array): bigint;
}

let loading: Promise<ContentHashes> | undefined;

/** The content hashes (the WebAssembly module is compiled once per process). */
export function contentHashes(): Promise<ContentHashes> {
  loading ??= loadXxhash().then((api) => ({ create: () => api.create64(), whole: (data) => api.h64Raw(data) }));
  return loading;
}

const LOW_32 = 0xffffffffn;

/** A digest as the two numbers the scan's columns keep. */
export function digestWords(digest: bigint): [hi: number, lo: number] {
  return [Number((digest >> 32n) & LOW_32), Number(digest & LOW_32)];
}
