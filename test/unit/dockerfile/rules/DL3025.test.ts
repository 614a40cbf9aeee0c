import { ruleSpec } from '../spec';

ruleSpec('DL3025', {
  flags: [
    { dockerfile: 'FROM node as foo\nENTRYPOINT something\n', line: 2, noFix: true },
    { dockerfile: 'FROM node as foo\nCMD something\n', fixed: 'FROM node as foo\nCMD ["something"]\n', range: { start: { line: 1, character: 4 }, end: { line: 1, character: 13 } } },
    { dockerfile: 'FROM node:22\nCMD node server.js --port=8080\n', fixed: 'FROM node:22\nCMD ["node", "server.js", "--port=8080"]\n' },
    { dockerfile: 'FROM node:22\nCMD node server.js > /var/log/app.log\n', noFix: true },
    { dockerfile: 'FROM node:22\nCMD echo "$HOME"\n', noFix: true },
    { dockerfile: 'FROM node:22\nCMD exec node server.js\n', noFix: true },
    { dockerfile: 'FROM node:22\nCMD NODE_ENV=production node server.js\n', noFix: true },
    { dockerfile: 'FROM node:22\nENTRYPOINT ["tini", "--"]\nCMD node server.js\n', noFix: true },
    { dockerfile: 'FROM mcr.microsoft.com/powershell\nSHELL ["pwsh", "-c"]\nCMD Get-Date\n', noFix: true },
    { dockerfile: 'FROM node:22\nCMD node \\\n  server.js\n', fixed: 'FROM node:22\nCMD ["node", "server.js"]\n' },
    'FROM debian:12\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
  ],
  passes: [
    'FROM scratch as build\nENTRYPOINT ["foo", "bar"]\n',
    'FROM scratch as build\nCMD ["foo", "bar"]\nCMD [ "foo", "bar" ]\n',
    'FROM scratch\nCMD ["a", \\\n  "b"]\n',
    'FROM debian:12\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\n',
    'FROM debian:12\nHEALTHCHECK NONE\n',
  ],
});
