import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('UndefinedVar', {
  flags: [
    { dockerfile: 'FROM alpine\nENV PATH=$PAHT:/app/bin\n', message: "Usage of undefined variable '$PAHT' (did you mean $PATH?)" },
    { dockerfile: 'FROM alpine AS base\nCOPY $foo .\n', message: "Usage of undefined variable '$foo'", range: { start: { line: 1, character: 5 }, end: { line: 1, character: 9 } } },
    // A global ARG is not visible in a stage until it is declared there.
    { dockerfile: 'ARG VERSION=1\nFROM alpine\nLABEL version=$VERSION\n' },
    // ENV values are expanded before the ENV's own names are set.
    { dockerfile: 'FROM scratch\nENV A=1 B=$A\n' },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM alpine\nARG foo\nCOPY $foo .\n',
    'FROM python:3.12 AS base\nARG VERSION=$PYTHON_VERSION\n',
    'ARG VERSION=1\nFROM alpine\nARG VERSION\nLABEL version=$VERSION\n',
    'FROM alpine AS base\nENV APP=/app\nFROM base\nWORKDIR $APP\n',
    "FROM alpine\nENV A='$NOT_EXPANDED'\nRUN echo $SHELL_EXPANDS_THIS\n",
    // An unknown base image may define variables: only likely typos are reported there.
    'FROM acme/base:1\nWORKDIR $ACME_HOME\n',
  ],
});
