import type { Rule, RuleFinding } from '../../rule';
import { dropQuotes, wordsOf } from '../kit';

export const DL3021: Rule = {
  code: 'DL3021',
  source: 'hadolint',
  severity: 'error',
  summary: 'COPY with more than 2 arguments requires the last argument to end with /.',
  explanation: `With several sources, the destination of \`COPY\` must be a directory, written with a trailing
\`/\`; otherwise Docker stops the build ("When using COPY with more than one source file, the
destination must be a directory and end with a /").

Bad:
\`\`\`dockerfile
COPY package.json package-lock.json /app
\`\`\`

Good:
\`\`\`dockerfile
COPY package.json package-lock.json /app/
\`\`\`

**Fix:** adds the \`/\` to the destination.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructionsOf('COPY')) {
      const { words, json } = wordsOf(ctx, instruction);
      if (words.length < 3) continue;
      const target = words[words.length - 1];
      if (dropQuotes(target.value).endsWith('/')) continue;
      // Insert before a closing quote: `"/app"` -> `"/app/"`, `["a", "b", "/app"]` -> `.../app/"]`.
      const raw = ctx.lines[target.range.end.line]?.slice(target.range.start.character, target.range.end.character) ?? '';
      const quoted = json || /["']$/.test(raw) ? 1 : 0;
      const at = { line: target.range.end.line, character: target.range.end.character - quoted };
      findings.push({
        range: target.range,
        fix: { title: 'End the destination with /', edits: [{ range: { start: at, end: at }, newText: '/' }] },
      });
    }
    return findings;
  },
};
