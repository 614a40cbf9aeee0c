import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD1001', {
  flags: [
    {
      dockerfile: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev && rm -rf /var/lib/apt/lists/*\nCMD ["python", "app.py"]\n',
      line: 2,
      range: { start: { line: 1, character: 65 }, end: { line: 1, character: 80 } },
      message: /installs build-essential, libpq-dev \(about 230 MB\).*build-essential, libpq-dev would stay in the build stage/,
    },
    // Removing in a later RUN does not shrink the earlier layer: still reported, and said so.
    { dockerfile: 'FROM alpine\nRUN apk add --no-cache gcc musl-dev\nRUN apk del gcc musl-dev\n', message: /Removing them on line 3 does not help/ },
    // The final stage built FROM a stage that installs them ships them too.
    { dockerfile: 'FROM debian:12-slim AS base\nRUN apt-get install -y gcc\nFROM base\nCMD ["x"]\n', line: 2 },
  ],
  passes: [
    ...wellBuiltCases,
    // A VS Code dev container is a development environment on purpose.
    'FROM mcr.microsoft.com/devcontainers/base:bookworm\nRUN apt-get update && apt-get install -y build-essential gdb\n',
    // Proper multi-stage: toolchain only in the build stage.
    'FROM python:3.12-slim AS build\nRUN apt-get update && apt-get install -y build-essential\nRUN pip wheel -w /wheels psycopg2\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*\n',
    // Virtual build deps removed in the same RUN never ship.
    'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install --no-cache-dir psycopg2 && apk del .build-deps\n',
    'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*\n',
  ],
});
