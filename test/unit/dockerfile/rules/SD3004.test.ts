import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD3004', {
  flags: [
    { dockerfile: 'FROM node:22-slim\nCOPY . /app\nRUN chown -R node:node /app\n', line: 3, message: /stored twice.*COPY --chown=node:node on line 2/ },
    { dockerfile: 'FROM alpine\nWORKDIR /srv\nCOPY bin/ ./bin/\nRUN chmod -R 755 bin\n', message: /COPY --chmod=755/ },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM node:22-slim\nCOPY --chown=node:node . /app\n',
    'FROM node:22-slim\nRUN mkdir /data && chown -R node:node /data\nCOPY . /app\n',
  ],
});
