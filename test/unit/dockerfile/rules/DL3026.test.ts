import { ruleSpec } from '../spec';

const only = (...trustedRegistries: string[]) => ({ trustedRegistries });

ruleSpec('DL3026', {
  flags: [
    { dockerfile: 'FROM random.com/debian', config: only('docker.io'), range: { start: { line: 0, character: 5 }, end: { line: 0, character: 22 } } },
    { dockerfile: 'FROM x.com/debian', config: only('*.random.com') },
    { dockerfile: 'FROM debian:12', config: only('registry.example.com') },
    { dockerfile: 'FROM localhost:5000/app:1', config: only('docker.io') },
    { dockerfile: 'COPY --from=untrusted.com/repo/image:tag /foo /bar\n', config: {"trustedRegistries": ["trusted.com"]} },
    { dockerfile: 'RUN --mount=type=bind,from=untrusted.com/repo/image:tag,target=/foo foobar\n', config: {"trustedRegistries": ["trusted.com"]} },
    { dockerfile: 'FROM registry.internal.example/img:1\n', config: {"trustedRegistries": ["mirror.*"]} },
  ],
  passes: [
    'FROM random.com/debian',
    { dockerfile: 'FROM random.com/debian', config: only('x.com', 'random.com') },
    { dockerfile: 'FROM scratch', config: only('x.com', 'random.com') },
    { dockerfile: 'FROM ubuntu:18.04 AS builder1\nFROM zemanlx/ubuntu:18.04 AS builder2\nFROM docker.io/zemanlx/ubuntu:18.04 AS builder3\n', config: only('docker.io') },
    { dockerfile: 'FROM random.com/foo AS builder1\nFROM builder1 AS builder2\n', config: only('random.com') },
    { dockerfile: 'FROM foo.random.com/debian', config: only('x.com', '*.random.com') },
    { dockerfile: 'FROM ubuntu:18.04 AS builder1\nFROM zemanlx/ubuntu:18.04 AS builder2\nFROM docker.io/zemanlx/ubuntu:18.04 AS builder3\n', config: only('*') },
    { dockerfile: 'FROM debian:12', config: only('hub.docker.com') },
    { dockerfile: 'FROM trusted.com/golang:1.23 AS build\nFROM trusted.com/base:1\nCOPY --from=build /out /out\nCOPY --from=0 /out /out2\n', config: {"trustedRegistries": ["trusted.com"]} },
    { dockerfile: 'RUN --mount=type=cache,from=trusted.com/repo/image:tag,target=/foo foobar\n', config: {"trustedRegistries": ["trusted.com"]} },
    { dockerfile: 'FROM mirror.corp.example/img:1\n', config: {"trustedRegistries": ["mirror.*"]} },
  ],
});
