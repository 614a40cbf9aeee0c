// One image with known content, read in every form it can take: the engine's export stream, a
// `docker save` archive, skopeo's docker-archive, oci-archive and OCI folders (gzip and zstd), and
// an Engine 25-style save archive (OCI layout + manifest.json). Every form must give the same
// analysis, and the figures must be the ones computed here by hand from the known content.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { analyzeImage, type AnalyzedImage, mapLayersToDockerfile } from '../../../src/image/index';
import type { ImageAnalysis } from '../../../src/image/types';
import { BUSYBOX_PREAMBLE, busyboxPath, requireDocker } from '../../support/docker';
import { buildImage, removeImage, run, scratchDir, skopeo } from './support';

const TAG = 'stevedore-t-img-known:1';

// Layer by layer (0 and 1 are busybox and its applet links):
const BODY = [
  'COPY payload /payload/', // 2: a.bin 3000, b.bin 5000, keep.txt 100
  'RUN head -c 7000 /dev/zero > /payload/a.bin', // 3: a.bin overwritten with 7000
  'RUN chmod 600 /payload/b.bin', // 4: b.bin copied again, same content
  'RUN rm /payload/keep.txt', // 5: whiteout
  'RUN mkdir /opq /h && head -c 1111 /dev/zero > /opq/old && head -c 4000 /dev/zero > /h/f && ln /h/f /h/g && ln -s /payload/a.bin /payload/a.link', // 6
  'RUN rm -rf /opq && mkdir /opq && head -c 222 /dev/zero > /opq/new && rm /h/f', // 7: opaque dir, whiteout of a hard-linked file
].join('\n') + '\n';

const FILES = { 'payload/a.bin': Buffer.alloc(3000, 'a'), 'payload/b.bin': Buffer.alloc(5000, 'b'), 'payload/keep.txt': Buffer.alloc(100, 'k') };

/** What must not differ between forms of the same image. */
function essence(analysis: ImageAnalysis): unknown {
  return {
    sizeBytes: analysis.sizeBytes,
    efficiencyScore: analysis.efficiencyScore,
    wastedBytes: analysis.wastedBytes,
    userWastedPercent: analysis.userWastedPercent,
    reclaimableBytes: analysis.reclaimableBytes,
    visibleBytes: analysis.visibleBytes,
    fileCount: analysis.fileCount,
    layers: analysis.layers.map(({ index, digest, command, sizeBytes, files, added, modified, removed }) => ({ index, digest, command, sizeBytes, files, added, modified, removed })),
    wasted: analysis.wasted,
    largestFiles: analysis.largestFiles,
    inefficientFiles: analysis.inefficientFiles,
    flaggedEntries: analysis.flaggedEntries,
  };
}

describe('image engine on a real image in every form (integration)', function () {
  this.timeout(180_000);
  let docker: Docker;
  let dir: string;
  let fromEngine: AnalyzedImage;
  const busybox = statSync(busyboxPath()).size;

  before(async function () {
    docker = await requireDocker(this);
    await buildImage(TAG, BODY, FILES);
    dir = scratchDir();
    fromEngine = await analyzeImage({ kind: 'engine', docker, image: TAG });
  });

  after(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await removeImage(TAG);
  });

  it('the engine export stream gives the figures computed by hand', () => {
    const a = fromEngine.analysis;
    const userBytes = 8100 + 7000 + 5000 + 0 + (1111 + 4000) + 222;
    assert.equal(a.source, 'engine');
    assert.equal(a.layers.length, 8);
    assert.deepEqual(a.layers.map((l) => l.sizeBytes), [busybox, 0, 8100, 7000, 5000, 0, 5111, 222]);
    assert.equal(a.sizeBytes, busybox + userBytes);
    // Hidden: a.bin 3000 (overwritten), b.bin 5000 (same bytes, new mode), keep.txt 100, opq/old 1111.
    // h/f (4000) is whited out but its hard link h/g still shows the bytes: not reclaimable.
    assert.equal(a.reclaimableBytes, 3000 + 5000 + 100 + 1111);
    assert.deepEqual(
      a.wasted.map((w) => [w.path, w.bytes, w.cause, w.layer, w.causedByLayer]),
      [
        ['payload/b.bin', 5000, 'metadata-only-copy', 2, 4],
        ['payload/a.bin', 3000, 'overwritten', 2, 3],
        ['opq/old', 1111, 'deleted-later', 6, 7],
        ['payload/keep.txt', 100, 'deleted-later', 2, 5],
      ],
    );
    assert.equal(a.visibleBytes, busybox + 7000 + 5000 + 4000 + 222);
    // dive: a.bin 3000+7000, b.bin 5000+5000, keep.txt 100+0, h/f 4000+0; opaque dirs are ignored.
    assert.deepEqual(a.inefficientFiles, [
      { count: 2, sizeBytes: 10000, file: '/payload/a.bin' },
      { count: 2, sizeBytes: 10000, file: '/payload/b.bin' },
      { count: 2, sizeBytes: 4000, file: '/h/f' },
      { count: 2, sizeBytes: 100, file: '/payload/keep.txt' },
    ]);
    assert.equal(a.wastedBytes, 24100);
    assert.equal(a.efficiencyScore, (busybox + 3000 + 5000 + 0 + 1111 + 0 + 222) / (busybox + 10000 + 10000 + 100 + 1111 + 4000 + 222));
    assert.equal(a.userWastedPercent, 24100 / userBytes);
    assert.deepEqual(a.layers.slice(3).map((l) => [l.modified, l.removed]), [[1, 0], [1, 0], [0, 1], [0, 0], [a.layers[7].modified, 2]]);
    assert.equal(a.layers[6].added, 6); // opq, opq/old, h, h/f, h/g, payload/a.link
    assert.deepEqual(a.largestFiles.slice(0, 3).map((f) => [f.path, f.sizeBytes, f.layer]), [['bin/busybox', busybox, 0], ['payload/a.bin', 7000, 3], ['payload/b.bin', 5000, 4]]);
  });

  it('per-layer trees show the opaque directory and the whiteouts of layer 7', () => {
    const layer7 = fromEngine.files.files(7, 'layer');
    const change = (path: string): string | undefined => layer7.find((n) => n.path === path)?.change;
    assert.equal(change('opq/old'), 'removed');
    assert.equal(change('opq/new'), 'added');
    assert.equal(change('h/f'), 'removed');
    const final = fromEngine.files.files(7, 'aggregate');
    const paths = new Set(final.filter((n) => n.change !== 'removed').map((n) => n.path));
    assert.ok(paths.has('h/g') && !paths.has('h/f') && !paths.has('opq/old') && paths.has('opq/new'));
    assert.equal(final.find((n) => n.path === 'payload/a.link')?.linkTarget, '/payload/a.bin');
    assert.equal(final.find((n) => n.path === 'payload/b.bin')?.mode, 0o600);
  });

  it('each layer maps to the Dockerfile line that made it', () => {
    const analysis = mapLayersToDockerfile(structuredClone(fromEngine.analysis), BUSYBOX_PREAMBLE + BODY, 'Dockerfile');
    assert.deepEqual(analysis.layers.map((l) => l.source?.line), [2, 3, 4, 5, 6, 7, 8, 9]);
  });

  async function expectSame(path: string, kind: 'archive' | 'oci-dir', expectedSource: string): Promise<AnalyzedImage> {
    const result = await analyzeImage({ kind, path });
    assert.equal(result.analysis.source, expectedSource);
    assert.deepEqual(essence(result.analysis), essence(fromEngine.analysis));
    return result;
  }

  it('a docker save archive (legacy layout) gives the same analysis', async () => {
    const file = join(dir, 'save.tar');
    await run('docker', ['save', '-o', file, TAG]);
    const result = await expectSame(file, 'archive', 'docker-archive');
    assert.equal(result.analysis.layers[2].compressedSizeBytes, undefined); // layer.tar is stored uncompressed
  });

  it('skopeo docker-archive gives the same analysis', async () => {
    await skopeo([`docker-daemon:${TAG}`, `docker-archive:${join(dir, 'skopeo-docker.tar')}`]);
    await expectSame(join(dir, 'skopeo-docker.tar'), 'archive', 'docker-archive');
  });

  it('skopeo oci-archive (gzip layers) gives the same analysis, with compressed sizes', async () => {
    await skopeo(['--dest-compress-format', 'gzip', `docker-daemon:${TAG}`, `oci-archive:${join(dir, 'oci.tar')}`]);
    const result = await expectSame(join(dir, 'oci.tar'), 'archive', 'oci-archive');
    const stored = result.analysis.layers[0].compressedSizeBytes ?? 0;
    assert.ok(stored > 0 && stored < busybox, `gzip layer stored in ${stored} bytes`);
  });

  it('skopeo oci-archive with zstd layers gives the same analysis', async () => {
    await skopeo(['--dest-compress-format', 'zstd', `docker-daemon:${TAG}`, `oci-archive:${join(dir, 'oci-zstd.tar')}`]);
    const result = await expectSame(join(dir, 'oci-zstd.tar'), 'archive', 'oci-archive');
    assert.ok((result.analysis.layers[0].compressedSizeBytes ?? 0) > 0);
  });

  it('OCI layout folders (gzip and zstd) give the same analysis', async () => {
    await skopeo([`docker-daemon:${TAG}`, `oci:${join(dir, 'oci-gzip')}`]);
    await expectSame(join(dir, 'oci-gzip'), 'oci-dir', 'oci-dir');
    await skopeo(['--dest-compress-format', 'zstd', `docker-daemon:${TAG}`, `oci:${join(dir, 'oci-zstd')}`]);
    await expectSame(join(dir, 'oci-zstd'), 'oci-dir', 'oci-dir');
  });

  it('an Engine 25-style save archive (OCI layout plus manifest.json) gives the same analysis', async () => {
    const layout = join(dir, 'engine25');
    await skopeo([`docker-daemon:${TAG}`, `oci:${layout}`]);
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string }> };
    const manifest = JSON.parse(readFileSync(join(layout, 'blobs', ...index.manifests[0].digest.split(':')), 'utf8')) as {
      config: { digest: string };
      layers: Array<{ digest: string }>;
    };
    const blob = (digest: string): string => `blobs/${digest.replace(':', '/')}`;
    writeFileSync(join(layout, 'manifest.json'), JSON.stringify([{ Config: blob(manifest.config.digest), RepoTags: [TAG], Layers: manifest.layers.map((l) => blob(l.digest)) }]));
    const archive = join(dir, 'engine25.tar');
    // Engine 25 writes the blobs first and the manifests last: the layers pass before their order is known.
    const blobs = readdirSync(join(layout, 'blobs', 'sha256')).map((name) => `blobs/sha256/${name}`);
    await run('tar', ['-cf', archive, '-C', layout, ...blobs, 'oci-layout', 'index.json', 'manifest.json']);
    const result = await expectSame(archive, 'archive', 'docker-archive');
    assert.equal(result.analysis.image, TAG);
    assert.equal(result.analysis.layers[0].diveId, 'blobs');
  });
});
