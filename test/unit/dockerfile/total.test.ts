// lint() is total: any text gives findings or a clear DL1000, never an exception, never a hang.
// (The large property suite over mutated real Dockerfiles lives in property*.test.ts.)
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lint, MAX_DOCKERFILE_LENGTH, type LintResult } from '../../../src/dockerfile/index';
import { buildContext, parseDockerfile } from '../../../src/dockerfile/context';
import { readPragmas } from '../../../src/dockerfile/pragmas';

/** Lints and checks the result is well formed; returns it with the time taken. */
function lintChecked(text: string): { result: LintResult; ms: number } {
  const started = performance.now();
  const result = lint(text);
  const ms = performance.now() - started;
  assert.ok(Array.isArray(result.findings));
  assert.deepEqual(result.ruleErrors ?? [], [], 'no rule throws');
  for (const finding of result.findings) {
    assert.ok(!finding.message.startsWith('Stevedore could not lint'), `engine failed: ${finding.message}`);
    assert.ok(finding.range.start.line <= finding.range.end.line);
    assert.ok(finding.range.start.line >= 0 && finding.range.start.character >= 0);
  }
  return { result, ms };
}

const FRAGMENTS = [
  'FROM debian:12', 'FROM node AS build', 'from --platform=$BUILDPLATFORM golang:1.23 as b', 'RUN apt-get update && apt-get install -y curl',
  'RUN <<EOF', 'EOF', 'echo "unterminated', "RUN echo 'x", 'RUN ["a", "b"', '\\', '`', '# hadolint ignore=DL3006', '# check=skip=all',
  '# escape=`', 'COPY --from=build /a /b', 'ADD x.tar /', 'ONBUILD RUN sudo make', 'HEALTHCHECK CMD x', 'SHELL ["pwsh"]',
  'ENV A=1 B="2', 'LABEL a=b', 'ARG X', 'EXPOSE 99999', 'WORKDIR rel', 'USER root', 'CMD x', '   ', '', 'RUN a \\', '  && b',
  'RUN $(', 'RUN ((((', 'RUN if then fi', '\t', '\u0085', 'RUN echo ✓ héllo', '\r',
];

describe('dockerfile lint is total', () => {
  it('answers any random text (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        lintChecked(text);
      }),
      { numRuns: 300 },
    );
  });

  it('answers any mix of Dockerfile fragments (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), fc.constantFrom('\n', '\r\n', ' \\\n'), (lines, eol) => {
        lintChecked(lines.join(eol));
      }),
      { numRuns: 300 },
    );
  });

  it('reports a binary file as one DL1000', () => {
    const bytes = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919) % 256));
    const { result } = lintChecked(bytes.toString('latin1'));
    assert.deepEqual(result.findings.map((f) => f.code), ['DL1000']);
    assert.match(result.findings[0].message, /binary/);
  });

  it('lints text decoded from invalid UTF-8', () => {
    const text = Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('\nFROM debian\nRUN \xe2\x82 echo\n', 'latin1')]).toString('utf8');
    const { result } = lintChecked(text);
    assert.ok(result.findings.some((f) => f.code === 'DL1000'), 'the garbage line is a parse error');
    assert.ok(result.findings.some((f) => f.code === 'DL3006'), 'the rest is still linted');
  });

  it('refuses a 10 MB text quickly with a clear DL1000', () => {
    const { result, ms } = lintChecked('RUN echo hi\n'.repeat(900_000));
    assert.deepEqual(result.findings.map((f) => f.code), ['DL1000']);
    assert.match(result.findings[0].message, /too large to be a Dockerfile/);
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  });

  it('lints a text just under the size limit', () => {
    const line = 'RUN echo hello world\n';
    const text = 'FROM debian:12\n' + line.repeat(Math.floor((MAX_DOCKERFILE_LENGTH - 20) / line.length));
    const { ms } = lintChecked(text);
    assert.ok(ms < 60_000, `took ${ms.toFixed(0)} ms`);
  });

  it('finishes on thousands of continuations and empty continuation lines', () => {
    lintChecked('FROM debian:12\nRUN echo a' + ' \\\n  b'.repeat(5000) + '\n');
    lintChecked('FROM debian:12\nRUN echo a \\\n' + '\n'.repeat(5000) + 'b\n');
  });

  it('a RUN of 5,000 continuations the shell cannot parse finishes within 5 s, its failed parse cached for every rule', () => {
    const text = 'FROM debian:12\nRUN echo "unterminated' + ' \\\n  && sudo apt-get install curl'.repeat(5000) + '\n';
    const { ms } = lintChecked(text);
    assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
    const dockerfile = parseDockerfile(text);
    const { context } = buildContext(text, dockerfile, { trustedRegistries: [], labelSchema: {}, strictLabels: false }, undefined, () => readPragmas([], [], []));
    const run = context.instructions[1];
    const parsed = context.shell(run);
    assert.equal(parsed.ok, false, 'the script does not parse');
    assert.equal(context.shell(run), parsed, 'the second rule gets the cached failure');
  });

  it('finishes on unterminated and repeated heredocs', () => {
    const { result } = lintChecked('FROM debian:12\nRUN <<EOF\napt-get update\n');
    assert.ok(result.findings.some((f) => f.code === 'DL1000' && /never terminated/.test(f.message)));
    lintChecked('FROM debian:12\n' + 'RUN <<EOF\n'.repeat(3000));
    lintChecked('FROM debian:12\nRUN ' + '<<A '.repeat(2000) + '\n');
  });

  it('finishes on deeply nested shell syntax', () => {
    lintChecked('FROM debian:12\nRUN ' + '('.repeat(5000) + 'true' + ')'.repeat(5000) + '\n');
    lintChecked('FROM debian:12\nRUN ' + '$('.repeat(3000) + '\n');
  });

  it('finishes on one very long line', () => {
    lintChecked('FROM debian:12\nRUN ' + 'a '.repeat(100_000) + '\n');
  });
});
