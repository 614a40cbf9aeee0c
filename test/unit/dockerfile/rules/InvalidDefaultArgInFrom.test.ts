import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('InvalidDefaultArgInFrom', {
  flags: [
    { dockerfile: 'ARG TAG\nFROM busybox:${TAG}\n', message: 'Default value for ARG busybox:${TAG} results in empty or invalid base image name' },
    { dockerfile: 'ARG IMAGE\nFROM ${IMAGE}\n' },
    // With the colon, an empty value takes the default: `@bogus` is not a valid reference.
    { dockerfile: 'ARG DEBUG=""\nFROM scratch${DEBUG:-@bogus}\n' },
  ],
  passes: [
    ...wellBuiltCases,
    'ARG TAG=latest\nFROM busybox:${TAG}\n',
    'ARG TAG\nFROM busybox:${TAG:-latest}\n',
    'FROM busybox\n',
    // Without the colon, the default applies only when the ARG is unset; DEBUG is set (empty).
    'ARG DEBUG=""\nFROM scratch${DEBUG-@bogus}\n',
  ],
});
