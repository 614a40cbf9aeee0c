import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('SD1003', {
  flags: [
    { dockerfile: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n', line: 3, message: /`npm run build` \(line 4\) builds it there/ },
    { dockerfile: 'FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /out/app\nFROM gcr.io/distroless/static-debian12\nCOPY . .\nCOPY --from=build /out/app /app\n', line: 5, message: /already builds it in another stage/ },
  ],
  passes: [
    ...wellBuiltCases,
    // An interpreted app without a build step needs its sources.
    'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n',
    'FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /out/app\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n',
  ],
});
