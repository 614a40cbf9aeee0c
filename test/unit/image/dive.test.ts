// dive's figures on hand-built layers, computed here by dive's rules (efficiency.go): these are
// the numbers CI thresholds were tuned on, quirks included.
import { strict as assert } from 'node:assert';
import { analyzeImage } from '../../../src/image/index';
import { archiveOf, type TestLayer, writeTemp } from './archiveBuilder';

async function analyse(layers: TestLayer[]) {
  return (await analyzeImage({ kind: 'archive', path: writeTemp('image.tar', await archiveOf(layers)) })).analysis;
}

const bytes = (n: number): Buffer => Buffer.alloc(n, 1);

describe('image engine: dive-compatible figures', () => {
  it('counts every copy of a path seen twice, the kept copy too', async () => {
    const analysis = await analyse([
      { entries: [{ name: 'base', content: bytes(1000) }] },
      { entries: [{ name: 'f', content: bytes(100) }] },
      { entries: [{ name: 'f', content: bytes(300) }] },
    ]);
    assert.equal(analysis.wastedBytes, 400);
    assert.deepEqual(analysis.inefficientFiles, [{ count: 2, sizeBytes: 400, file: '/f' }]);
    // score = (1000 + min 100) / (1000 + 400)
    assert.equal(analysis.efficiencyScore, 1100 / 1400);
    // user wasted = wasted / size of all layers but the first
    assert.equal(analysis.userWastedPercent, 400 / 400);
    // Stevedore's own figure: only the hidden 100-byte copy is reclaimable.
    assert.equal(analysis.reclaimableBytes, 100);
    assert.deepEqual(analysis.wasted, [{ path: 'f', bytes: 100, cause: 'overwritten', layer: 1, causedByLayer: 2 }]);
  });

  it('a whiteout of a file counts 0 bytes; the deleted copy still counts as waste', async () => {
    const analysis = await analyse([
      { entries: [{ name: 'base', content: bytes(10) }] },
      { entries: [{ name: 'tmp/', type: 'directory' }, { name: 'tmp/junk', content: bytes(500) }] },
      { entries: [{ name: 'tmp/', type: 'directory' }, { name: 'tmp/.wh.junk' }] },
    ]);
    assert.deepEqual(analysis.inefficientFiles, [{ count: 2, sizeBytes: 500, file: '/tmp/junk' }]);
    assert.equal(analysis.efficiencyScore, 10 / 510);
    assert.equal(analysis.reclaimableBytes, 500);
    assert.equal(analysis.wasted[0].cause, 'deleted-later');
    assert.equal(analysis.layers[2].removed, 1);
  });

  it('a whiteout of a directory counts everything under it, once, at the directory path', async () => {
    const analysis = await analyse([
      { entries: [{ name: 'd/', type: 'directory' }, { name: 'd/a', content: bytes(200) }, { name: 'd/b', content: bytes(300) }] },
      { entries: [{ name: '.wh.d' }] },
    ]);
    // dive: /d/a and /d/b seen once each; /d seen once (the whiteout, 500 bytes): nothing inefficient.
    assert.equal(analysis.wastedBytes, 0);
    assert.equal(analysis.efficiencyScore, 1);
    assert.equal(analysis.reclaimableBytes, 500);
    assert.equal(analysis.layers[1].removed, 3);
  });

  it('dive ignores opaque directories; Stevedore counts what they hide', async () => {
    const analysis = await analyse([
      { entries: [{ name: 'd/', type: 'directory' }, { name: 'd/old', content: bytes(700) }] },
      { entries: [{ name: 'd/', type: 'directory' }, { name: 'd/.wh..wh..opq' }, { name: 'd/new', content: bytes(50) }] },
    ]);
    assert.equal(analysis.wastedBytes, 0);
    assert.equal(analysis.efficiencyScore, 1);
    assert.equal(analysis.reclaimableBytes, 700);
    assert.deepEqual(analysis.wasted, [{ path: 'd/old', bytes: 700, cause: 'deleted-later', layer: 0, causedByLayer: 1 }]);
    assert.equal(analysis.layers[1].added, 1);
    assert.equal(analysis.layers[1].removed, 1);
  });

  it('a whiteout of a path that was never there stops the rest of that layer, as in dive', async () => {
    const analysis = await analyse([
      { entries: [{ name: 'a', content: bytes(10) }, { name: 'z', content: bytes(20) }] },
      // dive visits leaves sorted (a, b/.wh.ghost, z); the ghost whiteout errors, so z is never counted.
      { entries: [{ name: 'a', content: bytes(40) }, { name: 'b/.wh.ghost' }, { name: 'z', content: bytes(80) }] },
    ]);
    assert.deepEqual(analysis.inefficientFiles, [{ count: 2, sizeBytes: 50, file: '/a' }]);
    assert.equal(analysis.wastedBytes, 50);
    assert.equal(analysis.efficiencyScore, (10 + 20) / (50 + 20));
  });

  it('an identical copy with new permissions is a metadata-only copy', async () => {
    const analysis = await analyse([
      { entries: [{ name: 'app', content: bytes(900), mode: 0o644 }] },
      { entries: [{ name: 'app', content: bytes(900), mode: 0o600 }] },
    ]);
    assert.deepEqual(analysis.wasted, [{ path: 'app', bytes: 900, cause: 'metadata-only-copy', layer: 0, causedByLayer: 1 }]);
    assert.equal(analysis.layers[1].modified, 1);
  });

  it('a file copied up unchanged to make a hard link is a metadata-only copy, whichever name the layer stores it under', async () => {
    const analysis = await analyse([
      { entries: [{ name: 'd/keep', content: bytes(5000) }] },
      // `ln /d/keep /d/hl`: overlayfs stores the content once, under the new name, and links the old.
      { entries: [{ name: 'd/hl', content: bytes(5000) }, { name: 'd/keep', type: 'link', linkname: 'd/hl' }] },
    ]);
    assert.deepEqual(analysis.wasted, [{ path: 'd/keep', bytes: 5000, cause: 'metadata-only-copy', layer: 0, causedByLayer: 1 }]);
  });

  it('a hidden file whose hard link stays visible is not reclaimable', async () => {
    const analysis = await analyse([
      { entries: [{ name: 'f', content: bytes(4000) }, { name: 'g', type: 'link', linkname: 'f' }] },
      { entries: [{ name: '.wh.f' }] },
    ]);
    assert.equal(analysis.reclaimableBytes, 0);
    assert.equal(analysis.visibleBytes, 4000);
    // dive still sees /f twice (4000 + a 0-byte whiteout).
    assert.equal(analysis.wastedBytes, 4000);
  });

  it('a one-layer image has NaN user wasted percent, as dive computes it (0/0)', async () => {
    const analysis = await analyse([{ entries: [{ name: 'f', content: bytes(5) }] }]);
    assert.ok(Number.isNaN(analysis.userWastedPercent));
    assert.equal(analysis.efficiencyScore, 1);
  });

  it('sizeBytes is always the visible bytes plus the reclaimable bytes', async () => {
    const analysis = await analyse([
      { entries: [{ name: 'x/', type: 'directory' }, { name: 'x/1', content: bytes(11) }, { name: 'x/2', content: bytes(22) }] },
      { entries: [{ name: 'x/', type: 'directory' }, { name: 'x/1', content: bytes(33) }, { name: 'x/.wh.2' }] },
      { entries: [{ name: '.wh.x' }, { name: 'y', content: bytes(44) }] },
    ]);
    assert.equal(analysis.sizeBytes, (analysis.visibleBytes ?? 0) + analysis.reclaimableBytes);
    assert.equal(analysis.reclaimableBytes, 11 + 22 + 33);
  });
});
