import { ruleSpec } from '../spec';

// Ported from hadolint's DL3059Spec.hs, plus the merge fix and where it is withheld.
ruleSpec('DL3059', {
  flags: [
    {
      dockerfile: 'FROM debian:12\nRUN /foo.sh\nRUN /bar.sh\n',
      count: 1,
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } },
      fixed: 'FROM debian:12\nRUN /foo.sh && \\\n    /bar.sh\n',
    },
    { dockerfile: 'FROM debian:12\nRUN /foo.sh\n# a comment\nRUN /bar.sh\n', line: 4, noFix: true },
    // A background job after `&&` would hide a failure of the first command (issue 9, item 12).
    { dockerfile: 'FROM debian:12\nRUN /foo.sh\nRUN /bar.sh &\n', line: 3, noFix: true },
    { dockerfile: 'FROM debian:12\nRUN umask 077\nRUN touch /marker\n', line: 3, noFix: true },
    { dockerfile: 'FROM debian:12\nRUN /foo.sh\n# a comment\n# another comment\nRUN /bar.sh\n', line: 5 },
    { dockerfile: 'FROM debian:12\nRUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=foo /bar.sh\n', line: 3 },
    { dockerfile: 'FROM debian:12\nRUN foo && bar\nRUN foo\nRUN bar\n', count: 1, line: 4 },
    {
      dockerfile: 'FROM debian:12\nRUN --mount=type=cache,target=/root/.cache make\nRUN --mount=type=cache,target=/root/.cache make test\n',
      fixed: 'FROM debian:12\nRUN --mount=type=cache,target=/root/.cache make && \\\n    make test\n',
    },
    { dockerfile: '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN a\nRUN b\n', fixed: '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN a && `\n    b\n' },
    { dockerfile: 'FROM debian:12\r\nRUN a\r\nRUN b\r\n', fixed: 'FROM debian:12\r\nRUN a && \\\r\n    b\r\n' },
    {
      dockerfile: 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n',
      count: 2,
      fixed: 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    rm -rf /var/lib/apt/lists/*\n',
    },
    // Merging would change the build: `cd` would move the second command, a comment would swallow it.
    { dockerfile: 'FROM debian:12\nRUN cd /tmp\nRUN make\n', noFix: true },
    { dockerfile: 'FROM debian:12\nRUN make # build\nRUN make install\n', noFix: true },
    { dockerfile: 'FROM debian:12\nRUN echo hi > /tmp/x\nRUN cat /tmp/x\n', noFix: true },
    { dockerfile: 'FROM debian:12\nRUN ["echo", "a"]\nRUN echo b\n', noFix: true },
  ],
  passes: [
    'FROM debian:10\n',
    'FROM debian:12\nRUN /foo.sh\n',
    'FROM debian:12\nRUN /foo.sh\nWORKDIR /\nRUN /bar.sh\n',
    '# a comment\nFROM debian:12\nRUN /foo.sh\n',
    'FROM debian:12\nRUN --mount=type=secret,id=foo /foo.sh\nRUN /bar.sh\n',
    'FROM debian:12\nRUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=bar /bar.sh\n',
    'FROM debian:12\nRUN foo && bar\nRUN foobar\n',
    'FROM debian:12\nRUN foo; bar\nRUN foobar\n',
    'FROM debian:12\nRUN foobar\nRUN foo && bar\n',
    'FROM debian:12\nRUN foobar\nRUN foo; bar\n',
    'FROM debian:12\nRUN foo && bar\nRUN foo; bar\n',
    'FROM debian:12 AS a\nRUN foo\nFROM debian:12 AS b\nRUN bar\n',
  ],
});
