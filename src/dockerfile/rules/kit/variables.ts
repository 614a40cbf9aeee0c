// BuildKit's word expansion: which `$NAME`s an instruction looks up, the global ARGs before the
// first FROM, the predefined platform ARGs, and the "did you mean" suggestion for a misspelt name.
// Read from moby/buildkit's dockerfile2llb and shell lexer; written here for dockerfile-ast's model.
import type { RuleContext } from '../../rule';
import { argProperties } from './words';

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

// Hoisted: a regular expression literal is a new object each time it is evaluated.
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const NAME_START = /[A-Za-z_]/;

/**
 * The variables BuildKit's lexer looks up when it expands `text` as a word: `$NAME` and `${NAME}`
 * with any modifier (`${A:-$B}` looks up both), not inside single quotes, not after the escape character.
 */
export function variableUses(text: string, escapeChar: string): VariableUse[] {
  const uses: VariableUse[] = [];
  // Most words use no variable: one search instead of a look at every character.
  if (!text.includes('$')) return uses;
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
      const match = VARIABLE_NAME.exec(text.slice(i + 2, i + 2 + 256));
      if (match) {
        uses.push({ name: match[0], start: i, end: i + 2 + match[0].length + (text[i + 2 + match[0].length] === '}' ? 1 : 0) });
        i += 1 + match[0].length;
      }
    } else if (next !== undefined && NAME_START.test(next)) {
      const match = VARIABLE_NAME.exec(text.slice(i + 1, i + 1 + 256));
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
  for (const instruction of context.instructionsOf('ARG')) {
    if (instruction.getRange().start.line >= firstFrom) break;
    for (const property of argProperties(instruction)) {
      const value = property.getValue();
      // Later defaults may refer to earlier ones (`ARG B=${A}-x`): expand with what is known so far.
      const known = (name: string): string | undefined => args.get(name) ?? PLATFORM_ARGS[name];
      args.set(property.getName(), value === null ? undefined : expandWord(value, known));
    }
  }
  return args;
}

/**
 * A word after expansion, resolving `$NAME`, `${NAME}`, `${NAME:-x}`, `${NAME-x}`, `${NAME:+x}` and
 * `${NAME+x}` (the colon matters, as in the shell: with it an empty value counts as unset); other
 * modifiers resolve to the plain value. `lookup` answers undefined for an unset name. Quotes are
 * removed as the lexer does.
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
        const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+?])(.*))?/s.exec(inner);
        if (match) {
          const value = lookup(match[1]);
          const set = match[2] === ':' ? value !== undefined && value !== '' : value !== undefined;
          const modifier = match[3];
          if (modifier === '-') out += set ? value : expandWord(match[4] ?? '', lookup);
          else if (modifier === '+') out += set ? expandWord(match[4] ?? '', lookup) : '';
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
