import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD1002', {
  flags: [
    { dockerfile: 'FROM node:22-slim\nCOPY package*.json ./\nRUN npm ci\nCMD ["node", "server.js"]\n', line: 3, range: { start: { line: 2, character: 4 }, end: { line: 2, character: 10 } }, message: /installs devDependencies too/ },
    { dockerfile: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements-dev.txt\n', message: /pip installs -r requirements-dev.txt/ },
    { dockerfile: 'FROM eclipse-temurin:21-jdk\nCOPY . .\nRUN ./mvnw -B package\n', message: /`mvn package` runs in the final stage/ },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM node:22-slim\nRUN npm ci --omit=dev\n',
    'FROM node:22-slim\nENV NODE_ENV=production\nRUN npm ci\n',
    'FROM node:22-slim\nRUN NODE_ENV=production npm ci\n',
    'FROM node:22-slim\nRUN npm ci && npm run build && npm prune --omit=dev\n',
    'FROM node:22-slim\nRUN npm install -g pm2\n',
    // Build stages may install anything.
    'FROM node:22 AS build\nRUN npm ci\nRUN npm run build\nFROM node:22-slim\nCOPY --from=build /app/dist /app\n',
    // A toolchain base image in the final stage is SD2001's finding, not this one.
    'FROM golang:1.23\nCOPY . .\nRUN go build -o /app\n',
  ],
});
