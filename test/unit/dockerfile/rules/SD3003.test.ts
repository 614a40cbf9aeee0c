import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD3003', {
  flags: [
    { dockerfile: 'FROM debian:12-slim\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n', line: 3, message: /\/tmp\/app\.tar\.gz was added by COPY on line 2/ },
    { dockerfile: 'FROM debian:12-slim\nWORKDIR /src\nRUN curl -fsSLo tool.deb https://example.com/tool.deb\nRUN dpkg -i tool.deb && rm tool.deb\n', line: 4 },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM debian:12-slim\nRUN curl -fsSLo /tmp/tool.deb https://example.com/tool.deb && dpkg -i /tmp/tool.deb && rm /tmp/tool.deb\n',
    'FROM debian:12-slim\nRUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf /tmp/app.tar.gz -C /opt\n',
    'FROM debian:12 AS build\nCOPY src.tgz /tmp/\nRUN rm /tmp/src.tgz\nFROM scratch\n',
  ],
});
