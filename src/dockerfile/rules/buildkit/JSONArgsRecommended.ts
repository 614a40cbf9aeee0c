// BuildKit's JSONArgsRecommended: shell-form CMD/ENTRYPOINT runs the program under `/bin/sh -c`,
// which does not forward SIGTERM, so `docker stop` waits 10 s and kills it.
import type { Rule, RuleFinding } from '../../rule';
import { parentStage, stageInstructionsOf } from '../kit';

/** Words that mean the same with or without a shell: no quoting, expansion, globbing or operators. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export const JSONArgsRecommended: Rule = {
  code: 'JSONArgsRecommended',
  source: 'buildkit',
  severity: 'warning',
  summary: 'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals',
  explanation: [
    'In shell form (`CMD node server.js`) the container runs `/bin/sh -c "node server.js"`: the shell is',
    'PID 1 and does not pass SIGTERM on, so `docker stop` waits for its timeout (10 s) and then kills the',
    'process without a clean shutdown. The exec (JSON) form runs the program directly.',
    '',
    'Like BuildKit, this stays silent when the stage (or a stage it builds on) sets `SHELL`: then the shell',
    'form is deliberate. BuildKit also reads a `SHELL` from the base image\'s configuration, which cannot be',
    'known without pulling it.',
    '',
    '```dockerfile',
    '# Bad',
    'CMD node server.js',
    '# Good',
    'CMD ["node", "server.js"]',
    '```',
    '',
    'Quick fix (only for plain words, no quotes, variables, globs or operators, which would need a shell):',
    'rewrite as JSON. If you need the shell, write `CMD ["sh", "-c", "exec node server.js"]`.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    // Whether a stage or one it builds on sets SHELL, stage by stage (a parent is always earlier):
    // walking each stage's chain again was quadratic in chained stages.
    const setsShell = new Map<number, boolean>();
    for (const stage of context.stages) {
      const firstShell = stageInstructionsOf(context, stage, 'SHELL')[0];
      const parent = parentStage(context, stage);
      const inherited = parent ? (setsShell.get(parent.index) ?? false) : false;
      setsShell.set(stage.index, inherited || firstShell !== undefined);
      const shellLines = inherited ? [-1] : firstShell ? [firstShell.getRange().start.line] : [];
      for (const instruction of stageInstructionsOf(context, stage, 'CMD', 'ENTRYPOINT')) {
        const keyword = instruction.getKeyword();
        const line = instruction.getRange().start.line;
        if (shellLines.some((shellLine) => shellLine < line)) continue;
        const args = instruction.getArguments();
        if (args.length === 0) continue;
        const content = (instruction.getRawArgumentsContent() ?? '').trim();
        if (content.startsWith('[')) {
          // Valid JSON is exec form; anything else BuildKit runs through the shell.
          try {
            const parsed: unknown = JSON.parse(content);
            if (Array.isArray(parsed) && parsed.every((word) => typeof word === 'string')) continue;
          } catch {
            // falls through: shell form
          }
        }
        const range = { start: args[0].getRange().start, end: args[args.length - 1].getRange().end };
        const words = args.map((arg) => arg.getValue());
        const simple = range.start.line === range.end.line && words.every((word) => PLAIN_WORD.test(word));
        findings.push({
          range,
          message: `JSON arguments recommended for ${keyword} to prevent unintended behavior related to OS signals`,
          fix: simple
            ? { title: `Use the exec form: ${keyword} ${JSON.stringify(words).replace(/","/g, '", "')}`, edits: [{ range, newText: JSON.stringify(words).replace(/","/g, '", "') }] }
            : undefined,
        });
      }
    }
    return findings;
  },
};
