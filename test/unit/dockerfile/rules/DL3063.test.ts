import { ruleSpec } from '../spec';

// Ported from hadolint's DL3063Spec.hs (stage name is a reserved word).
ruleSpec('DL3063', {
  flags: [
    { dockerfile: 'FROM foo:bar AS scratch\n', count: 1, range: { start: { line: 0, character: 16 }, end: { line: 0, character: 23 } }, noFix: true },
    'FROM foo:bar AS context\n',
    'FROM foo:bar as Scratch\n',
  ],
  passes: ['FROM foo:bar AS foobar\n', 'FROM scratch\n', 'FROM scratch AS final\n'],
});
