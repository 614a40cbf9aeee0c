// The rule toolkit's text positions are the engine's: every line ending dockerfile-ast and VS Code
// accept (`\n`, `\r\n`, a lone `\r`) puts a BuildKit finding on the same line and column.
import assert from 'node:assert/strict';
import { lint } from '../../../src/dockerfile/index';
import { parseImageRef } from '../../../src/dockerfile/rules/kit';
import { parseImageReference } from '../../../src/dockerfile/data/baseImages';

describe('rule toolkit', () => {
  for (const [name, eol] of [['\\n', '\n'], ['\\r\\n', '\r\n'], ['a lone \\r', '\r']]) {
    it(`finds the word of a FROM on its own line with ${name} line endings`, () => {
      const text = ['FROM alpine AS base', 'ARG VERSION=20', 'FROM node:${VERSON} AS app', ''].join(eol);
      const findings = lint(text).findings.filter((finding) => finding.code === 'InvalidDefaultArgInFrom');
      assert.deepEqual(findings.map((finding) => finding.range), [
        { start: { line: 2, character: 5 }, end: { line: 2, character: 19 } },
      ]);
    });
  }

  it('reads an image reference one way for the rules and the base-image table', () => {
    assert.deepEqual(parseImageRef('localhost:5000/team/app:1.2@sha256:abc'), {
      registry: 'localhost:5000', name: 'team/app', tag: '1.2', digest: 'sha256:abc',
    });
    assert.deepEqual(parseImageRef('node:${VERSION:-20}'), { registry: undefined, name: 'node', tag: '${VERSION:-20}', digest: undefined });
    const fromTable = parseImageReference('docker.io/library/Node:20-Slim');
    assert.equal(fromTable.repository, 'node');
    assert.equal(fromTable.tag, '20-slim');
    assert.equal(fromTable.variant, 'slim');
  });
});
