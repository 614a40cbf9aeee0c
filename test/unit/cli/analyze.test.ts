// `stevedore analyze` on archives built in the test: the three formats and dive's CI mode.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { runAnalyze, type AnalyzeCliOptions } from '../../../src/cli/analyze';
import { CliError } from '../../../src/cli/errors';
import { archiveOf, writeTemp } from '../image/archiveBuilder';

const kb = (n: number): Buffer => Buffer.alloc(n * 1000, 3);

async function fixture(): Promise<string> {
  return writeTemp(
    'image.tar',
    await archiveOf(
      [
        { entries: [{ name: 'bin/', type: 'directory' }, { name: 'bin/tool', content: kb(50) }], command: '/bin/sh -c #(nop) COPY file:abc in /bin/tool ' },
        { entries: [{ name: 'data/', type: 'directory' }, { name: 'data/blob', content: kb(30) }], command: '/bin/sh -c fetch > /data/blob && echo "<ok>"' },
        { entries: [{ name: 'data/', type: 'directory' }, { name: 'data/.wh.blob' }], command: '/bin/sh -c rm /data/blob' },
      ],
      { tag: 'stevedore-t-img-cli:1' },
    ),
  );
}

async function run(target: string, options: Partial<AnalyzeCliOptions>): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      out += String(chunk);
      callback();
    },
  });
  const code = await runAnalyze(target, { format: 'tty', ...options }, sink);
  return { code, out };
}

describe('stevedore analyze (CLI)', () => {
  it('--format json writes Stevedore\'s document with the agreed fields', async () => {
    const { code, out } = await run(await fixture(), { format: 'json' });
    assert.equal(code, 0);
    const document = JSON.parse(out);
    for (const key of ['image', 'sizeBytes', 'efficiencyScore', 'wastedBytes', 'userWastedPercent', 'reclaimableBytes', 'layers', 'wasted']) {
      assert.ok(key in document, `missing ${key}`);
    }
    assert.equal(document.image, 'stevedore-t-img-cli:1');
    assert.equal(document.sizeBytes, 80_000);
    assert.equal(document.reclaimableBytes, 30_000);
    assert.deepEqual(document.wasted, [{ path: '/data/blob', bytes: 30_000, cause: 'deleted-later', layer: 1, causedByLayer: 2 }]);
    for (const key of ['index', 'digest', 'command', 'sizeBytes', 'files', 'added', 'modified', 'removed']) assert.ok(key in document.layers[0], `layer lacks ${key}`);
    assert.equal(document.layers[1].command, 'RUN fetch > /data/blob && echo "<ok>"');
  });

  it('--format dive-json writes dive\'s export: fields, order and Go\'s escaping', async () => {
    const { out } = await run(await fixture(), { format: 'dive-json' });
    const document = JSON.parse(out);
    assert.deepEqual(Object.keys(document), ['layer', 'image']);
    assert.deepEqual(Object.keys(document.layer[0]), ['index', 'id', 'digestId', 'sizeBytes', 'command', 'fileList']);
    assert.deepEqual(Object.keys(document.image), ['sizeBytes', 'inefficientBytes', 'efficiencyScore', 'fileReference']);
    assert.deepEqual(document.layer[0].fileList, [
      { path: 'bin/tool', typeFlag: 48, linkName: '', size: 50_000, fileMode: 0o644, uid: 0, gid: 0, isDir: false },
      { path: 'bin', typeFlag: 53, linkName: '', size: 0, fileMode: 2 ** 31 + 0o755, uid: 0, gid: 0, isDir: true },
    ]);
    assert.equal(document.layer[1].command, 'fetch > /data/blob && echo "<ok>"');
    assert.match(out, /\\u0026\\u0026 echo \\"\\u003cok\\u003e\\"/);
    assert.deepEqual(document.image.fileReference, [{ count: 2, sizeBytes: 30_000, file: '/data/blob' }]);
    assert.equal(document.image.inefficientBytes, 30_000);
    assert.equal(document.image.efficiencyScore, 50_000 / 80_000);
  });

  it('tty shows the layers, dive\'s figures and the reclaimable bytes with their cause', async () => {
    const { out } = await run(await fixture(), {});
    assert.match(out, /Efficiency score \(dive\): 62\.50 %/);
    assert.match(out, /Reclaimable bytes .*: 30 kB/);
    assert.match(out, /30 kB {2}\/data\/blob {2}\(written by layer 1, deleted by layer 2\)/);
    assert.match(out, /RUN rm \/data\/blob/);
  });

  it('--ci fails with dive\'s defaults and exits 1; thresholds from flags can pass it', async () => {
    const failing = await run(await fixture(), { ci: true });
    assert.equal(failing.code, 1);
    assert.match(failing.out, /FAIL: lowestEfficiency: image efficiency is too low \(efficiency=0\.625 < threshold=0\.9\)/);
    assert.match(failing.out, /Result:FAIL \[Total:3\] \[Passed:0\] \[Failed:2\] \[Warn:0\] \[Skipped:1\]/);
    const passing = await run(await fixture(), { ci: true, lowestEfficiency: '0.5', highestUserWastedPercent: '1' });
    assert.equal(passing.code, 0);
    assert.match(passing.out, /Result:PASS/);
  });

  it('--ci reads a .dive-ci file; flags given on the command line win over it', async () => {
    const archive = await fixture();
    const config = join(dirname(archive), '.dive-ci');
    writeFileSync(config, 'rules:\n  lowestEfficiency: 0.6\n  highestWastedBytes: 10KB\n  highestUserWastedPercent: disabled\n');
    const fromFile = await run(archive, { ci: true, ciConfig: config });
    assert.equal(fromFile.code, 1);
    assert.match(fromFile.out, /FAIL: highestWastedBytes: too many bytes wasted \(wasted-bytes=30000 > threshold=10000\)/);
    assert.match(fromFile.out, /SKIP: highestUserWastedPercent/);
    const overridden = await run(archive, { ci: true, ciConfig: config, highestWastedBytes: '1MB' });
    assert.equal(overridden.code, 0);
  });

  it('a CI threshold given without --ci runs the check instead of being ignored', async () => {
    const failing = await run(await fixture(), { lowestEfficiency: '0.99' });
    assert.equal(failing.code, 1);
    assert.match(failing.out, /FAIL: lowestEfficiency: image efficiency is too low \(efficiency=0\.625 < threshold=0\.99\)/);
    const passing = await run(await fixture(), { lowestEfficiency: '0.5', highestUserWastedPercent: '1' });
    assert.equal(passing.code, 0);
    assert.match(passing.out, /Result:PASS/);
  });

  it('a bad threshold on the command line is a usage error before any work', async () => {
    await assert.rejects(run('/nonexistent/image.tar', { lowestEfficiency: 'high' }), (error: unknown) =>
      error instanceof CliError && error.exitCode === 2 && error.message === '--lowest-efficiency "high" is not a ratio from 0 to 1 (e.g. 0.9), or "disabled".');
    await assert.rejects(run('/nonexistent/image.tar', { ci: true, highestWastedBytes: '-5' }), (error: unknown) =>
      error instanceof CliError && error.exitCode === 2 && /--highest-wasted-bytes "-5" is not a size/.test(error.message));
  });

  it('a misconfigured rule in the rules file fails the run and says so', async () => {
    const archive = await fixture();
    const config = join(dirname(archive), 'bad.dive-ci');
    writeFileSync(config, 'rules:\n  lowestEfficiency: high\n');
    const { code, out } = await run(archive, { ciConfig: config });
    assert.equal(code, 1);
    assert.match(out, /MISCONFIGURED: lowestEfficiency: invalid config value \('high'\)/);
    assert.match(out, /CI Misconfigured/);
  });

  it('a missing archive, a bad format name and a bad archive are clear CLI errors', async () => {
    await assert.rejects(run('/nonexistent/image.tar', {}), (error: unknown) => error instanceof CliError && /No file \/nonexistent\/image\.tar/.test(error.message));
    await assert.rejects(run(await fixture(), { format: 'xml' }), (error: unknown) => error instanceof CliError && /Unknown --format "xml"/.test(error.message));
    const notTar = writeTemp('bad.tar', Buffer.from('not an archive'));
    await assert.rejects(run(notTar, {}), (error: unknown) => error instanceof CliError && /is not a tar archive/.test(error.message));
  });

  it('an unreachable engine gives one message naming the host', async () => {
    await assert.rejects(
      run('some-image:latest', { host: 'unix:///tmp/stevedore-no-such.sock' }),
      (error: unknown) => error instanceof CliError && /Docker engine not reachable at unix:\/\/\/tmp\/stevedore-no-such\.sock/.test(error.message),
    );
  });
});
