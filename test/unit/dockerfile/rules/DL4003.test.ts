import { ruleSpec } from '../spec';

// Ported from hadolint's DL4003Spec.hs.
ruleSpec('DL4003', {
  flags: [
    { dockerfile: 'FROM debian\nCMD bash\nRUN foo\nCMD another\n', count: 1, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 3 } }, noFix: true },
    { dockerfile: 'FROM debian as distro1\nCMD bash\nRUN foo\nCMD another\nFROM debian as distro2\nCMD another\n', count: 1, line: 4 },
    { dockerfile: 'FROM debian\nCMD a\nCMD b\nCMD c\n', count: 2 },
  ],
  passes: [
    'FROM debian as distro1\nCMD bash\nRUN foo\nFROM debian as distro2\nCMD another\n',
    'FROM debian\nCMD /bin/true\n',
    'FROM debian\nONBUILD CMD a\nCMD b\n',
  ],
});
