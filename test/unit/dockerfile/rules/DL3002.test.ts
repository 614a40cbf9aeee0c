import { ruleSpec } from '../spec';

ruleSpec('DL3002', {
  flags: [
    { dockerfile: 'FROM scratch\nUSER root\n', line: 2, range: { start: { line: 1, character: 5 }, end: { line: 1, character: 9 } } },
    'FROM scratch\nUSER 0\n',
    'FROM scratch\nUSER root:root\n',
    'FROM scratch\nUSER 0:0\n',
    { dockerfile: 'FROM debian as base\nUSER root\nRUN something\nFROM base\nRUN something else\n', line: 2 },
    { dockerfile: 'FROM debian as base\nUSER root\nRUN something\nFROM scratch\nUSER foo\nRUN something else\n', line: 2 },
  ],
  passes: [
    'FROM scratch\nUSER foo\n',
    'FROM scratch\nUSER root\nRUN something\nUSER foo\n',
    'FROM debian as base\nUSER root\nRUN something\nUSER foo\nFROM scratch\nRUN something else\n',
    'FROM debian:12\nRUN id\n',
    'FROM debian:12\nUSER rootless\n',
  ],
});
