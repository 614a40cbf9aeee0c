// No input can make the image engine use unbounded memory or time: each hostile archive below is
// built in the test (by hand, byte by byte) and ends in a clear ImageSourceError, or an analysis,
// within a bound on time and peak memory measured in a child process.
import { strict as assert } from 'node:assert';
import { archiveOf, writeTemp, zstdZerosLayer } from './archiveBuilder';
import { analyseInChild } from './childAnalysis';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('image engine: memory and time bounds on hostile input', function () {
  this.timeout(120_000);

  it('refuses a zstd bomb (2 GiB of zeros in 64 KB) before its output is held in memory', async () => {
    const archive = await archiveOf([{ entries: [], blob: await zstdZerosLayer(2 * GiB) }]);
    const result = analyseInChild({ kind: 'archive', path: writeTemp('zstd-bomb.tar', archive) }, `{ expansionLimit: { maxRatio: 100, floorBytes: ${MiB}, maxBytes: Infinity } }`);
    assert.equal(result.error?.code, 'too-large');
    assert.match(result.error?.message ?? '', /^Layer .*layer\.tar of Archive .*zstd-bomb\.tar expands more than 100x .*decompression bomb/);
    assert.ok(result.maxRssMB < 300, `peak memory ${result.maxRssMB.toFixed(0)} MB`);
    assert.ok(result.ms < 5000, `${result.ms.toFixed(0)} ms`);
  });

  it('streams a zstd layer without an expansion limit within bounded memory (1 GiB of zeros)', async () => {
    const archive = await archiveOf([{ entries: [], blob: await zstdZerosLayer(GiB) }]);
    const result = analyseInChild({ kind: 'archive', path: writeTemp('zstd-zeros.tar', archive) }, '{ expansionLimit: { maxRatio: Infinity, floorBytes: Infinity, maxBytes: Infinity } }');
    assert.equal(result.error, undefined);
    assert.equal(result.fileCount, 1);
    assert.ok(result.maxRssMB < 300, `peak memory ${result.maxRssMB.toFixed(0)} MB`);
  });

  it('resolves symlinks through a 20,000-level path in linear time, and still flags a loop through it', async () => {
    const deep = Array.from({ length: 20_000 }, () => 'd').join('/');
    const archive = await archiveOf([
      {
        entries: [
          { name: `${deep}/leaf`, content: 'x' },
          { name: 'link', type: 'symlink', linkname: `${deep}/leaf` },
          { name: `${deep}/back`, type: 'symlink', linkname: '/loop' },
          { name: 'loop', type: 'symlink', linkname: `${deep}/back` },
        ],
      },
    ]);
    const result = analyseInChild({ kind: 'archive', path: writeTemp('deep-links.tar', archive) }, '{}', 20_000);
    assert.equal(result.error, undefined);
    assert.deepEqual(result.flagged?.map((flag) => flag.replace(/^d(\/d)+/, 'DEEP')).sort(), ['DEEP/back: symlink loop: it never resolves', 'loop: symlink loop: it never resolves']);
    assert.ok(result.ms < 5000, `${result.ms.toFixed(0)} ms`);
  });

  it('hides a 50k-file folder made opaque by 500 later layers in linear time', async () => {
    const files = Array.from({ length: 50_000 }, (_, i) => ({ name: `big/f${i}`, content: '' }));
    const opaque = { entries: [{ name: 'big/', type: 'directory' as const }, { name: 'big/.wh..wh..opq', content: '' }] };
    const archive = await archiveOf([{ entries: [{ name: 'big/', type: 'directory' }, ...files] }, ...Array.from({ length: 500 }, () => opaque)]);
    const result = analyseInChild({ kind: 'archive', path: writeTemp('opaque-layers.tar', archive) }, '{}', 30_000);
    assert.equal(result.error, undefined);
    assert.equal(result.layers?.[1].removed, 50_000);
    assert.equal(result.layers?.[2].removed, 0);
    assert.ok(result.ms < 4000, `${result.ms.toFixed(0)} ms`);
  });

  it('bounds the entries of all layers together, not only of each layer, with a message saying how to raise it', async () => {
    const layer = { entries: Array.from({ length: 1000 }, (_, i) => ({ name: `f${i}`, content: '' })) };
    const archive = writeTemp('many-entries.tar', await archiveOf([layer, layer, layer]));
    const result = analyseInChild({ kind: 'archive', path: archive }, '{ maxImageEntries: 2500 }');
    assert.equal(result.error?.code, 'too-large');
    assert.match(result.error?.message ?? '', /^Archive .*many-entries\.tar has more than 2500 files and folders across its layers; stopped reading .* rerun with --max-entries N\.$/);
    assert.equal(analyseInChild({ kind: 'archive', path: archive }, '{ maxImageEntries: 3000 }').error, undefined);
  });
});
