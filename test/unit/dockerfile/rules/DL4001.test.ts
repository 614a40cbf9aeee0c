import { ruleSpec } from '../spec';

// Ported from hadolint's DL4001Spec.hs.
ruleSpec('DL4001', {
  flags: [
    { dockerfile: 'FROM node as foo\nRUN wget my.xyz\nRUN curl localhost\n', count: 1, range: { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } }, noFix: true },
    { dockerfile: 'FROM node as foo\nRUN wget my.xyz && curl localhost\n', count: 1, line: 2 },
    { dockerfile: 'FROM node as foo\nRUN wget my.xyz\nRUN curl localhost\nFROM scratch\nRUN curl localhost\n', count: 1, line: 3 },
    { dockerfile: 'FROM node as foo\nRUN wget my.xyz\nRUN curl my.xyz\nRUN echo hello\n', count: 1 },
    { dockerfile: 'FROM node as foo\nRUN wget my.xyz\nRUN curl my.xyz\nRUN echo hello\nRUN wget foo.com\n', count: 2 },
    { dockerfile: 'FROM node as foo\nONBUILD RUN wget my.xyz\nONBUILD RUN curl my.xyz\n', count: 1, line: 3 },
  ],
  passes: [
    'FROM node as foo\nRUN wget my.xyz\n',
    'FROM node as foo\nRUN wget my.xyz\nFROM scratch\nRUN curl localhost\n',
    'FROM node as foo\nRUN echo curl wget\n',
  ],
});
