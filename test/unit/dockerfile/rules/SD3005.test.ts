import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD3005', {
  flags: [
    {
      dockerfile: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
      line: 3,
      message: /installs with apt again right after line 2/,
      fixed: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* \\\n    && apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
    },
    // Windows line endings stay Windows line endings.
    {
      dockerfile: 'FROM debian:12-slim\r\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\r\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\r\n',
      fixed: 'FROM debian:12-slim\r\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* \\\r\n    && apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\r\n',
    },
    // The continuation uses the file's escape character (issue 9, item 11).
    {
      dockerfile: '# escape=`\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
      fixed: '# escape=`\nFROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* `\n    && apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
    },
    // A trailing `;` is dropped rather than followed by `&&` (item 12).
    {
      dockerfile: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*;\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
      fixed: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* \\\n    && apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
    },
    // Not merged: a background job, a shell-state change, or a second script that is not a plain `&&` chain.
    { dockerfile: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* &\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n', noFix: true },
    { dockerfile: 'FROM debian:12-slim\nRUN cd /tmp && apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n', noFix: true },
    { dockerfile: 'FROM debian:12-slim\nRUN export DEBIAN_FRONTEND=noninteractive && apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n', noFix: true },
    { dockerfile: 'FROM debian:12-slim\nRUN umask 077 && apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n', noFix: true },
    { dockerfile: 'FROM debian:12-slim\nRUN set -e; . /etc/os-release && apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n', noFix: true },
    { dockerfile: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y git; rm -rf /var/lib/apt/lists/*\n', noFix: true },
    { dockerfile: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y git || true && rm -rf /var/lib/apt/lists/*\n', noFix: true },
  ],
  passes: [
    ...wellBuiltCases,
    // Both short: hadolint's DL3059 reports this one, so SD3005 does not repeat it.
    'FROM alpine\nRUN apk add --no-cache curl\nRUN apk add --no-cache git\n',
    'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN useradd -m app && mkdir /data && chown app /data\n',
  ],
});
