// Pairs of images built by the real engine from Dockerfiles that differ by one known change each (a
// cache clean-up added, a file grown, a stage split, a chmod removed), compared in every form the
// engine and skopeo write: every figure must be the one computed here by hand, and the totals the
// ones `analyze` gives each image on its own.
import { strict as assert } from 'node:assert';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { analyzeImage, compareImages, type ImageComparison, type ImageSource } from '../../../src/image/index';
import { BUSYBOX_PREAMBLE, busyboxPath, requireDocker } from '../../support/docker';
import { buildImage, removeImage, run, scratchDir, skopeo } from '../image/support';

type Row = [path: string, change: string, detail: string, sizeDeltaBytes: number, layerA: number | null, layerB: number | null];

interface Case {
  name: string;
  before: string;
  after: string;
  files?: { before?: Record<string, Buffer>; after?: Record<string, Buffer> };
  /** Figures by hand; `bb` is busybox's size (layer 0 of every image). */
  expected: (bb: number) => {
    sizeBytes: [number, number];
    reclaimableBytes: [number, number];
    efficiency: [number, number];
    fileCountDelta: number;
    layers: Array<[status: string, a: number | null, b: number | null, sizeDeltaBytes: number]>;
    changes: Row[];
  };
}

const X = (n: number, fill = 'x'): string => `head -c ${n} /dev/zero | tr '\\0' '${fill}'`;

const CASES: Case[] = [
  {
    name: 'a cache clean-up added',
    before: `RUN mkdir -p /var/cache/app /opt && ${X(50000)} > /var/cache/app/blob && ${X(1000, 't')} > /opt/tool\n`,
    after: `RUN mkdir -p /var/cache/app /opt && ${X(50000)} > /var/cache/app/blob && ${X(1000, 't')} > /opt/tool && rm -rf /var/cache/app\n`,
    expected: (bb) => ({
      sizeBytes: [bb + 51000, bb + 1000],
      reclaimableBytes: [0, 0],
      efficiency: [1, 1],
      fileCountDelta: -2,
      layers: [['shared', 0, 0, 0], ['shared', 1, 1, 0], ['changed', 2, 2, -50000]],
      changes: [
        ['var/cache/app', 'removed', '', 0, 2, null],
        ['var/cache/app/blob', 'removed', '', -50000, 2, null],
      ],
    }),
  },
  {
    name: 'a file grown',
    before: 'COPY data.bin /srv/data.bin\n',
    after: 'COPY data.bin /srv/data.bin\n',
    files: { before: { 'data.bin': Buffer.alloc(4000, 'd') }, after: { 'data.bin': Buffer.alloc(9000, 'd') } },
    expected: (bb) => ({
      sizeBytes: [bb + 4000, bb + 9000],
      reclaimableBytes: [0, 0],
      efficiency: [1, 1],
      fileCountDelta: 0,
      // Classic builds name the copied content (`COPY file:<sha> in ...`): the same instruction all the same.
      layers: [['shared', 0, 0, 0], ['shared', 1, 1, 0], ['changed', 2, 2, 5000]],
      changes: [['srv/data.bin', 'modified', 'grown', 5000, 2, 2]],
    }),
  },
  {
    name: 'a stage split',
    before: `RUN mkdir /build && ${X(20000, 'o')} > /build/obj && cp /build/obj /app.bin\n`,
    after: `RUN mkdir /build && ${X(20000, 'o')} > /build/obj && cp /build/obj /app.bin\n${BUSYBOX_PREAMBLE}COPY --from=0 /app.bin /app.bin\n`,
    expected: (bb) => ({
      sizeBytes: [bb + 40000, bb + 20000],
      reclaimableBytes: [0, 0],
      efficiency: [1, 1],
      fileCountDelta: -2,
      layers: [['shared', 0, 0, 0], ['shared', 1, 1, 0], ['removed', 2, null, -40000], ['added', null, 2, 20000]],
      changes: [
        ['build', 'removed', '', 0, 2, null],
        ['build/obj', 'removed', '', -20000, 2, null],
      ],
    }),
  },
  {
    name: 'a chmod removed',
    before: 'COPY payload /payload/\nRUN chmod 600 /payload/b.bin\n',
    after: 'COPY payload /payload/\n',
    files: {
      before: { 'payload/a.bin': Buffer.alloc(3000, 'a'), 'payload/b.bin': Buffer.alloc(5000, 'b') },
      after: { 'payload/a.bin': Buffer.alloc(3000, 'a'), 'payload/b.bin': Buffer.alloc(5000, 'b') },
    },
    expected: (bb) => ({
      sizeBytes: [bb + 8000 + 5000, bb + 8000],
      reclaimableBytes: [5000, 0],
      // dive: every path's smallest copy over all copies; b.bin is counted twice before.
      efficiency: [(bb + 8000) / (bb + 13000), 1],
      fileCountDelta: 0,
      layers: [['shared', 0, 0, 0], ['shared', 1, 1, 0], ['shared', 2, 2, 0], ['removed', 3, null, -5000]],
      changes: [['payload/b.bin', 'metadata', '', 0, 3, 2]],
    }),
  },
];

const FORMS = ['engine', 'docker-archive', 'oci-archive', 'oci-dir'] as const;
type Form = (typeof FORMS)[number];

describe('image comparison on pairs of real images in every form (integration)', function () {
  this.timeout(600_000);
  let docker: Docker;
  let dir: string;
  const bb = statSync(busyboxPath()).size;
  const tag = (index: number, side: 'a' | 'b'): string => `stevedore-test-compare-${index}:${side}`;
  const sources = new Map<string, ImageSource>();

  before(async function () {
    docker = await requireDocker(this);
    dir = scratchDir();
    for (const [index, item] of CASES.entries()) {
      for (const side of ['a', 'b'] as const) {
        const image = tag(index, side);
        await buildImage(image, side === 'a' ? item.before : item.after, (side === 'a' ? item.files?.before : item.files?.after) ?? {});
        const base = join(dir, `${index}-${side}`);
        await run('docker', ['save', '-o', `${base}.tar`, image]);
        await skopeo([`docker-daemon:${image}`, `oci-archive:${base}.oci.tar`]);
        await skopeo([`docker-daemon:${image}`, `oci:${base}.oci`]);
        sources.set(`${index}-${side}-engine`, { kind: 'engine', docker, image });
        sources.set(`${index}-${side}-docker-archive`, { kind: 'archive', path: `${base}.tar` });
        sources.set(`${index}-${side}-oci-archive`, { kind: 'archive', path: `${base}.oci.tar` });
        sources.set(`${index}-${side}-oci-dir`, { kind: 'oci-dir', path: `${base}.oci` });
      }
    }
  });

  after(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const index of CASES.keys()) {
      await removeImage(tag(index, 'a'));
      await removeImage(tag(index, 'b'));
    }
  });

  function source(index: number, side: 'a' | 'b', form: Form): ImageSource {
    return sources.get(`${index}-${side}-${form}`) as ImageSource;
  }

  function check(comparison: ImageComparison, item: Case): void {
    const expected = item.expected(bb);
    assert.deepEqual([comparison.a.sizeBytes, comparison.b.sizeBytes], expected.sizeBytes, 'sizes');
    assert.equal(comparison.sizeDeltaBytes, expected.sizeBytes[1] - expected.sizeBytes[0]);
    assert.deepEqual([comparison.a.reclaimableBytes, comparison.b.reclaimableBytes], expected.reclaimableBytes, 'reclaimable');
    assert.equal(comparison.reclaimableDeltaBytes, expected.reclaimableBytes[1] - expected.reclaimableBytes[0]);
    assert.ok(Math.abs(comparison.efficiencyBefore - expected.efficiency[0]) < 1e-12, `efficiency before ${comparison.efficiencyBefore}`);
    assert.ok(Math.abs(comparison.efficiencyAfter - expected.efficiency[1]) < 1e-12, `efficiency after ${comparison.efficiencyAfter}`);
    assert.equal(comparison.fileCountDelta, expected.fileCountDelta);
    assert.deepEqual(
      comparison.layers.map((row) => [row.status, row.a?.index ?? null, row.b?.index ?? null, row.sizeDeltaBytes]),
      expected.layers,
    );
    assert.deepEqual(
      comparison.changes.map((c) => [c.path, c.change, c.detail ?? '', c.sizeDeltaBytes, c.layerA, c.layerB]),
      expected.changes,
    );
    // The final filesystem's change is the sum of the listed changes.
    assert.equal(comparison.visibleDeltaBytes, comparison.changes.reduce((sum, c) => sum + c.sizeDeltaBytes, 0));
  }

  for (const [index, item] of CASES.entries()) {
    for (const form of FORMS) {
      it(`${item.name}: ${form} against ${form} gives the figures computed by hand`, async () => {
        const { before, after, result } = await compareImages(source(index, 'a', form), source(index, 'b', form));
        const comparison = result.comparison();
        check(comparison, item);
        // The totals are analyze's, image by image, read on their own.
        const alone = await analyzeImage(source(index, 'b', form));
        for (const key of ['sizeBytes', 'efficiencyScore', 'wastedBytes', 'reclaimableBytes', 'visibleBytes', 'fileCount'] as const) {
          assert.equal(comparison.b[key], alone.analysis[key], key);
          assert.equal(comparison.a[key], before.analysis[key], key);
        }
        assert.deepEqual(after.analysis.layers, alone.analysis.layers);
      });
    }
  }

  it('mixed forms (engine before, OCI folder after) give the same comparison', async () => {
    for (const [index, item] of CASES.entries()) {
      const { result } = await compareImages(source(index, 'a', 'engine'), source(index, 'b', 'oci-dir'));
      check(result.comparison(), item);
    }
  });

  it('the layers B shares with A are reused, not read again', async () => {
    const { before, after } = await compareImages(source(3, 'a', 'docker-archive'), source(3, 'b', 'docker-archive'));
    // Layers 0 and 1 (busybox) are below other layers in both: docker save names them the same.
    assert.equal(after.contents.layers[0].scan, before.contents.layers[0].scan);
    assert.equal(after.contents.layers[1].scan, before.contents.layers[1].scan);
    const oci = await compareImages(source(3, 'a', 'oci-dir'), source(3, 'b', 'oci-dir'));
    assert.ok(oci.after.contents.layers.every((layer, i) => layer.scan === oci.before.contents.layers[i].scan));
  });
});
