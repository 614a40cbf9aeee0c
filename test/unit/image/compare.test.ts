// The comparison's arithmetic on hand-built archives: layer alignment, each kind of path change
// with its size delta and the layers that caused it, and the reuse of layers both images share.
import { strict as assert } from 'node:assert';
import { alignLayers, analyzeImage, compareContents, compareImages, instructionKey } from '../../../src/image/index';
import type { LayerSummary } from '../../../src/image/index';
import { archiveOf, type TestLayer, writeTemp } from './archiveBuilder';

function layer(index: number, digest: string, command: string, sizeBytes = 10): LayerSummary {
  return { index, digest, command, sizeBytes, files: 1, added: 1, modified: 0, removed: 0 };
}

describe('image engine: comparing two images', () => {
  describe('layer alignment', () => {
    it('pairs shared layers by digest and rebuilt ones by instruction', () => {
      const a = [layer(0, 'd0', 'ADD base'), layer(1, 'd1', 'RUN apt-get install x', 100), layer(2, 'd2', 'COPY file:aaaaaaaaaaaaaaaaaaaa in /app', 30)];
      const b = [layer(0, 'd0', 'ADD base'), layer(1, 'e1', 'RUN apt-get install x', 60), layer(2, 'e2', 'COPY file:bbbbbbbbbbbbbbbbbbbb in /app', 35)];
      assert.deepEqual(
        alignLayers(a, b).map((row) => [row.status, row.a?.index, row.b?.index, row.sizeDeltaBytes]),
        [['shared', 0, 0, 0], ['changed', 1, 1, -40], ['changed', 2, 2, 5]],
      );
    });

    it('lists a layer only one image has as removed or added, in order', () => {
      const a = [layer(0, 'd0', 'ADD base'), layer(1, 'd1', 'RUN make'), layer(2, 'd2', 'RUN chmod -R 600 /data', 50), layer(3, 'd3', 'CMD x', 0)];
      const b = [layer(0, 'd0', 'ADD base'), layer(1, 'd1', 'RUN make'), layer(2, 'e2', 'RUN rm -rf /var/cache', 5), layer(3, 'e3', 'CMD x', 0)];
      assert.deepEqual(
        alignLayers(a, b).map((row) => [row.status, row.a?.index ?? null, row.b?.index ?? null, row.sizeDeltaBytes]),
        [['shared', 0, 0, 0], ['shared', 1, 1, 0], ['removed', 2, null, -50], ['added', null, 2, 5], ['changed', 3, 3, 0]],
      );
    });

    it('prefers a shared digest over a shared instruction', () => {
      const a = [layer(0, 'x', 'RUN step'), layer(1, 'y', 'RUN step')];
      const b = [layer(0, 'y', 'RUN step')];
      assert.deepEqual(alignLayers(a, b).map((row) => [row.status, row.a?.index ?? null, row.b?.index ?? null]), [
        ['removed', 0, null],
        ['shared', 1, 0],
      ]);
    });

    it('pairs a step with its extended self (a clean-up appended) as rebuilt', () => {
      const a = [layer(0, 'd0', 'ADD base'), layer(1, 'd1', 'RUN apk add x', 90)];
      const b = [layer(0, 'd0', 'ADD base'), layer(1, 'e1', 'RUN apk add x && rm -rf /var/cache/apk', 70)];
      assert.deepEqual(alignLayers(a, b).map((row) => [row.status, row.sizeDeltaBytes]), [['shared', 0], ['changed', -20]]);
    });

    it('pairs a step rewritten in place (most words kept) as rebuilt, and not a different step', () => {
      const a = [layer(0, 'd0', 'RUN mkdir -p /opt/cache /app && dd if=/dev/urandom of=/opt/cache/x bs=1024 && dd if=/dev/urandom of=/app/m bs=1024', 90)];
      const b = [layer(0, 'e0', 'RUN mkdir -p /app && dd if=/dev/urandom of=/app/m bs=1024 && chmod -R 600 /app', 30)];
      assert.deepEqual(alignLayers(a, b).map((row) => row.status), ['changed']);
      const c = [layer(0, 'e0', 'RUN apk add --no-cache curl', 30)];
      assert.deepEqual(alignLayers(a, c).map((row) => row.status), ['removed', 'added']);
      const d = [layer(0, 'e0', 'COPY -p /app && dd if=/dev/urandom of=/app/m bs=1024 mkdir', 30)];
      assert.deepEqual(alignLayers(a, d).map((row) => row.status), ['removed', 'added'], 'another keyword never pairs');
    });

    it('ignores content digests of classic COPY and BuildKit build-arg prefixes in instructions', () => {
      assert.equal(instructionKey('COPY dir:0123456789abcdef0123 in /data '), 'COPY dir: in /data');
      assert.equal(instructionKey('RUN |2 A=1 B=2 /bin/sh -c make'), 'RUN /bin/sh -c make');
    });
  });

  describe('path changes', () => {
    const base: TestLayer = { entries: [{ name: 'bin/', type: 'directory' }, { name: 'bin/sh', content: 'S'.repeat(100), mode: 0o755 }], command: 'ADD base' };
    const before: TestLayer[] = [
      base,
      {
        command: '/bin/sh -c #(nop) COPY dir:1111111111111111111111 in /app',
        entries: [
          { name: 'app/', type: 'directory' },
          { name: 'app/grow', content: 'g'.repeat(1000) },
          { name: 'app/gone', content: 'x'.repeat(500) },
          { name: 'app/mode', content: 'm'.repeat(10), mode: 0o644 },
          { name: 'app/same-size', content: 'a'.repeat(40) },
          { name: 'app/link', type: 'symlink', linkname: 'grow' },
          { name: 'app/cache/', type: 'directory' },
          { name: 'app/cache/big', content: 'c'.repeat(4000) },
        ],
      },
      { command: '/bin/sh -c rm /app/gone', entries: [{ name: 'app/.wh.gone' }] },
    ];
    const after: TestLayer[] = [
      base,
      {
        command: '/bin/sh -c #(nop) COPY dir:2222222222222222222222 in /app',
        entries: [
          { name: 'app/', type: 'directory' },
          { name: 'app/grow', content: 'g'.repeat(3000) },
          { name: 'app/mode', content: 'm'.repeat(10), mode: 0o600, uid: 1000, gid: 1000 },
          { name: 'app/same-size', content: 'b'.repeat(40) },
          { name: 'app/link', type: 'symlink', linkname: 'same-size' },
          { name: 'app/new', content: 'n'.repeat(300) },
          { name: 'app/cache/', type: 'directory' },
          { name: 'app/cache/big', content: 'c'.repeat(4000) },
        ],
      },
      { command: '/bin/sh -c rm -rf /app/cache', entries: [{ name: 'app/.wh.cache' }] },
    ];

    async function compared() {
      const a = writeTemp('a.tar', await archiveOf(before, { tag: 'stevedore-t-cmp-unit:a' }));
      const b = writeTemp('b.tar', await archiveOf(after, { tag: 'stevedore-t-cmp-unit:b' }));
      return compareImages({ kind: 'archive', path: a }, { kind: 'archive', path: b });
    }

    it('classifies every path and computes its size delta and the layers that caused it', async () => {
      const { result } = await compared();
      const changes = result.changes().map((c) => [c.path, c.change, c.detail ?? '', c.sizeDeltaBytes, c.layerA, c.layerB]);
      assert.deepEqual(changes, [
        ['app/cache', 'removed', '', 0, 1, 2],
        ['app/cache/big', 'removed', '', -4000, 1, 2],
        ['app/grow', 'modified', 'grown', 2000, 1, 1],
        ['app/link', 'modified', 'link', 0, 1, 1],
        ['app/mode', 'metadata', '', 0, 1, 1],
        ['app/new', 'added', '', 300, null, 1],
        ['app/same-size', 'modified', 'content', 0, 1, 1],
      ]);
      const mode = result.changes().find((c) => c.path === 'app/mode');
      assert.deepEqual([mode?.modeBefore, mode?.modeAfter, mode?.ownerBefore, mode?.ownerAfter], [0o644, 0o600, '0:0', '1000:1000']);
      assert.deepEqual(result.counts, { added: 1, removed: 2, modified: 3, metadata: 1 });
    });

    it('totals are analyze\'s own figures, and the deltas their differences', async () => {
      const { before: a, after: b, result } = await compared();
      const doc = result.comparison();
      assert.equal(doc.a.sizeBytes, a.analysis.sizeBytes);
      assert.equal(doc.b.reclaimableBytes, b.analysis.reclaimableBytes);
      // A: 100 + (1000+500+10+40+4000) + 0; B: 100 + (3000+10+40+300+4000) + 0.
      assert.equal(doc.a.sizeBytes, 5650);
      assert.equal(doc.b.sizeBytes, 7450);
      assert.equal(doc.sizeDeltaBytes, 1800);
      // Hidden: A gone 500; B cache/big 4000.
      assert.equal(doc.a.reclaimableBytes, 500);
      assert.equal(doc.b.reclaimableBytes, 4000);
      assert.equal(doc.reclaimableDeltaBytes, 3500);
      assert.equal(doc.visibleDeltaBytes, 2000 + 300 - 4000);
      assert.equal(doc.visibleDeltaBytes, doc.changes.reduce((sum, c) => sum + c.sizeDeltaBytes, 0));
      assert.equal(doc.fileCountDelta, 1 - 2);
      assert.equal(doc.efficiencyBefore, a.analysis.efficiencyScore);
      assert.equal(doc.efficiencyAfter, b.analysis.efficiencyScore);
      assert.deepEqual(doc.layers.map((row) => row.status), ['shared', 'changed', 'removed', 'added']);
    });

    it('a filter keeps the kinds asked for and changes at least the size given', async () => {
      const { result } = await compared();
      assert.deepEqual(result.changes({ minSizeBytes: 1000 }).map((c) => c.path), ['app/cache/big', 'app/grow']);
      assert.deepEqual(result.changes({ kinds: ['added', 'metadata'] }).map((c) => c.path), ['app/mode', 'app/new']);
    });

    it('B reuses the layers it shares with A instead of reading them again, with the same result', async () => {
      const { before: a, after: b, result } = await compared();
      assert.equal(b.contents.layers[0].scan, a.contents.layers[0].scan);
      assert.equal(b.contents.table, a.contents.table);
      const pathB = writeTemp('b.tar', await archiveOf(after, { tag: 'stevedore-t-cmp-unit:b' }));
      const alone = await analyzeImage({ kind: 'archive', path: pathB });
      assert.deepEqual({ ...alone.analysis, image: '' }, { ...b.analysis, image: '' });
      const apart = compareContents(a, alone);
      assert.deepEqual(apart.comparison(), { ...result.comparison(), b: { ...result.comparison().b, image: alone.analysis.image } });
    });

    it('an image compared with itself has no changes and only shared layers', async () => {
      const a = writeTemp('a.tar', await archiveOf(before));
      const { result } = await compareImages({ kind: 'archive', path: a }, { kind: 'archive', path: a });
      const doc = result.comparison();
      assert.deepEqual(doc.changes, []);
      assert.equal(doc.sizeDeltaBytes, 0);
      assert.ok(doc.layers.every((row) => row.status === 'shared'));
    });
  });
});
