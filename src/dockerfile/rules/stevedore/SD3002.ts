// SD3002: npm leaves its download cache (~/.npm) in a shipped layer; hadolint has no rule for it.
import type { Rule, RuleFinding } from '../../rule';
import { commandsOf, hasCacheMount, rangeBetween, runsOf, shippedStages } from '../kit';

export const SD3002: Rule = {
  code: 'SD3002',
  source: 'stevedore',
  severity: 'info',
  summary: "npm's download cache stays in the image: clean it in the same RUN or use a cache mount",
  explanation: [
    '`npm ci` and `npm install` keep a copy of every downloaded tarball in `~/.npm/_cacache`, often about as',
    'large as `node_modules` itself, and nothing at run time reads it. hadolint covers the other package',
    'managers (DL3009 apt, DL3019 apk, DL3042 pip, DL3060 yarn, DL3032/DL3040 yum/dnf); this is the npm',
    'one. Only stages that ship are checked, and a `--mount=type=cache,target=/root/.npm` makes it fine.',
    '',
    '```dockerfile',
    '# Bad',
    'RUN npm ci --omit=dev',
    '# Good',
    'RUN npm ci --omit=dev && npm cache clean --force',
    '# Better (the cache survives between builds, never in the image)',
    'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev',
    '```',
    '',
    'Quick fix: append `&& npm cache clean --force` to the command.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of shippedStages(context)) {
      for (const run of runsOf(context, stage)) {
        if (hasCacheMount(run, '.npm')) continue;
        const commands = commandsOf(context, run);
        const install = commands.find((command) => command.name === 'npm' && /^(ci|install|i)$/.test(command.args.find((arg) => !arg.startsWith('-')) ?? ''));
        if (!install) continue;
        const cleaned = commands.some(
          (command) => command.position > install.position && ((command.name === 'npm' && command.args.includes('cache')) || (command.name === 'rm' && command.args.some((arg) => /\.npm(\/|$)/.test(arg)))),
        );
        if (cleaned) continue;
        const last = commands[commands.length - 1];
        const heredoc = ((run as unknown as { getHeredocs?(): unknown[] }).getHeredocs?.() ?? []).length > 0;
        const rawArgs = run.getRawArgumentsContent() ?? '';
        const simple = !heredoc && !rawArgs.trim().startsWith('[') && !rawArgs.includes('#') && last.range.end.line === run.getRange().end.line;
        findings.push({
          range: install.argRanges[0] ? rangeBetween(install.nameRange, install.argRanges[0]) : install.nameRange,
          message: `npm keeps a copy of every downloaded package in ~/.npm (about as large as node_modules) and it ships in this layer. Add \`&& npm cache clean --force\` to this RUN, or mount a cache: RUN --mount=type=cache,target=/root/.npm ...`,
          fix: simple && !/[;&|]\s*$/.test(context.lines[run.getRange().end.line] ?? '')
            ? { title: 'Append && npm cache clean --force', edits: [{ range: { start: run.getRange().end, end: run.getRange().end }, newText: ' && npm cache clean --force' }] }
            : undefined,
        });
      }
    }
    return findings;
  },
};
