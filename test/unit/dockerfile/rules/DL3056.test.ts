import { ruleSpec } from '../spec';

const config = { labelSchema: { semver: 'semver' } };

// Ported from hadolint's DL3056Spec.hs.
ruleSpec('DL3056', {
  flags: [
    { dockerfile: 'FROM debian:12\nLABEL semver="not-sem-ver"\n', config, message: 'Label `semver` does not conform to semantic versioning.', noFix: true },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL semver="not-sem-ver"\n', config, line: 2 },
    { dockerfile: 'FROM debian:12\nLABEL semver="1.4"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL semver="01.0.0"\n', config },
  ],
  passes: [
    { dockerfile: 'FROM debian:12\nLABEL semver="1.0.0"\n', config },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL semver="2.0.1-rc1"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL semver="1.0.0-alpha.1+build.5"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL other="foo"\n', config },
  ],
});
