// Helpers the Compose rules share: positions of YAML nodes, reading a mapping (merge keys `<<`
// seen through, one level, never expanding aliases recursively: an alias bomb costs nothing here),
// and the edits fixes make (keys inserted at the end of a block mapping with its indentation).
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Position, Range, TextEdit } from '../../dockerfile';
import type { ComposeRuleContext, ServiceNode } from './rule';

/** Offsets <-> line/character for one text; `\r\n`, `\r` and `\n` end a line. */
export class LineIndex {
  readonly lineStarts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) this.lineStarts.push(i + 1);
    }
  }
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= o) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: o - this.lineStarts[low] };
  }
  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    return Math.min(this.lineStarts[position.line] + position.character, this.text.length);
  }
  /** The offset of the end of the line holding `offset` (before its line break). */
  lineEnd(offset: number): number {
    const line = this.positionAt(offset).line;
    return this.lineStarts[line] + this.lineText(line).length;
  }
  lineText(line: number): string {
    const start = this.lineStarts[line] ?? this.text.length;
    const next = this.lineStarts[line + 1] ?? this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}

type Ranged = { range?: [number, number, number] | null };

/** Where a node is written; the start of the text when it has no position. */
export function rangeOf(context: ComposeRuleContext, node: unknown): Range {
  const range = (node as Ranged | null | undefined)?.range;
  if (!range) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { start: context.index.positionAt(range[0]), end: context.index.positionAt(range[1]) };
}

/** Where a key is written (the finding goes on `image:`, not on the whole block). */
export function keyRange(context: ComposeRuleContext, pair: Pair): Range {
  return rangeOf(context, pair.key);
}

/** A node's alias resolved once (`*defaults` -> the anchored node); never recursively. */
export function deref(document: Document, node: unknown): unknown {
  if (isAlias(node)) {
    try {
      return node.resolve(document);
    } catch {
      return undefined;
    }
  }
  return node;
}

export const keyName = (pair: Pair): string => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key ?? ''));

/** A mapping's pairs as Compose reads them: its own, then those merged in by `<<` (own keys win). */
export function pairsOf(document: Document, map: YAMLMap, depth = 0): Pair[] {
  const own: Pair[] = [];
  const merged: Pair[] = [];
  for (const item of map.items) {
    if (!isPair(item)) continue;
    if (keyName(item) === '<<' && depth < 3) {
      const value = deref(document, item.value);
      const sources = isSeq(value) ? value.items.map((entry) => deref(document, entry)) : [value];
      for (const source of sources) if (isMap(source)) merged.push(...pairsOf(document, source, depth + 1));
      continue;
    }
    own.push(item);
  }
  if (merged.length === 0) return own;
  const names = new Set(own.map(keyName));
  return [...own, ...merged.filter((pair) => !names.has(keyName(pair)))];
}

export function pairIn(document: Document, map: YAMLMap | undefined, key: string): Pair | undefined {
  if (!map) return undefined;
  // The mapping's own pairs come first in pairsOf: look there without building the list; only a
  // mapping with a `<<` and no own `key` needs the merged view.
  let merges = false;
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const name = keyName(item);
    if (name === '<<') merges = true;
    else if (name === key) return item;
  }
  return merges ? pairsOf(document, map).find((pair) => keyName(pair) === key) : undefined;
}

/** The value under `key` (aliases resolved once). */
export function valueIn(document: Document, map: YAMLMap | undefined, key: string): unknown {
  const pair = pairIn(document, map, key);
  return pair ? deref(document, pair.value) : undefined;
}

export function mapIn(document: Document, map: YAMLMap | undefined, key: string): YAMLMap | undefined {
  const value = valueIn(document, map, key);
  return isMap(value) ? value : undefined;
}

/** A value along a path of keys: `at(doc, service, 'deploy', 'resources', 'limits', 'memory')`. */
export function at(document: Document, map: YAMLMap | undefined, ...path: string[]): unknown {
  let node: unknown = map;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    node = valueIn(document, node, key);
  }
  return node;
}

/** A scalar's value (string, number, boolean, null); undefined for anything else. */
export function scalar(node: unknown): string | number | boolean | null | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

export const scalarText = (node: unknown): string | undefined => {
  const value = scalar(node);
  return value === undefined || value === null ? undefined : String(value);
};

/** Strings of a list, or of a mapping's `KEY=value` / `KEY: value` form (environment, labels). */
export interface Entry {
  key: string;
  value?: string;
  node: Node;
  valueNode?: unknown;
}

export function entriesOf(document: Document, node: unknown): Entry[] {
  const out: Entry[] = [];
  if (isMap(node)) {
    for (const pair of pairsOf(document, node)) {
      const value = scalarText(deref(document, pair.value));
      out.push({ key: keyName(pair), value, node: pair.key as Node, valueNode: pair.value });
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const text = scalarText(deref(document, item));
      if (text === undefined) continue;
      const eq = text.indexOf('=');
      const key = eq < 0 ? text : text.slice(0, eq);
      out.push({ key, value: eq < 0 ? undefined : text.slice(eq + 1), node: item as Node, valueNode: item });
    }
  }
  return out;
}

/** Each service under `services:`. */
export function servicesOf(document: Document, root: YAMLMap | undefined): ServiceNode[] {
  const services = mapIn(document, root, 'services');
  if (!services) return [];
  return pairsOf(document, services).map((pair) => {
    const value = deref(document, pair.value);
    return { name: keyName(pair), pair, map: isMap(value) ? value : undefined };
  });
}

// ---- Edits ----

/** True for a block mapping written in this file (fixes never edit flow `{...}` maps or aliases). */
function isBlockMap(map: unknown): map is YAMLMap {
  if (!isMap(map) || map.flow || !map.range || map.items.length === 0) return false;
  return map.items.every((item) => isPair(item) && !!(item.key as Ranged)?.range);
}

/** The column keys of a block mapping start at. */
function indentOf(context: ComposeRuleContext, map: YAMLMap): number {
  const first = map.items[0] as Pair;
  return context.index.positionAt((first.key as Ranged).range![0]).character;
}

/** The indentation step the file uses (2 unless the services are indented otherwise). */
export function indentStep(context: ComposeRuleContext): number {
  const service = context.services.find((s) => isBlockMap(s.map));
  if (service?.map) {
    const outer = context.index.positionAt((service.pair.key as Ranged).range?.[0] ?? 0).character;
    const step = indentOf(context, service.map) - outer;
    if (step > 0 && step <= 8) return step;
  }
  return 2;
}

/** A value tree to write: strings are written as given (the caller quotes), objects nest. */
export interface YamlTree {
  [key: string]: string | YamlTree;
}

function render(tree: YamlTree, indent: number, step: number): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') lines.push(`${' '.repeat(indent)}${key}: ${value}`);
    else lines.push(`${' '.repeat(indent)}${key}:`, ...render(value, indent + step, step));
  }
  return lines;
}

/**
 * Edits that write `tree` into a block mapping, going down into the mappings that already exist
 * (`deploy:` present, `resources:` not) and adding the rest at the end of each. Undefined when a key
 * on the way holds something else (a scalar, a flow map, an alias): no fix rather than a guess.
 */
export function setIn(context: ComposeRuleContext, map: YAMLMap | undefined, tree: YamlTree): TextEdit[] | undefined {
  if (!isBlockMap(map)) return undefined;
  const step = indentStep(context);
  const indent = indentOf(context, map);
  const edits: TextEdit[] = [];
  const added: YamlTree = {};
  for (const [key, value] of Object.entries(tree)) {
    // Own keys only: a key merged in by `<<` is not in this block.
    const pair = map.items.find((item): item is Pair => isPair(item) && keyName(item) === key);
    if (!pair) {
      added[key] = value;
      continue;
    }
    if (typeof value === 'string') return undefined;
    const inner = setIn(context, pair.value as YAMLMap, value);
    if (!inner) return undefined;
    edits.push(...inner);
  }
  if (Object.keys(added).length > 0) {
    const end = context.index.lineEnd(Math.max(0, (map.range as [number, number, number])[1] - 1));
    const at = context.index.positionAt(end);
    edits.push({ range: { start: at, end: at }, newText: `\n${render(added, indent, step).join('\n')}` });
  }
  return edits;
}

/** The edit that deletes the whole lines of a pair (key, value and its block). */
export function deletePair(context: ComposeRuleContext, pair: Pair): TextEdit | undefined {
  const keyStart = (pair.key as Ranged)?.range?.[0];
  const valueEnd = (pair.value as Ranged)?.range?.[1] ?? (pair.key as Ranged)?.range?.[1];
  if (keyStart === undefined || valueEnd === undefined) return undefined;
  const start = context.index.positionAt(keyStart);
  if (context.index.lineText(start.line).slice(0, start.character).trim() !== '') return undefined;
  const endLine = context.index.positionAt(Math.max(keyStart, valueEnd - 1)).line;
  return {
    range: { start: { line: start.line, character: 0 }, end: { line: endLine + 1, character: 0 } },
    newText: '',
  };
}

/** Services' names that appear as keys in `depends_on` (list or mapping form). */
export interface Dependency {
  name: string;
  node: Node;
  longForm?: YAMLMap;
}

export function dependencies(document: Document, service: YAMLMap | undefined): Dependency[] {
  const node = valueIn(document, service, 'depends_on');
  if (isSeq(node)) {
    return node.items.flatMap((item) => {
      const name = scalarText(deref(document, item));
      return name === undefined ? [] : [{ name, node: item as Node }];
    });
  }
  if (isMap(node)) {
    return pairsOf(document, node).map((pair) => {
      const value = deref(document, pair.value);
      return { name: keyName(pair), node: pair.key as Node, longForm: isMap(value) ? value : undefined };
    });
  }
  return [];
}

/** A service has a health check: its own (not disabled), or, unknowable here, one from its image. */
export function hasHealthcheck(document: Document, service: YAMLMap | undefined): boolean {
  const health = mapIn(document, service, 'healthcheck');
  if (!health) return false;
  if (scalar(valueIn(document, health, 'disable')) === true) return false;
  const test = valueIn(document, health, 'test');
  if (isSeq(test) && scalarText(test.items[0]) === 'NONE') return false;
  return test !== undefined;
}
