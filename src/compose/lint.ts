// lintCompose(): compose text in, findings and fixes out, like the Dockerfile engine's lint():
// synchronous, total (never throws), bounded (size, aliases, depth), so the editor runs it as you type
// and the CLI on many files. Observations from the stats engine are an input (right-sizing), never read here.
import { isAlias, isMap, isPair, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { Finding, LintConfig, Range, Severity } from '../dockerfile';
import { docUrl } from '../dockerfile/docUrl';
import { parseChunked } from './chunked';
import { composeRules } from './rules/index';
import { keyName, LineIndex, servicesOf } from './rules/kit';
import type { ComposeRule, ComposeRuleContext, ComposeRuleOptions, ServiceObservation } from './rules/rule';

export type { ComposeRule, ServiceObservation } from './rules/rule';
export { composeRules };
export { friendlyBytes, composeSize, humanBytes, humanWindow, suggestion } from './rules/sizing';

/** Larger texts get one SDC1000 and no lint (the largest real compose files are a few hundred KB). */
export const MAX_COMPOSE_LENGTH = 1024 * 1024;
/** YAML nesting deeper than this is refused before parsing (the parser recurses). */
const MAX_DEPTH = 200;

export interface ComposeLintOptions {
  config?: Partial<LintConfig>;
  /** Observed services, by name (the Container stats view); none from the CLI. */
  observations?: ReadonlyMap<string, ServiceObservation>;
  /** `stevedore.compose.headroom`, default 1.5. */
  headroom?: number;
  dockerignore?: ComposeRuleOptions['dockerignore'];
  /** Parse in pieces kept between calls (src/compose/chunked.ts); false parses the whole text. Default true. */
  incremental?: boolean;
}

export interface ComposeLintResult {
  findings: Finding[];
  ruleErrors?: string[];
}

const byCode = new Map(composeRules.map((rule) => [rule.code, rule]));
export const composeRuleByCode = (code: string): ComposeRule | undefined => byCode.get(code.toUpperCase());

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function readError(message: string, range: Range = ORIGIN): Finding {
  return { code: 'SDC1000', source: 'stevedore', severity: 'error', message, range, docUrl: docUrl('SDC1000') };
}

/** Nesting depth of flow brackets and indentation, bounded, in one pass (before the recursive parser sees it). */
function tooDeep(text: string): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\n') quote = '';
      continue;
    }
    if (c === '"' || c === '\'') quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) return true;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return false;
}

/** The SDC1000 of a file too large to read (the CLI stops reading it at a bound; `size` as it says it). */
export function tooLargeComposeFinding(size: string): Finding {
  return readError(`This file is too large to be a compose file (${size}; the limit is ${MAX_COMPOSE_LENGTH.toLocaleString('en')} characters). It was not linted.`);
}

export function lintCompose(text: string, options: ComposeLintOptions = {}): ComposeLintResult {
  try {
    return lintUnguarded(typeof text === 'string' ? text : String(text ?? ''), options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { findings: [readError(`Stevedore could not lint this compose file (internal error: ${reason}). Please report it.`)] };
  }
}

function lintUnguarded(text: string, options: ComposeLintOptions): ComposeLintResult {
  const config = options.config ?? {};
  const ignored = new Set((config.ignored ?? []).map((code) => code.toUpperCase()));
  if (text.length > MAX_COMPOSE_LENGTH) {
    return { findings: ignored.has('SDC1000') ? [] : [readError(`This file is too large to be a compose file (${text.length.toLocaleString('en')} characters; the limit is ${MAX_COMPOSE_LENGTH.toLocaleString('en')}). It was not linted.`)] };
  }
  if (tooDeep(text)) return { findings: [readError(`This file nests brackets more than ${MAX_DEPTH} deep; no compose file does. It was not linted.`)] };
  const index = new LineIndex(text);
  const lineCounter = new LineCounter();
  // Duplicate keys are found below in one pass: yaml's own check is quadratic in a mapping's size.
  const document = (options.incremental !== false ? parseChunked(text) : undefined) ?? parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: false });
  const problems: Finding[] = [];
  for (const error of document.errors) {
    const [start, end] = error.pos;
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    problems.push(readError(`Not valid YAML: ${message}${/\t/.test(index.lineText(index.positionAt(start).line)) ? ' (tabs cannot indent YAML: use spaces)' : ''}`, { start: index.positionAt(start), end: index.positionAt(Math.max(start, end)) }));
    if (problems.length >= 20) break;
  }
  const context: ComposeRuleContext = {
    text, index, document,
    root: isMap(document.contents) ? (document.contents as YAMLMap) : undefined,
    services: [],
    options: {
      observations: options.observations ?? new Map(),
      headroom: options.headroom ?? 1.5,
      dockerignore: options.dockerignore,
    },
  };
  if (problems.length === 0) {
    const keys = duplicateKeys(context);
    problems.push(...keys.found);
    // Without an alias no value repeats: the size walk can find nothing in a document it fully saw.
    if (!keys.complete || keys.aliases || keys.visited > 1_000_000) {
      const anchors = badAliases(context);
      if (anchors) problems.push(anchors);
    }
  }
  if (problems.length === 0 && document.contents !== null && !context.root) {
    problems.push(readError('A compose file is a mapping (services:, networks:, volumes:, ...); this document is not one.', rangeOfNode(context, document.contents)));
  }
  const pragmas = readIgnorePragmas(index);
  const keep = (finding: Finding): boolean => {
    if (ignored.has(finding.code) || pragmas.global.has(finding.code)) return false;
    return !pragmas.byLine.get(finding.range.start.line)?.has(finding.code);
  };
  if (problems.length > 0) return { findings: problems.filter(keep) };

  context.services = servicesOf(document, context.root);
  const enabled = new Set((config.enabled ?? []).map((code) => code.toUpperCase()));
  const overrides = new Map<string, Severity>();
  for (const [level, codes] of Object.entries(config.overrides ?? {}) as Array<[Severity, string[]]>) {
    for (const code of codes ?? []) overrides.set(code.toUpperCase(), level);
  }
  const findings: Finding[] = [];
  const ruleErrors: string[] = [];
  for (const rule of composeRules) {
    if (ignored.has(rule.code) || pragmas.global.has(rule.code)) continue;
    if (rule.offByDefault && !enabled.has(rule.code) && !overrides.has(rule.code)) continue;
    try {
      for (const found of rule.check(context)) {
        const finding: Finding = {
          code: rule.code,
          source: 'stevedore',
          severity: overrides.get(rule.code) ?? rule.severity,
          message: found.message ?? rule.summary,
          range: found.range,
          docUrl: docUrl(rule.code),
          ...(found.fix ? { fix: found.fix } : {}),
        };
        if (keep(finding)) findings.push(finding);
      }
    } catch (error) {
      ruleErrors.push(`${rule.code}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line
    || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
  return ruleErrors.length > 0 ? { findings, ruleErrors } : { findings };
}

function rangeOfNode(context: ComposeRuleContext, node: unknown): Range {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) return ORIGIN;
  return { start: context.index.positionAt(range[0]), end: context.index.positionAt(range[1]) };
}

/**
 * Keys written twice in one mapping (Compose refuses them); one walk, aliases not followed. Also says
 * whether it saw every value and any alias among them (badAliases has nothing to find without one).
 */
function duplicateKeys(context: ComposeRuleContext): { found: Finding[]; complete: boolean; aliases: boolean; visited: number } {
  const found: Finding[] = [];
  const stack: unknown[] = [context.document.contents];
  let visited = 0;
  let aliases = false;
  const names: string[] = [];
  while (stack.length > 0 && found.length < 20 && visited++ < 2_000_000) {
    const node = stack.pop();
    if (isMap(node)) {
      // Small mappings (nearly all) compare against a list; a Set only for large ones.
      const seen = node.items.length > 16 ? new Set<string>() : undefined;
      names.length = 0;
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const name = keyName(item);
        if (name !== '<<' && (seen ? seen.has(name) : names.includes(name))) {
          found.push(readError(`The key '${name.slice(0, 60)}' is written twice in this mapping: Compose refuses the file. Keep one.`, rangeOfNode(context, item.key)));
        }
        if (seen) seen.add(name);
        else names.push(name);
        stack.push(item.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isAlias(node)) {
      aliases = true;
    }
  }
  return { found, complete: stack.length === 0, aliases, visited };
}

/**
 * Aliases: one to an unknown anchor is an error; a file whose aliases would expand past a bound is a
 * "billion laughs" and refused (Compose's YAML reader refuses it too). Counted, never expanded.
 */
function badAliases(context: ComposeRuleContext): Finding | undefined {
  const sizes = new Map<Node, number>();
  const sizeOf = (node: unknown, depth: number): number => {
    if (depth > 100) return 1;
    if (isAlias(node)) {
      let resolved: unknown;
      try {
        resolved = node.resolve(context.document);
      } catch {
        resolved = undefined;
      }
      if (!resolved) throw new AliasProblem(`The alias *${node.source} names no anchor written before it.`, node);
      return sizes.get(resolved as Node) ?? sizeOf(resolved, depth + 1);
    }
    let size = 1;
    if (isMap(node)) for (const item of node.items) size += isPair(item) ? sizeOf(item.value, depth + 1) : 0;
    else if (isSeq(node)) for (const item of node.items) size += sizeOf(item, depth + 1);
    if (size > 1) sizes.set(node as Node, size);
    if (size > 1_000_000) throw new AliasProblem('Its aliases expand to more than 1,000,000 values (an alias bomb): Compose refuses it too. Expand fewer aliases.', node);
    return size;
  };
  try {
    sizeOf(context.document.contents, 0);
  } catch (error) {
    if (error instanceof AliasProblem) return readError(`Not valid YAML for Compose: ${error.message}`, rangeOfNode(context, error.node));
    throw error;
  }
  return undefined;
}

class AliasProblem extends Error {
  constructor(message: string, readonly node: unknown) {
    super(message);
  }
}

/**
 * `# stevedore ignore=SDC2001,SDC2006` silences those codes on the next line holding YAML;
 * `# stevedore global ignore=` in the whole file.
 */
function readIgnorePragmas(index: LineIndex): { byLine: Map<number, Set<string>>; global: Set<string> } {
  const byLine = new Map<number, Set<string>>();
  const global = new Set<string>();
  const PRAGMA = /#\s*stevedore\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\s-]+)/;
  const lines = index.lineStarts.length;
  for (let line = 0; line < lines; line++) {
    const text = index.lineText(line);
    if (!text.includes('stevedore')) continue;
    const match = PRAGMA.exec(text);
    if (!match) continue;
    const codes = match[2].split(',').map((code) => code.trim().toUpperCase()).filter(Boolean);
    if (match[1]) {
      for (const code of codes) global.add(code);
      continue;
    }
    // A comment at the end of a line applies to that line; on a line of its own, to the next line of YAML.
    let target = line;
    if (text.trim().startsWith('#')) {
      target = line + 1;
      while (target < lines && /^\s*(#.*)?$/.test(index.lineText(target))) target++;
    }
    const set = byLine.get(target) ?? new Set<string>();
    for (const code of codes) set.add(code);
    byLine.set(target, set);
  }
  return { byLine, global };
}
