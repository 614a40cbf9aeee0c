import { ruleSpec } from '../spec';

ruleSpec('DL3029', {
  flags: [
    { dockerfile: 'FROM --platform=linux debian:jessie', range: { start: { line: 0, character: 5 }, end: { line: 0, character: 21 } }, noFix: true },
    'FROM --platform=linux/amd64 debian:12 AS build',
  ],
  passes: [
    'FROM debian:jessie',
    'FROM --platform=$BUILDPLATFORM golang:1.23 AS build',
    'FROM --platform=${BUILDPLATFORM} golang:1.23',
    'FROM --platform="${TARGETPLATFORM:-linux/amd64}" busybox:1',
    'FROM --platform=$TARGETPLATFORM alpine:3.20',
  ],
});
