// SD3003: a file ADDed/COPYed or downloaded in one layer is deleted in a later one: the bytes stay.
import * as path from 'node:path';
import type { Rule, RuleFinding } from '../../rule';
import { commandsOf, copyDestination, flagOf, lineOf, MAX_TRACKED_PATH, PathIndex, shippedStages } from '../kit';
import type { Instruction } from 'dockerfile-ast';

interface Created {
  path: string;
  how: string;
  instruction: Instruction;
}

function resolve(workdir: string, target: string): string {
  // A WORKDIR chain deeper than PATH_MAX is not followed (its cost would grow with each step).
  if (!target.startsWith('/') && workdir.length > MAX_TRACKED_PATH) return '';
  return path.posix.normalize(target.startsWith('/') ? target : path.posix.join(workdir, target)).replace(/\/$/, '') || '/';
}

/** Files a RUN downloads: `curl -o FILE`, `wget -O FILE`, `git clone URL DIR`. */
function downloads(args: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (name === 'curl' && (/^-[a-zA-Z]*o$/.test(arg) || arg === '--output')) out.push(args[i + 1] ?? '');
    if (name === 'curl' && arg.startsWith('--output=')) out.push(arg.slice(9));
    if (name === 'wget' && (/^-[a-zA-Z]*O$/.test(arg) || arg === '--output-document')) out.push(args[i + 1] ?? '');
    if (name === 'wget' && arg.startsWith('--output-document=')) out.push(arg.slice(18));
  }
  if (name === 'git' && args[0] === 'clone') {
    const words = args.slice(1).filter((a) => !a.startsWith('-'));
    if (words.length >= 2) out.push(words[1]);
  }
  return out.filter((file) => file && file !== '-' && !file.includes('$') && !file.startsWith('/dev/'));
}

export const SD3003: Rule = {
  code: 'SD3003',
  source: 'stevedore',
  severity: 'warning',
  summary: 'A file created in an earlier layer is deleted in a later one: it still takes space in the image',
  explanation: [
    'Deleting in a later RUN only hides a file: the layer that added it still holds every byte, and so',
    'does the image. Typical: `COPY app.tar.gz /tmp/` then `RUN tar -xzf /tmp/app.tar.gz && rm',
    '/tmp/app.tar.gz`, or `RUN curl -o /tmp/x.deb ...` then a separate `RUN rm /tmp/x.deb`.',
    '',
    'Download, use and delete in one RUN, or bind-mount the file for the one RUN that needs it (it then',
    'never enters a layer). Tracked: COPY/ADD destinations, `curl -o`, `wget -O`, `git clone URL DIR`,',
    'relative paths resolved against WORKDIR; only stages that ship are checked.',
    '',
    '```dockerfile',
    '# Bad',
    'COPY app.tar.gz /tmp/',
    'RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz',
    '# Good',
    'RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf /tmp/app.tar.gz -C /opt',
    '```',
  ].join('\n'),
  check(context) {
    const findings: RuleFinding[] = [];
    // The shipped stages are the final stage's chain: walked once from its root, each stage's
    // deletions checked against what it and the stages before it created (a walk per stage was
    // quadratic in chained stages).
    const chain = [...shippedStages(context)].sort((a, b) => a.index - b.index);
    const created = new PathIndex<Created>();
    const create = (file: Created): void => {
      if (file.path) created.add(file.path, file);
    };
    for (const s of chain) {
      let workdir = '/';
      for (const instruction of s.instructions) {
        const keyword = instruction.getKeyword();
        if (keyword === 'WORKDIR') {
          const target = (instruction.getArgumentsContent() ?? '').trim();
          if (!target.includes('$')) workdir = resolve(workdir, target) || workdir + '/' + target;
          continue;
        }
        if ((keyword === 'COPY' || keyword === 'ADD') && !flagOf(instruction, 'link')) {
          const destination = copyDestination(instruction);
          const sources = instruction.getArguments().slice(0, -1).map((arg) => arg.getValue());
          if (!destination || destination.includes('$') || sources.some((src) => src.startsWith('<<'))) continue;
          const dest = resolve(workdir, destination);
          if (!dest) continue;
          const intoDir = destination.endsWith('/') || sources.length > 1;
          for (const source of sources) {
            if (source.includes('*') || source === '.' || source === './') continue;
            const base = path.posix.basename(source.replace(/[?#].*$/, ''));
            create({ path: intoDir ? `${dest}/${base}`.replace('//', '/') : dest, how: `${keyword} on line ${lineOf(instruction)}`, instruction });
          }
          continue;
        }
        if (keyword !== 'RUN') continue;
        const commands = commandsOf(context, instruction);
        for (const command of commands) {
          if (command.name !== 'rm') continue;
          command.args.forEach((arg, i) => {
            if (arg.startsWith('-') || arg.includes('$')) return;
            const target = resolve(workdir, arg.replace(/\/\*$/, ''));
            if (!target || target === '/') return;
            const victim = created.firstAtOrUnder(target);
            if (!victim) return;
            findings.push({
              range: command.argRanges[i],
              message: `${victim.path} was added by ${victim.how}; deleting it in this later layer hides it but its bytes stay in that layer. Create, use and delete it in one RUN, or use RUN --mount=type=bind for a file from the context.`,
            });
          });
        }
        for (const command of commands) {
          for (const file of downloads(command.args, command.name)) create({ path: resolve(workdir, file), how: `\`${command.name}\` on line ${lineOf(instruction)}`, instruction });
        }
      }
    }
    return findings;
  },
};
