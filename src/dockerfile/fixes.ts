// Applying fixes to text: the one place the CLI (`--fix`) and the editor ("fix all") turn findings'
// fixes into new text, so both change a Dockerfile the same way. Also the pragma edits behind
// "ignore this rule here / in this file". No `vscode` import: positions are 0-based like LSP.
import { DockerfileParser } from 'dockerfile-ast';
import type { Finding, Fix, Position, Range, TextEdit } from './types';
import { TextIndex } from './rules/kit/text';

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** Two edits clash when they overlap, or both start at the same place (their order would be a guess). */
function clash(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start === b.start || (a.start < b.end && b.start < a.end);
}

export interface AppliedFixes<T extends Fix> {
  text: string;
  /** Fixes whose edits are all in `text`, in document order. */
  applied: T[];
  /** Fixes left out because they touch text another (earlier) fix already changes, or have no edits. */
  skipped: T[];
}

/**
 * Apply as many fixes as possible in one pass: in document order, each fix is taken whole (all its
 * edits) or not at all, and never when it overlaps a fix already taken. Run lint again on the
 * result to pick up what was skipped (see `fixUntilStable`).
 */
export function applyFixes<T extends Fix>(text: string, fixes: readonly T[]): AppliedFixes<T> {
  const index = new TextIndex(text);
  const toOffsets = (edit: TextEdit): OffsetEdit => {
    const start = index.offsetAt(edit.range.start);
    const end = Math.max(start, index.offsetAt(edit.range.end));
    return { start, end, newText: edit.newText };
  };
  const candidates = fixes.map((fix, order) => {
    const edits = fix.edits.map(toOffsets).sort((a, b) => a.start - b.start || a.end - b.end);
    return { fix, order, edits, first: edits.length ? edits[0].start : Infinity };
  });
  candidates.sort((a, b) => a.first - b.first || a.order - b.order);

  const taken: OffsetEdit[] = [];
  const applied: T[] = [];
  const skipped: T[] = [];
  for (const candidate of candidates) {
    const { edits } = candidate;
    const selfClash = edits.some((edit, i) => i > 0 && clash(edits[i - 1], edit));
    if (edits.length === 0 || selfClash || edits.some((edit) => taken.some((other) => clash(edit, other)))) {
      skipped.push(candidate.fix);
      continue;
    }
    taken.push(...edits);
    applied.push(candidate.fix);
  }

  taken.sort((a, b) => a.start - b.start);
  let result = '';
  let cursor = 0;
  for (const edit of taken) {
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  result += text.slice(cursor);
  return { text: result, applied, skipped };
}

export interface FixRun {
  text: string;
  /** Codes of the fixes applied, one entry per fix, over all passes. */
  fixedCodes: string[];
  passes: number;
}

/**
 * Like `eslint --fix`: lint, apply the non-overlapping fixes, lint the result again, until nothing
 * more can be fixed or `maxPasses` is reached (a pair of fixes undoing each other cannot loop).
 */
export function fixUntilStable(text: string, lintText: (text: string) => readonly Finding[], maxPasses = 10): FixRun {
  let current = text;
  const fixedCodes: string[] = [];
  let passes = 0;
  while (passes < maxPasses) {
    const fixes = lintText(current).flatMap((finding) => (finding.fix ? [{ ...finding.fix, code: finding.code }] : []));
    if (fixes.length === 0) break;
    const result = applyFixes(current, fixes);
    passes++;
    if (result.applied.length === 0 || result.text === current) break;
    fixedCodes.push(...result.applied.map((fix) => fix.code));
    current = result.text;
  }
  return { text: current, fixedCodes, passes };
}

/**
 * Turn `old` into `updated` with a single edit covering only what differs (keeps the editor's cursor
 * and undo small).
 */
export function minimalEdit(old: string, updated: string): TextEdit | undefined {
  if (old === updated) return undefined;
  let prefix = 0;
  const shorter = Math.min(old.length, updated.length);
  while (prefix < shorter && old.charCodeAt(prefix) === updated.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const sameFromEnd = (n: number): boolean =>
    old.charCodeAt(old.length - 1 - n) === updated.charCodeAt(updated.length - 1 - n);
  while (suffix < shorter - prefix && sameFromEnd(suffix)) suffix++;
  const index = new TextIndex(old);
  return {
    range: index.rangeOf(prefix, old.length - suffix),
    newText: updated.slice(prefix, updated.length - suffix),
  };
}

// ---- Pragmas: "ignore this rule for this line / in this file" ----------------------------------

const CODE_LIST = String.raw`([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)`;
const LINE_PRAGMA = new RegExp(String.raw`^(\s*#\s*hadolint\s+ignore\s*=\s*)` + CODE_LIST + '(.*)$', 'i');
const GLOBAL_PRAGMA = new RegExp(String.raw`^(\s*#\s*hadolint\s+global\s+ignore\s*=\s*)` + CODE_LIST + '(.*)$', 'i');
const CHECK_DIRECTIVE = /^(\s*#\s*check\s*=\s*)(.*)$/i;
const PARSER_DIRECTIVE = /^\s*#\s*[a-z]+\s*=/i;


function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function addCode(list: string, code: string): string {
  const codes = list.split(',').map((c) => c.trim()).filter(Boolean);
  if (!codes.includes(code)) codes.push(code);
  return codes.join(',');
}

/** The line of the instruction a finding belongs to: a pragma must sit directly above it. */
function instructionLine(text: string, line: number): number {
  try {
    for (const instruction of DockerfileParser.parse(text).getInstructions()) {
      const range = instruction.getRange();
      if (range.start.line <= line && line <= range.end.line) return range.start.line;
    }
  } catch {
    // An unparsable file still gets its pragma, on the finding's own line.
  }
  return line;
}

/**
 * `# hadolint ignore=CODE` directly above the finding's instruction, merged into a pragma already
 * there, keeping the instruction's indentation.
 */
export function ignoreForLineFix(text: string, finding: Pick<Finding, 'code' | 'range'>): Fix {
  const index = new TextIndex(text);
  const starts = index.lineStarts;
  const line = instructionLine(text, Math.min(finding.range.start.line, starts.length - 1));
  const title = `Ignore ${finding.code} for this line`;
  if (line > 0) {
    const above = index.lines[line - 1];
    const match = LINE_PRAGMA.exec(above);
    if (match) {
      const range: Range = {
        start: { line: line - 1, character: 0 },
        end: { line: line - 1, character: above.length },
      };
      return { title, edits: [{ range, newText: match[1] + addCode(match[2], finding.code) + match[3] }] };
    }
  }
  const indent = /^\s*/.exec(index.lines[line])?.[0] ?? '';
  const at: Position = { line, character: 0 };
  return { title, edits: [{ range: { start: at, end: at }, newText: `${indent}# hadolint ignore=${finding.code}${eol(text)}` }] };
}

/** The lines at the top BuildKit reads as parser directives (`# syntax=`, `# escape=`, `# check=`). */
function directiveLines(index: TextIndex): number {
  const starts = index.lineStarts;
  let line = 0;
  while (line < starts.length && PARSER_DIRECTIVE.test(index.lines[line])) line++;
  return line;
}

/** `# hadolint global ignore=CODE`: merged into an existing global pragma, else just below the parser directives. */
export function ignoreInFileFix(text: string, code: string): Fix {
  const index = new TextIndex(text);
  const starts = index.lineStarts;
  const title = `Ignore ${code} in this file`;
  for (let line = 0; line < starts.length; line++) {
    const current = index.lines[line];
    const match = GLOBAL_PRAGMA.exec(current);
    if (match) {
      const range: Range = { start: { line, character: 0 }, end: { line, character: current.length } };
      return { title, edits: [{ range, newText: match[1] + addCode(match[2], code) + match[3] }] };
    }
  }
  const line = directiveLines(index);
  const at: Position = line < starts.length ? { line, character: 0 } : index.positionAt(text.length);
  const prefix = line >= starts.length && text.length > 0 && !/[\r\n]$/.test(text) ? eol(text) : '';
  return { title, edits: [{ range: { start: at, end: at }, newText: `${prefix}# hadolint global ignore=${code}${eol(text)}` }] };
}

/** `# check=skip=CODE` for BuildKit's checks: merged into the `# check=` directive, else added as the first line. */
export function skipCheckFix(text: string, code: string): Fix {
  const index = new TextIndex(text);
  const title = `Skip the ${code} check in this file`;
  const last = directiveLines(index);
  for (let line = 0; line < last; line++) {
    const current = index.lines[line];
    const match = CHECK_DIRECTIVE.exec(current);
    if (!match) continue;
    const parts = match[2].split(';').map((part) => part.trim()).filter(Boolean);
    const skipAt = parts.findIndex((part) => /^skip\s*=/i.test(part));
    if (skipAt >= 0) {
      const value = parts[skipAt].replace(/^skip\s*=\s*/i, '');
      parts[skipAt] = `skip=${value.toLowerCase() === 'all' ? value : addCode(value, code)}`;
    } else {
      parts.push(`skip=${code}`);
    }
    const range: Range = { start: { line, character: 0 }, end: { line, character: current.length } };
    return { title, edits: [{ range, newText: match[1] + parts.join(';') }] };
  }
  const at: Position = { line: 0, character: 0 };
  return { title, edits: [{ range: { start: at, end: at }, newText: `# check=skip=${code}${eol(text)}` }] };
}
