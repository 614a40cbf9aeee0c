import type { Instruction } from 'dockerfile-ast';
import type { Fix, Range } from '../../types';
import type { Rule, RuleContext, RuleFinding } from '../../rule';
import { flagNames, rootImageAt, stageOf } from '../kit';

const NON_POSIX = ['pwsh', 'powershell', 'cmd'];
const PIPEFAIL_SHELLS = new Set(['bash', 'zsh', 'ash']);
// Official images that always ship bash (Debian, Ubuntu and RHEL families, and the language images
// built on Debian); their Alpine, Windows and distroless variants are excluded below.
const BASH_IMAGES = new Set([
  'debian', 'ubuntu', 'buildpack-deps', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux',
  'node', 'python', 'golang', 'ruby', 'rust', 'php', 'perl', 'openjdk', 'eclipse-temurin', 'maven', 'gradle', 'gcc',
]);

/** The words of `SHELL ["a", "b"]`, or undefined when it is not a JSON array of strings. */
function shellWords(instruction: Instruction): string[] | undefined {
  try {
    const value: unknown = JSON.parse(instruction.getArgumentsContent() ?? '');
    return Array.isArray(value) && value.every((word) => typeof word === 'string') ? (value as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** After this SHELL, may a pipe in a RUN go unreported? (pipefail is set, or the shell is not POSIX.) */
function shellIsSafe(words: readonly string[]): boolean {
  const script = words.join(' ');
  if (NON_POSIX.some((name) => script.startsWith(name))) return true;
  const program = (words[0] ?? '').split('/').pop() ?? '';
  return PIPEFAIL_SHELLS.has(program) && words.slice(1).flatMap(flagNames).includes('o') && words.includes('pipefail');
}

/** `debian:12`, `docker.io/library/node:20-slim` -> the official image name, if it is one that has bash. */
function hasBash(baseImage: string): boolean {
  const image = baseImage.toLowerCase();
  if (/alpine|windows|nanoserver|servercore|distroless|busybox|\$/.test(image)) return false;
  const name = image.replace(/^docker\.io\//, '').replace(/^library\//, '').split(/[:@]/)[0];
  return !name.includes('/') && BASH_IMAGES.has(name);
}

export const DL4006: Rule = {
  code: 'DL4006',
  source: 'hadolint',
  severity: 'warning',
  summary:
    'Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check',
  explanation: `A pipeline's exit status is that of its LAST command: in \`RUN wget -O - URL | tar xz\`, a failed
download still "succeeds" when \`tar\` does, and the build goes on with a broken image. With
\`set -o pipefail\` the pipeline fails when any part of it fails. \`/bin/sh\` on Debian (dash) has no
pipefail, so the \`SHELL\` must be bash, zsh or ash.

Bad:
\`\`\`dockerfile
FROM debian:12
RUN wget -O - https://example.com/tool.tar.gz | tar xz -C /opt
\`\`\`

Good:
\`\`\`dockerfile
FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN wget -O - https://example.com/tool.tar.gz | tar xz -C /opt
\`\`\`
On Alpine: \`SHELL ["/bin/ash", "-o", "pipefail", "-c"]\`.

**Fix:** the quick fix adds the \`SHELL\` line before the first such \`RUN\` of the stage, only where the
shell is certainly there: \`/bin/bash\` on Debian, Ubuntu, RHEL-family and Debian-based official
language images, \`/bin/ash\` on Alpine; and not when a later \`echo\` prints backslashes, which
dash expands and bash does not. Elsewhere add it by hand.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    let safe = false;
    let shellSet = false;
    // Every finding of a stage offers the same edit, a SHELL before the stage's first piped RUN, so
    // "fix all" adds it once (identical edits clash and only one is applied).
    let stageFix: Fix | undefined | null = null;
    for (const instruction of ctx.instructionsOf('FROM', 'SHELL', 'RUN')) {
      const keyword = instruction.getKeyword();
      if (keyword === 'FROM') {
        safe = false;
        shellSet = false;
        stageFix = null;
      } else if (keyword === 'SHELL') {
        const words = shellWords(instruction);
        safe = words !== undefined && shellIsSafe(words);
        shellSet = true;
        stageFix = undefined;
      } else if (keyword === 'RUN' && !safe && ctx.shell(instruction).hasPipe) {
        // After a SHELL the user chose, adding another one is not ours to decide.
        if (stageFix === null) stageFix = shellSet ? undefined : pipefailFix(ctx, instruction);
        findings.push({ range: pipeRange(ctx, instruction) ?? instruction.getInstructionRange(), fix: stageFix });
      }
    }
    return findings;
  },
};

/**
 * dash's `echo` expands backslash escapes and bash's does not: after switching a Debian stage's
 * RUNs from /bin/sh (dash) to bash, such an echo would write different text.
 */
function echoesBackslashes(ctx: RuleContext, from: Instruction): boolean {
  const stage = stageOf(ctx, from);
  const runs = (stage?.instructions ?? []).filter((i) => i.getKeyword() === 'RUN' && i.getRange().start.line >= from.getRange().start.line);
  return runs.some((i) => ctx.shell(i).commands.some((c) => c.name === 'echo' && c.args.some((arg) => arg.includes('\\'))));
}

/** The first `|` between two commands on one line: the pipe the finding is about. */
function pipeRange(ctx: RuleContext, run: Instruction): Range | undefined {
  const commands = ctx.shell(run).commands;
  for (let i = 1; i < commands.length; i++) {
    const left = commands[i - 1].range.end;
    const right = commands[i].range.start;
    if (left.line !== right.line || right.character <= left.character) continue;
    const between = ctx.lines[left.line].slice(left.character, right.character);
    const at = between.search(/(?<![|])\|(?![|])/);
    if (at >= 0) {
      const character = left.character + at;
      return { start: { line: left.line, character }, end: { line: left.line, character: character + 1 } };
    }
  }
  return undefined;
}

function pipefailFix(ctx: RuleContext, run: Instruction): Fix | undefined {
  const { start } = run.getRange();
  if (echoesBackslashes(ctx, run)) return undefined;
  const base = rootImageAt(ctx, start.line);
  if (base === undefined) return undefined;
  const image = base.toLowerCase();
  const shell = hasBash(base) ? '/bin/bash' : /^(docker\.io\/)?(library\/)?alpine[:@]/.test(image) || image === 'alpine' ? '/bin/ash' : undefined;
  if (!shell) return undefined;
  const indent = /^\s*/.exec(ctx.lines[start.line])?.[0] ?? '';
  const at = { line: start.line, character: 0 };
  const eol = ctx.text.includes('\r\n') ? '\r\n' : '\n';
  return {
    title: `Set SHELL ["${shell}", "-o", "pipefail", "-c"]`,
    edits: [{ range: { start: at, end: at }, newText: `${indent}SHELL ["${shell}", "-o", "pipefail", "-c"]${eol}` }],
  };
}
