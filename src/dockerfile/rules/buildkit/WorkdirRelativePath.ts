// BuildKit's WorkdirRelativePath: the first WORKDIR of a build is relative, so it depends on the
// base image's working directory.
import type { Rule, RuleFinding } from '../../rule';
import { parentStage, stageInstructionsOf } from '../kit';

export const WorkdirRelativePath: Rule = {
  code: 'WorkdirRelativePath',
  source: 'buildkit',
  severity: 'warning',
  summary: 'Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes',
  explanation: [
    'A relative `WORKDIR app` is resolved against the working directory the base image happens to set;',
    'when the base image changes it, your files move. BuildKit reports the first relative `WORKDIR` of a',
    'stage when no absolute one was set before it in that stage or the stages it builds on (later relative',
    'ones are fixed by fixing the first). hadolint\'s DL3000 asks for absolute paths everywhere.',
    'A path that starts with a variable is not judged: its value is not known here.',
    '',
    '```dockerfile',
    '# Bad',
    'FROM node:20',
    'WORKDIR app',
    '# Good',
    'FROM node:20',
    'WORKDIR /app',
    '```',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    // Whether a stage or one it builds on sets WORKDIR, stage by stage (a parent is always earlier):
    // walking each stage's chain again was quadratic in chained stages.
    const setsWorkdir = new Map<number, boolean>();
    for (const stage of context.stages) {
      const first = stageInstructionsOf(context, stage, 'WORKDIR')[0];
      const parent = parentStage(context, stage);
      const ancestorsSetWorkdir = parent ? (setsWorkdir.get(parent.index) ?? false) : false;
      setsWorkdir.set(stage.index, ancestorsSetWorkdir || first !== undefined);
      if (ancestorsSetWorkdir) continue;
      if (!first) continue;
      const args = first.getArguments();
      if (args.length === 0) continue;
      const path = (first.getArgumentsContent() ?? '').trim().replace(/^(["'])(.*)\1$/, '$2');
      if (path.startsWith('/') || path.startsWith('$') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\')) continue;
      findings.push({
        range: { start: args[0].getRange().start, end: args[args.length - 1].getRange().end },
        message: `Relative workdir "${path}" can have unexpected results if the base image changes`,
      });
    }
    return findings;
  },
};
