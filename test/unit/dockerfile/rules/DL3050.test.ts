import { ruleSpec } from '../spec';

const config = { labelSchema: { required: 'text' }, strictLabels: true };

// Ported from hadolint's DL3050Spec.hs.
ruleSpec('DL3050', {
  flags: [
    { dockerfile: 'FROM debian:12\nLABEL other="bar"\n', config, range: { start: { line: 1, character: 6 }, end: { line: 1, character: 11 } }, noFix: true },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL other="bar"\n', config, line: 2 },
    { dockerfile: 'FROM debian:12\nLABEL required="foo" other="bar"\n', config, count: 1 },
  ],
  passes: [
    { dockerfile: 'FROM debian:12\n', config },
    { dockerfile: 'FROM debian:12\nLABEL required="foo"\n', config },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL required="bar"\n', config },
    // Without strict-labels, other labels are fine.
    { dockerfile: 'FROM debian:12\nLABEL other="bar"\n', config: { labelSchema: { required: 'text' } } },
  ],
});
