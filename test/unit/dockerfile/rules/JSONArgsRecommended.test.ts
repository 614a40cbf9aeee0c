import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('JSONArgsRecommended', {
  flags: [
    { dockerfile: 'FROM node:20\nCMD node server.js\n', message: 'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals', fixed: 'FROM node:20\nCMD ["node", "server.js"]\n' },
    { dockerfile: 'FROM alpine\nENTRYPOINT /usr/bin/app --port=80\n', fixed: 'FROM alpine\nENTRYPOINT ["/usr/bin/app", "--port=80"]\n' },
    // Needs a shell (variables, operators): reported, but no automatic rewrite.
    { dockerfile: 'FROM alpine\nCMD echo $HOME && sleep 1\n', noFix: true },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM node:20\nCMD ["node", "server.js"]\n',
    // An explicit SHELL makes the shell form deliberate, also when set in the stage built upon.
    'FROM alpine\nSHELL ["/bin/ash", "-c"]\nCMD echo hi\n',
    'FROM alpine AS base\nSHELL ["/bin/ash", "-c"]\nFROM base\nCMD echo hi\n',
    // Docker's own switch: the check=skip directive turns a build check off for the file.
    '# check=skip=JSONArgsRecommended\nFROM alpine\nCMD echo hi\n',
    '# check=skip=all\nFROM alpine\nCMD echo hi\n',
  ],
});
