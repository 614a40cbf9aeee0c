import { ruleSpec } from '../spec';

// Ported from hadolint's DL4005Spec.hs.
ruleSpec('DL4005', {
  flags: [
    { dockerfile: 'FROM debian:12\nRUN ln -sfv /bin/bash /bin/sh\n', range: { start: { line: 1, character: 4 }, end: { line: 1, character: 29 } }, noFix: true },
    { dockerfile: 'FROM debian:12\nONBUILD RUN ln -sfv /bin/bash /bin/sh\n', line: 2 },
  ],
  passes: [
    'FROM debian:12\nRUN ln -sf /bin/true /sbin/initctl\n',
    'FROM debian:12\nONBUILD RUN ln -sf /bin/true /sbin/initctl\n',
    'FROM debian:12\nRUN ln -s foo bar && unrelated && something_with /bin/sh\n',
  ],
});
