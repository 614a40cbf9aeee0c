import { ruleSpec } from '../spec';

// Ported from hadolint's DL4000Spec.hs, plus the LABEL fix.
ruleSpec('DL4000', {
  flags: [
    {
      dockerfile: 'FROM debian:12\nMAINTAINER Lukas Martinelli <me@lukasmartinelli.ch>\n',
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } },
      fixed: 'FROM debian:12\nLABEL maintainer="Lukas Martinelli <me@lukasmartinelli.ch>"\n',
    },
    { dockerfile: 'FROM debian:12\nMAINTAINER "Jane" $HOME\n', fixed: 'FROM debian:12\nLABEL maintainer="\\"Jane\\" \\$HOME"\n' },
    { dockerfile: '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nMAINTAINER a\\b\n', fixed: '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nLABEL maintainer="a\\b"\n' },
    { dockerfile: 'FROM debian:12\nMAINTAINER Jane \\\n  Doe\n', noFix: true },
  ],
  passes: ['FROM debian:12\nLABEL maintainer="Lukas Martinelli <me@lukasmartinelli.ch>"\n', 'FROM debian:12\nRUN echo MAINTAINER\n'],
});
