import { ruleSpec } from '../spec';

const config = { labelSchema: { datelabel: 'rfc3339' } };

// Ported from hadolint's DL3053Spec.hs.
ruleSpec('DL3053', {
  flags: [
    { dockerfile: 'FROM debian:12\nLABEL datelabel="not-date"\n', config, message: 'Label `datelabel` is not a valid time format - must be conform to RFC3339.', noFix: true },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL datelabel="not-date"\n', config, line: 2 },
    { dockerfile: 'FROM debian:12\nLABEL datelabel="2024-02-30T10:00:00Z"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL datelabel="2024-05-01"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL datelabel="2024-05-01T25:00:00Z"\n', config },
  ],
  passes: [
    { dockerfile: 'FROM debian:12\nLABEL datelabel="2021-03-10T10:26:33.564595127+01:00"\n', config },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL datelabel="2021-03-10T10:26:33.564595127+01:00"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL datelabel="2024-02-29T23:59:59Z"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL other="doo"\n', config },
  ],
});
