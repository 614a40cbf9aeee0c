import type { Rule, RuleFinding, ShellCommand } from '../../rule';
import { addedWord, commandFlags, rootImageAt, runShells } from '../kit';

// Any of these keeps the log short: a progress style, quiet, or output sent to a file.
const QUIET_FLAGS = new Set(['progress', 'q', 'quiet', 'o', 'output-file', 'a', 'append-output', 'no-verbose']);

function forgotProgress(command: ShellCommand): boolean {
  return command.name === 'wget' && !command.args.includes('-nv') && !commandFlags(command).some((flag) => QUIET_FLAGS.has(flag));
}

// Official images whose wget (when there is one) is GNU wget: Debian, Ubuntu and RHEL families and
// the language images built on Debian. Anything else may be BusyBox, whose wget has no --progress.
const GNU_IMAGES = new Set([
  'debian', 'ubuntu', 'buildpack-deps', 'fedora', 'centos', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux',
  'node', 'python', 'golang', 'ruby', 'rust', 'php', 'perl', 'openjdk', 'eclipse-temurin', 'maven', 'gradle', 'gcc',
]);

function hasGnuWget(baseImage: string): boolean {
  const image = baseImage.toLowerCase();
  if (/alpine|busybox|distroless|windows|nanoserver|servercore|\$/.test(image)) return false;
  const name = image.replace(/^docker\.io\//, '').replace(/^library\//, '').split(/[:@]/)[0];
  return !name.includes('/') && GNU_IMAGES.has(name);
}

export const DL3047: Rule = {
  code: 'DL3047',
  source: 'hadolint',
  severity: 'warning',
  summary:
    'Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`.Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).',
  explanation: `Without a terminal, GNU wget prints a progress line for every few kilobytes: a large download fills
the build log with thousands of lines, which slows CI and buries the errors that matter.

Bad:
\`\`\`dockerfile
RUN wget https://example.com/release.tar.gz
\`\`\`

Good:
\`\`\`dockerfile
RUN wget --progress=dot:giga https://example.com/release.tar.gz
\`\`\`

**Fix:** the quick fix adds \`--progress=dot:giga\` where the image's wget is certainly GNU wget (Debian,
Ubuntu and RHEL-family images, and the official language images built on Debian). Elsewhere (Alpine,
BusyBox, or an image it does not know) the wget may be BusyBox's, which has no \`--progress\`, so it
adds \`-q\` instead, which both understand.`,
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const { instruction, shell } of runShells(ctx)) {
      const command = shell.commands.find(forgotProgress);
      if (!command) continue;
      const base = rootImageAt(ctx, instruction.getRange().start.line);
      const gnuWget = base !== undefined && hasGnuWget(base);
      const flag = gnuWget ? '--progress=dot:giga' : '-q';
      const at = command.nameRange.end;
      findings.push({ range: command.nameRange, fix: { title: `Add ${flag}`, edits: [{ range: { start: at, end: at }, newText: addedWord(shell, flag) }] } });
    }
    return findings;
  },
};
