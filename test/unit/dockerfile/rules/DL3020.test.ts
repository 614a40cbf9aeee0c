import { ruleSpec } from '../spec';

ruleSpec('DL3020', {
  flags: [
    { dockerfile: 'ADD file.txt /usr/src/app/', fixed: 'COPY file.txt /usr/src/app/', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } },
    { dockerfile: 'ADD file.zip /usr/src/app/', fixed: 'COPY file.zip /usr/src/app/' },
    { dockerfile: 'ADD "file.zip" /usr/src/app/', fixed: 'COPY "file.zip" /usr/src/app/' },
    { dockerfile: 'FROM a:1\nADD --chown=app:app src/ /app/\n', fixed: 'FROM a:1\nCOPY --chown=app:app src/ /app/\n' },
    { dockerfile: 'ADD ["a b.txt", "/app/"]', fixed: 'COPY ["a b.txt", "/app/"]' },
    { dockerfile: 'ADD --checksum=sha256:abc file /x', noFix: true },
    { dockerfile: 'ADD git@github.com:moby/buildkit.git /src', noFix: true },
    // The fix only where no source can be a local tar archive, which ADD would extract (issue 9, item 14):
    // Docker detects archives by content, so an archive among several sources, or a file with no
    // known non-archive extension, keeps its ADD.
    { dockerfile: 'ADD file.tar.gz config.json /app/', noFix: true },
    { dockerfile: 'ADD files.tar.gz readme.txt /opt/', noFix: true },
    { dockerfile: 'ADD vendor.bundle /vendor/', noFix: true },
    { dockerfile: 'ADD file /usr/src/app/', noFix: true },
    { dockerfile: 'ADD src/* /app/', noFix: true },
    { dockerfile: 'ADD . /app/', fixed: 'COPY . /app/' },
    { dockerfile: 'ADD *.py requirements.txt /app/', fixed: 'COPY *.py requirements.txt /app/' },
  ],
  passes: [
    'ADD file.tar /usr/src/app/',
    'ADD file.gz /usr/src/app/',
    'ADD file.bz2 /usr/src/app/',
    'ADD file.xz /usr/src/app/',
    'ADD file.tgz /usr/src/app/',
    'ADD http://file.com /usr/src/app/',
    'ADD "file.tgz" /usr/src/app/',
    'ADD "http://file.com" /usr/src/app/',
    'COPY file /usr/src/app/',
  ],
});
