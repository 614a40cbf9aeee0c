import { ruleSpec } from '../spec';

// Ported from hadolint's DL3060Spec.hs.
ruleSpec('DL3060', {
  flags: [
    { dockerfile: 'FROM node:20\nRUN yarn install foo\n', range: { start: { line: 1, character: 4 }, end: { line: 1, character: 20 } }, fixed: 'FROM node:20\nRUN yarn install foo && yarn cache clean\n' },
    { dockerfile: 'FROM node:20\nONBUILD RUN yarn install foo\n', line: 2 },
    { dockerfile: 'FROM node:lts-alpine as foo\nRUN hey!\nFROM scratch\nRUN yarn install\n', line: 4 },
    { dockerfile: 'FROM node:lts-alpine as foo\nRUN yarn install\nFROM foo\nRUN hey!\n', line: 2 },
    { dockerfile: 'RUN yarn cache clean && yarn install foo\n', noFix: true },
    'FROM node:22 AS deps\nONBUILD RUN yarn install\nFROM scratch\n',
  ],
  passes: [
    'FROM node:20\nRUN foo\n',
    'FROM node:20\nRUN yarn install bar && yarn cache clean\n',
    'FROM node:20\nONBUILD RUN yarn install bar && yarn cache clean\n',
    'FROM node:lts-alpine as foo\nRUN yarn install && yarn cache clean\nFROM foo\nRUN hey!\n',
    'FROM node:lts-alpine as foo\nRUN yarn install foo\nFROM scratch\nRUN hey!\n',
    'RUN --mount=type=cache,target=/root/.cache/yarn yarn install foobar\n',
    'RUN --mount=type=tmpfs,target=/usr/local/share/.cache/yarn yarn install foobar\n',
  ],
});
