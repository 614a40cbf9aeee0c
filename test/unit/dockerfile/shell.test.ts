// RUN scripts reach rules as shell commands with ranges in the Dockerfile text: continuations,
// comment and empty lines inside them, heredocs, exec form, the escape directive, non-ASCII text.
import assert from 'node:assert/strict';
import { buildContext, parseDockerfile, type LintContext } from '../../../src/dockerfile/context';
import { readPragmas } from '../../../src/dockerfile/pragmas';
import type { Range } from '../../../src/dockerfile/index';

function contextFor(text: string): LintContext {
  const dockerfile = parseDockerfile(text);
  return buildContext(text, dockerfile, { trustedRegistries: [], labelSchema: {}, strictLabels: false }, undefined, (ctx) =>
    readPragmas(ctx.lines, ctx.commentLines, ctx.instructions.map((instruction) => instruction.getRange().start.line)),
  ).context;
}

/** The commands of the n-th instruction as `name arg...` and the text each range covers. */
function commandsOf(text: string, n = 0): Array<{ words: string; covers: string }> {
  const ctx = contextFor(text);
  const shell = ctx.shell(ctx.instructions[n]);
  assert.ok(shell.ok, 'the script parses');
  return shell.commands.map((command) => ({ words: [command.name, ...command.args].join(' '), covers: ctx.index.textIn(command.range) }));
}

function textOf(text: string, range: Range): string {
  return contextFor(text).index.textIn(range);
}

describe('dockerfile shell: RUN scripts as commands', () => {
  it('splits && ; || pipes and subshells into simple commands, in source order', () => {
    assert.deepEqual(
      commandsOf('RUN apt-get update && (cd /x; make) | tee log || echo failed').map((c) => c.words),
      ['apt-get update', 'cd /x', 'make', 'tee log', 'echo failed'],
    );
  });

  it('finds commands inside command substitutions', () => {
    assert.deepEqual(commandsOf('RUN echo "$(uname -m)"').map((c) => c.words), ['echo $(uname -m)', 'uname -m']);
  });

  it('removes quotes and backslash escapes from literal words, keeps expansions as written', () => {
    assert.deepEqual(commandsOf(`RUN echo "a \\"b\\" $HOME" 'c d' e\\ f`).map((c) => c.words), ['echo a "b" $HOME c d e f']);
  });

  it('maps commands across continuation lines, skipping empty and comment lines inside them', () => {
    const text = 'FROM debian:12\nRUN apt-get update \\\n\n    # install the tools\n    && apt-get install -y \\\n       curl\n';
    const commands = commandsOf(text, 1);
    assert.deepEqual(commands.map((c) => c.words), ['apt-get update', 'apt-get install -y curl']);
    const ctx = contextFor(text);
    const install = ctx.shell(ctx.instructions[1]).commands[1];
    assert.deepEqual(install.nameRange.start, { line: 4, character: 7 }, 'the command word, on its own line');
    assert.deepEqual(install.argRanges[2], { start: { line: 5, character: 7 }, end: { line: 5, character: 11 } });
  });

  it('honours the escape directive (backtick continuations)', () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo one `\n  two\n';
    assert.deepEqual(commandsOf(text, 1).map((c) => c.words), ['echo one two']);
  });

  it('parses a heredoc body as the script, with ranges on the body lines', () => {
    const text = 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\nEOF\n';
    const ctx = contextFor(text);
    const shell = ctx.shell(ctx.instructions[1]);
    assert.equal(shell.form, 'heredoc');
    assert.deepEqual(shell.commands.map((c) => c.name), ['set', 'apt-get']);
    assert.equal(textOf(text, shell.commands[1].range), 'apt-get update');
  });

  it('parses a command with a heredoc argument as one shell script', () => {
    const text = 'RUN cat <<EOF > /etc/motd && chmod 644 /etc/motd\nhello\nEOF\n';
    assert.deepEqual(commandsOf(text).map((c) => c.words), ['cat', 'chmod 644 /etc/motd']);
  });

  it('reads exec form as one command with the JSON strings as words', () => {
    const text = 'RUN ["apt-get", "install", \\\n     "-y", "curl"]';
    const ctx = contextFor(text);
    const shell = ctx.shell(ctx.instructions[0]);
    assert.equal(shell.form, 'exec');
    assert.deepEqual([shell.commands[0].name, ...shell.commands[0].args], ['apt-get', 'install', '-y', 'curl']);
    assert.equal(ctx.index.textIn(shell.commands[0].argRanges[2]), '"curl"');
  });

  it('keeps ranges right after non-ASCII text', () => {
    const text = 'RUN echo "héllo wörld ✓" && apt-get install -y curl';
    const ctx = contextFor(text);
    const install = ctx.shell(ctx.instructions[0]).commands[1];
    assert.equal(ctx.index.textIn(install.range), 'apt-get install -y curl');
    assert.deepEqual(ctx.shell(ctx.instructions[0]).commands[0].args, ['héllo wörld ✓']);
  });

  it('reports ok=false on a script the shell cannot parse, and rules stay silent', () => {
    const ctx = contextFor("RUN echo 'unterminated && sudo rm -rf /");
    assert.equal(ctx.shell(ctx.instructions[0]).ok, false);
    assert.deepEqual(ctx.shell(ctx.instructions[0]).commands, []);
  });

  it('detects pipes but not ||', () => {
    const ctx = contextFor('RUN a | b\nRUN a || b\nRUN a |& b');
    assert.deepEqual(ctx.instructions.map((i) => ctx.shell(i).hasPipe), [true, false, true]);
  });

  it('does not shell-parse RUNs under a non-POSIX SHELL or `# hadolint shell=` pragma', () => {
    const ctx = contextFor('FROM mcr.microsoft.com/powershell:lts\nSHELL ["pwsh", "-c"]\nRUN Get-ChildItem | Select Name\nFROM debian:12\nRUN ls\n# hadolint shell=powershell\nRUN Write-Host hi\n');
    const runs = ctx.instructions.filter((i) => i.getKeyword() === 'RUN').map((i) => ctx.shell(i).ok);
    assert.deepEqual(runs, [false, true, false]);
  });

  it('parses ONBUILD RUN triggers', () => {
    assert.deepEqual(commandsOf('ONBUILD RUN npm install && npm test').map((c) => c.words), ['npm install', 'npm test']);
  });
});
