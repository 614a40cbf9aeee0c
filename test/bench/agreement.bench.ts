// Agreement with the linters Stevedore replaces, as the quality bar counts it: hadolint's own
// rule specs and BuildKit's own check tests run through lint(), per family and per rule, with the
// expected findings found and the false alarms raised. Not a timing: it prints figures.
// Usage: npm run bench -- agreement   (or: npx tsx test/bench/agreement.bench.ts [--cases])
import { buildkitCases } from '../unit/dockerfile/agreement/buildkit';
import { describeTally, runBuildCase, runCase, tally, type CaseResult } from '../unit/dockerfile/agreement/cases';
import { hadolintCases } from '../unit/dockerfile/agreement/hadolint';

const listCases = process.argv.includes('--cases');

const hadolintResults = hadolintCases.map((upstream) => ({ upstream, result: runCase(upstream) }));
const buildkitResults = buildkitCases.map((upstream) => ({ upstream, result: runBuildCase(upstream) }));

console.log(describeTally('hadolint (rule specs)', tally(hadolintResults.map(({ result }) => result))));
console.log(describeTally('BuildKit (check tests)', tally(buildkitResults.map(({ result }) => result))));

const disagrees = (result: CaseResult): boolean => result.found !== result.expected || result.falseAlarms > 0;

const byRule = new Map<string, CaseResult[]>();
for (const { upstream, result } of hadolintResults) byRule.set(upstream.code, [...(byRule.get(upstream.code) ?? []), result]);
const buildkitRules = new Set(buildkitCases.flatMap((upstream) => upstream.warnings.map((warning) => warning.split(':')[0])));
for (const rule of buildkitRules) byRule.set(rule, buildkitCases.map((upstream) => runBuildCase(upstream, rule)));
const imperfect = [...byRule].filter(([, results]) => results.some(disagrees));
console.log(imperfect.length === 0 ? 'Every rule agrees on every case.' : 'Rules with a disagreeing case:');
for (const [rule, results] of imperfect) console.log(`  ${describeTally(rule, tally(results))}`);

if (listCases) {
  for (const { upstream, result } of hadolintResults) {
    if (disagrees(result)) console.log(`${upstream.at} ${upstream.code}: ${JSON.stringify(upstream.dockerfile)} -> ${JSON.stringify(result.reported)}`);
  }
  for (const { upstream, result } of buildkitResults) {
    if (disagrees(result)) console.log(`${upstream.at}: expected ${JSON.stringify(upstream.warnings)}, got ${JSON.stringify(result.reported)}`);
  }
}
