import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('NoEmptyContinuation', {
  flags: [
    {
      dockerfile: 'FROM alpine\nRUN apk add --no-cache \\\n\n    curl\n',
      line: 3,
      message: 'Empty continuation line',
      fixed: 'FROM alpine\nRUN apk add --no-cache \\\n    curl\n',
    },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM alpine\nRUN apk add --no-cache \\\n    # a comment is fine\n    curl\n',
    // Blank lines in a heredoc body are content.
    'FROM alpine\nRUN <<EOF\necho a\n\necho b\nEOF\n',
    'FROM alpine\n\nRUN true\n',
  ],
});
