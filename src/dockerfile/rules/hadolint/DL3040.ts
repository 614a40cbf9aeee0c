import type { Rule, RuleFinding, ShellCommand } from '../../rule';
import { appendToRunFix } from './DL3032';

const DNF = ['dnf', 'microdnf'];

const isInstall = (tool: string) => (c: ShellCommand): boolean => c.name === tool && c.args.includes('install');
// As hadolint: `dnf` with `clean` or `all`, or `rm` with `-rf` or `/var/cache/yum/*`, counts as the clean-up.
const isClean = (tool: string) => (c: ShellCommand): boolean =>
  (c.name === tool && (c.args.includes('clean') || c.args.includes('all'))) ||
  (c.name === 'rm' && (c.args.includes('-rf') || c.args.includes('/var/cache/yum/*')));

export const DL3040: Rule = {
  code: 'DL3040',
  source: 'hadolint',
  severity: 'warning',
  summary: '`dnf clean all` missing after dnf command.',
  explanation: `dnf (and microdnf) keep downloaded packages and repository metadata under \`/var/cache\`. Left in the
layer, they add tens to hundreds of megabytes for nothing. Clean up in the same \`RUN\`, after the
install: a later \`RUN\` cannot shrink an earlier layer.

Bad:
\`\`\`dockerfile
RUN dnf install -y mariadb-10.11.6
\`\`\`

Good:
\`\`\`dockerfile
RUN dnf install -y mariadb-10.11.6 && dnf clean all
\`\`\`

**Fix:** the quick fix appends \`&& dnf clean all\` (\`microdnf clean all\` for microdnf) to the \`RUN\` that installs.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'RUN' && keyword !== 'ONBUILD') continue;
      const commands = ctx.shell(instruction).commands;
      for (const tool of DNF) {
        const install = commands.findIndex(isInstall(tool));
        if (install < 0) continue;
        const clean = commands.findIndex(isClean(tool));
        if (clean > install) continue;
        // A clean-up before the install keeps the finding (hadolint counts the first): no fix then.
        const fix = clean < 0 ? appendToRunFix(ctx, instruction, ctx.shell(instruction), `${tool} clean all`) : undefined;
        findings.push({ range: commands[install].range, fix });
        break;
      }
    }
    return findings;
  },
};
