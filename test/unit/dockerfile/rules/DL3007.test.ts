import { ruleSpec } from '../spec';

ruleSpec('DL3007', {
  flags: [
    { dockerfile: 'FROM debian:latest', range: { start: { line: 0, character: 5 }, end: { line: 0, character: 18 } }, noFix: true },
    'FROM debian:latest AS builder',
    'FROM ghcr.io/org/tool:latest',
  ],
  passes: [
    'FROM debian:jessie',
    'FROM hub.docker.io/debian@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb',
    'FROM debian:jessie AS builder',
    'FROM localhost:5000/latest',
    'FROM debian',
    'FROM hub.docker.io/debian:latest@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb\n',
  ],
});
