// BuildKit's ConsistentInstructionCasing: every instruction keyword all upper or all lower case,
// following the majority of the file.
import type { Rule, RuleFinding } from '../../rule';
import { isLowerOrUpper, stageInstructions } from '../kit';

export const ConsistentInstructionCasing: Rule = {
  code: 'ConsistentInstructionCasing',
  source: 'buildkit',
  severity: 'warning',
  summary: 'All commands within the Dockerfile should use the same casing (either upper or lower)',
  explanation: [
    'Instruction keywords are case-insensitive, but a file that mixes `RUN` and `run` (or writes `Run`) is',
    'harder to scan. Docker counts the keywords that are all upper or all lower case from the first `FROM`',
    'on; the larger group wins (a tie goes to upper case), and every keyword that differs is reported.',
    'ARGs before the first `FROM` are not counted, as in BuildKit.',
    '',
    '```dockerfile',
    '# Bad',
    'FROM alpine',
    'run echo hello',
    '# Good',
    'FROM alpine',
    'RUN echo hello',
    '```',
    '',
    'Quick fix: recase the keyword to the majority.',
  ].join('\n'),
  check(context) {
    const instructions = stageInstructions(context);
    let lower = 0;
    let upper = 0;
    for (const instruction of instructions) {
      const keyword = instruction.getInstruction();
      if (!isLowerOrUpper(keyword)) continue;
      if (keyword === keyword.toLowerCase()) lower++;
      else upper++;
    }
    const majorityLower = lower > upper;
    const casing = majorityLower ? 'lowercase' : 'uppercase';
    const findings: RuleFinding[] = [];
    for (const instruction of instructions) {
      const keyword = instruction.getInstruction();
      const expected = majorityLower ? keyword.toLowerCase() : keyword.toUpperCase();
      if (keyword === expected) continue;
      const range = instruction.getInstructionRange();
      findings.push({
        range,
        message: `Command '${keyword}' should match the case of the command majority (${casing})`,
        fix: { title: `Change '${keyword}' to '${expected}'`, edits: [{ range, newText: expected }] },
      });
    }
    return findings;
  },
};
