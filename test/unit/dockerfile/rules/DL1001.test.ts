import { ruleSpec } from '../spec';
import assert from 'node:assert/strict';
import { lint } from '../../../../src/dockerfile/index';

// Ported from hadolint's DL1001Spec.hs (the spec helper switches the rule on).
ruleSpec('DL1001', {
  flags: [
    { dockerfile: '# hadolint ignore=DL3003\nRUN foo bar\n', count: 1, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 24 } }, noFix: true },
    { dockerfile: 'FROM debian:12\n  #hadolint ignore=DL3008,DL3015\nRUN apt-get install -y curl\n', count: 1, line: 2 },
  ],
  passes: [
    '# hadolint shell=powershell\nRUN foo bar\n',
    '# foobar\nRUN foo bar\n',
    'FROM debian\nRUN foo bar\n',
    'FROM debian:12\n# hadolint global ignore=DL3008\nRUN apt-get install -y curl\n',
    // Text inside a heredoc is the script's, not a pragma.
    'FROM debian:12\nRUN <<EOF\n# hadolint ignore=DL3008\necho hi\nEOF\n',
  ],
});

describe('DL1001 default', () => {
  it('is off unless enabled, as in hadolint', () => {
    assert.equal(lint('# hadolint ignore=DL3003\nRUN foo\n').findings.filter((f) => f.code === 'DL1001').length, 0);
  });
});
