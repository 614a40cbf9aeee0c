import { ruleSpec } from '../spec';

const config = { labelSchema: { urllabel: 'url' } };

// Ported from hadolint's DL3052Spec.hs.
ruleSpec('DL3052', {
  flags: [
    { dockerfile: 'FROM debian:12\nLABEL urllabel="not-url"\n', config, message: 'Label `urllabel` is not a valid URL.', range: { start: { line: 1, character: 15 }, end: { line: 1, character: 24 } }, noFix: true },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL urllabel="not-url"\n', config, line: 2 },
    { dockerfile: 'FROM debian:12\nLABEL urllabel="github.com/example/api"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL urllabel="https://example.com/a b"\n', config },
  ],
  passes: [
    { dockerfile: 'FROM debian:12\nLABEL urllabel="http://example.com"\n', config },
    { dockerfile: 'FROM debian:12\nONBUILD LABEL urllabel="http://example.com"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL urllabel="https://github.com/example/api?tab=readme#top"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL urllabel="mailto:team@example.com"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL other="foo"\n', config },
    { dockerfile: 'FROM debian:12\nLABEL urllabel="not-url"\n', config: { labelSchema: { urllabel: 'text' } } },
  ],
});
