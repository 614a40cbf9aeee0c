import type { Range } from '../../types';
import type { Fix } from '../../types';
import type { Rule, RuleFinding, ShellCommand } from '../../rule';
import { appendToRunFix, hasCacheOrTmpfsMountWith } from '../kit';

/** `node:20-slim`, `repo/img@sha256:..` -> `node`, `repo/img`: how hadolint names a stage that has no alias. */
function imageName(baseImage: string): string {
  const name = baseImage.split('@')[0];
  const colon = name.lastIndexOf(':');
  return (colon > name.lastIndexOf('/') ? name.slice(0, colon) : name).toLowerCase();
}

const isYarnInstall = (c: ShellCommand): boolean => c.name === 'yarn' && c.args.includes('install');
const isCacheClean = (c: ShellCommand): boolean => c.name === 'yarn' && (c.args.includes('cache') || c.args.includes('clean'));


export const DL3060: Rule = {
  code: 'DL3060',
  source: 'hadolint',
  severity: 'info',
  summary: '`yarn cache clean` missing after `yarn install` was run.',
  explanation: `Yarn (v1) keeps a copy of every package it installs in its global cache. In an image that cache is
dead weight, often as large as \`node_modules\` itself. Only stages that end up in an image are
reported: the last stage, and stages other stages are built \`FROM\`.

Bad:
\`\`\`dockerfile
FROM node:20-slim
RUN yarn install --frozen-lockfile
\`\`\`

Good:
\`\`\`dockerfile
FROM node:20-slim
RUN yarn install --frozen-lockfile && yarn cache clean
\`\`\`

**Fix:** the quick fix appends \`&& yarn cache clean\` to the \`RUN\` that installs; or use a BuildKit cache mount
(\`RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\`).`,
  check(ctx) {
    // hadolint: report a `yarn install` without clean-up when its stage is the last one, or is named
    // by some FROM (its files then reach an image).
    const usedAsBase = new Set<string>();
    const pending: Array<{ stage: number; alias?: string; range: Range; fix?: Fix; onbuild: boolean }> = [];
    let stage = -1;
    let alias: string | undefined;
    for (const instruction of ctx.instructionsOf('FROM', 'RUN', 'ONBUILD')) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') {
        stage++;
        alias = ctx.stages[stage].name;
        usedAsBase.add(imageName(ctx.stages[stage].baseImage));
        continue;
      }
      if (keyword !== 'RUN' && keyword !== 'ONBUILD') continue;
      const commands = ctx.shell(instruction).commands;
      const install = commands.findIndex(isYarnInstall);
      if (install < 0) continue;
      const clean = commands.findIndex(isCacheClean);
      // As hadolint: a cache or tmpfs mount on the yarn cache needs no clean-up; a clean before the install
      // does not count.
      if (clean < 0 && hasCacheOrTmpfsMountWith(instruction, '.cache/yarn')) continue;
      if (clean > install) continue;
      const fix = clean < 0 ? appendToRunFix(ctx, instruction, ctx.shell(instruction), 'yarn cache clean') : undefined;
      pending.push({ stage, alias, range: commands[install].range, fix, onbuild: keyword === 'ONBUILD' });
    }
    const findings: RuleFinding[] = [];
    for (const item of pending) {
      // An ONBUILD trigger runs in images built FROM this one: reported in any stage, as hadolint does.
      const inFinalImage =
        item.onbuild || item.stage === stage || (item.alias !== undefined && usedAsBase.has(item.alias));
      if (inFinalImage) findings.push({ range: item.range, fix: item.fix });
    }
    return findings;
  },
};
