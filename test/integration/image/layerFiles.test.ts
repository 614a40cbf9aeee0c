// Files out of a layer, checked against the real engine: what `extractImagePath` writes is byte for
// byte what `docker cp` copies out of a container of the same image, in every form the image can
// take (engine export, docker save, OCI layout, oci-archive); earlier layers give earlier contents.
import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { analyzeImage, extractImagePath, type ImageSource, largestImageFiles, pathChangeAt, readImageFile } from '../../../src/image';
import { dockerCli, requireDocker } from '../../support/docker';
import { buildImage, removeImage, run, scratchDir, skopeo } from './support';

const TAG = 'stevedore-test-layerfiles-extract:1';
const BINARY = randomBytes(3 * 1024 * 1024 + 17);

/** Every entry below `dir`: type, permission bits, content hash or link target. */
function describeTree(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (at: string, relative: string): void => {
    for (const name of readdirSync(at).sort()) {
      const full = join(at, name);
      const path = relative ? `${relative}/${name}` : name;
      const stats = lstatSync(full);
      const mode = (stats.mode & 0o777).toString(8);
      if (stats.isSymbolicLink()) found.set(path, `link -> ${readlinkSync(full)}`);
      else if (stats.isDirectory()) {
        found.set(path, `dir ${mode}`);
        walk(full, path);
      } else found.set(path, `file ${mode} ${stats.size} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
    }
  };
  walk(dir, '');
  return found;
}

describe('Files from a layer (real engine, every archive form)', function () {
  this.timeout(180_000);
  let docker: Docker;
  let work: string;
  let expected: Map<string, string>;
  const sources: Array<[string, () => ImageSource]> = [];

  before(async function () {
    docker = await requireDocker(this);
    work = scratchDir();
    await buildImage(TAG, [
      'COPY blob.bin /data/bin/blob.bin',
      'RUN mkdir -p /data/etc /data/gone /data/opaque/old /data/private && echo one > /data/etc/conf && echo bye > /data/gone/file '
        + '&& echo old > /data/opaque/old/x && printf "" > /data/empty && echo secret > /data/private/key && chmod 600 /data/private/key '
        + '&& chmod 700 /data/private && echo ro > /data/readonly && chmod 444 /data/readonly',
      'RUN echo two >> /data/etc/conf && rm -rf /data/gone && rm -rf /data/opaque && mkdir -p /data/opaque && echo new > /data/opaque/y '
        + '&& ln /data/etc/conf /data/etc/conf.hard && ln -s ../etc/conf /data/bin/conf.link && ln -s /bin/busybox /data/bin/abs.link '
        + '&& echo "sp ace" > "/data/a name é.txt" && chmod 755 /data/etc/conf',
    ].join('\n') + '\n', { 'blob.bin': BINARY });
    const container = (await dockerCli(['create', TAG, '/bin/true'])).trim();
    try {
      mkdirSync(join(work, 'cp'));
      await dockerCli(['cp', `${container}:/data`, join(work, 'cp')]);
    } finally {
      await dockerCli(['rm', '-f', container]);
    }
    expected = describeTree(join(work, 'cp'));
    await run('docker', ['save', '-o', join(work, 'saved.tar'), TAG]);
    await skopeo([`docker-archive:${join(work, 'saved.tar')}`, `oci:${join(work, 'oci')}:app`]);
    await skopeo(['--dest-compress-format', 'zstd', `docker-archive:${join(work, 'saved.tar')}`, `oci-archive:${join(work, 'oci.tar')}`]);
    sources.push(
      ['engine', () => ({ kind: 'engine', docker, image: TAG })],
      ['docker save archive', () => ({ kind: 'archive', path: join(work, 'saved.tar') })],
      ['OCI layout', () => ({ kind: 'oci-dir', path: join(work, 'oci') })],
      ['oci-archive (zstd)', () => ({ kind: 'archive', path: join(work, 'oci.tar') })],
    );
  });

  after(async () => {
    if (work) rmSync(work, { recursive: true, force: true });
    await removeImage(TAG);
  });

  it('docker cp saw the tree the test built (the reference is meaningful)', () => {
    assert.equal(expected.get('data/etc/conf')?.split(' ')[1], '755');
    assert.equal(expected.get('data/bin/abs.link'), 'link -> /bin/busybox');
    assert.equal(expected.has('data/gone'), false);
    assert.equal(expected.has('data/opaque/old'), false);
    assert.match(expected.get('data/bin/blob.bin') ?? '', new RegExp(`^file 644 ${BINARY.length} `));
  });

  for (const index of [0, 1, 2, 3]) {
    it(`extracts /data as docker cp does, from the source form #${index + 1}`, async () => {
      const [label, make] = sources[index];
      const source = make();
      const { contents, analysis } = await analyzeImage(source);
      const out = join(work, `out-${index}`);
      mkdirSync(out);
      const result = await extractImagePath(source, contents, analysis.layers.length - 1, 'data', out);
      assert.deepEqual(result.skipped, [], label);
      assert.deepEqual(describeTree(out), expected, `${label}: the extracted tree differs from docker cp's`);
      assert.equal(result.bytes > BINARY.length, true);
    });
  }

  it('reads a file as of each layer: before and after the layer that changed it, and removed ones', async () => {
    const source = sources[1][1]();
    const { contents, analysis } = await analyzeImage(source);
    const last = analysis.layers.length - 1;
    const before = await readImageFile(source, contents, last - 1, 'data/etc/conf');
    const after = await readImageFile(source, contents, last, 'data/etc/conf');
    assert.equal(before.bytes.toString(), 'one\n');
    assert.equal(after.bytes.toString(), 'one\ntwo\n');
    assert.equal(after.entry.layer, last);
    assert.equal(after.entry.mode & 0o777, 0o755);
    const hard = await readImageFile(source, contents, last, 'data/etc/conf.hard');
    assert.equal(hard.bytes.toString(), 'one\ntwo\n', 'a hard link reads as its target');
    assert.equal((await readImageFile(source, contents, last - 1, 'data/gone/file')).bytes.toString(), 'bye\n');
    await assert.rejects(readImageFile(source, contents, last, 'data/gone/file'), new RegExp(`not in the filesystem as of layer ${last}\\. Layers that write it: ${last - 1}\\.`));
    await assert.rejects(readImageFile(source, contents, last, 'data/opaque/old/x'), /not in the filesystem/);
    const capped = await readImageFile(source, contents, last, 'data/bin/blob.bin', { maxBytes: 1000 });
    assert.equal(capped.truncated, true);
    assert.deepEqual(capped.bytes, BINARY.subarray(0, 1000));
  });

  it('extracts a single file, and a layer\'s own changes only with view "layer"', async () => {
    const source = sources[2][1]();
    const { contents, analysis } = await analyzeImage(source);
    const last = analysis.layers.length - 1;
    const single = join(work, 'single');
    mkdirSync(single);
    const result = await extractImagePath(source, contents, last, '/data/bin/blob.bin'.slice(1), single);
    assert.equal(result.files, 1);
    assert.deepEqual(readFileSync(join(single, 'blob.bin')), BINARY);
    const own = join(work, 'own');
    mkdirSync(own);
    await extractImagePath(source, contents, last, 'data', own, { view: 'layer' });
    const tree = describeTree(own);
    assert.equal(tree.has('data/bin/blob.bin'), false, 'blob.bin came from an earlier layer');
    assert.equal(tree.get('data/opaque/y')?.startsWith('file'), true);
    assert.equal(tree.get('data/etc/conf'), expected.get('data/etc/conf'));
  });

  it('says what a layer did to a path, and lists the largest files matching a glob', async () => {
    const { contents, analysis } = await analyzeImage(sources[1][1]());
    const last = analysis.layers.length - 1;
    assert.equal(pathChangeAt(contents, last, 'data/etc/conf'), 'modified');
    assert.equal(pathChangeAt(contents, last, 'data/gone/file'), 'removed');
    assert.equal(pathChangeAt(contents, last, 'data/opaque/y'), 'added');
    assert.equal(pathChangeAt(contents, last, 'data/bin/blob.bin'), 'unchanged');
    assert.equal(pathChangeAt(contents, last, 'nowhere'), 'absent');
    assert.deepEqual(largestImageFiles(contents, { glob: '*.bin' }), {
      files: [{ path: 'data/bin/blob.bin', sizeBytes: BINARY.length, layer: last - 2 }], matching: 1, matchingBytes: BINARY.length,
    });
    // Regular files under /data (the hard link counts as a link): blob.bin, conf, y, empty, key, readonly, "a name é.txt".
    const top = largestImageFiles(contents, { glob: '/data/**', limit: 2 });
    assert.equal(top.matching, 7);
    assert.deepEqual(top.files.map((file) => file.path), ['data/bin/blob.bin', 'data/etc/conf']);
    assert.equal(largestImageFiles(contents, { glob: 'data/*.txt' }).files[0].path, 'data/a name é.txt');
  });
});

describe('Files from a layer: a read that stops early in a big layer', function () {
  this.timeout(180_000);
  const EARLY_TAG = 'stevedore-test-layerfiles-early:1';
  let docker: Docker;
  let work: string;

  before(async function () {
    docker = await requireDocker(this);
    work = scratchDir();
    // The small file is written first, so the layer's tar holds it before 8 MiB of random bytes: the
    // reader has what it needs long before the layer (and the export or archive) ends.
    await buildImage(EARLY_TAG, 'RUN mkdir /app && echo v1 > /app/VERSION && dd if=/dev/urandom of=/app/zz.bin bs=1024 count=8192\n'
      + 'RUN echo v2 > /app/VERSION\n');
    await run('docker', ['save', '-o', join(work, 'saved.tar'), EARLY_TAG]);
  });

  after(async () => {
    if (work) rmSync(work, { recursive: true, force: true });
    await removeImage(EARLY_TAG);
  });

  // It hung (a promise that never settled) when the pump fed a tar extractor the reader had
  // already destroyed: found by opening /app/VERSION of the demo image from the Analyze panel.
  for (const form of ['engine', 'docker save archive'] as const) {
    it(`reads the file as of the big layer and the one after, from the ${form}`, async () => {
      const source: ImageSource = form === 'engine' ? { kind: 'engine', docker, image: EARLY_TAG } : { kind: 'archive', path: join(work, 'saved.tar') };
      const { contents, analysis } = await analyzeImage(source);
      const last = analysis.layers.length - 1;
      assert.equal((await readImageFile(source, contents, last - 1, 'app/VERSION')).bytes.toString(), 'v1\n');
      assert.equal((await readImageFile(source, contents, last, 'app/VERSION')).bytes.toString(), 'v2\n');
    });
  }
});
