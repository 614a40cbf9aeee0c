// Incremental parse for linting as you type: a compose file written plainly (a block mapping at column
// 0; services in a block mapping at one indentation) is cut at its top-level keys and at each service,
// every piece is parsed by the `yaml` library on its own, and pieces are kept by their exact text (a
// bounded LRU), so after a small edit only the edited piece is parsed again. The pieces' nodes are
// moved to their absolute offsets and assembled into one Document the rules read as they read a full
// parse. Anything not plainly cut (aliases, directives, document markers, tabs or CRs, flow or odd
// top level, a piece with an error, a key written twice) returns undefined: the caller parses in full.
import { Document, isAlias, isMap, isPair, isSeq, parseDocument, YAMLMap, type Pair } from 'yaml';

type Range3 = [number, number, number];

interface Piece {
  /** The piece's pair, its ranges as they were shifted last (by `base`). */
  pair: Pair;
  base: number;
  /** Ranges relative to the parsed text: the wrapper's root map, and for a service its `s:` map. */
  outer: Range3;
  inner?: Range3;
  /** Assembly that last used it (one piece object cannot sit in two places of one document). */
  stamp: number;
}

const OPTIONS = { uniqueKeys: false, prettyErrors: false, strict: false } as const;
const KEY = /[A-Za-z0-9_][A-Za-z0-9_.-]*:(?= |\n|$)/y;
const MAX_ENTRIES = 4096;
const MAX_CHARS = 1_500_000;
const cache = new Map<string, Piece>();
let cachedChars = 0;
let stamp = 0;
let usedPieces = 0;
let parsedPieces = 0;

/** Pieces the last assembly used, and how many of them it parsed (not kept): for tests and the bench. */
export function lastChunkCounts(): { used: number; parsed: number } {
  return { used: usedPieces, parsed: parsedPieces };
}

/** Empties the piece cache (tests). */
export function clearChunkCache(): void {
  cache.clear();
  cachedChars = 0;
}

class Unchunkable extends Error {}

function shiftNode(node: unknown, delta: number): void {
  if (node === null || typeof node !== 'object') return;
  if (isAlias(node)) throw new Unchunkable();
  const ranged = node as { range?: Range3 | null };
  if (ranged.range) {
    const r = ranged.range;
    r[0] += delta;
    r[1] += delta;
    r[2] += delta;
  }
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        shiftNode(item.key, delta);
        shiftNode(item.value, delta);
      } else {
        shiftNode(item, delta);
      }
    }
  }
}

/**
 * One piece: `prefix + text + suffix` parsed, the pair wanted taken out. `service` pieces are parsed
 * under an `s:` key so they sit at the depth they have in the file.
 */
function piece(text: string, start: number, prefix: string, suffix: string, service: boolean): Piece {
  const cacheKey = `${service ? 's' : 't'}${suffix.length}\u0000${text}`;
  let found = cache.get(cacheKey);
  if (found && found.stamp === stamp) found = undefined; // the same text twice in one file: parse again
  else if (found) {
    cache.delete(cacheKey);
    cache.set(cacheKey, found);
  }
  if (!found) {
    parsedPieces++;
    const document = parseDocument(prefix + text + suffix, OPTIONS);
    if (document.errors.length > 0 || !isMap(document.contents)) throw new Unchunkable();
    const root = document.contents;
    let pair: unknown;
    let inner: Range3 | undefined;
    if (!service) {
      if (root.items.length !== (suffix ? 2 : 1)) throw new Unchunkable();
      pair = root.items[0];
    } else {
      const sPair = root.items[0];
      const map = isPair(sPair) ? sPair.value : undefined;
      if (root.items.length !== (suffix === 'x:\n' ? 2 : 1) || !isMap(map) || map.flow || !map.range) throw new Unchunkable();
      if (map.items.length !== (suffix && suffix !== 'x:\n' ? 2 : 1)) throw new Unchunkable();
      pair = map.items[0];
      inner = [...map.range] as Range3;
    }
    if (!isPair(pair) || !root.range) throw new Unchunkable();
    shiftNode(pair.key, 0); // finds aliases
    shiftNode(pair.value, 0);
    found = { pair, base: 0, outer: [...root.range] as Range3, inner, stamp: 0 };
    if (cache.get(cacheKey) === undefined) {
      cache.set(cacheKey, found);
      cachedChars += cacheKey.length;
      for (const [key] of cache) {
        if (cache.size <= MAX_ENTRIES && cachedChars <= MAX_CHARS) break;
        cache.delete(key);
        cachedChars -= key.length;
      }
    }
  }
  found.stamp = stamp;
  usedPieces++;
  const base = start - prefix.length;
  if (found.base !== base) {
    shiftNode(found.pair.key, base - found.base);
    shiftNode(found.pair.value, base - found.base);
    found.base = base;
  }
  return found;
}

/** Line starts of the keys written at `indent` in [from, to); undefined when the block is not plain. */
function keyLines(text: string, from: number, to: number, indent: number): number[] | undefined {
  const starts: number[] = [];
  for (let line = from; line < to;) {
    let next = text.indexOf('\n', line);
    next = next < 0 || next >= to ? to : next + 1;
    let column = line;
    while (column < next && text.charCodeAt(column) === 32) column++;
    const c = text[column];
    if (column === next || c === '\n' || c === '#') {
      line = next;
      continue;
    }
    const at = column - line;
    if (at < indent) return undefined;
    if (at === indent) {
      KEY.lastIndex = column;
      if (!KEY.test(text)) return undefined;
      starts.push(line);
    } else if (starts.length === 0) {
      return undefined;
    }
    line = next;
  }
  return starts;
}

function nameAt(text: string, line: number): string {
  let start = line;
  while (text.charCodeAt(start) === 32) start++;
  return text.slice(start, text.indexOf(':', start));
}

/** The Document of `text` assembled from pieces, or undefined: parse it in full. */
export function parseChunked(text: string): Document | undefined {
  if (text.length === 0 || text.charCodeAt(0) === 0xfeff || text.includes('\r') || text.includes('\t')) return undefined;
  stamp++;
  usedPieces = 0;
  parsedPieces = 0;
  try {
    return assemble(text);
  } catch (error) {
    if (error instanceof Unchunkable) return undefined;
    throw error;
  }
}

function assemble(text: string): Document | undefined {
  const starts = keyLines(text, 0, text.length, 0);
  if (!starts || starts.length === 0) return undefined;
  // Leading comments go with the first piece; a piece runs to the next key written at column 0.
  starts[0] = 0;
  const names = new Set<string>();
  const document = new Document();
  const root = new YAMLMap(document.schema);
  let rootRange: Range3 | undefined;
  let firstKey = 0;
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k];
    const end = k + 1 < starts.length ? starts[k + 1] : text.length;
    const last = end === text.length;
    let keyLine = start;
    while (isBlankOrComment(text, keyLine)) keyLine = nextLine(text, keyLine, end);
    if (k === 0) firstKey = keyLine;
    const name = nameAt(text, keyLine);
    if (names.has(name)) return undefined;
    names.add(name);
    let pair: Pair | undefined;
    let outer: Range3 | undefined;
    let base = 0;
    const header = name === 'services' ? /services: *\n/y : undefined;
    if (header) header.lastIndex = keyLine;
    if (header && header.test(text)) {
      const body = header.lastIndex;
      // the indentation of the first service
      let first = body;
      while (first < end && isBlankOrComment(text, first)) first = nextLine(text, first, end);
      let column = first;
      while (column < end && text.charCodeAt(column) === 32) column++;
      const indent = column - first;
      const services = indent > 0 && first < end ? keyLines(text, first, end, indent) : undefined;
      if (services && services.length > 0) {
        const key = parseDocument('services:\n', OPTIONS).contents as YAMLMap;
        pair = key.items[0] as Pair;
        shiftNode(pair.key, keyLine);
        const map = new YAMLMap(document.schema);
        const serviceNames = new Set<string>();
        let inner: Range3 | undefined;
        for (let s = 0; s < services.length; s++) {
          const from = services[s];
          const to = s + 1 < services.length ? services[s + 1] : end;
          const suffix = s + 1 < services.length ? `${' '.repeat(indent)}x:\n` : last ? '' : 'x:\n';
          const got = piece(text.slice(from, to), from, 's:\n', suffix, true);
          const serviceName = nameAt(text, from);
          if (serviceNames.has(serviceName)) return undefined;
          serviceNames.add(serviceName);
          map.items.push(got.pair);
          if (s + 1 === services.length) {
            inner = got.inner;
            base = got.base;
            outer = got.outer;
          }
        }
        const firstKey = (map.items[0].key as { range?: Range3 }).range;
        if (!inner || !firstKey || !outer) return undefined;
        map.range = [firstKey[0], inner[1] + base, inner[2] + base];
        pair.value = map;
      }
    }
    if (!pair) {
      const got = piece(text.slice(start, end), start, '', last ? '' : 'x:\n', false);
      pair = got.pair;
      outer = got.outer;
      base = got.base;
    }
    if (!outer) return undefined;
    if (last) rootRange = [firstKey, outer[1] + base, outer[2] + base];
    root.items.push(pair);
  }
  if (!rootRange) return undefined;
  root.range = rootRange;
  document.contents = root;
  return document;
}

function isBlankOrComment(text: string, line: number): boolean {
  let column = line;
  while (text.charCodeAt(column) === 32) column++;
  return column >= text.length || text[column] === '\n' || text[column] === '#';
}

function nextLine(text: string, line: number, end: number): number {
  const next = text.indexOf('\n', line);
  return next < 0 || next >= end ? end : next + 1;
}
