import { ruleSpec } from '../spec';

ruleSpec('DL3003', {
  flags: [
    { dockerfile: 'FROM debian:12\nRUN cd /usr/src/app && make', line: 2, range: { start: { line: 1, character: 4 }, end: { line: 1, character: 19 } } },
    'ONBUILD RUN cd /usr/src/app && git clone x',
    { dockerfile: 'RUN make \\\n && cd /x \\\n && make install', line: 2 },
    { dockerfile: 'RUN cd /a && cd /b', count: 1 },
    'RUN <<EOF\nset -e\ncd /app\nmake\nEOF\n',
  ],
  passes: ['RUN git clone x /usr/src/app', 'RUN echo cd', 'WORKDIR /usr/src/app\nRUN make', 'RUN ["make", "-C", "/usr/src/app"]'],
});
