import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD3002', {
  flags: [
    { dockerfile: 'FROM node:22-slim\nRUN npm ci --omit=dev\n', message: /~\/\.npm/, fixed: 'FROM node:22-slim\nRUN npm ci --omit=dev && npm cache clean --force\n' },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM node:22-slim\nRUN npm ci --omit=dev && npm cache clean --force\n',
    'FROM node:22-slim\nRUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n',
    'FROM node:22 AS build\nRUN npm ci\nFROM nginx:alpine\nCOPY --from=build /dist /usr/share/nginx/html\n',
  ],
});
