// Property: whatever bytes an archive holds, the image engine answers with an analysis that adds
// up, or with an ImageSourceError that names the input and quotes no raw JavaScript message,
// within a time bound. Archives are generated (hostile names, whiteouts, links, manifests of the
// wrong shape, compressed layers) and then damaged at random (bytes flipped, cut short).
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { analyzeImage, ImageSourceError } from '../../../src/image/index';
import { tarOf, writeTemp, zstdFrame, type TestEntry } from './archiveBuilder';

const RAW_MESSAGE = /Cannot read propert|is not a function|is not iterable|undefined|\bnull\b.*reading|EISDIR|ENOENT|Unexpected token|Maximum call stack|Invalid array length/;

const name = fc
  .array(fc.constantFrom('a', 'b', 'etc', '..', '.', '', '.wh.a', '.wh.b', '.wh..wh..opq', 'x'.repeat(120), 'é', '\u0000'), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join('/'));

const entry: fc.Arbitrary<TestEntry> = fc.oneof(
  fc.record({ name, type: fc.constant('file' as const), content: fc.string({ maxLength: 40 }) }),
  fc.record({ name, type: fc.constant('directory' as const) }),
  fc.record({ name, type: fc.constant('symlink' as const), linkname: name }),
  fc.record({ name, type: fc.constant('link' as const), linkname: name }),
);

const layer = fc.record({ entries: fc.array(entry, { maxLength: 8 }), compression: fc.constantFrom('none', 'gzip', 'zstd') });

/** What goes into manifest.json and the config, valid or of the wrong shape. */
const odd = fc.constantFrom<unknown>(null, 5, 'text', [], {}, [null], { Layers: null }, [{ Layers: 'x' }]);

/** Usually absent (the archive stays well formed), sometimes `value`. */
const sometimes = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });

const archiveSpec = fc.record({
  layers: fc.array(layer, { minLength: 1, maxLength: 4 }),
  manifest: sometimes(odd),
  config: sometimes(odd),
  history: sometimes(odd),
  flips: sometimes(fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 3 })),
  cutAt: sometimes(fc.nat()),
  outerGzip: fc.boolean(),
});

type ArchiveSpec = typeof archiveSpec extends fc.Arbitrary<infer T> ? T : never;

async function build(spec: ArchiveSpec): Promise<Buffer> {
  const files: TestEntry[] = [];
  const layerPaths: string[] = [];
  for (const [i, { entries, compression }] of spec.layers.entries()) {
    const tar = await tarOf(entries);
    const blob = compression === 'gzip' ? gzipSync(tar) : compression === 'zstd' ? zstdFrame(tar, 0) : tar;
    const id = createHash('sha256').update(blob).update(String(i)).digest('hex');
    files.push({ name: `${id}/layer.tar`, content: blob });
    layerPaths.push(`${id}/layer.tar`);
  }
  const config = spec.config !== undefined ? spec.config : { rootfs: { diff_ids: [] }, history: spec.history !== undefined ? spec.history : spec.layers.map((_, i) => ({ created_by: `step ${i}` })) };
  files.push({ name: 'config.json', content: JSON.stringify(config) });
  const manifest = spec.manifest !== undefined ? spec.manifest : [{ Config: 'config.json', RepoTags: ['prop:1'], Layers: layerPaths }];
  files.push({ name: 'manifest.json', content: JSON.stringify(manifest) });
  let archive = await tarOf(files);
  if (spec.outerGzip) archive = gzipSync(archive);
  archive = Buffer.from(archive);
  for (const flip of spec.flips ?? []) archive[flip.at % archive.length] = flip.value;
  if (spec.cutAt !== undefined) archive = archive.subarray(0, spec.cutAt % (archive.length + 1));
  return archive;
}

describe('image engine: property over generated and damaged archives', function () {
  this.timeout(120_000);

  it('any archive gives an analysis that adds up or a clear ImageSourceError, within 2 s', async () => {
    const file = writeTemp('property.tar', Buffer.alloc(0));
    await fc.assert(
      fc.asyncProperty(archiveSpec, async (spec) => {
        writeFileSync(file, await build(spec));
        const started = Date.now();
        try {
          const { analysis, files } = await analyzeImage({ kind: 'archive', path: file });
          assert.equal(analysis.sizeBytes, analysis.layers.reduce((sum, l) => sum + l.sizeBytes, 0));
          assert.ok(analysis.reclaimableBytes >= 0 && analysis.reclaimableBytes <= analysis.sizeBytes);
          assert.ok(analysis.efficiencyScore >= 0 && analysis.efficiencyScore <= 1 || Number.isNaN(analysis.efficiencyScore));
          // A layer may remove its own entry (b, then .wh.b): docker's unpacker deletes it too.
          for (const wasted of analysis.wasted) assert.ok(wasted.layer <= wasted.causedByLayer, `${wasted.path}: layer ${wasted.layer} wasted by ${wasted.causedByLayer}`);
          for (let i = 0; i < analysis.layers.length; i++) {
            for (const node of files.files(i, 'aggregate')) assert.ok(node.sizeBytes >= 0);
            files.files(i, 'layer');
          }
        } catch (error) {
          assert.ok(error instanceof ImageSourceError, `not an ImageSourceError: ${String(error)}\n${(error as Error).stack}`);
          assert.doesNotMatch(error.message, RAW_MESSAGE, `raw message: ${error.message}`);
          assert.ok(error.message.includes(file), `the message names the archive: ${error.message}`);
        }
        assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
      }),
      { numRuns: 150 },
    );
  });

  it('any OCI layout whose index, manifests and blobs are damaged gives an analysis or a clear ImageSourceError', async () => {
    const digest = fc.oneof(
      fc.constantFrom('sha256:../../../../dev/zero', 'sha256:', 'sha512:00', `md5:${'0'.repeat(32)}`, `sha256:${'0'.repeat(64)}`, 'sha256:/etc/passwd'),
      fc.string({ maxLength: 70 }),
      fc.constant(undefined),
    );
    const replacement = fc.oneof(digest.map((value) => ({ digest: value })), odd);
    await fc.assert(
      fc.asyncProperty(
        fc.record({ what: fc.constantFrom('index', 'manifest', 'config', 'layer'), value: replacement, raw: sometimes(fc.string({ maxLength: 40 })) }),
        async ({ what, value, raw }) => {
          const dir = mkdtempSync(join(tmpdir(), 'stevedore-oci-prop-'));
          mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
          const put = (data: Buffer | string): string => {
            const hex = createHash('sha256').update(data).digest('hex');
            writeFileSync(join(dir, 'blobs', 'sha256', hex), data);
            return `sha256:${hex}`;
          };
          const layer = put(await tarOf([{ name: 'a', content: 'a' }]));
          const config = what === 'config' ? put(raw ?? JSON.stringify(value)) : put(JSON.stringify({ rootfs: { diff_ids: [layer] }, history: [{ created_by: 'x' }] }));
          const layers = what === 'layer' ? [value] : [{ digest: layer, size: 1 }];
          const manifest = put(what === 'manifest' && raw !== undefined ? raw : JSON.stringify({ config: { digest: config }, layers }));
          const manifests = what === 'index' ? [value] : [{ digest: manifest, size: 1 }];
          writeFileSync(join(dir, 'index.json'), what === 'index' && raw !== undefined ? raw : JSON.stringify({ schemaVersion: 2, manifests }));
          const started = Date.now();
          try {
            await analyzeImage({ kind: 'oci-dir', path: dir });
          } catch (error) {
            assert.ok(error instanceof ImageSourceError, `not an ImageSourceError: ${String(error)}`);
            assert.doesNotMatch(error.message, RAW_MESSAGE, `raw message: ${error.message}`);
            assert.ok(error.message.startsWith(`OCI layout ${dir}`), `the message names the layout: ${error.message}`);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
          assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
        },
      ),
      { numRuns: 100 },
    );
  });
});
