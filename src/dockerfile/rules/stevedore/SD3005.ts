// SD3005: back-to-back RUNs that each install with the same package manager, where hadolint's
// DL3059 stays silent (it skips RUNs of more than two commands): merge them.
import type { Rule, RuleFinding } from '../../rule';
import {
  appendStart, astFlagsOf, commandsOf, continuation, lineOf, mergeShape, offsetOf, packageInstall, shippedStages,
} from '../kit';
import type { Instruction } from 'dockerfile-ast';
import type { RuleContext } from '../../rule';

function managerOf(context: RuleContext, run: Instruction): string | undefined {
  return commandsOf(context, run).map(packageInstall).find((install) => install)?.manager;
}

function flagText(run: Instruction): string {
  return astFlagsOf(run).map((flag) => `${flag.getName()}=${flag.getValue()}`).join(' ');
}

export const SD3005: Rule = {
  code: 'SD3005',
  source: 'stevedore',
  severity: 'info',
  summary: 'Consecutive RUNs install packages with the same package manager: merge them into one RUN',
  explanation: [
    'Each package-manager RUN repeats the index update (`apt-get update` downloads ~20-50 MB of lists),',
    'rewrites the package database (`/var/lib/dpkg/status`, the apk/rpm database) in a new layer, and costs',
    'a cache step. Installing everything in one RUN avoids all three.',
    '',
    '**Relation to hadolint DL3059** ("Multiple consecutive RUN instructions"): DL3059 already reports',
    'consecutive RUNs when both have at most two commands, so SD3005 stays silent then (no double',
    'report). It reports the cases DL3059 deliberately skips, longer `&&` chains, when both RUNs install',
    'packages with the same manager, because that merge saves size, not just a layer. Only stages that',
    'ship are checked.',
    '',
    '```dockerfile',
    '# Bad',
    'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
    'RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*',
    '# Good',
    'RUN apt-get update && apt-get install -y --no-install-recommends curl git && rm -rf /var/lib/apt/lists/*',
    '```',
    '',
    'Quick fix (when the second RUN directly follows the first, both in shell form without flags or',
    'comments): append the second as `&& ...` to the first.',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of shippedStages(context)) {
      const instructions = stage.instructions;
      for (let i = 1; i < instructions.length; i++) {
        const first = instructions[i - 1];
        const second = instructions[i];
        if (first.getKeyword() !== 'RUN' || second.getKeyword() !== 'RUN') continue;
        if (flagText(first) !== flagText(second)) continue;
        const manager = managerOf(context, first);
        if (!manager || manager !== managerOf(context, second)) continue;
        // DL3059 reports it when both have at most two commands.
        if (commandsOf(context, first).length <= 2 && commandsOf(context, second).length <= 2) continue;
        const firstArgs = first.getRawArgumentsContent() ?? '';
        const secondArgs = second.getRawArgumentsContent() ?? '';
        const heredocs = (run: Instruction): number =>
          ((run as unknown as { getHeredocs?(): unknown[] }).getHeredocs?.() ?? []).length;
        const mergeable =
          astFlagsOf(first).length === 0 &&
          second.getRange().start.line === first.getRange().end.line + 1 &&
          ![firstArgs, secondArgs].some((args) => args.trim().startsWith('[') || args.includes('#')) &&
          heredocs(first) === 0 &&
          heredocs(second) === 0;
        const argsStart = second.getArguments()[0]?.getRange().start;
        // The merged RUN must do what the two did (issue 9): see runMerge.ts.
        const shape = mergeable ? mergeShape(context.shell(first).script, context.shell(second).script) : undefined;
        const from = shape && appendStart(context, first, shape);
        findings.push({
          range: second.getInstructionRange(),
          message: `This RUN installs with ${manager} again right after line ${lineOf(first)}: each install repeats the index update and rewrites the package database in another layer. Install all packages in one RUN.`,
          fix:
            from && argsStart
              ? {
                  title: `Merge into the RUN on line ${lineOf(first)}`,
                  edits: [{ range: { start: from, end: second.getRange().end }, newText: ` ${continuation(context)}    && ${context.text.slice(offsetOf(context, argsStart), offsetOf(context, second.getRange().end))}` }],
                }
              : undefined,
        });
      }
    }
    return findings;
  },
};

