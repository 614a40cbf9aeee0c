// BuildKit's MultipleInstructionsDisallowed: a second CMD, ENTRYPOINT or HEALTHCHECK in a stage
// makes the earlier one dead code.
import type { Instruction } from 'dockerfile-ast';
import type { Rule, RuleFinding } from '../../rule';
import { stageInstructionsOf, wholeLines } from '../kit';

const ONCE = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

export const MultipleInstructionsDisallowed: Rule = {
  code: 'MultipleInstructionsDisallowed',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Multiple instructions of the same type should not be used in the same stage',
  explanation: [
    'Only the last `CMD`, `ENTRYPOINT` and `HEALTHCHECK` of a stage take effect. Like BuildKit, the',
    'finding is on the earlier instruction, the one that is ignored. hadolint reports CMD and ENTRYPOINT as',
    'DL4003 and DL4004 (on the later one).',
    '',
    '```dockerfile',
    '# Bad',
    'CMD ["node", "server.js"]',
    'CMD ["node", "worker.js"]',
    '# Good',
    'CMD ["node", "worker.js"]',
    '```',
    '',
    'Quick fix: delete the ignored instruction; the image is the same.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of context.stages) {
      const last = new Map<string, Instruction>();
      for (const instruction of stageInstructionsOf(context, stage, ...ONCE)) {
        const keyword = instruction.getKeyword();
        const previous = last.get(keyword);
        if (previous) {
          findings.push({
            range: previous.getRange(),
            message: `Multiple ${keyword} instructions should not be used in the same stage because only the last one will be used`,
            fix: { title: `Delete the ignored ${keyword}`, edits: [{ range: wholeLines(context, previous), newText: '' }] },
          });
        }
        last.set(keyword, instruction);
      }
    }
    return findings;
  },
};
