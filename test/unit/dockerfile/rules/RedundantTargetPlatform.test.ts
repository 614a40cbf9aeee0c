import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('RedundantTargetPlatform', {
  flags: [
    { dockerfile: 'FROM --platform=$TARGETPLATFORM alpine\n', message: 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior', fixed: 'FROM alpine\n' },
    { dockerfile: 'FROM --platform=${TARGETPLATFORM} alpine AS base\n', fixed: 'FROM alpine AS base\n' },
  ],
  passes: [
    ...wellBuiltCases,'FROM --platform=$BUILDPLATFORM alpine\n', 'FROM alpine\n'],
});
