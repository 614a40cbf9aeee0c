import type { Instruction } from 'dockerfile-ast';
import type { Fix } from '../../types';
import type { ParsedShell, Rule, RuleContext, RuleFinding } from '../../rule';

/**
 * Appends `&& <command>` to a RUN's script (shared by the cache clean-up rules DL3032, DL3036,
 * DL3040, DL3060). Offered only where the text after the script is certainly shell: a parsed
 * shell-form script without heredoc or `#` (a comment would swallow it), whose last line is where
 * the instruction ends and which does not end in an operator.
 */
export function appendToRunFix(ctx: RuleContext, instruction: Instruction, shell: ParsedShell, command: string): Fix | undefined {
  if (!shell.ok || shell.commands.length === 0 || shell.script.includes('#')) return undefined;
  const heredocs = (instruction as unknown as { getHeredocs?(): unknown[] }).getHeredocs?.() ?? [];
  if (heredocs.length > 0 || /<</.test(shell.script)) return undefined;
  const words = instruction.getArguments().map((argument) => argument.getValue());
  let i = instruction.getKeyword() === 'ONBUILD' ? 1 : 0;
  while (i < words.length && words[i].startsWith('--')) i++;
  if (words[i]?.startsWith('[')) return undefined;
  const script = shell.script.trimEnd();
  if (/[;&|\\`]$/.test(script)) return undefined;
  const end = instruction.getRange().end;
  // The instruction's last line must be the script's end (not, say, a comment line Docker drops).
  const lastLine = ctx.lines[end.line]?.slice(0, end.character).trim() ?? '';
  if (lastLine.length === 0 || !(script.endsWith(lastLine) || lastLine.endsWith(script))) return undefined;
  return { title: `Append && ${command}`, edits: [{ range: { start: end, end }, newText: ` && ${command}` }] };
}

export const DL3032: Rule = {
  code: 'DL3032',
  source: 'hadolint',
  severity: 'warning',
  summary: '`yum clean all` missing after yum command.',
  explanation: `yum keeps downloaded packages and repository metadata in \`/var/cache/yum\`. Left in the layer, they
add tens to hundreds of megabytes to the image for nothing. The clean-up must happen in the same
\`RUN\` as the install: a later \`RUN\` cannot shrink an earlier layer.

Bad:
\`\`\`dockerfile
RUN yum install -y httpd-2.4.6
\`\`\`

Good:
\`\`\`dockerfile
RUN yum install -y httpd-2.4.6 && yum clean all
\`\`\`

**Fix:** the quick fix appends \`&& yum clean all\` to the \`RUN\` that installs.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const instruction of ctx.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'RUN' && keyword !== 'ONBUILD') continue;
      const commands = ctx.shell(instruction).commands;
      const install = commands.find((c) => c.name === 'yum' && c.args.includes('install'));
      if (!install) continue;
      // As hadolint: any `yum` command with `clean` or `all` counts as the clean-up.
      if (commands.some((c) => c.name === 'yum' && (c.args.includes('clean') || c.args.includes('all')))) continue;
      findings.push({ range: install.range, fix: appendToRunFix(ctx, instruction, ctx.shell(instruction), 'yum clean all') });
    }
    return findings;
  },
};
