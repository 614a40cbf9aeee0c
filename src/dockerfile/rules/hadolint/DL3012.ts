import type { Rule, RuleFinding } from '../../rule';
import { stageInstructionsOf } from '../kit';

export const DL3012: Rule = {
  code: 'DL3012',
  source: 'hadolint',
  severity: 'error',
  summary: 'Multiple `HEALTHCHECK` instructions.',
  explanation: `Only the last \`HEALTHCHECK\` of a stage takes effect; the others are dead code that misleads the
reader about how the container is checked.

Bad:
\`\`\`dockerfile
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
HEALTHCHECK CMD wget -qO- http://localhost/health || exit 1
\`\`\`

Good:
\`\`\`dockerfile
HEALTHCHECK CMD wget -qO- http://localhost/health || exit 1
\`\`\`

Each \`HEALTHCHECK\` after the first in a stage is reported. **Fix:** deletes the earlier ones, which
never took effect, so the image keeps exactly the health check it had.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const stage of ctx.stages) {
      const checks = stageInstructionsOf(ctx, stage, 'HEALTHCHECK');
      if (checks.length < 2) continue;
      // Whole lines of every earlier HEALTHCHECK, so the deletion leaves no blank residue.
      const earlier = checks.slice(0, -1).map((instruction) => {
        const range = instruction.getRange();
        return { range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }, newText: '' };
      });
      const onOwnLines = checks.slice(0, -1).every((instruction) => {
        const { start, end } = instruction.getRange();
        return (ctx.lines[start.line] ?? '').slice(0, start.character).trim() === '' && (ctx.lines[end.line] ?? '').slice(end.character).trim() === '';
      });
      for (const instruction of checks.slice(1)) {
        findings.push({
          range: instruction.getInstructionRange(),
          ...(onOwnLines ? { fix: { title: 'Delete the HEALTHCHECKs that never take effect', edits: earlier } } : {}),
        });
      }
    }
    return findings;
  },
};
