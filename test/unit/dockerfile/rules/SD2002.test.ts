import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD2002', {
  flags: [
    { dockerfile: 'FROM python:3.12-alpine\nRUN apk add --no-cache gcc musl-dev libffi-dev && pip install --no-cache-dir cryptography\n', message: /compiled from source.*python:3\.12-slim/ },
    { dockerfile: 'FROM alpine:3.20\nRUN apk add --no-cache gcompat\n', message: /gcompat is there to run glibc binaries/ },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc && pip install x\n',
    // A compiler on Alpine with no pip/npm install is not about wheels.
    'FROM alpine:3.20\nRUN apk add --no-cache make\n',
    'FROM python:3.12-alpine AS build\nRUN apk add --no-cache gcc musl-dev && pip wheel -w /w x\nFROM python:3.12-slim\nCOPY --from=build /w /w\n',
  ],
});
