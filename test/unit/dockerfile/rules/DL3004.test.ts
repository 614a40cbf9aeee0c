import { ruleSpec } from '../spec';

ruleSpec('DL3004', {
  flags: [
    { dockerfile: 'RUN sudo apt-get update', range: { start: { line: 0, character: 4 }, end: { line: 0, character: 8 } }, noFix: true },
    'ONBUILD RUN sudo apt-get update',
    'RUN apt-get update && sudo apt-get install',
    'RUN ["sudo", "make", "install"]',
  ],
  passes: ['RUN apt-get install sudo', 'ONBUILD RUN apt-get install sudo', 'RUN echo sudo', 'RUN visudo -c'],
});
