// `stevedore analyze` given files that are not what they should be: a huge, NaN or folder
// `.dive-ci`, a folder as --dockerfile. Each is a usage error naming the file, before any analysis.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { runAnalyze, type AnalyzeCliOptions } from '../../../src/cli/analyze';
import { CliError } from '../../../src/cli/errors';
import { archiveOf, writeTemp } from '../image/archiveBuilder';

async function fixture(): Promise<string> {
  return writeTemp('image.tar', await archiveOf([{ entries: [{ name: 'a', content: 'one' }] }, { entries: [{ name: 'a', content: 'two' }] }]));
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

function usageError(pattern: RegExp): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof CliError, String(error));
    assert.equal(error.exitCode, 2);
    assert.match(error.message, pattern);
    return true;
  };
}

describe('stevedore analyze: input files that are not what they should be', () => {
  it('refuses a 33 MB .dive-ci at once, naming the file and the bound', async () => {
    const archive = await fixture();
    const config = join(dirname(archive), 'huge.dive-ci');
    writeFileSync(config, 'rules:\n' + '  lowestEfficiency: 0.5\n'.repeat(1_500_000));
    const started = Date.now();
    await assert.rejects(run(archive, { ciConfig: config }), usageError(/^The CI rules file .*huge\.dive-ci is too large \(\d+ bytes; a CI rules file holds three rules and may have at most 16 KiB\)\. Fix it\.$/));
    assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`); // was over 60 s
  });

  it('a NaN threshold in .dive-ci fails the run as misconfigured instead of passing', async () => {
    const archive = await fixture();
    const config = join(dirname(archive), 'nan.dive-ci');
    writeFileSync(config, 'rules:\n  highestUserWastedPercent: NaN\n  lowestEfficiency: 0\n');
    const { code, out } = await run(archive, { ciConfig: config });
    assert.equal(code, 1);
    assert.match(out, /MISCONFIGURED: highestUserWastedPercent: invalid config value \('NaN'\): NaN is not a ratio/);
    assert.doesNotMatch(out, /Result:PASS/);
  });

  it('a folder given as the CI rules file or the Dockerfile is named as a folder (no EISDIR)', async () => {
    const archive = await fixture();
    const folder = join(dirname(archive), 'a-folder');
    mkdirSync(folder);
    await assert.rejects(run(archive, { ciConfig: folder }), usageError(/^The CI rules file .*a-folder is a folder, not a file\. Fix it\.$/));
    await assert.rejects(run(archive, { dockerfile: folder }), usageError(/^The Dockerfile .*a-folder is a folder, not a file\. Give the file that built the image\.$/));
  });

  it('a .dive-ci that is not YAML is reported without quoting it', async () => {
    const archive = await fixture();
    const config = join(dirname(archive), 'bad.dive-ci');
    writeFileSync(config, 'rules:\n  lowestEfficiency: [password=hunter2\n');
    await assert.rejects(run(archive, { ciConfig: config }), (error: unknown) => error instanceof CliError && error.exitCode === 2 && /is not valid YAML/.test(error.message) && !/hunter2/.test(error.message));
  });

  it('a device given as the archive is refused at once instead of read without end', async () => {
    await assert.rejects(run('/dev/zero', {}), usageError(/^\/dev\/zero is a device, not an image archive\./));
  });
});
