import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD3006', {
  flags: [
    { dockerfile: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n', line: 3, message: /Copy package\.json package-lock\.json first/ },
    { dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt\n', message: /pip install -r/ },
    { dockerfile: 'FROM golang:1.23 AS build\nCOPY . .\nRUN go mod download\nRUN go build ./...\nFROM scratch\n', message: /go\.mod go\.sum/ },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n',
    'FROM golang:1.23 AS build\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build ./...\n',
    'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "app.py"]\n',
  ],
});
