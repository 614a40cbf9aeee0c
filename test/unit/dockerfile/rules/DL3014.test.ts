import { ruleSpec } from '../spec';

ruleSpec('DL3014', {
  flags: [
    { dockerfile: 'RUN apt-get install python', fixed: 'RUN apt-get install -y python', range: { start: { line: 0, character: 4 }, end: { line: 0, character: 19 } } },
    'ONBUILD RUN apt-get install python',
    { dockerfile: 'RUN apt-get update && \\\n    apt-get install \\\n      curl', fixed: 'RUN apt-get update && \\\n    apt-get install -y \\\n      curl', line: 2 },
    { dockerfile: 'RUN ["apt-get", "install", "python"]', fixed: 'RUN ["apt-get", "install", "-y", "python"]' },
    { dockerfile: 'RUN apt-get install a && apt-get install b', count: 1 },
    'RUN apt-get install -q python\n',
    'RUN apt-get install -q -q -q python\n',
  ],
  passes: [
    'RUN apt-get install -yq python',
    'RUN apt-get install -qq python',
    'RUN apt-get install -y python',
    'RUN apt-get -y install python',
    'RUN apt-get --yes install python',
    'RUN apt-get --assume-yes install python',
    'RUN apt-get update',
    'RUN apt-get install -qq python\n',
    'RUN apt-get install -q -q python\n',
    'RUN apt-get install --quiet --quiet python\n',
    'RUN apt-get install -q=2 python\n',
  ],
});
