import { ruleSpec } from '../spec';

ruleSpec('DL3008', {
  flags: [
    { dockerfile: 'RUN apt-get update && apt-get install python', range: { start: { line: 0, character: 38 }, end: { line: 0, character: 44 } }, noFix: true },
    'ONBUILD RUN apt-get update && apt-get install python',
    { dockerfile: 'RUN apt-get install -y a=1 b && apt-get install -y c', count: 1 },
    { dockerfile: 'FROM debian:12\nRUN apt-get update \\\n  && apt-get install -y \\\n     curl=7.88 \\\n     wget\n', range: { start: { line: 4, character: 5 }, end: { line: 4, character: 9 } } },
    'RUN ["apt-get", "install", "-y", "curl"]',
  ],
  passes: [
    'RUN apt-get update \\\n && apt-get -yqq --no-install-recommends install nodejs=0.10 \\\n && rm -rf /var/lib/apt/lists/*',
    'RUN apt-get update && apt-get install --no-install-recommends -y \\\npython-demjson=2.2.2* \\\nwget=1.16.1* \\\ngit=1:2.5.0* \\\nruby=1:2.1.*',
    'RUN apt-get install -y python=1.2.2',
    'RUN apt-get install ./wkhtmltox_0.12.5-1.bionic_amd64.deb',
    'RUN apt-get -y --no-install-recommends install nodejs=0.10',
    'RUN set -e &&\\\n echo "deb http://http.debian.net/debian jessie-backports main" > /etc/apt/sources.list.d/jessie-backports.list &&\\\n apt-get update &&\\\n apt-get install -y --no-install-recommends -t jessie-backports openjdk-8-jdk=8u131-b11-1~bpo8+1 &&\\\n rm -rf /var/lib/apt/lists/*',
    'RUN apt-get update',
    'RUN echo apt-get install python',
    'RUN apt-get install -y -t stable/backports curl=1',
  ],
});
