import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('InvalidBaseImagePlatform', {
  flags: [
    { dockerfile: 'FROM --platform=linux/amd64 arm64v8/alpine\n', message: /arm64v8\/alpine is built for linux\/arm64\/v8/ },
    { dockerfile: 'FROM --platform=linux/amd64 mcr.microsoft.com/windows/servercore:ltsc2022\n' },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM --platform=linux/arm64 arm64v8/alpine\n',
    'FROM --platform=linux/amd64 alpine\n',
    // Without a constant --platform the target is chosen at build time: nothing to compare.
    'FROM arm64v8/alpine\n',
  ],
});
