// Bad input never crashes, hangs or grows memory: it ends in a clear ImageSourceError or a
// flagged entry. Each archive is built byte by byte in the test.
import { strict as assert } from 'node:assert';
import { gzipSync } from 'node:zlib';
import { analyzeImage, ImageSourceError } from '../../../src/image/index';
import { archiveOf, patchHeaderName, tarOf, writeTemp } from './archiveBuilder';

async function analyse(archive: Buffer, options: Parameters<typeof analyzeImage>[1] = {}) {
  return analyzeImage({ kind: 'archive', path: writeTemp('image.tar', archive) }, options);
}

async function rejection(promise: Promise<unknown>): Promise<ImageSourceError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ImageSourceError, `expected ImageSourceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the analysis to fail');
}

const oneLayer = [{ entries: [{ name: 'etc/', type: 'directory' as const }, { name: 'etc/hello', content: 'hello world\n' }] }];

describe('image engine: hostile input', () => {
  it('a truncated archive gives a "truncated" error naming the archive', async () => {
    const archive = await archiveOf([{ entries: [{ name: 'big', content: Buffer.alloc(100_000, 7) }] }], { manifestFirst: true });
    const error = await rejection(analyse(archive.subarray(0, 60_000)));
    assert.equal(error.code, 'truncated');
    assert.match(error.message, /Archive .*image\.tar ends early/);
  });

  it('a layer listed in manifest.json but absent gives a "missing-layer" error', async () => {
    const archive = await archiveOf([...oneLayer, { entries: [{ name: 'x', content: 'x' }] }], { dropLayer: 1 });
    const error = await rejection(analyse(archive));
    assert.equal(error.code, 'missing-layer');
    assert.match(error.message, /layer 1 .* missing from the archive/);
  });

  it('a tar with neither manifest.json nor index.json says it is not an image archive', async () => {
    const error = await rejection(analyse(await tarOf([{ name: 'readme', content: 'hi' }])));
    assert.equal(error.code, 'no-manifest');
  });

  it('a file that is not a tar at all gives a bad-format error', async () => {
    const error = await rejection(analyse(Buffer.from('{"hello": "json"}')));
    assert.equal(error.code, 'bad-format');
  });

  it('entries with ../ or absolute paths are flagged, not followed', async () => {
    const { analysis, files } = await analyse(
      await archiveOf([{ entries: [{ name: '../../etc/evil', content: 'x' }, { name: '/abs/file', content: 'yy' }, { name: 'ok', content: 'z' }] }]),
    );
    const reasons = new Map((analysis.flaggedEntries ?? []).map((entry) => [entry.path, entry.reason]));
    assert.match(reasons.get('../../etc/evil') ?? '', /climbs out/);
    assert.match(reasons.get('abs/file') ?? '', /absolute/);
    assert.equal(reasons.has('ok'), false);
    const nodes = files.files(0, 'layer');
    assert.equal(nodes.find((node) => node.path === 'abs/file')?.flagged, 'absolute path in a layer');
  });

  it('symlink loops are flagged and do not hang', async () => {
    const { analysis } = await analyse(
      await archiveOf([
        {
          entries: [
            { name: 'a', type: 'symlink', linkname: 'b' },
            { name: 'b', type: 'symlink', linkname: '/a' },
            { name: 'self', type: 'symlink', linkname: 'self/x' },
            { name: 'fine', type: 'symlink', linkname: 'target' },
            { name: 'target', content: 't' },
          ],
        },
      ]),
    );
    const loops = (analysis.flaggedEntries ?? []).filter((entry) => /loop/.test(entry.reason)).map((entry) => entry.path).sort();
    assert.deepEqual(loops, ['a', 'b', 'self']);
  });

  it('a gzip bomb stops with a "too-large" error once past the expansion limit', async () => {
    const bombTar = await tarOf([{ name: 'zeros', content: Buffer.alloc(32 * 1024 * 1024) }]);
    const archive = await archiveOf([{ entries: [], blob: gzipSync(bombTar, { level: 9 }) }]);
    const started = Date.now();
    const error = await rejection(analyse(archive, { expansionLimit: { maxRatio: 100, floorBytes: 1024 * 1024, maxBytes: 1024 ** 4 } }));
    assert.equal(error.code, 'too-large');
    assert.match(error.message, /decompression bomb/);
    assert.ok(Date.now() - started < 10_000);
  });

  it('a layer larger than the absolute cap stops with a "too-large" error', async () => {
    const archive = await archiveOf([{ entries: [{ name: 'f', content: Buffer.alloc(2 * 1024 * 1024) }] }]);
    const error = await rejection(analyse(archive, { expansionLimit: { maxRatio: Infinity, floorBytes: Infinity, maxBytes: 1024 * 1024 } }));
    assert.equal(error.code, 'too-large');
  });

  it('100-level-deep paths are analysed like any other', async () => {
    const deep = Array.from({ length: 100 }, (_, i) => `d${i}`).join('/');
    const { analysis, files } = await analyse(await archiveOf([{ entries: [{ name: `${deep}/leaf`, content: 'deep' }] }]));
    assert.equal(analysis.sizeBytes, 4);
    assert.equal(analysis.fileCount, 1); // only the explicit entry is a path the layer wrote
    const nodes = files.files(0, 'aggregate');
    assert.equal(nodes.length, 101); // 100 implied directories and the file
    assert.equal(nodes[nodes.length - 1].path, `${deep}/leaf`);
    assert.equal(nodes[0].sizeBytes, 4); // directory sizes add up what lies below
  });

  it('non-UTF-8 names are flagged and shown with replacement characters', async () => {
    const layer = patchHeaderName(await tarOf([{ name: 'name-XX', content: 'x' }]), 'XX', Buffer.from([0xff, 0xfe]));
    const { analysis } = await analyse(await archiveOf([{ entries: [], blob: layer }]));
    const flagged = analysis.flaggedEntries ?? [];
    assert.equal(flagged.length, 1);
    assert.equal(flagged[0].reason, 'name is not valid UTF-8');
    assert.equal(flagged[0].path, 'name-\ufffd\ufffd');
  });

  it('valid UTF-8 names are not flagged', async () => {
    const { analysis } = await analyse(await archiveOf([{ entries: [{ name: 'café/naïve.txt', content: 'x' }] }]));
    assert.deepEqual(analysis.flaggedEntries, []);
    assert.equal(analysis.largestFiles[0].path, 'café/naïve.txt');
  });

  it('cancelling through the AbortSignal ends the analysis with a "cancelled" error', async () => {
    const archive = await archiveOf(Array.from({ length: 5 }, (_, i) => ({ entries: [{ name: `f${i}`, content: Buffer.alloc(300_000, i) }] })));
    const controller = new AbortController();
    const error = await rejection(analyse(archive, { signal: controller.signal, onProgress: () => controller.abort() }));
    assert.equal(error.code, 'cancelled');
  });

  it('layers stored before the manifest (docker save order) and after it give the same analysis', async () => {
    const layers = [
      { entries: [{ name: 'a', content: 'one' }] },
      { entries: [{ name: 'a', content: 'three' }, { name: 'b', content: 'bb' }], gzip: true },
    ];
    const after = await analyse(await archiveOf(layers));
    const before = await analyse(await archiveOf(layers, { manifestFirst: true }));
    assert.deepEqual({ ...after.analysis, image: '' }, { ...before.analysis, image: '' });
    assert.equal(after.analysis.reclaimableBytes, 3);
    assert.equal(after.analysis.layers[1].compressedSizeBytes !== undefined, true);
  });
});
