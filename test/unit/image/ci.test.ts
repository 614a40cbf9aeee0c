// dive's CI rules: defaults, .dive-ci values, size parsing (go-humanize) and verdicts.
import { strict as assert } from 'node:assert';
import { DIVE_CI_DEFAULTS, evaluateCi, parseDiveBytes, parseDiveCiFile } from '../../../src/image/ci';
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
  });

  it('NaN user wasted percent (one-layer image) passes, as Go\'s comparison does', () => {
    assert.equal(evaluateCi(analysis({ userWastedPercent: NaN }), DIVE_CI_DEFAULTS).pass, true);
  });

  it('reads the rules section of a .dive-ci file as strings', () => {
    const rules = parseDiveCiFile('rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: disabled\n');
    assert.deepEqual(rules, { lowestEfficiency: '0.95', highestWastedBytes: '20MB', highestUserWastedPercent: 'disabled' });
    assert.deepEqual(parseDiveCiFile('# nothing\n'), {});
  });
});
