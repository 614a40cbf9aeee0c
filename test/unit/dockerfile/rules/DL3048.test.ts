import { ruleSpec } from '../spec';

// Ported from hadolint's DL3048Spec.hs.
ruleSpec('DL3048', {
  flags: [
    { dockerfile: 'FROM debian:12\nLABEL com.docker.label="foo"\n', range: { start: { line: 1, character: 6 }, end: { line: 1, character: 22 } }, noFix: true },
    'FROM debian:12\nLABEL io.docker.label="foo"\n',
    'FROM debian:12\nLABEL org.dockerproject.label="foo"\n',
    'FROM debian:12\nONBUILD LABEL com.docker.label="foo"\n',
    'FROM debian:12\nLABEL invalid$character="foo"\n',
    'FROM debian:12\nLABEL .invalid="foo"\n',
    'FROM debian:12\nLABEL -invalid="foo"\n',
    'FROM debian:12\nLABEL 1invalid="foo"\n',
    'FROM debian:12\nLABEL invalid..character="foo"\n',
    'FROM debian:12\nLABEL invalid--character="foo"\n',
    'FROM debian:12\nLABEL Version="1.0"\n',
    { dockerfile: 'FROM debian:12\nLABEL ok="1" Bad="2" .worse="3"\n', count: 1, range: { start: { line: 1, character: 13 }, end: { line: 1, character: 16 } } },
  ],
  passes: [
    'FROM debian:12\nLABEL org.valid-key.label3="foo"\n',
    'FROM debian:12\nLABEL validlabel="foo"\n',
    'FROM debian:12\nONBUILD LABEL org.valid-key.label3="foo"\n',
    'FROM debian:12\nLABEL org.opencontainers.image.source="https://example.com" maintainer="me"\n',
  ],
});
