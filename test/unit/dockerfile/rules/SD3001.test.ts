import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD3001', {
  flags: [
    {
      dockerfile: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n',
      line: 3,
      message: /later layer than `apt-get update` on line 2.*saves nothing/,
      fixed: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
    },
    // A RUN in between might need the lists: reported, but not moved automatically.
    { dockerfile: 'FROM debian:12-slim\nRUN apt-get update\nRUN apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n', line: 4, noFix: true },
    // The continuation uses the file's escape character (issue 9, item 11).
    {
      dockerfile: '# escape=`\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n',
      fixed: '# escape=`\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl `\n    && rm -rf /var/lib/apt/lists/*\n',
    },
    // A trailing `;` is dropped rather than followed by `&&` (item 12).
    {
      dockerfile: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl;\nRUN rm -rf /var/lib/apt/lists/*\n',
      fixed: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n',
    },
    // Not moved (item 13): the filler changes the shell's state, runs in the background, an
    // instruction sits between, or the clean-up is not a plain `&&` chain.
    { dockerfile: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && cd /tmp\nRUN rm -rf /var/lib/apt/lists/*\n', noFix: true },
    { dockerfile: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl &\nRUN rm -rf /var/lib/apt/lists/*\n', noFix: true },
    { dockerfile: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\nUSER nobody\nRUN rm -rf /var/lib/apt/lists/*\n', noFix: true },
    { dockerfile: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*; rm -rf /var/cache/apt\n', noFix: true },
    { dockerfile: 'FROM centos:7\nRUN yum install -y httpd\nRUN yum clean all\n', line: 3 },
    { dockerfile: 'FROM node:22-slim\nRUN npm ci --omit=dev\nRUN npm cache clean --force\n', line: 3 },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    // Cache mounts keep the cache out of the layer.
    'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\nRUN rm -rf /root/.cache/pip\n',
    // Build stages do not ship.
    'FROM debian:12 AS build\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\nFROM scratch\n',
  ],
});
