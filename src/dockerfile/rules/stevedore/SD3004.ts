// SD3004: `RUN chown -R` / `chmod -R` over files an earlier COPY/ADD put there duplicates them in a new layer.
import * as path from 'node:path';
import type { Rule, RuleFinding } from '../../rule';
import { commandsOf, copyDestination, flagOf, lineOf, MAX_TRACKED_PATH, PathIndex, shippedStages } from '../kit';

function resolve(workdir: string, target: string): string {
  // A WORKDIR chain deeper than PATH_MAX is not followed (its cost would grow with each step).
  if (!target.startsWith('/') && workdir.length > MAX_TRACKED_PATH) return '';
  return path.posix.normalize(target.startsWith('/') ? target : path.posix.join(workdir, target)).replace(/\/$/, '') || '/';
}

export const SD3004: Rule = {
  code: 'SD3004',
  source: 'stevedore',
  severity: 'warning',
  summary: 'RUN chown/chmod -R over copied files stores them twice: use COPY --chown / --chmod',
  explanation: [
    'Changing the owner or mode of a file rewrites it in a new layer, so `COPY . /app` followed by',
    '`RUN chown -R app:app /app` ships `/app` twice (once per layer). `COPY --chown=app:app` and',
    '`COPY --chmod=755` set them while copying, in the one layer.',
    '',
    '```dockerfile',
    '# Bad',
    'COPY . /app',
    'RUN chown -R node:node /app',
    '# Good',
    'COPY --chown=node:node . /app',
    '```',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    for (const stage of shippedStages(context)) {
      let workdir = '/';
      const copied = new PathIndex<{ path: string; line: number }>();
      for (const instruction of stage.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword === 'WORKDIR') {
          const target = (instruction.getArgumentsContent() ?? '').trim();
          if (!target.includes('$')) workdir = resolve(workdir, target) || workdir + '/' + target;
        } else if (keyword === 'COPY' || keyword === 'ADD') {
          const destination = copyDestination(instruction);
          const owned = (flagOf(instruction, 'chown') ?? flagOf(instruction, 'chmod')) !== undefined;
          const resolved = destination && !destination.includes('$') && !owned ? resolve(workdir, destination) : '';
          if (resolved) copied.add(resolved, { path: resolved, line: lineOf(instruction) });
        } else if (keyword === 'RUN') {
          for (const command of commandsOf(context, instruction)) {
            if (command.name !== 'chown' && command.name !== 'chmod') continue;
            if (!command.args.some((arg) => arg === '-R' || arg === '--recursive' || /^-[a-zA-Z]*R/.test(arg))) continue;
            const words = command.args.filter((arg) => !arg.startsWith('-'));
            const mode = words[0];
            for (const target of words.slice(1)) {
              if (target.includes('$')) continue;
              const resolved = resolve(workdir, target);
              if (!resolved) continue;
              const hit = copied.firstRelated(resolved);
              if (!hit) continue;
              const flag = command.name === 'chown' ? `--chown=${mode}` : `--chmod=${mode}`;
              findings.push({
                range: command.nameRange,
                message: `\`${command.name} -R ${mode} ${target}\` rewrites the files COPY/ADD put there on line ${hit.line}, so they are stored twice (that layer and this one). Set them while copying: COPY ${flag} on line ${hit.line}.`,
              });
              break;
            }
          }
        }
      }
    }
    return findings;
  },
};
