// lint() as users drive it: pragmas in the Dockerfile, .hadolint.yaml options, severities, order.
import assert from 'node:assert/strict';
import { allRules, docUrl, lint, ruleByCode, type Finding, type LintConfig } from '../../../src/dockerfile/index';
import { parseHadolintConfig } from '../../../src/dockerfile/config';

const codes = (text: string, config?: Partial<LintConfig>): string[] => lint(text, { config }).findings.map((f) => f.code);
const has = (text: string, code: string, config?: Partial<LintConfig>): boolean => codes(text, config).includes(code);

describe('dockerfile engine: pragmas', () => {
  const untagged = 'FROM debian\n';

  it('`# hadolint ignore=` silences the listed codes on the next instruction only', () => {
    const text = '# hadolint ignore=DL3006,DL3008\nFROM debian\nFROM ubuntu\n';
    const found = lint(text).findings.filter((f) => f.code === 'DL3006');
    assert.deepEqual(found.map((f) => f.range.start.line), [2]);
  });

  it('applies only to the instruction on the very next line, as hadolint (line + 1): not across comments or blanks', () => {
    assert.equal(has('# why: mirrored base\n# hadolint ignore=DL3006\nFROM debian\n', 'DL3006'), false);
    assert.equal(has('# hadolint ignore=DL3006\n# why: mirrored base\nFROM debian\n', 'DL3006'), true);
    assert.equal(has('# hadolint ignore=DL3006\n\nFROM debian\n', 'DL3006'), true);
  });

  it('covers every line of a multi-line instruction', () => {
    const text = 'FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n    curl \\\n && rm -rf /var/lib/apt/lists/*\n';
    assert.equal(has(text, 'DL3008'), false);
    assert.equal(has(text.replace('# hadolint ignore=DL3008\n', ''), 'DL3008'), true);
  });

  it('`# hadolint global ignore=` silences codes in the whole file', () => {
    assert.equal(has('FROM debian:12\n# hadolint global ignore=DL3006\nFROM ubuntu\n', 'DL3006'), false);
  });

  it('pragmas work for BuildKit names and Stevedore codes too, without case', () => {
    const someBuildkit = allRules.find((rule) => rule.source === 'buildkit');
    if (!someBuildkit) this_is_skipped();
    const text = 'from debian:12 AS Build\n';
    const before = lint(text).findings.filter((f) => f.source === 'buildkit').map((f) => f.code);
    if (before.length === 0) return;
    const pragma = `# hadolint global ignore=${before.map((c) => c.toLowerCase()).join(',')}\n`;
    assert.deepEqual(lint(pragma + text).findings.filter((f) => f.source === 'buildkit'), []);
  });

  it('`# check=skip=` skips BuildKit checks (by name, or all), not hadolint rules', () => {
    const text = 'FROM debian AS Build\nFROM build\n';
    const buildkit = (t: string): string[] => lint(t).findings.filter((f) => f.source === 'buildkit').map((f) => f.code);
    const all = buildkit(text);
    if (all.length > 0) {
      assert.deepEqual(buildkit(`# check=skip=${all.join(',')}\n${text}`), []);
      assert.deepEqual(buildkit(`# check=skip=all\n${text}`), []);
    }
    assert.equal(has(`# check=skip=all\n${text}`, 'DL3006'), true, 'hadolint rules still run');
  });

  it('`# check=error=true` turns BuildKit findings into errors', () => {
    const text = 'FROM debian:12 AS Build\nMAINTAINER someone\n';
    const buildkit = lint(`# check=error=true\n${text}`).findings.filter((f) => f.source === 'buildkit');
    for (const finding of buildkit) assert.equal(finding.severity, 'error');
  });

  it('a `# check=` line after an instruction is not a directive', () => {
    const text = 'FROM debian AS Build\n# check=skip=all\nFROM build\n';
    const withDirective = `# check=skip=all\n${text.replace('# check=skip=all\n', '')}`;
    assert.ok(lint(text).findings.filter((f) => f.source === 'buildkit').length >= lint(withDirective).findings.filter((f) => f.source === 'buildkit').length);
  });

  it('disableIgnorePragma makes the pragmas inert', () => {
    const text = '# hadolint global ignore=DL3006\n# hadolint ignore=DL3006\nFROM debian\n';
    assert.equal(has(text, 'DL3006'), false);
    assert.equal(has(text, 'DL3006', { disableIgnorePragma: true }), true);
  });

  it('a pragma for an unknown code changes nothing', () => {
    assert.deepEqual(codes(`# hadolint ignore=XX9999\n${untagged}`), codes(untagged));
  });
});

function this_is_skipped(): never {
  throw new Error('no BuildKit rule registered');
}

describe('dockerfile engine: configuration', () => {
  it('`ignored` removes codes', () => {
    assert.equal(has('FROM debian\n', 'DL3006', { ignored: ['DL3006'] }), false);
  });

  it('`override` changes the severity, the latest level naming a code wins', () => {
    const finding = (config: Partial<LintConfig>): Finding | undefined => lint('FROM debian\n', { config }).findings.find((f) => f.code === 'DL3006');
    assert.equal(finding({})?.severity, 'warning');
    assert.equal(finding({ overrides: { error: ['DL3006'] } })?.severity, 'error');
    assert.equal(finding({ overrides: { style: ['DL3006'] } })?.severity, 'style');
  });

  it('off-by-default rules run only when enabled', () => {
    const off = allRules.filter((rule) => rule.offByDefault);
    for (const rule of off) {
      const quiet = lint('FROM debian:12\nRUN echo hi\n').findings.some((f) => f.code === rule.code);
      assert.equal(quiet, false, `${rule.code} is off by default`);
    }
  });

  it('`override` to any level turns an off-by-default rule on, as hadolint (its default severity is `ignore`)', () => {
    const text = 'FROM debian:12\n# hadolint ignore=DL3008\nRUN echo hi\n';
    assert.equal(has(text, 'DL3057'), false);
    assert.equal(has(text, 'DL1001'), false);
    const warned = lint(text, { config: { overrides: { warning: ['DL3057'], info: ['dl1001'] } } }).findings;
    assert.equal(warned.find((f) => f.code === 'DL3057')?.severity, 'warning');
    assert.equal(warned.find((f) => f.code === 'DL1001')?.severity, 'info');
    assert.equal(has(text, 'DL3057', { enabled: ['DL3057'] }), true, '`enabled` still works');
  });

  it('`override` read from .hadolint.yaml enables DL3057', () => {
    const config = parseHadolintConfig('override:\n  warning:\n    - DL3057\n');
    assert.equal(has('FROM debian:12\nRUN echo hi\n', 'DL3057', config), true);
  });

  it('trustedRegistries drive DL3026', () => {
    assert.equal(has('FROM quay.io/org/app:1\n', 'DL3026'), false);
    assert.equal(has('FROM quay.io/org/app:1\n', 'DL3026', { trustedRegistries: ['docker.io'] }), true);
  });
});

describe('dockerfile engine: results', () => {
  it('sorts findings by position, then code', () => {
    const findings = lint('FROM debian\nRUN sudo apt-get install curl\nWORKDIR app\n').findings;
    const keys = findings.map((f) => [f.range.start.line, f.range.start.character, f.code] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    assert.deepEqual(keys, sorted);
  });

  it('gives every finding its source, rule severity, message and docs link', () => {
    const finding = lint('FROM debian\n').findings.find((f) => f.code === 'DL3006');
    assert.ok(finding);
    assert.equal(finding.source, 'hadolint');
    assert.equal(finding.message, 'Always tag the version of an image explicitly');
    assert.equal(finding.docUrl, docUrl('DL3006'));
    assert.match(finding.docUrl, /\/docs\/rules\/DL3006\.md$/);
  });

  it('lists every rule once, findable by code without case', () => {
    const all = allRules.map((rule) => rule.code);
    assert.equal(new Set(all).size, all.length, 'codes are unique');
    assert.equal(ruleByCode('dl3006')?.code, 'DL3006');
    assert.equal(ruleByCode('NOPE'), undefined);
  });

  it('handles CRLF line endings with the same findings and ranges', () => {
    const lf = 'FROM debian\nRUN apt-get install curl\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    const shape = (text: string) => lint(text).findings.map((f) => [f.code, f.range.start.line, f.range.start.character, f.range.end.character]);
    assert.deepEqual(shape(crlf), shape(lf));
  });
});
