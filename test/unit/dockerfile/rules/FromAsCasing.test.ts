import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('FromAsCasing', {
  flags: [
    { dockerfile: 'FROM golang:1.23 as build\n', message: "'as' and 'FROM' keywords' casing do not match", fixed: 'FROM golang:1.23 AS build\n' },
    { dockerfile: 'from golang:1.23 AS build\n', fixed: 'from golang:1.23 as build\n' },
  ],
  // A mixed-case `From` is ConsistentInstructionCasing's business, as in BuildKit.
  passes: [
    ...wellBuiltCases,'FROM golang:1.23 AS build\n', 'from alpine as base\n', 'From alpine as base\n', 'FROM alpine\n'],
});
