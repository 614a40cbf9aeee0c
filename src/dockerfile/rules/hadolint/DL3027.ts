import type { Rule, RuleFinding } from '../../rule';
import { runShells } from '../kit';

/** `apt` sub-commands that mean exactly the same to `apt-get` (`apt upgrade` does not: it may install new packages). */
const SAME_IN_APT_GET = new Set(['install', 'update', 'remove', 'purge', 'autoremove', 'clean', 'autoclean', 'source', 'build-dep', 'dist-upgrade']);

export const DL3027: Rule = {
  code: 'DL3027',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Do not use apt as it is meant to be a end-user tool, use apt-get or apt-cache instead',
  explanation: `\`apt\` is the interactive front end: its output and behaviour may change between releases, and it
warns "apt does not have a stable CLI interface" in scripts. \`apt-get\` and \`apt-cache\` are the
stable, scriptable tools.

Bad:
\`\`\`dockerfile
RUN apt update && apt install -y --no-install-recommends curl
\`\`\`

Good:
\`\`\`dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
\`\`\`

**Fix:** replaces \`apt\` with \`apt-get\` when every \`apt\` in the \`RUN\` uses a sub-command that
means the same there (install, update, remove, purge, autoremove, clean, ...). Not for
\`apt upgrade\`, \`apt search\` or \`apt list\`.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { shell } of runShells(ctx)) {
      const apts = shell.commands.filter((command) => command.name === 'apt');
      if (apts.length === 0) continue;
      const fixable = shell.form !== 'exec' && apts.every((command) => command.args.some((arg) => SAME_IN_APT_GET.has(arg)) && !command.args.includes('upgrade'));
      const fix = fixable
        ? { title: 'Use apt-get', edits: apts.map((command) => ({ range: command.nameRange, newText: 'apt-get' })) }
        : undefined;
      findings.push({ range: apts[0].nameRange, ...(fix ? { fix } : {}) });
    }
    return findings;
  },
};
