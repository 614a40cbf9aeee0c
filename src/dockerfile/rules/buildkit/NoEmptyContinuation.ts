// BuildKit's NoEmptyContinuation: a blank line inside a `\`-continued instruction.
import type { Rule, RuleFinding } from '../../rule';
import type { TextEdit } from '../../types';

export const NoEmptyContinuation: Rule = {
  code: 'NoEmptyContinuation',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Empty continuation lines will become errors in a future release',
  explanation: [
    'A blank line in the middle of an instruction continued with `\\` is skipped today, so the instruction',
    'goes on after it, which is easy to misread (the next lines look like a new instruction). Docker warns',
    'that it will become an error (build check `NoEmptyContinuation`). Comment lines inside a continuation',
    'are fine.',
    '',
    '```dockerfile',
    '# Bad',
    'RUN apk add --no-cache \\',
    '',
    '    curl',
    '# Good',
    'RUN apk add --no-cache \\',
    '    curl',
    '```',
    '',
    'Quick fix: delete the blank lines; the instruction means the same.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    const lines = context.lines;
    for (const instruction of context.instructions) {
      const range = instruction.getRange();
      if (range.start.line === range.end.line) continue;
      // Blank lines of a heredoc body are content, not continuation.
      type HeredocStart = { getStartRange(): { start: { line: number } } };
      const heredocs = (instruction as unknown as { getHeredocs?(): HeredocStart[] }).getHeredocs?.() ?? [];
      const lastLine = heredocs.length > 0 ? heredocs[0].getStartRange().start.line : range.end.line;
      const blank: number[] = [];
      for (let line = range.start.line + 1; line <= lastLine; line++) {
        if ((lines[line] ?? '').trim() === '') blank.push(line);
      }
      if (blank.length === 0) continue;
      const edits: TextEdit[] = blank.map((line) => ({
        range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } },
        newText: '',
      }));
      // BuildKit reports the instruction's last line (where its parser stands when it notices).
      findings.push({
        range: { start: { line: lastLine, character: 0 }, end: { line: lastLine, character: (lines[lastLine] ?? '').length } },
        message: 'Empty continuation line',
        fix: { title: blank.length === 1 ? 'Delete the empty continuation line' : `Delete the ${blank.length} empty continuation lines`, edits },
      });
    }
    return findings;
  },
};
