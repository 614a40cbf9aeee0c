import { ruleSpec } from '../spec';

ruleSpec('DL3027', {
  flags: [
    { dockerfile: 'RUN apt install python', fixed: 'RUN apt-get install python', range: { start: { line: 0, character: 4 }, end: { line: 0, character: 7 } } },
    { dockerfile: 'RUN apt update && apt install -y curl', fixed: 'RUN apt-get update && apt-get install -y curl', count: 1 },
    { dockerfile: 'RUN apt upgrade -y', noFix: true },
    { dockerfile: 'RUN apt update && apt list --upgradable', noFix: true },
    'ONBUILD RUN apt install python',
  ],
  passes: ['RUN apt-get install python', 'RUN apt-cache policy curl', 'RUN echo apt', 'RUN aptitude install x'],
});
