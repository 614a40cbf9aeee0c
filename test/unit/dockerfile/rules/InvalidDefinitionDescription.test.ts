import assert from 'node:assert/strict';
import { ruleSpec } from '../spec';
import { lint } from '../../../../src/dockerfile/index';

ruleSpec('InvalidDefinitionDescription', {
  flags: [
    {
      dockerfile: '# the compiler\nFROM golang:1.23 AS build\n',
      line: 2,
      message: 'Comment for FROM should follow the format: `# build <description>`',
    },
    { dockerfile: 'FROM scratch\n# a bad comment\nARG VERSION=1\n', line: 3, message: 'Comment for ARG should follow the format: `# VERSION <description>`' },
    { dockerfile: 'FROM scratch\n# a bad comment\nARG A=1 B=2\n', message: 'Comment for ARG should follow the format: `# <arg_key> <description>`' },
    // Stage names are lower-cased, as BuildKit stores them: the comment must say `base`.
    { dockerfile: '# BasE the base image\nFROM scratch AS BasE\n', line: 2 },
    // Blank lines do not separate a comment from the instruction (BuildKit's parser keeps them together).
    { dockerfile: '# not a description\n\nFROM scratch AS base\n', line: 3 },
  ],
  passes: [
    '# build compiles the server\nFROM golang:1.23 AS build\n# VERSION is the release\nARG VERSION=1\n',
    '# something\nFROM scratch\n',
    'FROM scratch AS base\n# about the copy\nCOPY a /a\n',
    '# not a description\n#\nARG VERSION=1\n',
    'FROM scratch\n# B the second\nARG A=1 B=2\n',
    '# syntax=docker/dockerfile:1\nARG VERSION=1\n',
  ],
});

describe('InvalidDefinitionDescription is experimental', () => {
  const bad = 'FROM scratch\n# a bad comment\nARG VERSION=1\n# another\nARG OTHER=2\n';
  const codes = (text: string): number[] =>
    lint(text).findings.filter((finding) => finding.code === 'InvalidDefinitionDescription').map((finding) => finding.range.start.line + 1);
  it('is off unless a check=experimental comment turns it on', () => {
    assert.deepEqual(codes(bad), []);
    assert.deepEqual(codes(`# check=experimental=InvalidDefinitionDescription\n${bad}`), [4, 6]);
    assert.deepEqual(codes(`# check=experimental=all\n${bad}`), [4, 6]);
  });
  it('skip=all does not turn an experimental check off', () => {
    assert.deepEqual(codes(`# check=skip=all;experimental=InvalidDefinitionDescription\n${bad}`), [4, 6]);
  });
  it('a check=experimental comment above one instruction turns it on there only', () => {
    const text = 'FROM scratch\n# check=experimental=InvalidDefinitionDescription\nARG VERSION=1\n# another\nARG OTHER=2\n';
    assert.deepEqual(codes(text), [3]);
  });
});
