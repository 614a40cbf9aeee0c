import assert from 'node:assert/strict';
import { ruleSpec, findingsOf } from '../spec';
import { wellBuiltCases } from './wellBuilt';
import { lint } from '../../../../src/dockerfile/index';

ruleSpec('CopyIgnoredFile', {
  flags: [
    { dockerfile: 'FROM alpine\nCOPY dist/ /app/\n', dockerignore: 'dist\n', message: 'Attempting to Copy file "dist/" that is excluded by .dockerignore' },
    { dockerfile: 'FROM alpine\nADD node_modules/x.js /x.js\n', dockerignore: '**/node_modules\n' },
  ],
  passes: [
    ...wellBuiltCases,
    { dockerfile: 'FROM alpine\nCOPY dist/ /app/\n', dockerignore: 'dist\n!dist\n' },
    { dockerfile: 'FROM alpine\nCOPY . /app/\n', dockerignore: 'node_modules\n' },
    { dockerfile: 'FROM alpine AS b\nFROM alpine\nCOPY --from=b /dist /dist\n', dockerignore: 'dist\n' },
    { dockerfile: 'FROM alpine\nCOPY dist/ /app/\n', dockerignore: undefined },
  ],
});

describe('CopyIgnoredFile is experimental', () => {
  it('is off unless enabled, like Docker', () => {
    const findings = lint('FROM alpine\nCOPY dist/ /app/\n', { dockerignore: 'dist\n' }).findings;
    assert.equal(findings.filter((f) => f.code === 'CopyIgnoredFile').length, 0);
    assert.equal(findingsOf('CopyIgnoredFile', 'FROM alpine\nCOPY dist/ /app/\n', { dockerignore: 'dist\n' }).length, 1);
  });
});
