import { ruleSpec } from '../spec';

// Ported from hadolint's DL4004Spec.hs.
ruleSpec('DL4004', {
  flags: [
    { dockerfile: 'FROM debian\nENTRYPOINT bash\nRUN foo\nENTRYPOINT another\n', count: 1, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 10 } }, noFix: true },
    { dockerfile: 'FROM debian as distro1\nENTRYPOINT bash\nRUN foo\nENTRYPOINT another\nFROM debian as distro2\nENTRYPOINT another\n', count: 1, line: 4 },
  ],
  passes: [
    'FROM debian as distro1\nENTRYPOINT bash\nRUN foo\nFROM debian as distro2\nENTRYPOINT another\n',
    'FROM debian\nENTRYPOINT /bin/true\n',
    'FROM debian\nENTRYPOINT ["/bin/tini", "--"]\nCMD ["./app"]\n',
  ],
});
