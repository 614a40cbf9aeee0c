import { ruleSpec } from '../spec';

ruleSpec('DL3023', {
  flags: [
    { dockerfile: 'FROM node as foo\nCOPY --from=foo bar .\n', line: 2, range: { start: { line: 1, character: 5 }, end: { line: 1, character: 15 } } },
    'FROM node AS Foo\nCOPY --from=foo bar .\n',
  ],
  passes: [
    'FROM scratch as build\nRUN foo\nFROM node as run\nCOPY --from=build foo .\nRUN baz\n',
    'FROM node\nCOPY --from=foo bar .\n',
  ],
});
