import { ruleSpec } from '../spec';
import assert from 'node:assert/strict';
import { lint } from '../../../../src/dockerfile/index';

// Ported from hadolint's DL3057Spec.hs (the spec helper switches the rule on).
ruleSpec('DL3057', {
  flags: [
    { dockerfile: 'FROM scratch\n', count: 1, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } }, noFix: true },
    { dockerfile: 'FROM scratch AS base\nHEALTHCHECK CMD /bin/bla\nFROM debian:12\n', count: 1, line: 3 },
    { dockerfile: 'FROM golang:1.22 AS build\nFROM scratch\nHEALTHCHECK CMD ["/app", "-health"]\n', count: 1, line: 1 },
  ],
  passes: [
    'FROM scratch\nHEALTHCHECK CMD /bin/bla\n',
    'FROM scratch AS base\nHEALTHCHECK CMD /bin/bla\nFROM base\n',
    'FROM nginx:1.27\nHEALTHCHECK NONE\n',
  ],
});

describe('DL3057 default', () => {
  it('is off unless enabled, as in hadolint', () => {
    assert.equal(lint('FROM scratch\n').findings.filter((f) => f.code === 'DL3057').length, 0);
  });
});
