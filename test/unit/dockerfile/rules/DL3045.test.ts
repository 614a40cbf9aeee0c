import { ruleSpec } from '../spec';

// Ported from hadolint's DL3045Spec.hs (the ONBUILD variants as ONBUILD COPY).
ruleSpec('DL3045', {
  flags: [
    { dockerfile: 'FROM debian:12-slim\nCOPY <<EOF app.conf\nlisten = 8080\nEOF\n', line: 2 },
    {
      dockerfile: 'FROM debian:12\nCOPY bla.sh blubb.sh\n',
      range: { start: { line: 1, character: 12 }, end: { line: 1, character: 20 } },
      noFix: true,
    },
    { dockerfile: 'FROM debian:12\nONBUILD COPY bla.sh blubb.sh\n', line: 2 },
    { dockerfile: 'FROM debian:12\nCOPY bla.sh "blubb.sh"\n', line: 2 },
    { dockerfile: 'FROM debian:12\nCOPY ["bla.sh", "blubb.sh"]\n', line: 2, range: { start: { line: 1, character: 16 }, end: { line: 1, character: 26 } } },
    { dockerfile: 'FROM debian:buster as stage1\nWORKDIR /usr\nFROM debian:buster\nCOPY foo bar\n', line: 4 },
    { dockerfile: 'FROM microsoft/windowsservercore as stage1\nWORKDIR c:\\system32\nFROM microsoft/windowsservercore\nCOPY foo bar\n', line: 4 },
    { dockerfile: 'FROM debian:12\nCOPY a b\n', line: 2 },
    { dockerfile: 'FROM debian:12\nCOPY --chown=1000 a b\n', line: 2 },
  ],
  passes: [
    'FROM debian:12\nCOPY bla.sh /usr/local/bin/blubb.sh\n',
    'FROM debian:12\nCOPY bla.sh "/usr/local/bin/blubb.sh"\n',
    'FROM debian:12\nCOPY ["bla.sh", "/usr/local/bin/"]\n',
    'FROM mcr.microsoft.com/windows/servercore\nCOPY bla.sh c:\\system32\\blubb.sh\n',
    'FROM mcr.microsoft.com/windows/servercore\nCOPY bla.sh "d:\\mypath\\blubb.sh"\n',
    'FROM mcr.microsoft.com/windows/servercore\nCOPY bla.sh c:/system32/blubb.sh\n',
    'FROM scratch\nWORKDIR /usr\nCOPY bla.sh blubb.sh\n',
    'FROM scratch\nWORKDIR c:\\system32\nCOPY bla.sh blubb.sh\n',
    'FROM debian:12\nCOPY src.sh ${SRC_BASE_ENV}\n',
    'FROM debian:12\nCOPY src.sh $SRC_BASE_ENV\n',
    'FROM debian:12\nCOPY src.sh "${SRC_BASE_ENV}"\n',
    'FROM debian:12\nCOPY src.sh "$SRC_BASE_ENV"\n',
    'FROM debian:buster as base\nWORKDIR /usr\nFROM debian:buster as stage-inbetween\nRUN foo\nFROM base\nCOPY foo bar\n',
    'FROM debian:buster as base1\nWORKDIR /usr\nFROM base1 as base2\nRUN foo\nFROM base2\nCOPY foo bar\n',
    'FROM debian:buster\nONBUILD WORKDIR /usr/local/lib\nONBUILD COPY foo bar\n',
    'FROM debian:12\nADD foo bar\n',
    // A heredoc's destination is the last word of the COPY line, not of the body.
    'FROM debian:12-slim\nCOPY <<EOF /etc/app.conf\nlisten = 8080\nEOF\n',
    'FROM debian:12-slim\nCOPY <<EOF <<EOF2 /etc/\nhello .\nEOF\nbye\nEOF2\n',
  ],
});
