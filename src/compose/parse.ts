// One compose file's text -> a tree with positions (keys and values), its plain data, and the parse
// problems as diagnostics. Never throws: an editor parses whatever is being typed, and a cloned
// repository's file must not stall or exhaust the extension host, so every cost has a bound.
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Node as YamlNode } from 'yaml';
import { COMPOSE_LIMITS, count, yamlTooDeepAt } from './files';
import type {
  ComposeDiagnostic,
  ComposeDocument,
  ComposeEntry,
  ComposeMapNode,
  ComposeNode,
  ComposeScalarNode,
  ComposeSeqNode,
  Position,
  Span,
} from './types';

export const PARSE_LIMITS = {
  /** Text length (UTF-16 units) parsed at all: COMPOSE_LIMITS.maxFileBytes. A 10 MB file gets one diagnostic. */
  maxChars: COMPOSE_LIMITS.maxFileBytes,
  /** Values once aliases and merge keys are expanded: the alias-bomb bound. */
  maxValues: COMPOSE_LIMITS.maxValues,
  /** Alias nodes (`*name`) in one file. */
  maxAliases: COMPOSE_LIMITS.maxAliases,
  /** Nesting of mappings and lists. */
  maxDepth: COMPOSE_LIMITS.maxDepth,
  /** Diagnostics kept per file (a file of 100,000 tabs would otherwise make 100,000). */
  maxDiagnostics: 100,
} as const;

/** Offsets of each line's first character. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

class Lines {
  readonly starts: number[];
  constructor(private readonly text: string) {
    this.starts = lineStartsOf(text);
  }
  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: at - this.starts[low] };
  }
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const end = position.line + 1 < this.starts.length ? this.starts[position.line + 1] - 1 : this.text.length;
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }
  span(start: number, end: number): Span {
    const from = Math.max(0, Math.min(start, this.text.length));
    const to = Math.max(from, Math.min(end, this.text.length));
    return { start: from, end: to, range: { start: this.positionAt(from), end: this.positionAt(to) } };
  }
}

/** Parse one compose file's text. `file` (absolute path) is copied into the diagnostics. */
export function parseComposeText(text: string, file?: string): ComposeDocument {
  const lines = new Lines(text);
  const diagnostics: ComposeDiagnostic[] = [];
  // Messages say "This file": the editor shows them on the file, the CLI and the stats engine put the path in.
  const name = 'This file';
  const add = (code: string, message: string, span?: Span, severity: ComposeDiagnostic['severity'] = 'error'): void => {
    if (diagnostics.length >= PARSE_LIMITS.maxDiagnostics) return;
    diagnostics.push({ code, severity, message, ...(file ? { file } : {}), ...(span ? { span } : {}) });
  };
  const document = (root: ComposeNode | undefined, value: unknown): ComposeDocument => ({
    ...(file ? { file } : {}),
    text,
    ...(root ? { root } : {}),
    value,
    diagnostics,
    positionAt: (offset) => lines.positionAt(offset),
    offsetAt: (position) => lines.offsetAt(position),
  });

  if (text.length > PARSE_LIMITS.maxChars) {
    add('too-large', `${name} is ${mib(text.length)}: Stevedore reads compose files up to ${mib(PARSE_LIMITS.maxChars)}. Shorten or split it.`, lines.span(0, 0));
    return document(undefined, undefined);
  }
  // YAML forbids tabs in indentation; say so on the line, before the parser's more general message.
  for (let line = 0; line < lines.starts.length; line++) {
    const start = lines.starts[line];
    let at = start;
    while (text[at] === ' ') at++;
    if (text[at] === '\t') {
      add('tab-indent', `Line ${line + 1} is indented with a tab: YAML allows only spaces for indentation. Replace the tab with spaces.`, lines.span(at, at + 1));
    }
  }
  const deepAt = yamlTooDeepAt(text, PARSE_LIMITS.maxDepth);
  if (deepAt !== undefined) {
    add('too-deep', `${name} nests more than ${PARSE_LIMITS.maxDepth} levels deep (line ${deepAt}): compose files need far fewer. Fix the file.`, lines.span(lines.starts[deepAt - 1] ?? 0, lines.starts[deepAt - 1] ?? 0));
    return document(undefined, undefined);
  }

  // Merge keys (<<) are expanded by the walk below; duplicate keys are checked there in one pass
  // (yaml's own check is quadratic in a mapping's keys).
  const parsed = parseDocument(text, { merge: false, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  for (const error of parsed.errors) {
    const message = /Maximum call stack/i.test(error.message)
      ? `${name} nests too deeply for the YAML parser. Fix the file.`
      : `This file is not valid YAML (line ${lines.positionAt(error.pos[0]).line + 1}): ${error.message.split('\n')[0]}`;
    add('yaml-syntax', message, lines.span(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)));
  }

  const walker = new TreeWalker(lines, add);
  let root: ComposeNode | undefined;
  try {
    root = parsed.contents ? walker.node(parsed.contents as YamlNode, 0) : undefined;
  } catch (error) {
    if (!(error instanceof WalkStopped)) throw error;
    return document(undefined, undefined);
  }
  if (!root) return document(undefined, null);
  const size = walker.expandedSize(root);
  if (size > PARSE_LIMITS.maxValues) {
    add('alias-limit', ALIAS_BOMB(1), lines.span(root.span.start, root.span.start));
    return document(root, undefined);
  }
  if (root.kind !== 'map' && !(root.kind === 'scalar' && root.value === null)) {
    add('not-a-mapping', `${name} is not a compose file: its top level must be a mapping with "services".`, root.span);
  }
  return document(root, toPlain(root));
}

class WalkStopped extends Error {}

const ALIAS_BOMB = (line: number): string =>
  `This file expands to more than ${count(PARSE_LIMITS.maxValues)} values once its YAML aliases (*name) and merge keys (<<) ` +
  `are expanded (line ${line}): that is an alias bomb, not a compose file. Fix the file.`;

class TreeWalker {
  private readonly anchors = new Map<string, ComposeNode>();
  /** Nodes being walked: an alias to one of them is a cycle (`&a [*a]`). */
  private readonly open = new Set<ComposeNode>();
  private aliases = 0;
  private copied = 0;
  private readonly sizes = new Map<ComposeNode, number>();

  constructor(
    private readonly lines: Lines,
    private readonly add: (code: string, message: string, span?: Span) => void,
  ) {}

  private spanOf(node: YamlNode | null | undefined, fallback = 0): Span {
    const range = node?.range;
    return range ? this.lines.span(range[0], range[1]) : this.lines.span(fallback, fallback);
  }

  node(yaml: YamlNode | null | undefined, depth: number, fallback = 0): ComposeNode {
    if (yaml === null || yaml === undefined) return { kind: 'scalar', span: this.lines.span(fallback, fallback), value: null, style: 'plain' };
    if (depth > PARSE_LIMITS.maxDepth) {
      // The lexer's check (yamlTooDeepAt) misses some block layouts; the walk is the second guard.
      const span = this.spanOf(yaml);
      this.add('too-deep', `This file nests more than ${PARSE_LIMITS.maxDepth} levels deep (line ${span.range.start.line + 1}): compose files need far fewer. Fix the file.`, span);
      throw new WalkStopped();
    }
    if (isAlias(yaml)) {
      if (++this.aliases > PARSE_LIMITS.maxAliases) {
        this.add('alias-limit', `This file uses more than ${count(PARSE_LIMITS.maxAliases)} YAML aliases (*name): compose files need a few. Fix the file.`, this.spanOf(yaml));
        throw new WalkStopped();
      }
      const target = this.anchors.get(yaml.source);
      if (!target) {
        // yaml's parseDocument does not report it (only toJS would throw); Compose refuses the file.
        const span = this.spanOf(yaml);
        this.add('yaml-syntax', `The alias *${yaml.source.slice(0, 100)} names no anchor (&${yaml.source.slice(0, 100)}) written before it (line ${span.range.start.line + 1}). Fix the file.`, span);
        return { kind: 'scalar', span, value: null, style: 'plain' };
      }
      const span = this.spanOf(yaml);
      if (this.open.has(target)) {
        this.add('alias-limit', `This file uses the alias *${yaml.source.slice(0, 100)} inside the node it names (line ${span.range.start.line + 1}): that makes an endless structure. Fix the file.`, span);
        return { kind: 'scalar', span, value: null, style: 'plain' };
      }
      this.expand(target, span);
      return target;
    }
    let out: ComposeNode;
    if (isMap(yaml)) {
      const map: ComposeMapNode = { kind: 'map', span: this.spanOf(yaml), entries: [] };
      out = map;
      this.enter(yaml, out);
      const keys = new Map<string, ComposeEntry>();
      const merges: ComposeNode[] = [];
      for (const pair of yaml.items) {
        const keyNode = pair.key as YamlNode | null;
        const keyText = isScalar(keyNode) ? scalarKey(keyNode) : String(keyNode ?? '');
        const keySpan = this.spanOf(keyNode, map.span.start);
        if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === Scalar.PLAIN) {
          const value = this.node(pair.value as YamlNode, depth + 1, keySpan.end);
          if (value.kind === 'seq') merges.push(...value.items);
          else merges.push(value);
          continue;
        }
        if (!isScalar(keyNode)) {
          this.add('yaml-syntax', 'A mapping key here is not a plain value: compose files use plain keys.', keySpan);
        }
        const value = this.node(pair.value as YamlNode, depth + 1, keySpan.end);
        const previous = keys.get(keyText);
        if (previous) {
          this.add('duplicate-key', `The key "${keyText.slice(0, 100)}" is defined twice in the same mapping (first on line ${previous.keySpan.range.start.line + 1}). Remove one of them.`, keySpan);
          continue;
        }
        const entry: ComposeEntry = { key: keyText, keySpan, value, span: this.lines.span(keySpan.start, Math.max(keySpan.end, value.span.end)) };
        keys.set(keyText, entry);
        map.entries.push(entry);
      }
      // Merge keys: explicit keys win, then earlier merged maps over later ones (YAML merge type).
      for (const source of merges) {
        if (source.kind !== 'map') {
          this.add('yaml-syntax', 'A merge key (<<) must name a mapping or a list of mappings.', source.span);
          continue;
        }
        this.expand(source, source.span);
        for (const entry of source.entries) {
          if (keys.has(entry.key)) continue;
          const merged: ComposeEntry = { ...entry, merged: true };
          keys.set(entry.key, merged);
          map.entries.push(merged);
        }
      }
    } else if (isSeq(yaml)) {
      const seq: ComposeSeqNode = { kind: 'seq', span: this.spanOf(yaml), items: [] };
      out = seq;
      this.enter(yaml, out);
      for (const item of yaml.items) seq.items.push(this.node(item as YamlNode, depth + 1, seq.span.end));
    } else if (isScalar(yaml)) {
      const scalar: ComposeScalarNode = { kind: 'scalar', span: this.spanOf(yaml), value: scalarValue(yaml.value), style: styleOf(yaml.type) };
      out = scalar;
      this.enter(yaml, out);
    } else if (isPair(yaml as unknown)) {
      // A flow pair as a list item ([a: 1]) is a one-entry mapping.
      const pair = yaml as unknown as { key: unknown; value: unknown };
      const key = pair.key as YamlNode | null;
      const keySpan = this.spanOf(key);
      const value = this.node(pair.value as YamlNode, depth + 1, keySpan.end);
      out = { kind: 'map', span: this.lines.span(keySpan.start, value.span.end), entries: [{ key: isScalar(key) ? scalarKey(key) : '', keySpan, value, span: this.lines.span(keySpan.start, value.span.end) }] };
      return out;
    } else {
      return { kind: 'scalar', span: this.spanOf(yaml), value: null, style: 'plain' };
    }
    this.open.delete(out);
    return out;
  }

  /**
   * Count what an alias or a merge key copies, as it is met: past the bound the walk stops, before a
   * merge key copies a big mapping into thousands of services.
   */
  private expand(target: ComposeNode, span: Span): void {
    this.copied += this.expandedSize(target);
    if (this.copied > PARSE_LIMITS.maxValues) {
      this.add('alias-limit', ALIAS_BOMB(span.range.start.line + 1), span);
      throw new WalkStopped();
    }
  }

  private enter(yaml: YamlNode, node: ComposeNode): void {
    if (yaml.tag === '!reset' || yaml.tag === '!override') node.tag = yaml.tag;
    const anchor = (yaml as { anchor?: string }).anchor;
    if (anchor) this.anchors.set(anchor, node);
    this.open.add(node);
  }

  /** Values once shared nodes are expanded, each node's size computed once (stops early past the bound). */
  expandedSize(node: ComposeNode): number {
    const known = this.sizes.get(node);
    if (known !== undefined) return known;
    let total = 1;
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        total += 1 + this.expandedSize(entry.value);
        if (total > PARSE_LIMITS.maxValues) break;
      }
    } else if (node.kind === 'seq') {
      for (const item of node.items) {
        total += this.expandedSize(item);
        if (total > PARSE_LIMITS.maxValues) break;
      }
    }
    this.sizes.set(node, total);
    return total;
  }
}

function scalarKey(node: Scalar): string {
  const value = node.value;
  return value === null || value === undefined ? (node.source ?? '') : String(value);
}

function scalarValue(value: unknown): ComposeScalarNode['value'] {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}

function styleOf(type: Scalar['type']): ComposeScalarNode['style'] {
  switch (type) {
    case Scalar.QUOTE_SINGLE:
      return 'single-quoted';
    case Scalar.QUOTE_DOUBLE:
      return 'double-quoted';
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
      return 'block';
    default:
      return 'plain';
  }
}

/** A node as plain data (mappings become objects, lists arrays). Shared (aliased) nodes are copied. */
export function toPlain(node: ComposeNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const entry of node.entries) out[entry.key] = toPlain(entry.value);
      return out;
    }
  }
}

type PathStep = string | number;

/** The node at a path of keys and list indexes (`['services', 'web', 'ports', 0]`), from a document or node. */
export function nodeAt(from: ComposeDocument | ComposeNode | undefined, path: readonly PathStep[]): ComposeNode | undefined {
  let node: ComposeNode | undefined = from && 'kind' in from ? from : from?.root;
  for (const step of path) {
    if (!node) return undefined;
    if (node.kind === 'map') node = node.entries.find((entry) => entry.key === String(step))?.value;
    else if (node.kind === 'seq' && typeof step === 'number') node = node.items[step];
    else return undefined;
  }
  return node;
}

/** The mapping entry (key and value spans) at a path whose last step is a key. */
export function entryAt(from: ComposeDocument | ComposeNode | undefined, path: readonly PathStep[]): ComposeEntry | undefined {
  if (!path.length) return undefined;
  const parent = nodeAt(from, path.slice(0, -1));
  if (parent?.kind !== 'map') return undefined;
  const key = String(path[path.length - 1]);
  return parent.entries.find((entry) => entry.key === key);
}

function mib(chars: number): string {
  const value = chars / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`;
}
