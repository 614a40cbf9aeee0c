import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('NoEmptyContinuation', {
  flags: [
    {
      dockerfile: 'FROM alpine\nRUN apk add --no-cache \\\n\n    curl\n',
      line: 4,
      message: 'Empty continuation line',
      fixed: 'FROM alpine\nRUN apk add --no-cache \\\n    curl\n',
    },
    { dockerfile: '\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\nCOPY Dockerfile \\\n.\n', count: 1, line: 6 },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM alpine\nRUN apk add --no-cache \\\n    # a comment is fine\n    curl\n',
    // Blank lines in a heredoc body are content.
    'FROM alpine\nRUN <<EOF\necho a\n\necho b\nEOF\n',
    'FROM alpine\n\nRUN true\n',
  ],
});
