import { ruleSpec } from '../spec';

ruleSpec('DL3012', {
  flags: [
    {
      dockerfile: 'FROM debian:12\nHEALTHCHECK CMD /bin/check-a\nHEALTHCHECK CMD /bin/check-b\n',
      line: 3,
      fixed: 'FROM debian:12\nHEALTHCHECK CMD /bin/check-b\n',
    },
    { dockerfile: 'FROM a:1\nHEALTHCHECK NONE\nHEALTHCHECK CMD x\nHEALTHCHECK CMD y\n', count: 2 },
  ],
  passes: [
    'FROM debian:12\nHEALTHCHECK CMD /bin/check\n',
    'FROM debian:12 AS one\nHEALTHCHECK CMD /bin/a\nFROM debian:12\nHEALTHCHECK CMD /bin/b\n',
  ],
});
