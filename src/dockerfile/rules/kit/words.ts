// The words of an instruction and of the shell commands in it. Instruction words as Docker reads
// them: exec-form JSON arrays decoded, heredoc bodies left out, flags (`--from=build`) apart. Shell
// command words as hadolint reads them (src/Hadolint/Shell.hs): `--name=value` is the flag `name`,
// `-abc` is the flags a, b and c, `-` and `--` are not flags, and a flag's value (`-t stable`) is a
// plain argument unless a rule drops it.
import type { Argument, Instruction } from 'dockerfile-ast';
import type { ParsedShell, RuleContext, ShellCommand } from '../../rule';
import type { Range, TextEdit } from '../../types';
import type { LintContext } from '../../context';
import { execFormWords } from '../../context';
import { joinContinuations } from '../../shell';
import { offsetOf, rangeOfOffsets, textIndexOf } from './text';


export interface Word {
  /** The word as Docker uses it (JSON strings decoded; shell-form words as written). */
  value: string;
  range: Range;
}

export interface InstructionFlag {
  name: string;
  /** Undefined for a bare `--link`. */
  value: string | undefined;
  range: Range;
}

export interface InstructionWords {
  flags: InstructionFlag[];
  words: Word[];
  /** True for exec form / JSON array (`COPY ["a", "b/"]`, `CMD ["x"]`). */
  json: boolean;
}

interface HeredocLike {
  getContentRange(): Range | null;
}

/**
 * What the kit derives from one instruction (flags, mounts, words), each computed on first request:
 * a RUN's flags and mounts are asked for by a dozen rules (the cache-mount checks), and a parsed
 * instruction never changes. Callers only read the arrays. One cache entry per instruction: a
 * WeakMap per kind cost a WeakMap.set each (0.4 ms a lint apiece on the 3,003-instruction file).
 */
interface Derived {
  flags: InstructionFlag[] | undefined;
  mounts: RunMount[] | undefined;
  words: InstructionWords | undefined;
}
const derivedCache = new WeakMap<Instruction, Derived>();
function derivedOf(instruction: Instruction): Derived {
  let derived = derivedCache.get(instruction);
  if (derived === undefined) {
    derived = { flags: undefined, mounts: undefined, words: undefined };
    derivedCache.set(instruction, derived);
  }
  return derived;
}

/** The flags of an instruction that has them (FROM, RUN, COPY, ADD, HEALTHCHECK; ONBUILD: its trigger's). */
export function flagsOf(instruction: Instruction): InstructionFlag[] {
  const derived = derivedOf(instruction);
  if (derived.flags === undefined) {
    derived.flags = astFlagsOf(instruction).map((flag) => ({
      name: flag.getName(),
      value: flag.getValue() ?? undefined,
      range: flag.getRange(),
    }));
  }
  return derived.flags;
}

export function flagValue(instruction: Instruction, name: string): string | undefined {
  return flagsOf(instruction).find((flag) => flag.name.toLowerCase() === name)?.value;
}

/** One `RUN --mount=...`: its options (`type` defaults to `bind`, as in BuildKit) and where the flag is. */
export interface RunMount {
  type: string;
  options: Map<string, string>;
  range: Range;
}

/** The `--mount` flags of a RUN (or ONBUILD RUN), options lower-cased by key, quotes around values dropped. */
export function runMounts(instruction: Instruction): RunMount[] {
  const derived = derivedOf(instruction);
  if (derived.mounts === undefined) derived.mounts = readRunMounts(instruction);
  return derived.mounts;
}

function readRunMounts(instruction: Instruction): RunMount[] {
  const mounts: RunMount[] = [];
  for (const flag of flagsOf(instruction)) {
    if (flag.name.toLowerCase() !== 'mount' || !flag.value) continue;
    const options = new Map<string, string>();
    for (const pair of flag.value.split(',')) {
      const [key, value = ''] = pair.split('=', 2);
      options.set(key.trim().toLowerCase(), value.trim().replace(/^["']|["']$/g, ''));
    }
    mounts.push({ type: options.get('type') ?? 'bind', options, range: flag.range });
  }
  return mounts;
}

/** Targets of `RUN --mount=type=<one of types>,target=/x` mounts (ONBUILD RUN included). */
export function mountTargets(instruction: Instruction, types: readonly string[]): string[] {
  const targets: string[] = [];
  const mounts = runMounts(instruction);
  for (let i = 0; i < mounts.length; i++) {
    if (!types.includes(mounts[i].type)) continue;
    const target = mountTarget(mounts[i]);
    if (target.length > 0) targets.push(target);
  }
  return targets;
}

function mountTarget(mount: RunMount): string {
  return mount.options.get('target') ?? mount.options.get('dst') ?? mount.options.get('destination') ?? '';
}

/** Targets of `RUN --mount=type=cache,target=/x` mounts. */
export function cacheMountTargets(instruction: Instruction): string[] {
  return mountTargets(instruction, ['cache']);
}

/**
 * hadolint's hasCacheOrTmpfsMountWith: a cache or tmpfs mount whose target contains `fragment`
 * (`/var/lib/apt/lists`, `.cache/pip`): what is written there never reaches the image layer.
 */
export function hasCacheOrTmpfsMountWith(instruction: Instruction, fragment: string): boolean {
  // A loop, not mountTargets(): asked of every RUN by several rules, its arrays were 0.5 MB a lint.
  const mounts = runMounts(instruction);
  for (let i = 0; i < mounts.length; i++) {
    const type = mounts[i].type;
    if ((type === 'cache' || type === 'tmpfs') && mountTarget(mounts[i]).includes(fragment)) return true;
  }
  return false;
}

/** The instruction's words after its flags, without heredoc bodies, exec-form JSON decoded. */
export function wordsOf(context: RuleContext, instruction: Instruction): InstructionWords {
  // Instructions belong to one lint's parse, so the instruction alone is a safe cache key.
  const derived = derivedOf(instruction);
  if (derived.words === undefined) derived.words = computeWords(context, instruction);
  return derived.words;
}

/**
 * The instruction's arguments without the words of its heredoc bodies: in `COPY <<EOF /etc/x`
 * the destination is `/etc/x`, not the body's last word (dockerfile-ast lists both).
 */
export function argumentsOutsideHeredocs(instruction: Instruction): Argument[] {
  const heredocs = (instruction as unknown as { getHeredocs?(): HeredocLike[] }).getHeredocs?.() ?? [];
  let bodyStart: number | undefined;
  for (let i = 0; i < heredocs.length && bodyStart === undefined; i++) {
    bodyStart = heredocs[i].getContentRange()?.start.line;
  }
  const args = instruction.getArguments();
  return bodyStart === undefined ? args : args.filter((argument) => argument.getRange().start.line < bodyStart);
}

function computeWords(context: RuleContext, instruction: Instruction): InstructionWords {
  const flags = flagsOf(instruction);
  const args = argumentsOutsideHeredocs(instruction);
  if (args.length > 0 && args[0].getValue().startsWith('[')) {
    const index = textIndexOf(context);
    const start = index.offsetAt(args[0].getRange().start);
    const end = index.offsetAt(args[args.length - 1].getRange().end);
    const escapeChar = (context as Partial<LintContext>).escapeChar ?? context.dockerfile.getEscapeCharacter();
    const joined = joinContinuations(index.text, start, end, escapeChar);
    const values = execFormWords(joined.script);
    if (values) {
      const words: Word[] = [];
      let at = 0;
      for (const value of values) {
        const open = joined.script.indexOf('"', at);
        let close = open + 1;
        while (close < joined.script.length && joined.script[close] !== '"') close += joined.script[close] === '\\' ? 2 : 1;
        const end = joined.offsets[Math.min(close, joined.script.length - 1)] + 1;
        words.push({ value, range: index.rangeOf(joined.offsets[open], end) });
        at = close + 1;
      }
      return { flags, words, json: true };
    }
  }
  // The text as written (dockerfile-ast's values drop backslashes: `C:\\app` would read `C:app`),
  // with any line continuation inside a word removed.
  const index = textIndexOf(context);
  const escapeChar = (context as Partial<LintContext>).escapeChar ?? context.dockerfile.getEscapeCharacter();
  const words = args.map((argument) => {
    const range = argument.getRange();
    const raw = range.start.line === range.end.line
      ? (index.lines[range.start.line] ?? '').slice(range.start.character, range.end.character)
      : joinContinuations(index.text, index.offsetAt(range.start), index.offsetAt(range.end), escapeChar).script;
    return { value: raw, range };
  });
  return { flags, words, json: false };
}

/** Strips one pair of surrounding quotes, as hadolint's dropQuotes does (all of them, either kind). */
export function dropQuotes(text: string): string {
  return text.replace(/^["']+|["']+$/g, '');
}

/** The base image and stage name of a FROM. */
export interface FromParts {
  image?: Word;
  alias?: Word;
  platform?: InstructionFlag;
}

export function fromParts(context: RuleContext, instruction: Instruction): FromParts {
  const { words, flags } = wordsOf(context, instruction);
  const parts: FromParts = { platform: flags.find((flag) => flag.name.toLowerCase() === 'platform') };
  const plain = words.filter((word) => !word.value.startsWith('--'));
  if (plain[0]) parts.image = plain[0];
  if (plain.length >= 3 && plain[1].value.toLowerCase() === 'as') parts.alias = plain[2];
  return parts;
}

// ---- Shell commands: flags and arguments ----

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
  const args = command.args;
  for (let i = 0; i < args.length; i++) if (carriesFlag(args[i], flag)) return true;
  return false;
}

export function hasAnyFlag(command: ShellCommand, flags: readonly string[]): boolean {
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    for (let j = 0; j < flags.length; j++) if (carriesFlag(args[i], flags[j])) return true;
  }
  return false;
}

/** flagNames(word).includes(flag), without the arrays: asked of every word of every command. */
function carriesFlag(word: string, flag: string): boolean {
  if (word === '-' || word === '--' || !word.startsWith('-')) return false;
  if (word.startsWith('--')) {
    if (flag.includes('=') || !word.startsWith(flag, 2)) return false;
    return word.length === flag.length + 2 || word[flag.length + 2] === '=';
  }
  return flag.length === 1 && word.indexOf(flag, 1) !== -1;
}

export function hasArg(command: ShellCommand, arg: string): boolean {
  return command.args.includes(arg);
}

/** The command is `name` and one of its arguments is one of `args` (hadolint's cmdHasArgs). */
export function cmdHasArgs(command: ShellCommand, name: string, args: readonly string[]): boolean {
  if (command.name !== name) return false;
  // A loop: the closure of .some() was 0.6 MB a lint (every command of every RUN, for ten rules).
  for (let i = 0; i < command.args.length; i++) if (args.includes(command.args[i])) return true;
  return false;
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
  const runs = context.instructionsOf('RUN', 'ONBUILD');
  for (let i = 0; i < runs.length; i++) {
    const commands = context.shell(runs[i]).commands;
    for (let j = 0; j < commands.length; j++) found.push({ instruction: runs[i], command: commands[j] });
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
  const runs = context.instructionsOf('RUN', 'ONBUILD');
  for (let i = 0; i < runs.length; i++) {
    const shell = context.shell(runs[i]);
    if (shell.commands.length > 0) found.push({ instruction: runs[i], shell });
  }
  return found;
}

/** The first command of each RUN that `matches`, one finding range per instruction. */
export function firstPerRun(context: RuleContext, matches: (command: ShellCommand) => Range | undefined): Range[] {
  const ranges: Range[] = [];
  // Indexed loops: two dozen rules call this, and under --max-opt=1 every for-of step allocates.
  const runs = runShells(context);
  for (let i = 0; i < runs.length; i++) {
    const commands = runs[i].shell.commands;
    for (let j = 0; j < commands.length; j++) {
      const range = matches(commands[j]);
      if (range) {
        ranges.push(range);
        break;
      }
    }
  }
  return ranges;
}

/** An edit adding `words` right after argument `argIndex`, written for the RUN's form (shell text or JSON array). */
export function insertAfterArg(
  shell: ParsedShell, command: ShellCommand, argIndex: number, words: readonly string[],
): TextEdit {
  const at = command.argRanges[argIndex].end;
  const newText = shell.form === 'exec' ? words.map((word) => `, ${JSON.stringify(word)}`).join('') : words.map((word) => ` ${word}`).join('');
  return { range: { start: at, end: at }, newText };
}

/** A word to insert into a RUN, written for its form: ` -y` in shell form, `, "-y"` in exec form. */
export function addedWord(shell: ParsedShell, word: string): string {
  return shell.form === 'exec' ? `, ${JSON.stringify(word)}` : ` ${word}`;
}

export interface PropertyLike {
  getName(): string;
  getValue(): string | null;
  getRange(): Range;
  getNameRange(): Range;
  getValueRange(): Range | null;
  getAssignmentOperator(): string | null;
}

/** ARG/ENV/LABEL name-value pairs as dockerfile-ast parses them. */
export function argProperties(instruction: Instruction): PropertyLike[] {
  const withProperties = instruction as unknown as { getProperties?(): PropertyLike[] };
  return withProperties.getProperties?.() ?? [];
}

/** The flag `--name` of an instruction (FROM, COPY, RUN...), as dockerfile-ast parses it. */
export interface FlagLike {
  getName(): string;
  getValue(): string | null;
  getRange(): Range;
  getNameRange(): Range;
  getValueRange(): Range | null;
}
export function astFlagsOf(instruction: Instruction): FlagLike[] {
  const withFlags = instruction as unknown as { getFlags?(): FlagLike[]; getTriggerInstruction?(): Instruction | null };
  if (withFlags.getFlags) return withFlags.getFlags();
  const trigger = withFlags.getTriggerInstruction?.();
  return trigger ? astFlagsOf(trigger) : [];
}
export function flagOf(instruction: Instruction, name: string): FlagLike | undefined {
  return astFlagsOf(instruction).find((flag) => flag.getName().toLowerCase() === name);
}

export function isLowerOrUpper(word: string): boolean {
  return word === word.toLowerCase() || word === word.toUpperCase();
}

const NON_BLANKS = /\S*/y;

/**
 * The image word of a FROM (`node:${VERSION}`), its range and text. dockerfile-ast may split a word
 * around `${...}`, so the word is read from the text: from the first argument to the next blank.
 */
export function imageWord(context: RuleContext, from: Instruction): { range: Range; value: string } | undefined {
  const first = from.getArguments()[0];
  if (!first) return undefined;
  const start = offsetOf(context, first.getRange().start);
  const limit = offsetOf(context, from.getRange().end);
  // One match of the run of non-blanks: a test per character was 2 us a FROM.
  NON_BLANKS.lastIndex = start;
  const end = Math.max(start, Math.min(start + (NON_BLANKS.exec(context.text)?.[0].length ?? 0), limit));
  return { range: rangeOfOffsets(context, start, end), value: context.text.slice(start, end) };
}

/** Each argument of every `keyword` instruction, in order (the ports of EXPOSE...). */
export function argumentsOf(context: RuleContext, keyword: string): Argument[] {
  return context.instructionsOf(keyword).flatMap((instruction) => instruction.getArguments());
}

/** The name-value pairs of every ARG and ENV, with the keyword that declares them. */
export function argAndEnvProperties(context: RuleContext): Array<{ keyword: 'ARG' | 'ENV'; property: PropertyLike }> {
  const found: Array<{ keyword: 'ARG' | 'ENV'; property: PropertyLike }> = [];
  const declaring = context.instructionsOf('ARG', 'ENV');
  for (let i = 0; i < declaring.length; i++) {
    const keyword = declaring[i].getKeyword() as 'ARG' | 'ENV';
    const properties = argProperties(declaring[i]);
    for (let j = 0; j < properties.length; j++) found.push({ keyword, property: properties[j] });
  }
  return found;
}
