import { ruleSpec } from '../spec';

const config = { labelSchema: { spdxlabel: 'spdx' } };

// Ported from hadolint's DL3054Spec.hs.
ruleSpec('DL3054', {
  flags: [
    { dockerfile: 'FROM debian:12\nLABEL spdxlabel="not-spdx"\n', config, message: 'Label `spdxlabel` is not a valid SPDX identifier.', noFix: true },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL spdxlabel="not-spdx"\n', config, line: 2 },
    { dockerfile: 'FROM debian:12\nLABEL spdxlabel="Apache 2"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL spdxlabel="MIT OR Apache-2.0"\n', config },
  ],
  passes: [
    { dockerfile: 'FROM debian:12\nLABEL spdxlabel="BSD-3-Clause"\n', config },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL spdxlabel="MIT"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL spdxlabel="Apache-2.0"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL other="fooo"\n', config },
  ],
});
