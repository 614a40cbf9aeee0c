import { ruleSpec } from '../spec';

ruleSpec('DL3001', {
  flags: [
    { dockerfile: 'FROM debian:12\nRUN top', line: 2, range: { start: { line: 1, character: 4 }, end: { line: 1, character: 7 } } },
    'ONBUILD RUN top',
    { dockerfile: 'RUN apt-get update && service nginx start && ps aux', count: 1 },
    'RUN set -e; (cd /x && vim -c wq file)',
  ],
  passes: ['RUN apt-get install ssh', 'ONBUILD RUN apt-get install ssh', 'RUN echo "ps aux"', 'RUN ["echo", "top"]', 'CMD top'],
});
