// Builds image archives in the test, byte by byte with tar-stream, for inputs no engine would
// write: hostile names, truncation, bombs. Layout: `docker save` legacy (manifest.json, config,
// <id>/layer.tar). Real-engine fixtures live in test/integration/image.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tarStream from 'tar-stream';

export interface TestEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  content?: Buffer | string;
  /** Declared size without content (only for hand-built corrupt headers). */
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

export interface TestLayer {
  entries: TestEntry[];
  command?: string;
  /** Store the layer blob gzip-compressed. */
  gzip?: boolean;
  /** Replace the layer blob with these bytes. */
  blob?: Buffer;
}

export async function tarOf(entries: Array<TestEntry & { nameBuffer?: Buffer }>): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const entry of entries) {
    const content = entry.content === undefined ? undefined : Buffer.from(entry.content);
    const type = entry.type ?? 'file';
    const header = {
      name: entry.name,
      type,
      mode: entry.mode ?? (type === 'directory' ? 0o755 : 0o644),
      uid: entry.uid ?? 0,
      gid: entry.gid ?? 0,
      linkname: entry.linkname,
      size: type === 'file' ? content?.length ?? 0 : 0,
      mtime: new Date(0),
    };
    if (type === 'file') pack.entry(header, content ?? Buffer.alloc(0));
    else pack.entry(header);
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** A legacy docker save archive of these layers, with history commands. */
export async function archiveOf(layers: TestLayer[], options: { manifestFirst?: boolean; dropLayer?: number; tag?: string } = {}): Promise<Buffer> {
  const blobs: Array<{ id: string; blob: Buffer; diffId: string }> = [];
  for (const layer of layers) {
    const tar = await tarOf(layer.entries);
    const blob = layer.blob ?? (layer.gzip ? gzipSync(tar) : tar);
    const diffId = `sha256:${createHash('sha256').update(tar).digest('hex')}`;
    blobs.push({ id: createHash('sha256').update(blob).update(String(blobs.length)).digest('hex'), blob, diffId });
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: blobs.map((b) => b.diffId) },
      history: layers.map((layer, i) => ({ created: '2024-01-01T00:00:00Z', created_by: layer.command ?? `/bin/sh -c step ${i}` })),
    }),
  );
  const configId = createHash('sha256').update(config).digest('hex');
  const manifest = Buffer.from(
    JSON.stringify([{ Config: `${configId}.json`, RepoTags: [options.tag ?? 'stevedore-t-img-unit:latest'], Layers: blobs.map((b) => `${b.id}/layer.tar`) }]),
  );
  const entries: TestEntry[] = [];
  if (options.manifestFirst) entries.push({ name: 'manifest.json', content: manifest });
  blobs.forEach((b, i) => {
    if (i === options.dropLayer) return;
    entries.push({ name: `${b.id}/`, type: 'directory' });
    entries.push({ name: `${b.id}/VERSION`, content: '1.0' });
    entries.push({ name: `${b.id}/layer.tar`, content: b.blob });
  });
  entries.push({ name: `${configId}.json`, content: config });
  if (!options.manifestFirst) entries.push({ name: 'manifest.json', content: manifest });
  return tarOf(entries);
}

export function writeTemp(name: string, data: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-img-unit-'));
  const file = join(dir, name);
  writeFileSync(file, data);
  return file;
}

/** Replace an ASCII placeholder in a tar header name with raw bytes and fix the header checksum. */
export function patchHeaderName(tar: Buffer, placeholder: string, bytes: Buffer): Buffer {
  const out = Buffer.from(tar);
  const at = out.indexOf(placeholder);
  if (at < 0 || bytes.length !== placeholder.length) throw new Error('placeholder not found or length differs');
  bytes.copy(out, at);
  const header = at - (at % 512);
  out.fill(0x20, header + 148, header + 156);
  let sum = 0;
  for (let i = header; i < header + 512; i++) sum += out[i];
  out.write(sum.toString(8).padStart(6, '0') + '\0 ', header + 148, 'latin1');
  return out;
}

const ZSTD_BLOCK = 128 * 1024;

/** One zstd block header: 3 bytes, little-endian (last-block bit, type, size). */
function zstdBlockHeader(last: boolean, type: 0 | 1, size: number): Buffer {
  const value = (last ? 1 : 0) | (type << 1) | (size << 3);
  return Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff]);
}

/**
 * A zstd frame written by hand (RFC 8878): `head` in raw blocks, then `zeroBytes` zeros as RLE
 * blocks of 128 KiB, 4 bytes each. What `zstd` makes of a file of zeros, without needing a
 * compressor: 1 GiB of zeros is 32 KiB.
 */
export function zstdFrame(head: Buffer, zeroBytes: number): Buffer {
  // Magic, then a frame header with no content size and a 128 KiB window (2^(10+7)).
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38])];
  for (let at = 0; at < head.length; at += ZSTD_BLOCK) {
    const piece = head.subarray(at, at + ZSTD_BLOCK);
    parts.push(zstdBlockHeader(zeroBytes === 0 && at + ZSTD_BLOCK >= head.length, 0, piece.length), piece);
  }
  for (let left = zeroBytes; left > 0; left -= ZSTD_BLOCK) {
    const size = Math.min(left, ZSTD_BLOCK);
    parts.push(zstdBlockHeader(left <= ZSTD_BLOCK, 1, size), Buffer.from([0]));
  }
  return Buffer.concat(parts);
}

/** A zstd layer blob holding one file of `bytes` zeros (a multiple of 512), the decompression bomb. */
export async function zstdZerosLayer(bytes: number): Promise<Buffer> {
  const tar = await tarOf([{ name: 'zeros', content: '' }]);
  const header = Buffer.from(tar.subarray(0, 512));
  header.write(bytes.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += header[i];
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return zstdFrame(header, bytes + 1024); // the file's zeros, then the two zero blocks that end a tar
}
