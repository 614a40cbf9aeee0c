import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('DuplicateStageName', {
  flags: [
    { dockerfile: 'FROM node:20 AS build\nFROM node:20 AS build\n', count: 1, line: 2, message: 'Duplicate stage name "build", stage names should be unique' },
    { dockerfile: 'FROM node:20 AS build\nFROM node:20 AS BUILD\n', line: 2 },
  ],
  passes: [
    ...wellBuiltCases,'FROM node:20 AS build\nFROM node:20 AS test\nFROM build\n'],
});
