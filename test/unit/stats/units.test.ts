// Sizes as Compose parses them and as docker stats (go-units) prints them.
import * as assert from 'node:assert/strict';
import { bytesSize, friendlyBytes, friendlyDuration, goFormatG, humanSize, parseMemory } from '../../../src/stats/units';
import { interpolate } from '../../../src/compose/interpolate';

describe('units: go-units formatting like docker stats', () => {
  it('formats %g like Go: significant digits, no trailing zeros, exponent at the precision', () => {
    assert.equal(goFormatG(40.41015625, 4), '40.41');
    assert.equal(goFormatG(96, 4), '96');
    assert.equal(goFormatG(999.5, 3), '1e+03');
    assert.equal(goFormatG(1.1, 3), '1.1');
    assert.equal(goFormatG(0, 3), '0');
  });

  it('memory in binary units, I/O in decimal units', () => {
    assert.equal(bytesSize(331776), '324KiB');
    assert.equal(bytesSize(100663296), '96MiB');
    assert.equal(humanSize(1516), '1.52kB');
    assert.equal(humanSize(0), '0B');
  });

  it('friendly sizes and durations for hints', () => {
    assert.equal(friendlyBytes(512 * 1024 ** 2), '512 MiB');
    assert.equal(friendlyBytes(61.3 * 1024 ** 2), '61 MiB');
    assert.equal(friendlyDuration(600_000), '10 min');
    assert.equal(friendlyDuration(45_000), '45 s');
  });

  it('parses Compose memory strings (binary multiples, optional b/ib)', () => {
    assert.equal(parseMemory('512M'), 512 * 1024 ** 2);
    assert.equal(parseMemory('1g'), 1024 ** 3);
    assert.equal(parseMemory('1.5GiB'), 1.5 * 1024 ** 3);
    assert.equal(parseMemory('64mb'), 64 * 1024 ** 2);
    assert.equal(parseMemory(1048576), 1048576);
    assert.equal(parseMemory('lots'), undefined);
  });
});

describe('interpolation: the compose-spec forms', () => {
  const env: Record<string, string> = { SET: 'yes', EMPTY: '' };
  const lookup = (name: string) => env[name];
  it('substitutes, defaults and alternates', () => {
    assert.equal(interpolate('$SET-${SET}', lookup), 'yes-yes');
    assert.equal(interpolate('${EMPTY:-d}|${EMPTY-d}|${MISSING-d}', lookup), 'd||d');
    assert.equal(interpolate('${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}', lookup), 'alt||alt');
    assert.equal(interpolate('${MISSING:-${SET}}', lookup), 'yes');
  });
  it('keeps $$ as a literal $', () => {
    assert.equal(interpolate('cost $$5 and $${SET}', lookup), 'cost $5 and ${SET}');
  });
  it('rejects a malformed reference with a message', () => {
    assert.throws(() => interpolate('${not valid}', lookup), /Invalid interpolation format/);
    assert.throws(() => interpolate('${SET', lookup), /not closed/);
  });
});
