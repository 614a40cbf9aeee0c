import { ruleSpec } from '../spec';

// Ported from hadolint's DL3035Spec.hs.
ruleSpec('DL3035', {
  flags: [
    {
      dockerfile: 'FROM opensuse/leap:15.6\nRUN zypper dist-upgrade\n',
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 23 } },
      noFix: true,
    },
    { dockerfile: 'FROM opensuse/leap:15.6\nRUN zypper dup\n', line: 2 },
    { dockerfile: 'FROM opensuse/leap:15.6\nONBUILD RUN zypper dist-upgrade\n', line: 2 },
    { dockerfile: 'FROM opensuse/leap:15.6\nONBUILD RUN zypper -n dup\n', line: 2 },
  ],
  passes: [
    'FROM opensuse/leap:15.6\nRUN zypper --non-interactive update\n',
    'FROM opensuse/leap:15.6\nRUN zypper --non-interactive install curl=8.6.0\n',
    'FROM opensuse/leap:15.6\nRUN echo zypper dup\n',
  ],
});
