import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('ReservedStageName', {
  flags: [
    { dockerfile: 'FROM alpine AS scratch\n', message: 'Stage name should not use the same name as reserved stage "scratch"' },
    { dockerfile: 'FROM alpine AS context\n', range: { start: { line: 0, character: 15 }, end: { line: 0, character: 22 } } },
  ],
  passes: [
    ...wellBuiltCases,'FROM scratch\nCOPY app /\n', 'FROM alpine AS contexts\n'],
});
