// Reading a shell command's flags and arguments the way hadolint does (src/Hadolint/Shell.hs), so
// rules agree with it: `--name=value` is the flag `name`, `-abc` is the flags a, b and c, `-` and
// `--` are not flags, and a flag's value (`-t stable`) is a plain argument unless a rule drops it.
import type { ParsedShell, RuleContext, ShellCommand } from './rule';
import type { Range, TextEdit } from './types';
import type { Instruction } from 'dockerfile-ast';

/** The flag names one word carries: `--no-cache` -> [no-cache], `-qy` -> [q, y], `x` -> []. */
export function flagNames(word: string): string[] {
  if (word === '-' || word === '--' || !word.startsWith('-')) return [];
  if (word.startsWith('--')) {
    const equals = word.indexOf('=');
    return [word.slice(2, equals === -1 ? undefined : equals)];
  }
  return word.slice(1).split('');
}

export function isFlag(word: string): boolean {
  return flagNames(word).length > 0;
}

/** Every flag the command carries (hadolint's getAllFlags). */
export function commandFlags(command: ShellCommand): string[] {
  return command.args.flatMap(flagNames);
}

export function hasFlag(command: ShellCommand, flag: string): boolean {
  return command.args.some((word) => flagNames(word).includes(flag));
}

export function hasAnyFlag(command: ShellCommand, flags: readonly string[]): boolean {
  return command.args.some((word) => flagNames(word).some((name) => flags.includes(name)));
}

export function hasArg(command: ShellCommand, arg: string): boolean {
  return command.args.includes(arg);
}

/** The command is `name` and one of its arguments is one of `args` (hadolint's cmdHasArgs). */
export function cmdHasArgs(command: ShellCommand, name: string, args: readonly string[]): boolean {
  return command.name === name && command.args.some((arg) => args.includes(arg));
}

/** Indexes (into `args`) of the words that are not flags, minus the values of `valueFlags`. */
export function argIndexesNoFlags(command: ShellCommand, valueFlags: readonly string[] = []): number[] {
  const indexes: number[] = [];
  let skipNext = false;
  command.args.forEach((word, i) => {
    if (skipNext) {
      skipNext = false;
      if (!isFlag(word)) return;
    }
    const names = flagNames(word);
    if (names.length > 0) {
      // `--target-release=x` carries its value; `-t x` / `--target-release x` take the next word.
      if (names.some((name) => valueFlags.includes(name)) && !word.includes('=')) skipNext = true;
      return;
    }
    indexes.push(i);
  });
  return indexes;
}

/** The arguments that are not flags (hadolint's getArgsNoFlags, with dropFlagArg for `valueFlags`). */
export function argsNoFlags(command: ShellCommand, valueFlags: readonly string[] = []): string[] {
  return argIndexesNoFlags(command, valueFlags).map((i) => command.args[i]);
}

/** The values given to a flag: `useradd -u 1000` -> ['1000'] for 'u' (hadolint's getFlagArg). */
export function flagValues(command: ShellCommand, flag: string): string[] {
  const values: string[] = [];
  command.args.forEach((word, i) => {
    if (!flagNames(word).includes(flag)) return;
    if (word.startsWith('--') && word.includes('=')) values.push(word.slice(word.indexOf('=') + 1));
    else if (i + 1 < command.args.length) values.push(command.args[i + 1]);
  });
  return values;
}

/** All shell commands of every RUN (and ONBUILD RUN), with the instruction each belongs to. */
export function runCommands(context: RuleContext): Array<{ instruction: Instruction; command: ShellCommand }> {
  const found: Array<{ instruction: Instruction; command: ShellCommand }> = [];
  for (const instruction of context.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword !== 'RUN' && keyword !== 'ONBUILD') continue;
    for (const command of context.shell(instruction).commands) found.push({ instruction, command });
  }
  return found;
}

/** Every RUN (and ONBUILD RUN) with its parsed shell: rules report at most once per instruction, as hadolint does. */
const runShellsCache = new WeakMap<RuleContext, Array<{ instruction: Instruction; shell: ParsedShell }>>();
export function runShells(context: RuleContext): Array<{ instruction: Instruction; shell: ParsedShell }> {
  const cached = runShellsCache.get(context);
  if (cached) return cached;
  const found: Array<{ instruction: Instruction; shell: ParsedShell }> = [];
  runShellsCache.set(context, found);
  for (const instruction of context.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword !== 'RUN' && keyword !== 'ONBUILD') continue;
    const shell = context.shell(instruction);
    if (shell.commands.length > 0) found.push({ instruction, shell });
  }
  return found;
}

/** The first command of each RUN that `matches`, one finding range per instruction. */
export function firstPerRun(context: RuleContext, matches: (command: ShellCommand) => Range | undefined): Range[] {
  const ranges: Range[] = [];
  for (const { shell } of runShells(context)) {
    for (const command of shell.commands) {
      const range = matches(command);
      if (range) {
        ranges.push(range);
        break;
      }
    }
  }
  return ranges;
}

/** An edit adding `words` right after argument `argIndex`, written for the RUN's form (shell text or JSON array). */
export function insertAfterArg(shell: ParsedShell, command: ShellCommand, argIndex: number, words: readonly string[]): TextEdit {
  const at = command.argRanges[argIndex].end;
  const newText = shell.form === 'exec' ? words.map((word) => `, ${JSON.stringify(word)}`).join('') : words.map((word) => ` ${word}`).join('');
  return { range: { start: at, end: at }, newText };
}

/** A word to insert into a RUN, written for its form: ` -y` in shell form, `, "-y"` in exec form. */
export function addedWord(shell: ParsedShell, word: string): string {
  return shell.form === 'exec' ? `, ${JSON.stringify(word)}` : ` ${word}`;
}
