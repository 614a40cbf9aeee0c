// Helpers shared by the BuildKit checks: text positions, BuildKit's word expansion (which `$NAME`s
// an instruction looks up), stage ancestry and its "did you mean" suggestion. Read from
// moby/buildkit's dockerfile2llb and shell lexer; written here for dockerfile-ast's model.
import type { Instruction } from 'dockerfile-ast';
import type { RuleContext, Stage } from '../../rule';
import type { Position, Range, TextEdit } from '../../types';

/** Line starts of the context's text, computed once per lint. */
const lineStartsMemo = new WeakMap<RuleContext, number[]>();
function lineStarts(context: RuleContext): number[] {
  let starts = lineStartsMemo.get(context);
  if (!starts) {
    starts = [0];
    const text = context.text;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    lineStartsMemo.set(context, starts);
  }
  return starts;
}

export function offsetOf(context: RuleContext, position: Position): number {
  const starts = lineStarts(context);
  if (position.line >= starts.length) return context.text.length;
  if (position.line < 0) return 0;
  return Math.min(starts[position.line] + position.character, context.text.length);
}

export function positionOf(context: RuleContext, offset: number): Position {
  const starts = lineStarts(context);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - starts[low] };
}

export function rangeOfOffsets(context: RuleContext, start: number, end: number): Range {
  return { start: positionOf(context, start), end: positionOf(context, end) };
}

export function textOf(context: RuleContext, range: Range): string {
  return context.text.slice(offsetOf(context, range.start), offsetOf(context, range.end));
}

export function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

/** The whole lines of an instruction, line break included: what deleting it removes. */
export function wholeLines(context: RuleContext, instruction: Instruction): Range {
  const range = instruction.getRange();
  const starts = lineStarts(context);
  const endLine = range.end.line + 1;
  if (endLine < starts.length) return { start: { line: range.start.line, character: 0 }, end: { line: endLine, character: 0 } };
  return { start: { line: range.start.line, character: 0 }, end: positionOf(context, context.text.length) };
}

export function isLowerOrUpper(word: string): boolean {
  return word === word.toLowerCase() || word === word.toUpperCase();
}

/** Instructions from the first FROM on: BuildKit keeps the global ARGs before it apart. */
export function stageInstructions(context: RuleContext): Instruction[] {
  return context.stages.flatMap((stage) => stage.instructions);
}

/** Each stage's parent stage (`FROM <earlier stage name>`), computed once per lint. */
const parentsMemo = new WeakMap<RuleContext, Map<Stage, Stage | undefined>>();

/** The stage a `FROM <name>` builds on, when `name` is an earlier stage (BuildKit matches names case-insensitively). */
export function parentStage(context: RuleContext, stage: Stage): Stage | undefined {
  let parents = parentsMemo.get(context);
  if (!parents) {
    parents = new Map();
    const byName = new Map<string, Stage>();
    for (const candidate of context.stages) {
      parents.set(candidate, byName.get(candidate.baseImage.toLowerCase()));
      if (candidate.name) byName.set(candidate.name, candidate);
    }
    parentsMemo.set(context, parents);
  }
  return parents.get(stage);
}

/** The stage and the stages it builds on, nearest first (cycles cannot happen: a parent is always earlier). */
export function stageChain(context: RuleContext, stage: Stage): Stage[] {
  const chain: Stage[] = [stage];
  for (let parent = parentStage(context, stage); parent; parent = parentStage(context, parent)) chain.push(parent);
  return chain;
}

export function stageOf(context: RuleContext, instruction: Instruction): Stage | undefined {
  const line = instruction.getRange().start.line;
  let found: Stage | undefined;
  for (const stage of context.stages) {
    if (stage.from.getRange().start.line <= line) found = stage;
    else break;
  }
  return found;
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const previous = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

/** BuildKit's `suggest.Search`: the closest option under an edit distance of 3, none on an exact match. */
export function suggestName(value: string, options: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const option of options) {
    if (option === value) return undefined;
    // A cheap bound first: lengths differing by 3 or more cannot be closer than 3.
    if (Math.abs(option.length - value.length) >= bestDistance) continue;
    const distance = levenshtein(value, option);
    if (distance < bestDistance) {
      best = option;
      bestDistance = distance;
    }
  }
  return best;
}

/** One `$NAME` / `${NAME...}` that word expansion would look up. Offsets are into the scanned text. */
export interface VariableUse {
  name: string;
  start: number;
  end: number;
}

/**
 * The variables BuildKit's lexer looks up when it expands `text` as a word: `$NAME` and `${NAME}`
 * with any modifier (`${A:-$B}` looks up both), not inside single quotes, not after the escape character.
 */
export function variableUses(text: string, escapeChar: string): VariableUse[] {
  const uses: VariableUse[] = [];
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inSingle) {
      if (ch === "'") inSingle = false;
      continue;
    }
    if (ch === escapeChar) {
      i++;
      continue;
    }
    if (ch === "'" && !inDouble) {
      inSingle = true;
      continue;
    }
    if (ch === '"') {
      inDouble = !inDouble;
      continue;
    }
    if (ch !== '$') continue;
    const next = text[i + 1];
    if (next === '{') {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 2, i + 2 + 256));
      if (match) {
        uses.push({ name: match[0], start: i, end: i + 2 + match[0].length + (text[i + 2 + match[0].length] === '}' ? 1 : 0) });
        i += 1 + match[0].length;
      }
    } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1, i + 1 + 256));
      if (match) {
        uses.push({ name: match[0], start: i, end: i + 1 + match[0].length });
        i += match[0].length;
      }
    }
  }
  return uses;
}

/** The predefined platform ARGs of every build, with the values a linux/amd64 build gives them. */
export const PLATFORM_ARGS: Readonly<Record<string, string>> = {
  BUILDPLATFORM: 'linux/amd64',
  BUILDOS: 'linux',
  BUILDOSVERSION: '',
  BUILDARCH: 'amd64',
  BUILDVARIANT: '',
  TARGETPLATFORM: 'linux/amd64',
  TARGETOS: 'linux',
  TARGETOSVERSION: '',
  TARGETARCH: 'amd64',
  TARGETVARIANT: '',
  TARGETSTAGE: '',
};

/** ARG values declared before the first FROM (BuildKit's "meta args"): name -> default (undefined when none). */
const globalArgsMemo = new WeakMap<RuleContext, Map<string, string | undefined>>();
export function globalArgs(context: RuleContext): Map<string, string | undefined> {
  const known = globalArgsMemo.get(context);
  if (known) return known;
  const args = new Map<string, string | undefined>();
  globalArgsMemo.set(context, args);
  const firstFrom = context.stages[0]?.from.getRange().start.line ?? Infinity;
  for (const instruction of context.instructions) {
    if (instruction.getRange().start.line >= firstFrom) break;
    if (instruction.getKeyword() !== 'ARG') continue;
    for (const property of argProperties(instruction)) {
      const value = property.getValue();
      // Later defaults may refer to earlier ones (`ARG B=${A}-x`): expand with what is known so far.
      args.set(property.getName(), value === null ? undefined : expandWord(value, (name) => args.get(name) ?? PLATFORM_ARGS[name]));
    }
  }
  return args;
}

interface PropertyLike {
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

/**
 * A word after expansion, resolving `$NAME`, `${NAME}`, `${NAME:-x}` and `${NAME:+x}`; other
 * modifiers resolve to the plain value. Quotes are removed as the lexer does.
 */
export function expandWord(word: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    if (inSingle) {
      if (ch === "'") inSingle = false;
      else out += ch;
      continue;
    }
    if (ch === '\\' && i + 1 < word.length) {
      out += word[++i];
      continue;
    }
    if (ch === "'" && !inDouble) {
      inSingle = true;
      continue;
    }
    if (ch === '"') {
      inDouble = !inDouble;
      continue;
    }
    if (ch === '$') {
      if (word[i + 1] === '{') {
        const close = word.indexOf('}', i + 2);
        if (close === -1) {
          out += word.slice(i);
          break;
        }
        const inner = word.slice(i + 2, close);
        const match = /^([A-Za-z_][A-Za-z0-9_]*)(?::?([-+?])(.*))?/s.exec(inner);
        if (match) {
          const value = lookup(match[1]);
          const modifier = match[2];
          if (modifier === '-') out += value ? value : expandWord(match[3] ?? '', lookup);
          else if (modifier === '+') out += value ? expandWord(match[3] ?? '', lookup) : '';
          else out += value ?? '';
        }
        i = close;
        continue;
      }
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word.slice(i + 1));
      if (match) {
        out += lookup(match[0]) ?? '';
        i += match[0].length;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

/** The flag `--name` of an instruction (FROM, COPY, RUN...), as dockerfile-ast parses it. */
export interface FlagLike {
  getName(): string;
  getValue(): string | null;
  getRange(): Range;
  getNameRange(): Range;
  getValueRange(): Range | null;
}
export function flagsOf(instruction: Instruction): FlagLike[] {
  const withFlags = instruction as unknown as { getFlags?(): FlagLike[] };
  return withFlags.getFlags?.() ?? [];
}
export function flagOf(instruction: Instruction, name: string): FlagLike | undefined {
  return flagsOf(instruction).find((flag) => flag.getName().toLowerCase() === name);
}

/**
 * Docker's image reference grammar (distribution/reference), as `ParseNormalizedNamed` accepts it:
 * optional registry, lower-case path components, optional tag and digest.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);
export function isValidImageReference(reference: string): boolean {
  if (reference === '' || /^[a-f0-9]{64}$/.test(reference)) return false;
  if (!REFERENCE.test(reference)) return false;
  const name = reference.replace(/@.*$/, '').replace(/:[\w][\w.-]*$/, '');
  return name.length <= 255;
}

/** containerd's platform normalisation, enough to compare an OS and architecture. */
const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'illumos', 'ios', 'js', 'linux', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows']);
const ARCH_ALIASES: Readonly<Record<string, string>> = {
  amd64: 'amd64', x86_64: 'amd64', 'x86-64': 'amd64', i386: '386', '386': '386', arm64: 'arm64', aarch64: 'arm64',
  arm: 'arm', armhf: 'arm', armel: 'arm', ppc64le: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', mips64le: 'mips64le',
  mips64: 'mips64', mipsle: 'mipsle', mips: 'mips', loong64: 'loong64', ppc64: 'ppc64', wasm: 'wasm',
};
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}
export function parsePlatform(value: string): Platform | undefined {
  const parts = value.toLowerCase().split('/');
  if (parts.length > 3 || parts.some((part) => part === '' || !/^[a-z0-9_.-]+$/.test(part))) return undefined;
  if (parts.length === 1) {
    if (KNOWN_OS.has(parts[0])) return { os: parts[0], architecture: 'amd64' };
    const architecture = ARCH_ALIASES[parts[0]];
    return architecture ? { os: 'linux', architecture } : undefined;
  }
  const os = parts[0] === 'macos' ? 'darwin' : parts[0];
  const architecture = ARCH_ALIASES[parts[1]];
  if (!KNOWN_OS.has(os) || !architecture) return undefined;
  const variant = parts[2];
  return variant ? { os, architecture, variant } : { os, architecture };
}
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/**
 * The image word of a FROM (`node:${VERSION}`), its range and text. dockerfile-ast may split a word
 * around `${...}`, so the word is read from the text: from the first argument to the next blank.
 */
export function imageWord(context: RuleContext, from: Instruction): { range: Range; value: string } | undefined {
  const first = from.getArguments()[0];
  if (!first) return undefined;
  const start = offsetOf(context, first.getRange().start);
  const limit = offsetOf(context, from.getRange().end);
  let end = start;
  while (end < limit && !/\s/.test(context.text[end])) end++;
  return { range: rangeOfOffsets(context, start, end), value: context.text.slice(start, end) };
}
