import { ruleSpec } from '../spec';

const config = { labelSchema: { maintainer: 'email' } };

// Ported from hadolint's DL3058Spec.hs.
ruleSpec('DL3058', {
  flags: [
    { dockerfile: 'FROM debian:12\nLABEL maintainer="not-email"\n', config, message: 'Label `maintainer` is not a valid email format - must be conform to RFC5322.', noFix: true },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL maintainer="not-email"\n', config, line: 2 },
    { dockerfile: 'FROM debian:12\nLABEL maintainer="Jane Doe <jane@example.com>"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL maintainer="jane@@example.com"\n', config },
  ],
  passes: [
    { dockerfile: 'FROM debian:12\nLABEL maintainer="abcd@google.com"\n', config },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL maintainer="abcd@google.com"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL maintainer="first.last+tag@sub.example.org"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL other="doo"\n', config },
  ],
});
