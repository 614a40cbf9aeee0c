import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('LegacyKeyValueFormat', {
  flags: [
    { dockerfile: 'FROM alpine\nENV NODE_ENV production\n', message: '"ENV key=value" should be used instead of legacy "ENV key value" format', fixed: 'FROM alpine\nENV NODE_ENV=production\n' },
    { dockerfile: 'FROM alpine\nENV GREETING hello world\n', fixed: 'FROM alpine\nENV GREETING="hello world"\n' },
    { dockerfile: 'FROM alpine\nLABEL maintainer jane\n', fixed: 'FROM alpine\nLABEL maintainer=jane\n' },
    // Quotes in a legacy value would change meaning once wrapped: no automatic rewrite.
    { dockerfile: 'FROM alpine\nENV A b "c d"\n', noFix: true },
  ],
  passes: [
    ...wellBuiltCases,'FROM alpine\nENV NODE_ENV=production A="x y"\n', 'FROM alpine\nLABEL a=b\n', 'FROM alpine\nARG A\n'],
});
