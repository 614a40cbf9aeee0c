// A BuildKit check that means the same as a hadolint rule is reported once, under the hadolint code
// (BuildKit's name with twinNames: 'buildkit'), naming the other rule; ignoring or skipping either
// rule (config, hadolint pragma, `# check=skip=`) silences it.
import assert from 'node:assert/strict';
import { lint, type LintConfig } from '../../../src/dockerfile/index';

function codesOf(dockerfile: string, config: Partial<LintConfig> = {}, twinNames?: 'hadolint' | 'buildkit'): string[] {
  return lint(dockerfile, { config, twinNames }).findings
    .map((finding) => `${finding.range.start.line + 1}:${finding.code}${finding.twin ? ` / ${finding.twin}` : ''}`);
}

const twinCases: Array<{ buildkit: string; hadolint: string; dockerfile: string }> = [
  { buildkit: 'MaintainerDeprecated', hadolint: 'DL4000', dockerfile: 'FROM scratch\nMAINTAINER me@example.com\n' },
  { buildkit: 'WorkdirRelativePath', hadolint: 'DL3000', dockerfile: 'FROM scratch\nWORKDIR app\n' },
  { buildkit: 'JSONArgsRecommended', hadolint: 'DL3025', dockerfile: 'FROM scratch\nCMD echo hi\n' },
  { buildkit: 'DuplicateStageName', hadolint: 'DL3024', dockerfile: 'FROM scratch AS a\nFROM scratch AS a\n' },
  { buildkit: 'ReservedStageName', hadolint: 'DL3063', dockerfile: 'FROM debian:12 AS scratch\n' },
  { buildkit: 'FromPlatformFlagConstDisallowed', hadolint: 'DL3029', dockerfile: 'FROM --platform=linux/amd64 debian:12\n' },
  { buildkit: 'MultipleInstructionsDisallowed', hadolint: 'DL4003', dockerfile: 'FROM scratch\nCMD ["a"]\nCMD ["b"]\n' },
  { buildkit: 'MultipleInstructionsDisallowed', hadolint: 'DL4004', dockerfile: 'FROM scratch\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n' },
  { buildkit: 'MultipleInstructionsDisallowed', hadolint: 'DL3012', dockerfile: 'FROM scratch\nHEALTHCHECK CMD ["a"]\nHEALTHCHECK CMD ["b"]\n' },
  { buildkit: 'RedundantTargetPlatform', hadolint: 'DL3065', dockerfile: 'FROM --platform=$TARGETPLATFORM debian:12\n' },
  { buildkit: 'SecretsUsedInArgOrEnv', hadolint: 'DL3064', dockerfile: 'FROM debian:12\nARG GITHUB_TOKEN\n' },
];
const named = (code: string): RegExp => new RegExp(`:${code}( /|$)`);

describe('BuildKit checks twinned with a hadolint rule', () => {
  for (const { buildkit, hadolint, dockerfile } of twinCases) {
    describe(`${buildkit} / ${hadolint}`, () => {
      it(`reports the problem once, as ${hadolint} naming ${buildkit}`, () => {
        const codes = codesOf(dockerfile);
        assert.ok(codes.some((code) => code.endsWith(`:${hadolint} / ${buildkit}`)), `${hadolint} / ${buildkit} in ${codes.join(', ')}`);
        assert.ok(!codes.some((code) => named(buildkit).test(code)), `no ${buildkit} finding in ${codes.join(', ')}`);
      });
      it(`with BuildKit's names, reports it once as ${buildkit} naming ${hadolint}`, () => {
        const codes = codesOf(dockerfile, {}, 'buildkit');
        assert.ok(codes.some((code) => code.endsWith(`:${buildkit} / ${hadolint}`)), `${buildkit} / ${hadolint} in ${codes.join(', ')}`);
        assert.ok(!codes.some((code) => named(hadolint).test(code)), `no ${hadolint} finding in ${codes.join(', ')}`);
      });
      it(`ignoring ${hadolint} in the config silences ${buildkit} too`, () => {
        const codes = codesOf(dockerfile, { ignored: [hadolint] });
        assert.ok(!codes.some((code) => named(hadolint).test(code) || named(buildkit).test(code)), codes.join(', '));
      });
      it(`a global "# hadolint global ignore=${hadolint}" pragma silences ${buildkit} too`, () => {
        const codes = codesOf(`# hadolint global ignore=${hadolint}\n${dockerfile}`);
        assert.ok(!codes.some((code) => named(hadolint).test(code) || named(buildkit).test(code)), codes.join(', '));
      });
      it(`ignoring only ${buildkit} in the config silences ${hadolint} too`, () => {
        const codes = codesOf(dockerfile, { ignored: [buildkit] });
        assert.ok(!codes.some((code) => named(hadolint).test(code) || named(buildkit).test(code)), codes.join(', '));
      });
      it(`"# check=skip=${buildkit}" for the file silences ${hadolint} too, in either naming`, () => {
        for (const names of ['hadolint', 'buildkit'] as const) {
          const codes = codesOf(`# check=skip=${buildkit}\n${dockerfile}`, {}, names);
          assert.ok(!codes.some((code) => named(hadolint).test(code) || named(buildkit).test(code)), codes.join(', '));
        }
      });
    });
  }

  it('a line pragma for the hadolint code silences the twin on that instruction only', () => {
    const codes = codesOf('FROM scratch\n# hadolint ignore=DL3025\nCMD echo a\nENTRYPOINT echo b\n');
    assert.deepEqual(codes.filter((code) => /DL3025|JSONArgsRecommended/.test(code)), ['4:DL3025 / JSONArgsRecommended']);
  });

  it('a pragma on the later CMD (where DL4003 is) silences MultipleInstructionsDisallowed on the earlier one', () => {
    const codes = codesOf('FROM scratch\nCMD ["a"]\n# hadolint ignore=DL4003\nCMD ["b"]\n');
    assert.deepEqual(codes.filter((code) => /DL4003|MultipleInstructionsDisallowed/.test(code)), []);
  });

  it('a "# check=skip=" comment above the instruction silences the hadolint twin there only', () => {
    const codes = codesOf('FROM scratch\n# check=skip=JSONArgsRecommended\nCMD echo a\nENTRYPOINT echo b\n');
    assert.deepEqual(codes.filter((code) => /DL3025|JSONArgsRecommended/.test(code)), ['4:DL3025 / JSONArgsRecommended']);
  });

  it('a hadolint finding BuildKit does not share carries no twin (DL3064 on a user name)', () => {
    const codes = codesOf('FROM debian:12\nARG DOCKER_USERNAME\n');
    assert.ok(codes.includes('2:DL3064'), codes.join(', '));
  });

  it('keeps BuildKit checks that have no hadolint twin', () => {
    const codes = codesOf('FROM scratch AS Build\n');
    assert.ok(codes.includes('1:StageNameCasing'), codes.join(', '));
  });
});
