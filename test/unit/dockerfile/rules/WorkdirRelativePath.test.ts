import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('WorkdirRelativePath', {
  flags: [
    { dockerfile: 'FROM node:20\nWORKDIR app\n', message: 'Relative workdir "app" can have unexpected results if the base image changes', noFix: true },
    // Only the first relative WORKDIR of a stage is reported: fixing it fixes the rest.
    { dockerfile: 'FROM node:20\nWORKDIR app\nWORKDIR src\n', count: 1 },
  ],
  passes: [
    ...wellBuiltCases,
    'FROM node:20\nWORKDIR /app\nWORKDIR src\n',
    'FROM node:20 AS base\nWORKDIR /app\nFROM base\nWORKDIR src\n',
    'FROM node:20\nWORKDIR $HOME/app\n',
  ],
});
