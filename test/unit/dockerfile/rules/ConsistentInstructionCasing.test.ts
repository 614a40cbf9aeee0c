import { ruleSpec } from '../spec';
import { wellBuiltCases } from './wellBuilt';

ruleSpec('ConsistentInstructionCasing', {
  flags: [
    { dockerfile: 'FROM alpine\nrun echo hi\nCMD ["sh"]\n', line: 2, message: "Command 'run' should match the case of the command majority (uppercase)", fixed: 'FROM alpine\nRUN echo hi\nCMD ["sh"]\n' },
    { dockerfile: 'from alpine\nrun echo hi\nCmd ["sh"]\n', message: /majority \(lowercase\)/, fixed: 'from alpine\nrun echo hi\ncmd ["sh"]\n' },
  ],
  // Global ARGs before the first FROM are not counted (BuildKit keeps them apart).
  passes: [
    ...wellBuiltCases,'FROM alpine\nRUN echo hi\n', 'from alpine\nrun echo hi\n', 'arg TAG=3\nFROM alpine\nRUN true\n'],
});
