import type { Rule, RuleFinding } from '../../rule';
import { wordsOf } from '../kit';

/** Words a shell would pass through unchanged: no quotes, expansions, globs, redirections or operators. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** Shell built-ins with no program of that name to exec: `CMD exec node x` needs the shell. */
const BUILTINS = new Set([
  'exec', 'cd', 'source', '.', ':', 'set', 'export', 'unset', 'ulimit', 'umask', 'trap', 'eval', 'alias', 'read',
  'shift', 'wait', 'exit', 'return', 'builtin', 'command', 'type', 'hash', 'readonly', 'local', 'declare', 'times',
]);

/** The exec form runs the same program with the same words: plain words, a real program, no `VAR=x` prefix. */
function sameAsExecForm(words: readonly string[]): boolean {
  return words.every((word) => PLAIN_WORD.test(word)) && !words[0].includes('=') && !BUILTINS.has(words[0]);
}

export const DL3025: Rule = {
  code: 'DL3025',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Use arguments JSON notation for CMD and ENTRYPOINT arguments',
  explanation: `In shell form (\`CMD node server.js\`) Docker runs \`/bin/sh -c "node server.js"\`: the shell becomes
PID 1 and does not forward \`SIGTERM\`, so \`docker stop\` waits 10 s and kills the application
without a clean shutdown. It also needs a shell in the image. The JSON (exec) form runs the
program directly.

Bad:
\`\`\`dockerfile
CMD node server.js
\`\`\`

Good:
\`\`\`dockerfile
CMD ["node", "server.js"]
\`\`\`

**Fix:** rewrites a \`CMD\` in JSON form when its words are plain (no quotes, variables, globs,
pipes or redirections), it starts with a program rather than a shell built-in (\`exec\`, \`cd\`)
or a \`VAR=value\` prefix, the stage has no \`ENTRYPOINT\` (which would receive the words as
arguments) and no \`SHELL\`. \`ENTRYPOINT\` gets no automatic fix: in exec form it starts receiving
\`CMD\` as arguments (possibly inherited from the base image), which changes what runs. A shell-form
\`HEALTHCHECK CMD\` is flagged too, as hadolint does, without a fix.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const stage of ctx.stages.length > 0 ? ctx.stages : [{ instructions: ctx.instructions }]) {
      const keywords = new Set(stage.instructions.map((instruction) => instruction.getKeyword()));
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword === 'HEALTHCHECK') {
          // As hadolint: `HEALTHCHECK CMD curl ...` in shell form too (no fix: the probe may rely on the shell).
          const { words } = wordsOf(ctx, instruction);
          const [cmd, first] = words;
          if (cmd?.value.toUpperCase() === 'CMD' && first && !first.value.startsWith('[')) {
            findings.push({ range: { start: first.range.start, end: words[words.length - 1].range.end } });
          }
          continue;
        }
        if (keyword !== 'CMD' && keyword !== 'ENTRYPOINT') continue;
        const { words, json } = wordsOf(ctx, instruction);
        if (json || words.length === 0) continue;
        const range = { start: words[0].range.start, end: words[words.length - 1].range.end };
        const fixable =
          keyword === 'CMD' && !keywords.has('ENTRYPOINT') && !keywords.has('SHELL') && sameAsExecForm(words.map((word) => word.value));
        const newText = `[${words.map((word) => JSON.stringify(word.value)).join(', ')}]`;
        findings.push({ range, ...(fixable ? { fix: { title: 'Use JSON (exec) form', edits: [{ range, newText }] } } : {}) });
      }
    }
    return findings;
  },
};
