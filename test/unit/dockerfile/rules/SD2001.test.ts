import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD2001', {
  flags: [
    { dockerfile: 'FROM node:20\nCMD ["node", "server.js"]\n', range: { start: { line: 0, character: 5 }, end: { line: 0, character: 12 } }, message: /node:20-slim \(~220 MB, saves ~880 MB\).*node:20-alpine.*musl/ },
    { dockerfile: 'FROM golang:1.23\nCOPY . .\nRUN go build -o /app\nCMD ["/app"]\n', message: /gcr\.io\/distroless\/static-debian12 \(~2 MB; or scratch/ },
    { dockerfile: 'FROM python:3.12-bookworm AS base\nFROM base\nCMD ["python"]\n', line: 1, message: /python:3\.12-slim/ },
  ],
  passes: [
    ...wellBuiltCases,
    // Build stages are not judged for size.
    'FROM golang:1.23 AS build\nRUN go build -o /app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n',
    'FROM node:22-slim\n',
    'FROM python:3.12-alpine\n',
    'FROM scratch\nCOPY app /\n',
    'FROM acme/internal-base:1\n',
    'ARG TAG=22\nFROM node:${TAG}\n',
  ],
});
