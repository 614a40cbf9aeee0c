import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('MultipleInstructionsDisallowed', {
  flags: [
    {
      dockerfile: 'FROM node:20\nCMD ["node", "a.js"]\nCMD ["node", "b.js"]\n',
      line: 2,
      message: 'Multiple CMD instructions should not be used in the same stage because only the last one will be used',
      fixed: 'FROM node:20\nCMD ["node", "b.js"]\n',
    },
    { dockerfile: 'FROM alpine\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n', count: 2 },
  ],
  passes: [
    ...wellBuiltCases,'FROM node:20 AS build\nCMD ["a"]\nFROM node:20\nCMD ["b"]\n', 'FROM alpine\nENTRYPOINT ["x"]\nCMD ["y"]\n'],
});
