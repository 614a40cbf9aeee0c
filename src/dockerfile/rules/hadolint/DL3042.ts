import { Env, Onbuild, type Instruction } from 'dockerfile-ast';
import type { Rule, RuleFinding, ShellCommand } from '../../rule';
import { hasCacheOrTmpfsMountWith } from '../kit';

/** `RUN ["yum", "install", "x"]`: a word added to the exec form must be a JSON string. */
function isExecForm(instruction: Instruction): boolean {
  const words = instruction.getArguments().map((argument) => argument.getValue());
  let i = instruction.getKeyword() === 'ONBUILD' ? 1 : 0;
  while (i < words.length && words[i].startsWith('--')) i++;
  return words[i]?.startsWith('[') ?? false;
}

function addedWord(instruction: Instruction, word: string): string {
  return isExecForm(instruction) ? `, "${word}"` : ` ${word}`;
}

/** `node:20-slim`, `repo/img@sha256:..` -> `node`, `repo/img`: how hadolint names a stage that has no alias. */
function imageName(baseImage: string): string {
  const name = baseImage.split('@')[0];
  const colon = name.lastIndexOf(':');
  return (colon > name.lastIndexOf('/') ? name.slice(0, colon) : name).toLowerCase();
}

const TRUTHY = ['1', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'yes', 'Yes', 'YES'];

function containsSequence(args: readonly string[], sequence: readonly string[]): boolean {
  for (let i = 0; i + sequence.length <= args.length; i++) {
    if (sequence.every((word, j) => args[i + j] === word)) return true;
  }
  return false;
}

/** pipx and pipenv manage their own caches; hadolint leaves them alone. */
function isPipWrapper(command: ShellCommand): boolean {
  return ['pipx', 'pipenv'].some(
    (wrapper) => command.name.includes(wrapper) || (command.name.startsWith('python') && containsSequence(command.args, ['-m', wrapper])),
  );
}

function isPipInstall(command: ShellCommand): boolean {
  return (
    (command.name.startsWith('pip') && command.args.includes('install')) ||
    (command.name.startsWith('python') && containsSequence(command.args, ['-m', 'pip', 'install']))
  );
}

function forgotNoCacheDir(command: ShellCommand): boolean {
  return isPipInstall(command) && !command.args.includes('--no-cache-dir') && !isPipWrapper(command);
}

/** `PIP_NO_CACHE_DIR=<truthy>` anywhere in the script (`export`, or before the command). */
function scriptSetsNoCacheDir(script: string): boolean {
  for (let at = script.indexOf('PIP_NO_CACHE_DIR='); at >= 0; at = script.indexOf('PIP_NO_CACHE_DIR=', at + 1)) {
    const value = script.slice(at + 'PIP_NO_CACHE_DIR='.length);
    if (TRUTHY.some((truthy) => value.startsWith(truthy))) return true;
  }
  return false;
}

export const DL3042: Rule = {
  code: 'DL3042',
  source: 'hadolint',
  severity: 'warning',
  summary: 'Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`.',
  explanation: `pip keeps every wheel it downloads in \`~/.cache/pip\`. In an image that cache is never used again but
ships in the layer, often tens of megabytes.

Bad:
\`\`\`dockerfile
RUN pip install django==5.0.6
\`\`\`

Good:
\`\`\`dockerfile
RUN pip install --no-cache-dir django==5.0.6
\`\`\`
or once for the stage (inherited by stages built on it):
\`\`\`dockerfile
ENV PIP_NO_CACHE_DIR=1
\`\`\`

**Fix:** the quick fix adds \`--no-cache-dir\` after \`install\`. With BuildKit, a cache mount
(\`RUN --mount=type=cache,target=/root/.cache/pip pip install ...\`) keeps the cache out of the
image and speeds up rebuilds; a \`RUN\` with a cache or tmpfs mount on \`.cache/pip\` is not flagged.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    // Stage name (alias, or image without tag) -> PIP_NO_CACHE_DIR set by ENV; '' is before any FROM.
    const noCacheDir = new Map<string, boolean>();
    let current = '';
    let stageIndex = -1;
    for (const instruction of ctx.instructionsOf('FROM', 'ENV', 'RUN', 'ONBUILD')) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') {
        const stage = ctx.stages[++stageIndex];
        const image = imageName(stage.baseImage);
        const inherited = noCacheDir.get(image) ?? false;
        current = stage.name ?? image;
        noCacheDir.set(current, inherited);
        continue;
      }
      if (keyword === 'ENV' && instruction instanceof Env) {
        const value = instruction.getProperties().find((property) => property.getName() === 'PIP_NO_CACHE_DIR')?.getValue();
        if (value !== undefined && value !== null && TRUTHY.includes(value)) noCacheDir.set(current, true);
        continue;
      }
      if (keyword !== 'RUN' && !(keyword === 'ONBUILD' && instruction instanceof Onbuild)) continue;
      if (noCacheDir.get(current) || hasCacheOrTmpfsMountWith(instruction, '.cache/pip')) continue;
      const shell = ctx.shell(instruction);
      if (scriptSetsNoCacheDir(shell.script)) continue;
      const command = shell.commands.find(forgotNoCacheDir);
      if (!command) continue;
      const install = command.argRanges[command.args.lastIndexOf('install')];
      const fix = { title: 'Add --no-cache-dir', edits: [{ range: { start: install.end, end: install.end }, newText: addedWord(instruction, '--no-cache-dir') }] };
      findings.push({ range: { start: command.nameRange.start, end: install.end }, fix });
    }
    return findings;
  },
};
