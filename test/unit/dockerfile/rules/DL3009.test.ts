import { ruleSpec } from '../spec';

ruleSpec('DL3009', {
  flags: [
    {
      dockerfile: 'FROM scratch\nRUN apt-get update && apt-get install python\n',
      line: 2,
      fixed: 'FROM scratch\nRUN apt-get update && apt-get install python && rm -rf /var/lib/apt/lists/*\n',
    },
    'ONBUILD RUN apt-get update && apt-get install python',
    { dockerfile: 'FROM ubuntu as foo\nRUN hey!\nFROM scratch\nRUN apt-get update && apt-get install python\n', line: 4 },
    { dockerfile: 'FROM ubuntu as foo\nRUN apt-get update && apt-get install python\nFROM foo\nRUN hey!\n', line: 2 },
    'RUN --mount=type=cache,target=/var/cache/apt \\\n    rm -f /etc/apt/apt.conf.d/docker-clean && \\\n    apt-get update && apt-get install python',
    'RUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install python',
    {
      dockerfile: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl\n',
      fixed: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    { dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl # tools\n', noFix: true },
    // The fix must never break the build: a later install still needs the lists.
    { dockerfile: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n', line: 2, noFix: true },
    { dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get -o Acquire::Retries=3 install -y git\n', line: 2, noFix: true },
    { dockerfile: 'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base AS mid\nFROM mid\nRUN apt-get install -y git\n', line: 2, noFix: true },
    { dockerfile: 'FROM debian:12\nRUN apt-get install -y curl && apt-get update\n', noFix: true },
    { dockerfile: 'FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\n', noFix: true },
    {
      dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
      line: 2,
      fixed: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      dockerfile: 'FROM debian:12 AS base\nRUN apt-get update && apt-get upgrade -y\nFROM base\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
      fixed: 'FROM debian:12 AS base\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\nFROM base\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n',
    },
    'FROM debian:12\nRUN apt update && apt install -y python3\n',
    'FROM debian:12\nRUN aptitude update && aptitude install -y python3\n',
    'FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\nFROM scratch\n',
  ],
  passes: [
    'FROM ubuntu as foo\nRUN apt-get update && apt-get install python\nFROM scratch\nRUN echo hey!\n',
    'FROM ubuntu as foo\nRUN apt-get update && apt-get install python && rm -rf /var/lib/apt/lists/*\nFROM foo\nRUN hey!\n',
    'FROM scratch\nRUN apt-get update && apt-get install python && rm -rf /var/lib/apt/lists/*\n',
    'RUN --mount=type=cache,target=/var/lib/apt/lists \\\n    apt-get update && apt-get install python',
    'RUN --mount=type=cache,target=/var/lib/apt \\\n    --mount=type=cache,target=/var/cache/apt \\\n    rm -f /etc/apt/apt.conf.d/docker-clean && \\\n    apt-get update && apt-get install python',
    'RUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/cache/apt \\\n    --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install foo',
    'FROM debian:12\nRUN apt-get install -y ./local.deb\n',
    'FROM debian:12\nRUN ["sh", "-c", "apt-get update"]\n',
    'RUN --mount=type=tmpfs,target=/var/cache/apt --mount=type=tmpfs,target=/var/lib/apt apt-get update\n',
    'RUN --mount=type=cache,target=/var/cache/apt --mount=type=tmpfs,target=/var/lib/apt apt-get update\n',
    'ONBUILD RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n',
  ],
});
