// Hostile or damaged metadata: oversized JSON documents, manifests and configs of the wrong shape,
// OCI layouts whose digests or blobs point outside the layout. Each ends in an ImageSourceError
// that names the document and the input, quotes no file content, and costs bounded memory.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeImage, ImageSourceError } from '../../../src/image/index';
import { readImageArchive } from '../../../src/image/sources/archive';
import { tarOf, writeTemp } from './archiveBuilder';
import { analyseInChild } from './childAnalysis';

async function rejection(promise: Promise<unknown>): Promise<ImageSourceError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ImageSourceError, `expected ImageSourceError, got ${String(error)}`);
    assert.doesNotMatch(error.message, /Cannot read properties|is not a function|is not iterable|EISDIR|ELOOP|Unexpected token/);
    return error;
  }
  assert.fail('expected the analysis to fail');
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** A docker save archive with this manifest.json and config (the layer is real). */
async function archiveWith(manifest: unknown, config: unknown = { rootfs: { diff_ids: [] }, history: [] }): Promise<string> {
  const layer = await tarOf([{ name: 'a', content: 'a' }]);
  return writeTemp(
    'image.tar',
    await tarOf([
      { name: 'l1/layer.tar', content: layer },
      { name: 'c.json', content: JSON.stringify(config) },
      { name: 'manifest.json', content: JSON.stringify(manifest) },
    ]),
  );
}

/** An OCI layout folder of one layer; `edit` may rewrite any file before the analysis. */
async function ociLayout(edit: (dir: string, digests: { manifest: string; config: string; layer: string }) => void = () => undefined): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'stevedore-oci-unit-'));
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const put = (data: Buffer | string): string => {
    const hex = sha256(data);
    writeFileSync(join(dir, 'blobs', 'sha256', hex), data);
    return `sha256:${hex}`;
  };
  const layerTar = await tarOf([{ name: 'etc/', type: 'directory' }, { name: 'etc/hello', content: 'hello\n' }]);
  const layer = put(layerTar);
  const config = put(JSON.stringify({ rootfs: { type: 'layers', diff_ids: [layer] }, history: [{ created_by: 'COPY hello /etc/' }] }));
  const manifest = put(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 1 },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layer, size: layerTar.length }],
    }),
  );
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifest, size: 1 }] }));
  edit(dir, { manifest, config, layer });
  return dir;
}

const blob = (dir: string, digest: string): string => join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length));

function rewriteIndex(dir: string, manifests: unknown[]): void {
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
}

describe('image engine: hostile and damaged metadata', function () {
  this.timeout(60_000);

  it('says a 70 MB manifest.json is too large, instead of "has neither manifest.json nor index.json"', async () => {
    const huge = Buffer.from('[' + '{},'.repeat(70 * 1024 * 1024 / 3) + '{}]');
    const archive = writeTemp('big-manifest.tar.gz', gzipSync(await tarOf([{ name: 'manifest.json', content: huge }]), { level: 1 }));
    const error = await rejection(analyzeImage({ kind: 'archive', path: archive }));
    assert.equal(error.code, 'too-large');
    assert.match(error.message, /^Archive .*big-manifest\.tar\.gz: manifest\.json is \d+ bytes, more than the 4 MiB an image's metadata document may have/);
  });

  it('reads four 63 MB JSON entries (245 KB gzipped) within bounded memory and names the oversized config', async () => {
    const big = Buffer.from('[' + '{},'.repeat(63 * 1024 * 1024 / 3) + '{}]');
    const manifest = JSON.stringify([{ Config: 'c.json', RepoTags: ['x:1'], Layers: [] }]);
    const tar = await tarOf([{ name: 'a.json', content: big }, { name: 'b.json', content: big }, { name: 'c.json', content: big }, { name: 'manifest.json', content: manifest }]);
    const archive = writeTemp('json-bomb.tar.gz', gzipSync(tar, { level: 9 }));
    const result = analyseInChild({ kind: 'archive', path: archive });
    assert.equal(result.error?.code, 'too-large');
    assert.match(result.error?.message ?? '', /: the image config c\.json is \d+ bytes, more than the 4 MiB/);
    assert.ok(result.maxRssMB < 300, `peak memory ${result.maxRssMB.toFixed(0)} MB`);
  });

  it('names what is wrong with a manifest.json or config of the wrong shape (no raw JavaScript errors)', async () => {
    const cases: Array<[unknown, unknown, RegExp]> = [
      [[null], undefined, /entry 0 of manifest\.json is null, not an object/],
      [{ Layers: [] }, undefined, /manifest\.json is an object, not a list of images/],
      [[{ Config: 'c.json', Layers: 'l1/layer.tar' }], undefined, /entry 0 of manifest\.json has Layers that are "l1\/layer\.tar", not a list of file names/],
      [[{ Config: 'c.json', Layers: ['l1/layer.tar'] }], { history: 5 }, /the image config c\.json has a history that is a number, not a list/],
      [[{ Config: 'c.json', Layers: ['l1/layer.tar'] }], { history: [null] }, /the image config c\.json has history\[0\] that is null, not an object/],
      [[{ Config: 'c.json', Layers: ['l1/layer.tar'] }], null, /the image config c\.json is null, not an object/],
      [[{ Config: 'c.json', Layers: ['l1/layer.tar'] }], { rootfs: { diff_ids: 'x' } }, /rootfs\.diff_ids that are "x", not a list of digests/],
    ];
    for (const [manifest, config, pattern] of cases) {
      const error = await rejection(analyzeImage({ kind: 'archive', path: await archiveWith(manifest, config) }));
      assert.equal(error.code, 'bad-format', String(pattern));
      assert.match(error.message, pattern);
      assert.match(error.message, /^Archive .*image\.tar: /);
    }
  });

  it('a manifest.json that is not JSON is named as such, without quoting it', async () => {
    const archive = writeTemp('image.tar', await tarOf([{ name: 'manifest.json', content: '[{"Config": secret-value' }]));
    const error = await rejection(analyzeImage({ kind: 'archive', path: archive }));
    assert.match(error.message, /manifest\.json is not valid JSON/);
    assert.doesNotMatch(error.message, /secret/);
  });

  it('an OCI layout digest that is not sha256/sha512 hex of the right length is refused at once (no /dev/urandom read)', async () => {
    for (const digest of ['sha256:../../../../dev/urandom', 'sha256:abc', `md5:${'0'.repeat(32)}`, `sha256:${'A'.repeat(64)}`, `sha512:${'0'.repeat(64)}`]) {
      const dir = await ociLayout((layout) => rewriteIndex(layout, [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: 1 }]));
      const error = await rejection(analyzeImage({ kind: 'oci-dir', path: dir }));
      assert.equal(error.code, 'bad-format');
      assert.match(error.message, /^OCI layout .*: index\.json has manifests\[0\] whose digest .* is not a sha256 \(64 hex digits\) or sha512 \(128 hex digits\) digest/);
    }
  });

  it('reads only regular files inside an OCI layout: no symlinked index.json or blob, no device, no folder', async () => {
    const linkedConfig = await ociLayout((dir, { config }) => {
      writeFileSync(join(dir, 'passwd-copy'), 'root:x:0:0:root:/root:/bin/bash\n');
      rmSync(blob(dir, config));
      symlinkSync('/etc/passwd', blob(dir, config));
    });
    let error = await rejection(analyzeImage({ kind: 'oci-dir', path: linkedConfig }));
    assert.match(error.message, /: the image config sha256:[0-9a-f]{64} is a symbolic link, which is not followed here/);
    assert.doesNotMatch(error.message, /root:/);

    const linkedIndex = await ociLayout((dir) => {
      writeFileSync(join(dir, 'real-index.json'), readFileSync(join(dir, 'index.json')));
      rmSync(join(dir, 'index.json'));
      symlinkSync(join(dir, 'real-index.json'), join(dir, 'index.json'));
    });
    error = await rejection(analyzeImage({ kind: 'oci-dir', path: linkedIndex }));
    assert.match(error.message, /: index\.json is a symbolic link/);

    const deviceLayer = await ociLayout((dir, { layer }) => {
      rmSync(blob(dir, layer));
      symlinkSync('/dev/zero', blob(dir, layer));
    });
    error = await rejection(analyzeImage({ kind: 'oci-dir', path: deviceLayer }));
    assert.match(error.message, /: layer sha256:[0-9a-f]{64} is a symbolic link/);

    const folderLayer = await ociLayout((dir, { layer }) => {
      rmSync(blob(dir, layer));
      mkdirSync(blob(dir, layer));
    });
    error = await rejection(analyzeImage({ kind: 'oci-dir', path: folderLayer }));
    assert.match(error.message, /: layer sha256:[0-9a-f]{64} is a folder, not a file/);
  });

  it('an OCI config that is not JSON (say, a password file) is named without quoting it', async () => {
    const dir = await ociLayout((layout, { config }) => writeFileSync(blob(layout, config), 'root:x:0:0:root:/root:/bin/bash\n'));
    const error = await rejection(analyzeImage({ kind: 'oci-dir', path: dir }));
    assert.match(error.message, /: the image config sha256:[0-9a-f]{64} is not valid JSON/);
    assert.doesNotMatch(error.message, /root/);
  });

  it('a well-formed OCI layout built in the test is analysed', async () => {
    const { analysis } = await analyzeImage({ kind: 'oci-dir', path: await ociLayout() });
    assert.equal(analysis.layers.length, 1);
    assert.equal(analysis.sizeBytes, 6);
  });

  it('an archive that cannot be opened says so, without the raw EACCES text', async () => {
    // What a read stream emits for a file the user may not read (tests run as root, so it is simulated).
    async function* denied(): AsyncGenerator<Buffer> {
      yield* [];
      throw Object.assign(new Error("EACCES: permission denied, open '/x/image.tar'"), { code: 'EACCES' });
    }
    const error = await rejection(readImageArchive(denied(), 'Archive /x/image.tar', ''));
    assert.equal(error.message, "Archive /x/image.tar could not be opened: permission denied. Check the file's permissions.");
  });
});
