// Compose's variable interpolation (compose-spec "Interpolation"): $VAR, ${VAR}, ${VAR:-default},
// ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}, nested defaults, and $$
// for a literal $. Missing variables become "" with a warning, as Compose does.

export type VariableLookup = (name: string) => string | undefined;

export class InterpolationError extends Error {
  override name = 'InterpolationError';
}

/**
 * What interpolation may produce. `chars` is the text still allowed, shared by a whole file so many
 * references to one big variable cannot multiply it into gigabytes; `maxDepth` bounds ${...} nesting
 * (each level is a call: 20,000 levels overflowed the stack).
 */
export interface InterpolationBudget {
  chars: number;
  /** The whole allowance, for the message. */
  limitChars: number;
  maxDepth: number;
}

/** No text bound: for single strings whose size the caller already bounds. */
export const unboundedText = (): InterpolationBudget => ({ chars: Infinity, limitChars: Infinity, maxDepth: 32 });

const MIB = 1024 * 1024;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Interpolate one string. `warn` receives one line per unset variable used without a default. */
export function interpolate(
  text: string,
  lookup: VariableLookup,
  warn: (message: string) => void = () => {},
  budget: InterpolationBudget = unboundedText(),
): string {
  return interpolateAt(text, lookup, warn, budget, 0);
}

function interpolateAt(
  text: string,
  lookup: VariableLookup,
  warn: (message: string) => void,
  budget: InterpolationBudget,
  depth: number,
): string {
  if (!text.includes('$')) return text;
  if (depth > budget.maxDepth) {
    throw new InterpolationError(`\${...} is nested more than ${budget.maxDepth} deep in "${text.slice(0, 40)}…": use a few levels at most`);
  }
  const limit = budget.chars;
  const check = (length: number): void => {
    if (length > limit) {
      throw new InterpolationError(`it makes more than ${Math.round(budget.limitChars / MIB)} MiB of text once variables are substituted: that is not a compose file`);
    }
  };
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      const close = matchingBrace(text, i + 1);
      if (close < 0) throw new InterpolationError(`Invalid interpolation format in "${text}": a "\${" is not closed`);
      out += braced(text.slice(i + 2, close), lookup, warn, budget, depth);
      check(out.length);
      i = close + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let end = i + 1;
      while (end < text.length && NAME_CHAR.test(text[end])) end++;
      out += valueOf(text.slice(i + 1, end), lookup, warn);
      check(out.length);
      i = end;
    } else {
      // A lone `$` stays as written (Compose does the same for "$ " and a trailing "$").
      out += '$';
      i++;
    }
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function braced(
  body: string,
  lookup: VariableLookup,
  warn: (message: string) => void,
  budget: InterpolationBudget,
  depth: number,
): string {
  const interpolate = (text: string, lookup: VariableLookup, warn: (message: string) => void): string =>
    interpolateAt(text, lookup, warn, budget, depth + 1);
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!match) throw new InterpolationError(`Invalid interpolation format "\${${body}}": use \${NAME}, \${NAME:-default} or $$ for a literal $`);
  const [, name, operator, rest = ''] = match;
  const value = lookup(name);
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (operator) {
    case undefined:
      return valueOf(name, lookup, warn);
    case ':-':
      return nonEmpty ? value : interpolate(rest, lookup, warn);
    case '-':
      return set ? value : interpolate(rest, lookup, warn);
    case ':+':
      return nonEmpty ? interpolate(rest, lookup, warn) : '';
    case '+':
      return set ? interpolate(rest, lookup, warn) : '';
    case ':?':
    case '?':
      if (operator === ':?' ? nonEmpty : set) return value as string;
      throw new InterpolationError(`Required variable ${name} is missing a value: ${interpolate(rest, lookup, warn) || 'set it in the environment or .env'}`);
    default:
      return '';
  }
}

function valueOf(name: string, lookup: VariableLookup, warn: (message: string) => void): string {
  const value = lookup(name);
  if (value === undefined) {
    warn(`The "${name}" variable is not set. Defaulting to a blank string.`);
    return '';
  }
  return value;
}

/**
 * Interpolate every string value (not keys) of a parsed YAML tree, in place order. The budget's
 * `chars` shrinks by every substituted string, for the whole tree.
 */
export function interpolateTree(
  node: unknown,
  lookup: VariableLookup,
  warn: (message: string) => void,
  budget: InterpolationBudget = unboundedText(),
): unknown {
  if (typeof node === 'string') {
    if (!node.includes('$')) return node;
    const value = interpolate(node, lookup, warn, budget);
    budget.chars -= value.length;
    return value;
  }
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, lookup, warn, budget));
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      out[key] = interpolateTree(value, lookup, warn, budget);
    }
    return out;
  }
  return node;
}
