import { ruleSpec } from '../spec';

const config = { labelSchema: { emptylabel: 'text' } };

// Ported from hadolint's DL3051Spec.hs.
ruleSpec('DL3051', {
  flags: [
    {
      dockerfile: 'FROM debian:12\nLABEL emptylabel=""\n',
      config,
      range: { start: { line: 1, character: 17 }, end: { line: 1, character: 19 } },
      message: 'label `emptylabel` is empty.',
      noFix: true,
    },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL emptylabel=""\n', config, line: 2 },
  ],
  passes: [
    { dockerfile: 'FROM debian:12\nLABEL emptylabel="foo"\n', config },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL emptylabel="bar"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL other=""\n', config },
    'FROM debian:12\nLABEL emptylabel=""\n',
  ],
});
