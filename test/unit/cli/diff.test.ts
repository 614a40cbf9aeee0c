// `stevedore diff` on archives built in the test: the JSON document's agreed fields and figures,
// the text report, --min-size, and usage errors with analyze's exit codes.
import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { runDiff, type DiffCliOptions } from '../../../src/cli/diff';
import { CliError } from '../../../src/cli/errors';
import { main } from '../../../src/cli/main';
import { archiveOf, type TestLayer, writeTemp } from '../image/archiveBuilder';

const kb = (n: number, fill = 3): Buffer => Buffer.alloc(n * 1000, fill);
const tool: TestLayer = { entries: [{ name: 'bin/', type: 'directory' }, { name: 'bin/tool', content: kb(50) }], command: '/bin/sh -c #(nop) COPY file:abc in /bin/tool ' };

async function fixtures(): Promise<{ a: string; b: string }> {
  const a = writeTemp('a.tar', await archiveOf([
    tool,
    { entries: [{ name: 'data/', type: 'directory' }, { name: 'data/blob', content: kb(30) }, { name: 'data/conf', content: kb(1) }], command: '/bin/sh -c fetch > /data/blob' },
    { entries: [{ name: 'data/', type: 'directory' }, { name: 'data/.wh.blob' }], command: '/bin/sh -c rm /data/blob' },
  ], { tag: 'stevedore-t-cmp-cli:a' }));
  const b = writeTemp('b.tar', await archiveOf([
    tool,
    { entries: [{ name: 'data/', type: 'directory' }, { name: 'data/conf', content: kb(2) }], command: '/bin/sh -c fetch > /data/blob && rm /data/blob' },
  ], { tag: 'stevedore-t-cmp-cli:b' }));
  return { a, b };
}

async function run(a: string, b: string, options: Partial<DiffCliOptions>): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      out += String(chunk);
      callback();
    },
  });
  const code = await runDiff(a, b, { format: 'tty', ...options }, sink);
  return { code, out };
}

describe('stevedore diff (CLI)', () => {
  it('--format json writes the agreed fields with the figures of both images', async () => {
    const { a, b } = await fixtures();
    const { code, out } = await run(a, b, { format: 'json' });
    assert.equal(code, 0);
    const doc = JSON.parse(out);
    for (const key of ['a', 'b', 'sizeDeltaBytes', 'reclaimableDeltaBytes', 'efficiencyBefore', 'efficiencyAfter', 'changes']) assert.ok(key in doc, `missing ${key}`);
    assert.equal(doc.a.image, 'stevedore-t-cmp-cli:a');
    assert.equal(doc.b.image, 'stevedore-t-cmp-cli:b');
    assert.equal(doc.a.sizeBytes, 81_000);
    assert.equal(doc.b.sizeBytes, 52_000);
    assert.equal(doc.sizeDeltaBytes, -29_000);
    assert.equal(doc.reclaimableDeltaBytes, -30_000);
    assert.deepEqual(doc.changes, [
      { path: '/data/conf', change: 'modified', kind: 'file', sizeBeforeBytes: 1000, sizeAfterBytes: 2000, sizeDeltaBytes: 1000, detail: 'grown', layerA: 1, layerB: 1 },
    ]);
    assert.deepEqual(doc.layers.map((l: { status: string }) => l.status), ['shared', 'changed', 'removed']);
    assert.equal(doc.efficiencyAfter, 1);
  });

  it('--format tty writes the summary line, the totals, the layers and the largest changes', async () => {
    const { a, b } = await fixtures();
    const { out } = await run(a, b, {});
    assert.match(out, /^A \(before\): stevedore-t-cmp-cli:a$/m);
    assert.match(out, /^−29 kB, efficiency \d+\.\d% → 100\.0%, reclaimable 30 kB → 0 B$/m);
    assert.match(out, /Reclaimable bytes\s+30 kB\s+→\s+0 B\s+−30 kB/);
    assert.match(out, /^\s+2\s+-\s+0 B\s+removed\s+RUN rm \/data\/blob$/m);
    assert.match(out, /^\s+\+1\.0 kB\s+\/data\/conf\s+modified \(grown\)\s+\[A: layer 1, B: layer 1\]$/m);
  });

  it('--min-size leaves out smaller changes and says so', async () => {
    const { a, b } = await fixtures();
    const json = JSON.parse((await run(a, b, { format: 'json', minSize: '5kB' })).out);
    assert.deepEqual(json.changes, []);
    assert.equal(json.counts.modified, 1, 'counts still count every change');
    assert.match((await run(a, b, { minSize: '5kB' })).out, /None at least 5\.0 kB\./);
  });

  it('usage errors exit 2, a missing archive 1, with analyze\'s messages', async () => {
    const { a, b } = await fixtures();
    await assert.rejects(run(a, b, { format: 'xml' }), (error: CliError) => error.exitCode === 2 && /use tty or json/.test(error.message));
    await assert.rejects(run(a, b, { minSize: 'lots' }), (error: CliError) => error.exitCode === 2 && /--min-size "lots" is not a size/.test(error.message));
    await assert.rejects(run(a, '/nonexistent/b.tar', {}), (error: CliError) => error.exitCode === 1 && /No file \/nonexistent\/b\.tar/.test(error.message));
    assert.equal(await main(['diff', a]), 2);
  });
});
