import { ruleSpec } from '../spec';

ruleSpec('DL3010', {
  flags: [
    { dockerfile: 'COPY packaged-app.tar /usr/src/app\nRUN tar -xf /usr/src/app/packaged-app.tar', line: 1, range: { start: { line: 0, character: 5 }, end: { line: 0, character: 21 } }, noFix: true },
    'COPY packaged-app.tar /usr/src/app\nWORKDIR /usr/src/app\nRUN foo bar && echo something && tar -xf packaged-app.tar',
    'COPY foo/bar/packaged-app.tar /foo.tar\nRUN tar -xf /foo.tar',
    'COPY build\\foo\\bar.tar.gz "C:\\Program Files\\Foo"\nRUN tar -xf "C:\\Program Files\\Foo\\bar.tar.gz"',
    'COPY build\\foo\\bar.tar.gz "C:\\Program Files\\foo.tar.gz"\nRUN tar -xf foo.tar.gz',
    'FROM debian:12\nCOPY app.tar.gz /opt/\nRUN gunzip /opt/app.tar.gz',
  ],
  passes: [
    'COPY packaged-app.tar /usr/src/app\nFROM debian:11 as newstage',
    'COPY package.json /usr/src/app',
    'COPY --from=builder /usr/local/share/some.tar /opt/some.tar',
    'FROM debian:12\nCOPY app.tar /opt/\nFROM debian:12\nRUN tar -xf /opt/app.tar',
    'FROM debian:12\nCOPY app.tar /opt/\nRUN tar -cf other.tar app.tar',
  ],
});
