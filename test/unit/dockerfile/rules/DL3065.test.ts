import { ruleSpec } from '../spec';

ruleSpec('DL3065', {
  flags: [
    { dockerfile: 'FROM --platform=$TARGETPLATFORM alpine:3.21\n', line: 1, fixed: 'FROM alpine:3.21\n' },
    { dockerfile: 'FROM --platform=${TARGETPLATFORM} alpine:3.21 AS base\n', fixed: 'FROM alpine:3.21 AS base\n' },
  ],
  passes: [
    'FROM alpine:3.21\n',
    'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n',
    'FROM --platform=linux/arm64 alpine:3.21\n',
  ],
});
