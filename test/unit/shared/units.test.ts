// The one units module: each formatter writes a figure exactly as the tool it is named after does,
// checked against that tool's own test tables (go-humanize's humanize_test.go, docker/go-units'
// size_test.go) and figures `docker stats` printed.
import * as assert from 'node:assert/strict';
import {
  approxMegabytes,
  dockerBytesSize,
  dockerHumanSize,
  dockerPercent,
  friendlyBytes,
  goFormatG,
  humanizeBytes,
  ratioPercent,
  wholeGiB,
} from '../../../src/shared/units';

describe('shared units: sizes and percents named after whose format they follow', () => {
  it("humanizeBytes writes dive's sizes (go-humanize Bytes: SI, one decimal below 10)", () => {
    const cases: Array<[number, string]> = [
      [0, '0 B'], [1, '1 B'], [803, '803 B'], [999, '999 B'], [1024, '1.0 kB'], [9999, '10 kB'],
      [1000 ** 2 - 1, '1000 kB'], [1024 * 1024, '1.0 MB'], [1000 ** 3 - 1000, '1000 MB'], [5.5 * 1000 ** 3, '5.5 GB'],
      [82_854_982, '83 MB'],
    ];
    for (const [bytes, text] of cases) assert.equal(humanizeBytes(bytes), text, `${bytes}`);
  });

  it("dockerBytesSize and dockerHumanSize write docker stats' memory and I/O (go-units)", () => {
    assert.equal(dockerBytesSize(331776), '324KiB');
    assert.equal(dockerBytesSize(100663296), '96MiB');
    assert.equal(dockerBytesSize(42_369_024), '40.41MiB');
    assert.equal(dockerBytesSize(1024 * 1024 * 1024 * 1.5), '1.5GiB');
    assert.equal(dockerHumanSize(1516), '1.52kB');
    assert.equal(dockerHumanSize(0), '0B');
    assert.equal(dockerHumanSize(1000 ** 3 * 3.42), '3.42GB');
    assert.equal(goFormatG(999.5, 3), '1e+03');
  });

  it('dockerPercent writes docker stats percentages; ratioPercent the analyze report ratios', () => {
    assert.equal(dockerPercent(12.345), '12.35%');
    assert.equal(dockerPercent(0), '0.00%');
    assert.equal(ratioPercent(0.9876), '98.76 %');
    assert.equal(ratioPercent(Number.NaN), 'n/a');
  });

  it('hint, limit and rough sizes', () => {
    assert.equal(friendlyBytes(512 * 1024 ** 2), '512 MiB');
    assert.equal(friendlyBytes(61.3 * 1024 ** 2), '61 MiB');
    assert.equal(wholeGiB(8 * 1024 ** 3), '8 GiB');
    assert.equal(approxMegabytes(1100), '~1.1 GB');
    assert.equal(approxMegabytes(2000), '~2 GB');
    assert.equal(approxMegabytes(216), '~220 MB');
    assert.equal(approxMegabytes(44.6), '~45 MB');
  });
});
