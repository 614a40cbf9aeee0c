import { Copy, Onbuild, type Instruction } from 'dockerfile-ast';
import type { Range } from '../../types';
import type { Rule, RuleFinding } from '../../rule';
import { argumentsOutsideHeredocs } from '../kit';

/** `node:20-slim`, `repo/img@sha256:..` -> `node`, `repo/img`: how hadolint names a stage that has no alias. */
function imageName(baseImage: string): string {
  const name = baseImage.split('@')[0];
  const colon = name.lastIndexOf(':');
  return (colon > name.lastIndexOf('/') ? name.slice(0, colon) : name).toLowerCase();
}

/** The destination of a COPY (last argument, JSON form included), as written and where. */
function destination(copy: Copy, lines: readonly string[]): { text: string; range: Range } | undefined {
  const json = copy.getJSONStrings();
  if (json.length >= 2) {
    const last = json[json.length - 1];
    return { text: last.getJSONValue(), range: last.getRange() };
  }
  const args = argumentsOutsideHeredocs(copy);
  if (args.length < 2) return undefined;
  const last = args[args.length - 1];
  const range = last.getRange();
  // As written: dockerfile-ast drops the backslashes of `c:\\dir`, which make it a Windows path.
  const raw = range.start.line === range.end.line
    ? lines[range.start.line]?.slice(range.start.character, range.end.character)
    : undefined;
  return { text: raw ?? last.getValue(), range };
}

/** Absolute (Unix or Windows) or a variable: then the WORKDIR does not matter, as hadolint judges it. */
function isAnchored(dest: string): boolean {
  const path = dest.replace(/^["']+|["']+$/g, '');
  return path.startsWith('/') || path.startsWith('$') || /^.:[\\/]/.test(path);
}

export const DL3045: Rule = {
  code: 'DL3045',
  source: 'hadolint',
  severity: 'warning',
  summary: '`COPY` to a relative destination without `WORKDIR` set.',
  explanation: `A relative \`COPY\` destination is resolved against the working directory, which, without a
\`WORKDIR\` in the stage (or in the stage it builds on), is whatever the base image chose. A new base
image version can move your files.

Bad:
\`\`\`dockerfile
FROM node:20-slim
COPY package.json .
\`\`\`

Good:
\`\`\`dockerfile
FROM node:20-slim
WORKDIR /app
COPY package.json .
\`\`\`

**Fix:** set \`WORKDIR\` before the \`COPY\`, or copy to an absolute path.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    // Stage name (alias, or image without tag) -> WORKDIR set; '' is before any FROM.
    const workdirSet = new Map<string, boolean>();
    let current = '';
    let stageIndex = -1;
    const visit = (instruction: Instruction) => {
      const keyword = instruction.getKeyword();
      if (keyword === 'WORKDIR') workdirSet.set(current, true);
      else if (keyword === 'COPY' && instruction instanceof Copy && !workdirSet.get(current)) {
        const dest = destination(instruction, ctx.lines);
        if (dest && !isAnchored(dest.text)) findings.push({ range: dest.range });
      }
    };
    for (const instruction of ctx.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') {
        const stage = ctx.stages[++stageIndex];
        const image = imageName(stage.baseImage);
        const parent = workdirSet.get(image) ?? false;
        current = stage.name ?? image;
        workdirSet.set(current, parent);
      } else if (keyword === 'ONBUILD' && instruction instanceof Onbuild) {
        const trigger = instruction.getTriggerInstruction();
        if (trigger) visit(trigger);
      } else {
        visit(instruction);
      }
    }
    return findings;
  },
};
