// The per-layer file lists the Analyze panel renders: tree order, change kinds, directory sizes.
import { strict as assert } from 'node:assert';
import { analyzeImage } from '../../../src/image/index';
import { archiveOf, writeTemp } from './archiveBuilder';

describe('image engine: per-layer file trees', () => {
  async function image() {
    return analyzeImage({
      kind: 'archive',
      path: writeTemp(
        'image.tar',
        await archiveOf([
          { entries: [{ name: 'etc/', type: 'directory' }, { name: 'etc/a', content: 'aaaa' }, { name: 'etc/b', content: 'bb' }, { name: 'etc-x', content: 'x' }] },
          { entries: [{ name: 'etc/', type: 'directory' }, { name: 'etc/a', content: 'AAAAAAAA' }, { name: 'etc/.wh.b' }, { name: 'etc/c/d', content: 'ddd' }] },
        ]),
      ),
    });
  }

  it('a layer view lists what the layer changed, parents first, with change kinds', async () => {
    const { files } = await image();
    const nodes = files.files(1, 'layer');
    assert.deepEqual(
      nodes.map((n) => [n.path, n.change, n.sizeBytes]),
      [
        ['etc', 'unchanged', 8 + 3],
        ['etc/a', 'modified', 8],
        ['etc/b', 'removed', 2],
        ['etc/c', 'unchanged', 3],
        ['etc/c/d', 'added', 3],
      ],
    );
  });

  it('an aggregate view lists the whole filesystem as of that layer', async () => {
    const { files } = await image();
    assert.deepEqual(files.files(0, 'aggregate').map((n) => [n.path, n.change]), [
      ['etc', 'added'],
      ['etc/a', 'added'],
      ['etc/b', 'added'],
      ['etc-x', 'added'],
    ]);
    const last = files.files(1, 'aggregate');
    assert.deepEqual(last.map((n) => n.path), ['etc', 'etc/a', 'etc/b', 'etc/c', 'etc/c/d', 'etc-x']);
    assert.equal(last.find((n) => n.path === 'etc-x')?.layer, 0);
    assert.equal(last.find((n) => n.path === 'etc/b')?.change, 'removed');
  });

  it('"changes only" leaves out untouched entries', async () => {
    const { files } = await image();
    assert.deepEqual(files.files(1, 'aggregate', { changesOnly: true }).map((n) => n.path), ['etc', 'etc/a', 'etc/b', 'etc/c', 'etc/c/d']);
  });

  it('an out-of-range layer is a clear RangeError', async () => {
    const { files } = await image();
    assert.throws(() => files.files(5), /No layer 5: the image has 2 layers/);
  });
});
