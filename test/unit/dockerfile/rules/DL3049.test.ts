import { ruleSpec } from '../spec';

const config = { labelSchema: { foo: 'text' } };

// Ported from hadolint's DL3049Spec.hs.
ruleSpec('DL3049', {
  flags: [
    { dockerfile: 'FROM baseimage\n', config, count: 1, line: 1, message: 'Label `foo` is missing.', noFix: true },
    { dockerfile: 'FROM baseimage\nLABEL bar="baz"\n', config, count: 1 },
    { dockerfile: 'FROM stage1\nFROM stage2\n', config, count: 2 },
    { dockerfile: 'FROM stage1\nLABEL bar="baz"\nFROM stage2\nLABEL buzz="fuzz"\n', config, count: 2 },
    { dockerfile: 'FROM baseimage\nFROM newimage\nLABEL foo="bar"\n', config, count: 1, line: 1 },
    { dockerfile: 'FROM baseimage\nLABEL baz="bar"\nFROM newimage\nLABEL foo="bar"\n', config, count: 1, line: 1 },
    // The parent is excused when a later unnamed stage built FROM it sets the label (as hadolint).
    { dockerfile: 'FROM baseimage as base\nFROM base\nLABEL foo="bar"\nFROM base\n', config, count: 1, line: 4 },
    { dockerfile: 'FROM baseimage\n', config: { labelSchema: { foo: 'text', bar: 'url' } }, count: 2 },
  ],
  passes: [
    { dockerfile: 'FROM baseimage\nLABEL foo="bar"\n', config },
    { dockerfile: 'FROM baseimage as base\nLABEL foo="bar"\nFROM base\n', config },
    // A stage only copied from never becomes an image of its own.
    { dockerfile: 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nLABEL foo="bar"\n', config },
    'FROM baseimage\n',
    { dockerfile: 'FROM baseimage as base\nFROM base\nLABEL foo="bar"\n', config },
  ],
});
