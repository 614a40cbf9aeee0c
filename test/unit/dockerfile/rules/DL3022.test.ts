import { ruleSpec } from '../spec';

ruleSpec('DL3022', {
  flags: [
    { dockerfile: 'COPY --from=foo bar .', range: { start: { line: 0, character: 5 }, end: { line: 0, character: 15 } } },
    { dockerfile: 'FROM scratch\nCOPY --from=build foo .\nFROM node as build\nRUN baz\n', line: 2 },
    { dockerfile: 'FROM debian:12\nCOPY --from=1 /x /x\n', line: 2 },
  ],
  passes: [
    'FROM scratch as build\nRUN foo\nFROM node\nCOPY --from=build foo .\nRUN baz\n',
    'FROM scratch AS Build\nFROM node\nCOPY --from=build foo .\n',
    'FROM debian:12\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/\n',
    'FROM debian:12\nCOPY --from=ghcr.io/org/tool /bin/tool /bin/\n',
    'FROM golang:1.23\nRUN go build\nFROM scratch\nCOPY --from=0 /go/bin/app /app\n',
    'COPY src /src',
  ],
});
