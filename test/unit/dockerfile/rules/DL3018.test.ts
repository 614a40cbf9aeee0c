import { ruleSpec } from '../spec';

ruleSpec('DL3018', {
  flags: [
    { dockerfile: 'RUN apk add flex', range: { start: { line: 0, character: 12 }, end: { line: 0, character: 16 } }, noFix: true },
    'ONBUILD RUN apk add flex',
    { dockerfile: 'RUN apk add --no-cache \\\nflex=2.6.4-r1 \\\nlibffi \\\npython2=2.7.13-r1 \\\nlibbz2=1.0.6-r5', line: 3 },
  ],
  passes: [
    'RUN apk add flex=2.6.4-r1',
    'RUN apk add --no-cache git~2.52.0',
    'RUN apk add --no-cache flex=2.6.4-r1 \\\n && pip install -r requirements.txt',
    'RUN apk add --no-cache \\\nflex=2.6.4-r1 \\\nlibffi=3.2.1-r3 \\\npython2=2.7.13-r1 \\\nlibbz2=1.0.6-r5',
    'RUN apk add \\\n--virtual build-dependencies \\\npython-dev=1.1.1 build-base=2.2.2 wget=3.3.3 \\\n&& pip install -r requirements.txt \\\n&& python setup.py install \\\n&& apk del build-dependencies',
    'RUN apk add --no-cache \\\n--repository https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0',
    'RUN apk add --no-cache \\\n--repository=https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0',
    'RUN apk add --no-cache \\\n-X https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0',
    'RUN apk add mypackage-1.1.1.apk',
    'RUN apk del flex',
    'RUN apk add --no-cache "flex>=2.6.1-r1" "python3<3.6.12-r2" "libbz2=~1.0.6-r4"\n',
  ],
});
