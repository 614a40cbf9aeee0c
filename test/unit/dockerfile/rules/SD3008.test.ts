import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD3008', {
  flags: [
    { dockerfile: 'FROM node:22-slim\nCOPY . .\nRUN npm ci\n', dockerignore: null, message: /there is no \.dockerignore/ },
    { dockerfile: 'FROM node:22-slim\nCOPY . .\nRUN npm ci\n', dockerignore: '.git\n*.log\n', message: /does not exclude node_modules/ },
    { dockerfile: 'FROM node:22 AS build\nCOPY . .\nRUN npm ci && npm run build\nFROM nginx:alpine\nCOPY --from=build /dist /usr/share/nginx/html\n', dockerignore: '.git\nnode_modules\n', message: /does not exclude dist/ },
    { dockerfile: 'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\n', dockerignore: 'node_modules\n', message: /\.git, __pycache__/ },
  ],
  passes: [
    ...wellBuiltCases,
    { dockerfile: 'FROM node:22-slim\nCOPY . .\nRUN npm ci\n', dockerignore: '.git\nnode_modules\n' },
    { dockerfile: 'FROM node:22-slim\nCOPY package.json server.js ./\n', dockerignore: null },
    // The build context is unknown (text without a file): say nothing.
    { dockerfile: 'FROM node:22-slim\nCOPY . .\n', dockerignore: undefined },
  ],
});
