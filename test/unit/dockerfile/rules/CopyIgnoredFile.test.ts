import assert from 'node:assert/strict';
import { ruleSpec, findingsOf } from '../spec';
import { wellBuiltCases } from './wellBuilt';
import { lint } from '../../../../src/dockerfile/index';

ruleSpec('CopyIgnoredFile', {
  flags: [
    { dockerfile: 'FROM alpine\nCOPY dist/ /app/\n', dockerignore: 'dist\n', message: 'Attempting to Copy file "dist" that is excluded by .dockerignore' },
    { dockerfile: 'FROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n', dockerignore: 'Dockerfile\n', count: 2, line: 2 },
    { dockerfile: 'FROM scratch\nCOPY . .\n', dockerignore: '*\n', message: 'Attempting to Copy file "." that is excluded by .dockerignore' },
    { dockerfile: 'FROM scratch\nCOPY ./ /app/\n', dockerignore: '**\n' },
    { dockerfile: 'FROM alpine\nADD node_modules/x.js /x.js\n', dockerignore: '**/node_modules\n' },
  ],
  passes: [
    ...wellBuiltCases,
    { dockerfile: 'FROM alpine\nCOPY dist/ /app/\n', dockerignore: 'dist\n!dist\n' },
    { dockerfile: 'FROM alpine\nCOPY . /app/\n', dockerignore: 'node_modules\n' },
    { dockerfile: 'FROM alpine AS b\nFROM alpine\nCOPY --from=b /dist /dist\n', dockerignore: 'dist\n' },
    { dockerfile: 'FROM alpine\nCOPY dist/ /app/\n', dockerignore: undefined },
    { dockerfile: 'FROM scratch\nCOPY . .\n', dockerignore: '*.md\n' },
    { dockerfile: 'FROM scratch\nCOPY . .\n', dockerignore: '*\n!src\n' },
  ],
});

describe('CopyIgnoredFile is on by default (Dockerfile frontend 1.21)', () => {
  it('reports without being enabled, and a check=skip comment above the COPY silences it there', () => {
    const findings = lint('FROM alpine\nCOPY dist/ /app/\n', { dockerignore: 'dist\n' }).findings;
    assert.equal(findings.filter((f) => f.code === 'CopyIgnoredFile').length, 1);
    assert.equal(findingsOf('CopyIgnoredFile', 'FROM alpine\n# check=skip=CopyIgnoredFile\nCOPY dist/ /app/\nCOPY dist/ /b/\n', { dockerignore: 'dist\n' }).length, 1);
  });
});
