// Agreement with the linters Stevedore replaces: every case of hadolint's own rule specs and of
// BuildKit's own check tests (ported in agreement/), run through the real lint(). Each case is a
// test, and each family must meet the bar: at least 97% of expected findings, at most 2%
// false alarms. `npm run bench -- agreement` prints the same figures per rule.
import assert from 'node:assert/strict';
import { buildkitCases } from './agreement/buildkit';
import { describeTally, runBuildCase, runCase, tally, type CaseResult } from './agreement/cases';
import { hadolintCases } from './agreement/hadolint';

function assertAgrees(result: CaseResult): void {
  assert.equal(result.found, result.expected, `expected findings found (reported: ${result.reported.join('; ') || 'none'})`);
  assert.equal(result.falseAlarms, 0, `no false alarms (reported: ${result.reported.join('; ')})`);
}

function assertBar(family: string, results: readonly CaseResult[]): void {
  const total = tally(results);
  const foundShare = total.expected === 0 ? 1 : total.found / total.expected;
  const alarmShare = total.reported === 0 ? 0 : total.falseAlarms / total.reported;
  assert.ok(foundShare >= 0.97 && alarmShare <= 0.02, describeTally(family, total));
}

describe('agreement with hadolint\'s rule specs', () => {
  for (const upstream of hadolintCases) {
    const title = `${upstream.at} ${upstream.code}${upstream.onbuild ? ' (ONBUILD)' : ''}: ${JSON.stringify(upstream.dockerfile).slice(0, 80)}`;
    it(title, () => assertAgrees(runCase(upstream)));
  }
  it('meets the bar: >= 97% of expected findings, <= 2% false alarms', () => {
    assertBar('hadolint', hadolintCases.map(runCase));
  });
});

describe('agreement with BuildKit\'s check tests', () => {
  for (const upstream of buildkitCases) {
    it(`${upstream.at}: ${JSON.stringify(upstream.dockerfile).slice(0, 80)}`, () => assertAgrees(runBuildCase(upstream)));
  }
  it('meets the bar: >= 97% of expected findings, <= 2% false alarms', () => {
    assertBar('BuildKit', buildkitCases.map((upstream) => runBuildCase(upstream)));
  });
});
