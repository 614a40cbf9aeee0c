// dive's CI rules: defaults, .dive-ci values, size parsing (go-humanize) and verdicts.
import { strict as assert } from 'node:assert';
import { DIVE_CI_DEFAULTS, DiveCiFileError, evaluateCi, parseDiveBytes, parseDiveCiFile, thresholdProblem } from '../../../src/image/ci';
import type { ImageAnalysis } from '../../../src/image/types';

const analysis = (overrides: Partial<ImageAnalysis>): ImageAnalysis => ({
  image: 'x',
  sizeBytes: 1000,
  efficiencyScore: 0.95,
  wastedBytes: 50,
  userWastedPercent: 0.05,
  reclaimableBytes: 25,
  layers: [],
  wasted: [],
  largestFiles: [],
  ...overrides,
});

describe('image engine: dive CI rules', () => {
  it('parses sizes as go-humanize does (SI and IEC units, commas, bare bytes)', () => {
    assert.equal(parseDiveBytes('20MB'), 20_000_000);
    assert.equal(parseDiveBytes('20MiB'), 20 * 1024 * 1024);
    assert.equal(parseDiveBytes('1.5 kB'), 1500);
    assert.equal(parseDiveBytes('1,000'), 1000);
    assert.equal(parseDiveBytes('7'), 7);
    assert.equal(parseDiveBytes('3g'), 3e9);
    assert.throws(() => parseDiveBytes('twenty'), /invalid syntax/);
    assert.throws(() => parseDiveBytes('20 parsecs'), /unhandled size name: parsecs/);
  });

  it('with dive defaults, passes an efficient image and skips the wasted-bytes rule', () => {
    const verdict = evaluateCi(analysis({}), DIVE_CI_DEFAULTS);
    assert.equal(verdict.pass, true);
    assert.deepEqual(verdict.results.map((r) => [r.rule, r.status]), [
      ['lowestEfficiency', 'PASS'],
      ['highestWastedBytes', 'SKIP'],
      ['highestUserWastedPercent', 'PASS'],
    ]);
  });

  it('fails on low efficiency with dive\'s message', () => {
    const verdict = evaluateCi(analysis({ efficiencyScore: 0.5 }), DIVE_CI_DEFAULTS);
    assert.equal(verdict.pass, false);
    assert.equal(verdict.results[0].message, 'image efficiency is too low (efficiency=0.5 < threshold=0.9)');
  });

  it('fails on wasted bytes above a size threshold and on user wasted percent', () => {
    const verdict = evaluateCi(analysis({ wastedBytes: 30_000_000, userWastedPercent: 0.3 }), { ...DIVE_CI_DEFAULTS, highestWastedBytes: '20MB' });
    assert.deepEqual(verdict.results.map((r) => r.status), ['PASS', 'FAIL', 'FAIL']);
    assert.equal(verdict.results[1].message, 'too many bytes wasted (wasted-bytes=30000000 > threshold=20000000)');
  });

  it('a value out of range makes the run misconfigured, which fails', () => {
    const verdict = evaluateCi(analysis({}), { ...DIVE_CI_DEFAULTS, lowestEfficiency: '1.5' });
    assert.equal(verdict.pass, false);
    assert.equal(verdict.misconfigured, true);
    assert.match(verdict.results[0].message, /outside allowed range \(0-1\), given '1.5'/);
    // The other rules were not evaluated: they must not claim a pass.
    assert.deepEqual(verdict.results.slice(1).map((result) => result.status), ['SKIP', 'SKIP']);
    assert.equal(verdict.results[2].message, 'not evaluated: another rule is misconfigured');
  });

  it('checks command-line thresholds strictly: ratios 0-1, sizes, "disabled"; NaN is no ratio', () => {
    for (const good of ['0', '0.9', '1', '1e-1', 'disabled']) assert.equal(thresholdProblem('lowestEfficiency', good), undefined, good);
    for (const bad of ['abc', '1.5', '-0.1', 'NaN', '', '90%']) assert.ok(thresholdProblem('highestUserWastedPercent', bad), bad);
    for (const good of ['20MB', '1GiB', '0', '1,000 kB', 'disabled']) assert.equal(thresholdProblem('highestWastedBytes', good), undefined, good);
    for (const bad of ['-5', 'lots', '20XB']) assert.ok(thresholdProblem('highestWastedBytes', bad), bad);
  });

  it('NaN user wasted percent (one-layer image) passes, as Go\'s comparison does', () => {
    assert.equal(evaluateCi(analysis({ userWastedPercent: NaN }), DIVE_CI_DEFAULTS).pass, true);
  });

  it('reads the rules section of a .dive-ci file as strings', () => {
    const rules = parseDiveCiFile('rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: disabled\n');
    assert.deepEqual(rules, { lowestEfficiency: '0.95', highestWastedBytes: '20MB', highestUserWastedPercent: 'disabled' });
    assert.deepEqual(parseDiveCiFile('# nothing\n'), {});
  });

  it('warns about a misspelt rule, a file without rules and a file that is no mapping', () => {
    const warnings: string[] = [];
    assert.deepEqual(parseDiveCiFile('rules:\n  lowestEfficency: 0.5\n  highestWastedBytes: 1MB\n', warnings), { highestWastedBytes: '1MB' });
    assert.deepEqual(warnings, ['unknown rule "lowestEfficency" is ignored (the rules are lowestEfficiency, highestWastedBytes, highestUserWastedPercent)']);
    const more: string[] = [];
    parseDiveCiFile('just a string\n', more);
    parseDiveCiFile('lowestEfficiency: 0.5\n', more);
    assert.deepEqual(more, [
      'the file is not a YAML mapping with a "rules" section: every rule keeps its default',
      'the file has no "rules" section: every rule keeps its default',
    ]);
  });

  it('a .dive-ci threshold of NaN is misconfigured, as on the command line, instead of passing every image', () => {
    for (const rule of ['lowestEfficiency', 'highestUserWastedPercent'] as const) {
      const values = { ...DIVE_CI_DEFAULTS, ...parseDiveCiFile(`rules:\n  ${rule}: NaN\n`) };
      const verdict = evaluateCi(analysis({ efficiencyScore: 0.05, userWastedPercent: 0.9466 }), values);
      assert.equal(verdict.pass, false, rule);
      assert.equal(verdict.misconfigured, true, rule);
      const result = verdict.results.find((r) => r.rule === rule);
      assert.equal(result?.status, 'MISCONFIGURED');
      assert.match(result?.message ?? '', /NaN is not a ratio/);
    }
  });

  it('refuses a .dive-ci larger than 16 KiB before parsing it, and quotes nothing from a file that is not YAML', () => {
    const huge = 'rules:\n' + '  lowestEfficiency: 0.5\n'.repeat(1_500_000);
    const started = Date.now();
    assert.throws(() => parseDiveCiFile(huge), (error: unknown) => error instanceof DiveCiFileError && /^too large \(\d+ bytes; a CI rules file holds three rules and may have at most 16 KiB\)$/.test(error.message));
    assert.ok(Date.now() - started < 1000);
    assert.throws(() => parseDiveCiFile('rules:\n  lowestEfficiency: [secret-token-value\n'), (error: unknown) => error instanceof DiveCiFileError && /^not valid YAML \(/.test(error.message) && !/secret/.test(error.message));
    // 8,000 brackets in 16 KB took the YAML parser near the end of the stack, where V8 aborts the process.
    assert.throws(() => parseDiveCiFile('rules: ' + '['.repeat(8000) + ']'.repeat(8000)), (error: unknown) => error instanceof DiveCiFileError && /^nested too deeply/.test(error.message));
  });
});
