import { ruleSpec } from '../spec';

ruleSpec('DL3011', {
  flags: [
    { dockerfile: 'EXPOSE 80000', range: { start: { line: 0, character: 7 }, end: { line: 0, character: 12 } } },
    'EXPOSE 80 65536/udp',
    'EXPOSE 8000-70000',
  ],
  passes: ['EXPOSE 60000', 'EXPOSE 80/tcp 443', 'EXPOSE 8000-8100', 'EXPOSE $PORT', 'EXPOSE 0'],
});
