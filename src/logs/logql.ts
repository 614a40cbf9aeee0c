// LogQL line filters for people who know Loki: `|= "x"`, `!= "x"`, `|~ "re"`, `!~ "re"`, chained
// (all must hold), each with `or` alternatives (`|= "a" or "b"`). Ported from Loki's grammar
// (pkg/logql/syntax/syntax.y: lineFilters, lineFilter, orFilter) and lexer (lex.go, its Go
// text/scanner copy): strings are Go double-quoted literals (escapes \a \b \f \n \r \t \v \\ \",
// octal \NNN, \xHH, \uHHHH, \UHHHHHHHH; no newline inside) or backtick raw strings (no escapes);
// single quotes are not strings; `#` starts a comment to the end of the line. Loki's pattern filters
// (`|>`, `!>`), ip() and stream selectors have no meaning here and are refused with a message.

export type LineFilterOp = '|=' | '!=' | '|~' | '!~';

export interface LineFilter {
  op: LineFilterOp;
  /** The values (more than one with `or`): text for |= and !=, an RE2 pattern for |~ and !~. */
  values: string[];
}

export type LogQLParse = { ok: true; filters: LineFilter[] } | { ok: false; error: string; offset: number };

class LogQLError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };

/** A Go double-quoted literal starting at `start` (the quote): its value and the offset after it. */
function readQuoted(query: string, start: number): { value: string; end: number } {
  const bytes: number[] = [];
  const pushText = (text: string) => bytes.push(...Buffer.from(text, 'utf8'));
  let i = start + 1;
  while (i < query.length) {
    const ch = query[i];
    if (ch === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (ch === '\n') break;
    if (ch !== '\\') {
      const codePoint = query.codePointAt(i)!;
      pushText(String.fromCodePoint(codePoint));
      i += codePoint > 0xffff ? 2 : 1;
      continue;
    }
    const next = query[i + 1];
    if (next !== undefined && next in SIMPLE_ESCAPES) {
      pushText(SIMPLE_ESCAPES[next]);
      i += 2;
    } else if (next !== undefined && /[0-7]/.test(next)) {
      const digits = query.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(digits) || parseInt(digits, 8) > 255) throw new LogQLError(`invalid octal escape \\${digits}: use three octal digits up to \\377`, i);
      bytes.push(parseInt(digits, 8));
      i += 4;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const digits = query.slice(i + 2, i + 2 + length);
      if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digits)) throw new LogQLError(`invalid escape \\${next}${digits}: \\${next} takes ${length} hex digits`, i);
      const value = parseInt(digits, 16);
      if (next === 'x') bytes.push(value);
      else if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) throw new LogQLError(`invalid Unicode escape \\${next}${digits}`, i);
      else pushText(String.fromCodePoint(value));
      i += 2 + length;
    } else {
      throw new LogQLError(`unknown escape \\${next ?? ''} in a "..." string: use \\\\ for a backslash, or a \`raw\` string for patterns`, i);
    }
  }
  throw new LogQLError('string not terminated: close it with " on the same line', start);
}

/** Parses a chain of line filters; an empty query is an empty chain. */
export function parseLogQL(query: string): LogQLParse {
  const filters: LineFilter[] = [];
  let i = 0;
  const skipSpace = () => {
    for (;;) {
      while (i < query.length && /\s/.test(query[i])) i++;
      if (query[i] !== '#') return;
      while (i < query.length && query[i] !== '\n') i++;
    }
  };
  const readString = (): string => {
    skipSpace();
    const ch = query[i];
    if (ch === '"') {
      const { value, end } = readQuoted(query, i);
      i = end;
      return value;
    }
    if (ch === '`') {
      const end = query.indexOf('`', i + 1);
      if (end < 0) throw new LogQLError('raw string not terminated: close it with `', i);
      const value = query.slice(i + 1, end);
      i = end + 1;
      return value;
    }
    if (ch === "'") throw new LogQLError('single quotes are not strings in LogQL: use "..." or `...`', i);
    if (ch === undefined) throw new LogQLError('a string is missing at the end: e.g. |= "error"', i);
    if (query.startsWith('ip(', i)) throw new LogQLError('ip() line filters are not supported here', i);
    throw new LogQLError(`expected a string ("..." or \`...\`) at "${query.slice(i, i + 12)}"`, i);
  };
  try {
    for (;;) {
      skipSpace();
      if (i >= query.length) break;
      const op = query.slice(i, i + 2);
      if (op === '|=' || op === '!=' || op === '|~' || op === '!~') {
        i += 2;
        const values = [readString()];
        for (;;) {
          skipSpace();
          // `or` is a keyword when followed by a space or a string (Loki lexes it as an identifier).
          if (/^or(?=[\s"`]|$)/i.test(query.slice(i, i + 3))) {
            i += 2;
            values.push(readString());
          } else break;
        }
        if (op === '|~' || op === '!~') for (const value of values) compileRE2(value); // report bad patterns now
        filters.push({ op, values });
        continue;
      }
      if (op === '|>' || op === '!>') throw new LogQLError(`pattern filters (${op}) are not supported here: use |~ with a regular expression`, i);
      if (query[i] === '{') throw new LogQLError('a stream selector {...} is not needed here: choose services with the service filter, then add line filters like |= "error"', i);
      if (query[i] === '|') throw new LogQLError('only line filters are supported (|=, !=, |~, !~), not parsers or label filters', i);
      throw new LogQLError(`expected a line filter (|=, !=, |~ or !~) at "${query.slice(i, i + 12)}"`, i);
    }
  } catch (error) {
    if (error instanceof LogQLError) return { ok: false, error: `${error.message} (at character ${error.offset + 1})`, offset: error.offset };
    if (error instanceof SyntaxError) return { ok: false, error: error.message, offset: i };
    throw error;
  }
  return { ok: true, filters };
}

/**
 * An RE2 pattern (Loki's regex dialect) as a JavaScript RegExp: leading flag groups (?i) (?s) (?m)
 * become flags, (?P<name>...) becomes (?<name>...). Throws SyntaxError with the reason otherwise.
 */
export function compileRE2(pattern: string): RegExp {
  let flags = '';
  let body = pattern;
  const leading = /^\(\?([imsU]+)\)/.exec(body);
  if (leading) {
    if (leading[1].includes('U')) throw new SyntaxError(`the (?U) flag of "${pattern}" has no JavaScript equivalent`);
    flags = [...new Set(leading[1])].join('');
    body = body.slice(leading[0].length);
  }
  body = body.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(body, flags);
  } catch (error) {
    throw new SyntaxError(`invalid regular expression "${pattern}": ${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error)}`);
  }
}
