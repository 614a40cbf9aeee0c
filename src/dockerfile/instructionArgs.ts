// The words of an instruction as Docker reads them: exec-form JSON arrays decoded, heredoc bodies
// left out, flags (`--from=build`) apart. Shared by rules so each reads COPY, FROM and RUN the same way.
import type { Argument, Instruction } from 'dockerfile-ast';
import type { Range } from './types';
import type { RuleContext } from './rule';
import type { LintContext } from './context';
import { execFormWords } from './context';
import { joinContinuations } from './shell';
import { TextIndex } from './textIndex';

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

interface FlagLike {
  getName(): string;
  getValue(): string | null;
  getRange(): Range;
}
interface HeredocLike {
  getContentRange(): Range | null;
}

const indexCache = new WeakMap<object, TextIndex>();
function indexOf(context: RuleContext): TextIndex {
  const own = (context as Partial<LintContext>).index;
  if (own) return own;
  let index = indexCache.get(context);
  if (!index) {
    index = new TextIndex(context.text);
    indexCache.set(context, index);
  }
  return index;
}

/** The flags of an instruction that has them (FROM, RUN, COPY, ADD, HEALTHCHECK). */
export function flagsOf(instruction: Instruction): InstructionFlag[] {
  const withFlags = instruction as unknown as { getFlags?(): FlagLike[] };
  return (withFlags.getFlags?.() ?? []).map((flag) => ({
    name: flag.getName(),
    value: flag.getValue() ?? undefined,
    range: flag.getRange(),
  }));
}

export function flagValue(instruction: Instruction, name: string): string | undefined {
  return flagsOf(instruction).find((flag) => flag.name.toLowerCase() === name)?.value;
}

/** Targets of `RUN --mount=type=cache,target=/x` mounts. */
export function cacheMountTargets(instruction: Instruction): string[] {
  const targets: string[] = [];
  for (const flag of flagsOf(instruction)) {
    if (flag.name.toLowerCase() !== 'mount' || !flag.value) continue;
    const options = new Map<string, string>();
    for (const pair of flag.value.split(',')) {
      const [key, value = ''] = pair.split('=', 2);
      options.set(key.trim().toLowerCase(), value.trim());
    }
    if (options.get('type') !== 'cache') continue;
    const target = options.get('target') ?? options.get('dst') ?? options.get('destination');
    if (target) targets.push(target.replace(/^["']|["']$/g, ''));
  }
  return targets;
}

/** The instruction's words after its flags, without heredoc bodies, exec-form JSON decoded. */
const wordsCache = new WeakMap<Instruction, InstructionWords>();
export function wordsOf(context: RuleContext, instruction: Instruction): InstructionWords {
  // Instructions belong to one lint's parse, so the instruction alone is a safe cache key.
  let words = wordsCache.get(instruction);
  if (!words) {
    words = computeWords(context, instruction);
    wordsCache.set(instruction, words);
  }
  return words;
}

/**
 * The instruction's arguments without the words of its heredoc bodies: in `COPY <<EOF /etc/x`
 * the destination is `/etc/x`, not the body's last word (dockerfile-ast lists both).
 */
export function argumentsOutsideHeredocs(instruction: Instruction): Argument[] {
  const heredocs = (instruction as unknown as { getHeredocs?(): HeredocLike[] }).getHeredocs?.() ?? [];
  const bodyStart = heredocs.map((heredoc) => heredoc.getContentRange()?.start.line).find((line) => line !== undefined);
  const args = instruction.getArguments();
  return bodyStart === undefined ? args : args.filter((argument) => argument.getRange().start.line < bodyStart);
}

function computeWords(context: RuleContext, instruction: Instruction): InstructionWords {
  const flags = flagsOf(instruction);
  const args = argumentsOutsideHeredocs(instruction);
  if (args.length > 0 && args[0].getValue().startsWith('[')) {
    const index = indexOf(context);
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
        words.push({ value, range: index.rangeOf(joined.offsets[open], joined.offsets[Math.min(close, joined.script.length - 1)] + 1) });
        at = close + 1;
      }
      return { flags, words, json: true };
    }
  }
  // The text as written (dockerfile-ast's values drop backslashes: `C:\\app` would read `C:app`),
  // with any line continuation inside a word removed.
  const index = indexOf(context);
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

/** `registry/name:tag@digest`, split the way Docker reads an image reference. */
export interface ImageRef {
  registry?: string;
  /** The repository path without registry, tag or digest (`library/node` stays `node` if written so). */
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(reference: string): ImageRef {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon !== -1 && !rest.slice(colon).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { registry, name: rest, tag, digest };
}
