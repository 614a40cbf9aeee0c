// The layer tar reader against archives written by tar-stream (ustar + PAX) and GNU tar (GNU long
// names), fed in chunks of every size, and against damaged headers.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TarFormatError, TarReader } from '../../../src/image/tarReader';
import { tarOf } from './archiveBuilder';

function read(tar: Buffer, chunkSize: number): Array<{ name: string; type: string; size: number; data: string; link: string }> {
  const entries: Array<{ name: string; type: string; size: number; data: string; link: string }> = [];
  let current: (typeof entries)[number] | undefined;
  const reader = new TarReader({
    entry(header) {
      current = { name: header.name.toString(), type: String.fromCharCode(header.type), size: header.size, data: '', link: header.linkname.toString() };
      entries.push(current);
      return (data) => {
        (current as (typeof entries)[number]).data += data.toString('latin1');
      };
    },
    end() {
      current = undefined;
    },
  });
  for (let at = 0; at < tar.length; at += chunkSize) reader.push(tar.subarray(at, at + chunkSize));
  reader.finish();
  return entries;
}

describe('image engine: layer tar reader', () => {
  const longName = `${'deep/'.repeat(40)}file.txt`;

  it('reads ustar and PAX entries the same whatever the chunk size', async () => {
    const tar = await tarOf([
      { name: 'dir/', type: 'directory' },
      { name: 'dir/a', content: 'hello' },
      { name: longName, content: 'x'.repeat(1000) },
      { name: 'dir/link', type: 'symlink', linkname: 'a' },
    ]);
    const expected = read(tar, tar.length);
    assert.deepEqual(expected.map((e) => [e.name, e.type, e.size]), [
      ['dir/', '5', 0],
      ['dir/a', '0', 5],
      [longName, '0', 1000],
      ['dir/link', '2', 0],
    ]);
    assert.equal(expected[1].data, 'hello');
    assert.equal(expected[3].link, 'a');
    for (const size of [1, 7, 511, 512, 513, 4096]) assert.deepEqual(read(tar, size), expected, `chunk size ${size}`);
  });

  it('reads GNU tar\'s long names and long link targets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stevedore-gnutar-'));
    const longDir = join(dir, 'src', ...Array.from({ length: 30 }, (_, i) => `level${i}`));
    mkdirSync(longDir, { recursive: true });
    writeFileSync(join(longDir, 'data.bin'), 'gnu');
    const tar = execFileSync('tar', ['--format=gnu', '-cf', '-', '-C', join(dir, 'src'), '.']);
    const entries = read(tar, 1000);
    const file = entries.find((e) => e.name.endsWith('data.bin'));
    assert.ok(file && file.name.length > 100, 'the long name came through whole');
    assert.equal(file.data, 'gnu');
  });

  it('a damaged header is a format error, a cut-off archive a truncation', async () => {
    const tar = await tarOf([{ name: 'a', content: 'hello world' }]);
    const damaged = Buffer.from(tar);
    damaged[10] ^= 0xff;
    assert.throws(() => read(damaged, 512), (error: unknown) => error instanceof TarFormatError && !error.truncated && /checksum/.test(error.message));
    assert.throws(() => read(tar.subarray(0, 600), 512), (error: unknown) => error instanceof TarFormatError && error.truncated);
  });
});
