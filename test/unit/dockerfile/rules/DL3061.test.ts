import { ruleSpec } from '../spec';

// Ported from hadolint's DL3061Spec.hs.
ruleSpec('DL3061', {
  flags: [
    { dockerfile: 'LABEL foo=bar\nFROM foo\n', count: 1, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, noFix: true },
    { dockerfile: 'ARG A=1\nRUN echo $A\nENV X=1\nFROM foo\n', count: 2, line: 2 },
  ],
  passes: [
    'FROM foo\nLABEL foo=bar\n',
    'ARG A=B\nFROM foo\nLABEL foo=bar\n',
    '# syntax = docker/dockerfile:1.0-experimental\nFROM node:16-alpine3.13\n',
    'FROM foo\nARG A=B\nRUN echo bla\n',
    '# a comment\n\nFROM foo\n',
  ],
});
