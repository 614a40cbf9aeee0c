import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('FromPlatformFlagConstDisallowed', {
  flags: [{ dockerfile: 'FROM --platform=linux/amd64 golang:1.23 AS build\n', message: 'FROM --platform flag should not use constant value "linux/amd64"' }],
  passes: [
    ...wellBuiltCases,
    'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n',
    // A stage named after the platform is deliberate, as in BuildKit.
    'FROM --platform=linux/arm64 alpine AS build-arm64\n',
    'FROM alpine\n',
  ],
});
