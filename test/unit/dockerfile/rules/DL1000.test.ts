import { ruleSpec } from '../spec';

ruleSpec('DL1000', {
  flags: [
    { dockerfile: 'FORM debian:12\n', line: 1, message: /Unknown instruction 'FORM'/ },
    { dockerfile: 'FROM debian:12\nRUN <<EOF\napt-get update\n', line: 2, message: /Heredoc <<EOF is never terminated/ },
    { dockerfile: 'FROM debian:12\nCOPY app.py\n', line: 2, message: /COPY requires at least two arguments/ },
    { dockerfile: 'FROM\n', line: 1, message: 'FROM requires at least one argument.' },
    { dockerfile: 'FROM debian:12\nRUN ["echo",\n "x"]\n', line: 3 },
    { dockerfile: 'FROM a\n\u0000\u0001\u0002ELF', count: 1, line: 1, message: /looks binary/ },
    { dockerfile: 'x\n'.repeat(100), count: 21, message: /Unknown instruction 'x'/ },
  ],
  passes: [
    'FROM debian:12\nRUN <<EOF\napt-get update\nEOF\n',
    'FROM debian:12\nCOPY <<EOF /etc/motd\nhello\nEOF\n',
    'from debian:12 as build\nrun echo hi\n',
    '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n  c:\\\n',
    '\ufeffFROM debian:12\n',
    '',
  ],
});
