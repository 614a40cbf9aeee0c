import { ruleSpec } from '../spec';

ruleSpec('DL3000', {
  flags: [
    { dockerfile: 'FROM debian:12\nWORKDIR relative/dir\n', line: 2, range: { start: { line: 1, character: 8 }, end: { line: 1, character: 20 } }, noFix: true },
    "WORKDIR 'relative/dir'",
    'WORKDIR "relative/dir"',
  ],
  passes: ['WORKDIR /usr/local', 'WORKDIR ${work}', "WORKDIR '/usr/local'", 'WORKDIR "/usr/local"', 'WORKDIR "${dir}"', "WORKDIR 'C:\\\\'", 'WORKDIR "C:\\\\"', 'WORKDIR C:/', 'WORKDIR "C:/"'],
});
