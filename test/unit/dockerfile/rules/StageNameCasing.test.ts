import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('StageNameCasing', {
  flags: [
    { dockerfile: 'FROM node:20 AS Builder\nRUN true\n', line: 1, message: "Stage name 'Builder' should be lowercase", fixed: 'FROM node:20 AS builder\nRUN true\n' },
    { dockerfile: 'FROM --platform=$BUILDPLATFORM golang:1.23 AS BUILD\n', fixed: 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n' },
  ],
  passes: [
    ...wellBuiltCases,'FROM node:20 AS builder\n', 'FROM node:20\n', 'FROM build-base\n'],
});
