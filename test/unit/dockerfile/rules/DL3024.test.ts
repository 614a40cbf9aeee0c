import { ruleSpec } from '../spec';

ruleSpec('DL3024', {
  flags: [
    { dockerfile: 'FROM node as foo\nRUN something\nFROM scratch as foo\nRUN something\n', line: 3, range: { start: { line: 2, character: 16 }, end: { line: 2, character: 19 } } },
    'FROM debian:jesse as build\nFROM debian:jesse AS BUILD\n',
    { dockerfile: 'FROM a:1 AS x\nFROM b:1 AS x\nFROM c:1 AS x\n', count: 2 },
  ],
  passes: ['FROM scratch\nRUN something\n', 'FROM scratch as build\nRUN foo\nFROM node as run\nRUN baz\n', 'FROM a:1\nFROM a:1\n'],
});
