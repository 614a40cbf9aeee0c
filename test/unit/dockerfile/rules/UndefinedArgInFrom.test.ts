import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('UndefinedArgInFrom', {
  flags: [
    { dockerfile: 'ARG VERSION=20\nFROM node:${VERSON}\n', message: "FROM argument 'VERSON' is not declared (did you mean VERSION?)" },
    { dockerfile: 'FROM --platform=$PLATFORM alpine\n', message: "FROM argument 'PLATFORM' is not declared" },
  ],
  passes: [
    ...wellBuiltCases,
    'ARG VERSION=20\nFROM node:${VERSION}\n',
    'ARG TAG\nFROM alpine:${TAG:-3.20}\n',
    'FROM --platform=$BUILDPLATFORM golang:1.23\n',
  ],
});
