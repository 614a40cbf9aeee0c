// A multi-platform image: two images built by the real engine, copied into one OCI layout by skopeo,
// and tied together by a hand-written image index (as `buildx --platform a,b` or `skopeo --all`
// leave them). The platform asked for is read; this machine's is the default; a platform that is
// not there is an error naming those that are; the chooser hears this machine's first.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeImage, type ImageSource, readImageFile } from '../../../src/image';
import { hostPlatform, platformName } from '../../../src/image/sources/platform';
import { requireDocker } from '../../support/docker';
import { buildImage, removeImage, run, scratchDir, skopeo } from './support';

const TAGS = { amd64: 'stevedore-test-layerfiles-platform:amd64', arm64: 'stevedore-test-layerfiles-platform:arm64' };

describe('Multi-platform OCI index (real engine images, hand-made index)', function () {
  this.timeout(120_000);
  let work: string;
  let layout: string;
  let archive: string;

  before(async function () {
    await requireDocker(this);
    if (platformName({ ...hostPlatform(), variant: undefined }) !== 'linux/amd64') this.skip(); // the fixture labels amd64 as this machine's
    work = scratchDir();
    layout = join(work, 'layout');
    for (const [arch, tag] of Object.entries(TAGS)) {
      await buildImage(tag, `RUN echo ${arch} > /platform\n`);
      await skopeo([`docker-daemon:${tag}`, `oci:${layout}:${arch}`]);
    }
    // skopeo wrote one manifest per tag; replace them with one nested index labelled by platform.
    const top = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: Array<Record<string, unknown>> };
    const labelled = top.manifests.map((descriptor) => {
      const arch = (descriptor.annotations as Record<string, string>)['org.opencontainers.image.ref.name'];
      const platform = arch === 'arm64' ? { os: 'linux', architecture: 'arm64', variant: 'v8' } : { os: 'linux', architecture: 'amd64' };
      return { mediaType: descriptor.mediaType, digest: descriptor.digest, size: descriptor.size, platform };
    });
    const nested = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: labelled }));
    const digest = createHash('sha256').update(nested).digest('hex');
    writeFileSync(join(layout, 'blobs', 'sha256', digest), nested);
    writeFileSync(join(layout, 'index.json'), JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', digest: `sha256:${digest}`, size: nested.length, annotations: { 'org.opencontainers.image.ref.name': 'multi' } }],
    }));
    archive = join(work, 'multi.tar');
    await run('tar', ['-C', layout, '-cf', archive, '.']);
  });

  after(async () => {
    if (work) rmSync(work, { recursive: true, force: true });
    for (const tag of Object.values(TAGS)) await removeImage(tag);
  });

  async function platformFile(source: ImageSource, options: Parameters<typeof analyzeImage>[1] = {}): Promise<string> {
    const { contents } = await analyzeImage(source, options);
    return (await readImageFile(source, contents, contents.layers.length - 1, 'platform')).bytes.toString().trim();
  }

  for (const form of ['OCI layout', 'oci-archive'] as const) {
    const source = (): ImageSource => (form === 'OCI layout' ? { kind: 'oci-dir', path: layout } : { kind: 'archive', path: archive });

    it(`${form}: reads this machine's platform by default, and the platform asked for`, async () => {
      assert.equal(await platformFile(source()), 'amd64');
      assert.equal(await platformFile(source(), { platform: 'linux/arm64' }), 'arm64');
      assert.equal(await platformFile(source(), { platform: 'linux/arm64/v8' }), 'arm64');
      assert.equal(await platformFile(source(), { platform: 'linux/amd64' }), 'amd64');
    });

    it(`${form}: a platform that is not there is an error listing those that are`, async () => {
      await assert.rejects(analyzeImage(source(), { platform: 'linux/s390x' }), /no image for platform linux\/s390x\. Platforms there: linux\/amd64, linux\/arm64\/v8\./);
      await assert.rejects(analyzeImage(source(), { platform: 'amd64' }), /"amd64" is not a platform/);
    });

    it(`${form}: the chooser hears the platforms, this machine's first, and its answer is read`, async () => {
      let offered: string[] = [];
      const answer = await platformFile(source(), {
        choosePlatform: (available) => {
          offered = available;
          return Promise.resolve('linux/arm64/v8');
        },
      });
      assert.deepEqual(offered, ['linux/amd64', 'linux/arm64/v8']);
      assert.equal(answer, 'arm64');
      await assert.rejects(analyzeImage(source(), { choosePlatform: () => Promise.resolve(undefined) }), /cancelled/);
    });
  }
});
