import type { Rule, RuleFinding, ShellCommand } from '../../rule';
import { addedWord, flagNames, runShells } from '../kit';

/** `useradd -u 123456` without `-l`: the UIDs given to `-u`, as hadolint reads them (the word after it). */
function forgotNoLogInit(command: ShellCommand): boolean {
  if (command.name !== 'useradd') return false;
  const flags = command.args.map(flagNames);
  if (flags.some((f) => f.includes('l') || f.includes('no-log-init'))) return false;
  if (!flags.some((f) => f.includes('u') || f.includes('uid'))) return false;
  return flags.some((f, i) => f.includes('u') && i + 1 < command.args.length && command.args[i + 1].length > 5);
}

export const DL3046: Rule = {
  code: 'DL3046',
  source: 'hadolint',
  severity: 'warning',
  summary: '`useradd` without flag `-l` and high UID will result in excessively large Image.',
  explanation: `\`useradd\` records every user in \`/var/log/lastlog\` and \`/var/log/faillog\`, sparse files indexed by
UID. With a high UID (such as \`123456\`) they become huge, and image layers store them in full:
hundreds of megabytes or more. \`-l\` (\`--no-log-init\`) skips them.

Bad:
\`\`\`dockerfile
RUN useradd -u 123456 app
\`\`\`

Good:
\`\`\`dockerfile
RUN useradd -l -u 123456 app
\`\`\`

**Fix:** the quick fix adds \`-l\` after \`useradd\`.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { shell } of runShells(ctx)) {
      for (const command of shell.commands) {
        if (!forgotNoLogInit(command)) continue;
        const at = command.nameRange.end;
        findings.push({ range: command.range, fix: { title: 'Add -l (--no-log-init)', edits: [{ range: { start: at, end: at }, newText: addedWord(shell, '-l') }] } });
        break;
      }
    }
    return findings;
  },
};
