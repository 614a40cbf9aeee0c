import { ruleSpec } from '../spec';

ruleSpec('DuplicateStageName', {
  flags: [
    { dockerfile: 'FROM node:20 AS build\nFROM node:20 AS build\n', count: 1, line: 2, message: 'Duplicate stage name "build", stage names should be unique' },
    { dockerfile: 'FROM node:20 AS build\nFROM node:20 AS BUILD\n', line: 2 },
  ],
  passes: ['FROM node:20 AS build\nFROM node:20 AS test\nFROM build\n'],
});
