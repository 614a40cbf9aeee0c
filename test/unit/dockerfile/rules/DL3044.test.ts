import { ruleSpec } from '../spec';

// Ported from hadolint's DL3044Spec.hs.
ruleSpec('DL3044', {
  flags: [
    {
      dockerfile: 'FROM debian:12\nENV BLA="blubb" BLUBB="${BLA}/blubb"\n',
      range: { start: { line: 1, character: 23 }, end: { line: 1, character: 29 } },
      noFix: true,
    },
    { dockerfile: 'FROM debian:12\nENV BLA="blubb" BLUBB="$BLA/blubb"\n', range: { start: { line: 1, character: 23 }, end: { line: 1, character: 27 } } },
    'FROM debian:12\nENV BLA="blubb" BLUBB="$BLA"\n',
    'FROM debian:12\nENV BLA="blubb" BLUBB="${BLA}"\n',
    'FROM debian:12\nENV BLA="blubb" BLUBB="$BLA/$BLAFOO/blubb"\n',
    'FROM debian:12\nENV PATH=/bla:${PATH} PATH=/blubb:${PATH}\n',
    { dockerfile: 'FROM debian:12\nENV A=1 B=2\nENV C=3 D=$C\n', count: 1, line: 3 },
  ],
  passes: [
    'FROM debian:12\nENV BLA="blubb"\nENV BLUBB="${BLA}/blubb"\n',
    'FROM debian:12\nENV BLA="blubb" BLUBB="${FOOBLA}/blubb"\n',
    'FROM debian:12\nENV BLA="blubb" BLUBB="${BLAFOO}/blubb"\n',
    'FROM debian:12\nENV BLA="blubb" BLUBB="$FOOBLA/blubb"\n',
    'FROM debian:12\nENV BLA="blubb" BLUBB="$BLAFOO/blubb"\n',
    'FROM debian:12\nENV BLA="blubb" BLUBB="BLA/$BLAFOO/BLA"\n',
    'FROM debian:12\nARG BLA\nENV BLA=${BLA}\n',
    'FROM debian:12\nENV BLA blubb\nENV BLA=${BLA}\n',
    'FROM debian:12\nENV PATH=/bla:${PATH}\n',
    'FROM debian:12\nENV PATH=/bla:${PATH}\nENV PATH=/blubb:${PATH}\n',
    'ARG VERSION=1\nFROM debian:12\nENV VERSION=${VERSION} APP=app-${VERSION}\n',
  ],
});
