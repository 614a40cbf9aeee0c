import { ruleSpec } from '../spec';

const config = { labelSchema: { githash: 'hash' } };

// Ported from hadolint's DL3055Spec.hs.
ruleSpec('DL3055', {
  flags: [
    { dockerfile: 'FROM debian:12\nLABEL githash="not-git-hash"\n', config, message: 'Label `githash` is not a valid git hash.', noFix: true },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL githash="not-git-hash"\n', config, line: 2 },
    { dockerfile: 'FROM debian:12\nLABEL githash="2DBFAE9"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL githash="2dbfae91"\n', config },
  ],
  passes: [
    { dockerfile: 'FROM debian:12\nLABEL githash="2dbfae9"\n', config },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL githash="2dbfae9"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL githash="43c572f1272b6b3171dd1db9e41b7027128ce080"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL other="foo"\n', config },
  ],
});
