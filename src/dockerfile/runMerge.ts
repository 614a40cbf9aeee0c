// Joining one RUN's script onto another with `&&` (DL3059, SD3001, SD3005): offered only where the
// merged RUN does exactly what the two did. The first script must leave no shell state behind
// (directory, variables, options, background jobs) and end where `&&` can follow; the appended
// script must be a plain `&&` chain, so a failure before it still fails the RUN.
import type { Instruction } from 'dockerfile-ast';
import type { RuleContext } from './rule';
import type { Position } from './types';
import { parseSimpleScript } from './simpleShell';

/** Commands whose effect on the shell would reach the commands appended after them. */
export const SHELL_STATE = new Set([
  'cd', 'pushd', 'popd', 'dirs', 'export', 'set', 'unset', 'source', '.', 'alias', 'unalias', 'umask', 'ulimit',
  'shopt', 'trap', 'exec', 'exit', 'return', 'eval', 'declare', 'typeset', 'readonly', 'local', 'hash', 'enable',
  'builtin', 'command', 'read', 'mapfile', 'readarray', 'getopts', 'shift', 'let', 'printf', 'wait', 'newgrp',
]);

interface ScriptList {
  names: string[];
  /** What stands between consecutive commands (`&&`, `;`, ...), trimmed. */
  operators: string[];
  /** What follows the last command (its redirections, a `;`), trimmed. */
  trailing: string;
}

/**
 * The top level of a script made only of simple commands; undefined for anything else (subshells,
 * loops, a lone assignment).
 */
function simpleList(script: string): ScriptList | undefined {
  const parsed = parseSimpleScript(script);
  if (!parsed || !parsed.ok || parsed.commands.length === 0) return undefined;
  const { commands } = parsed;
  if (script.slice(0, commands[0].start).trim() !== '') return undefined;
  const operators: string[] = [];
  // Between two commands: the first one's redirections (`> file`), then the operator. The simple
  // parser refuses a lone `&` (a background job), so it never appears here.
  for (let i = 1; i < commands.length; i++) operators.push(/(&&|\|\||;|\|)\s*$/.exec(script.slice(commands[i - 1].end, commands[i].start))?.[1] ?? '?');
  const trailing = script.slice(commands[commands.length - 1].end).trim();
  return { names: commands.map((command) => command.name), operators, trailing };
}

export interface MergeShape {
  /** The first script ends in `;`, which must go before `&&` is appended. */
  dropTrailingSemicolon: boolean;
}

/** Whether `&& <second>` may be appended to `first` (both scripts as the shell receives them), and how. */
export function mergeShape(first: string, second: string): MergeShape | undefined {
  const before = simpleList(first);
  const after = simpleList(second);
  if (!before || !after) return undefined;
  if (before.names.some((name) => SHELL_STATE.has(name.replace(/^.*\//, '')))) return undefined;
  if (!before.operators.every((operator) => operator === '&&' || operator === '||' || operator === ';' || operator === '|')) return undefined;
  // A trailing `;` goes (`a; && b` is a syntax error), unless it is escaped as part of a word (`\\;`).
  const semicolon = before.trailing.endsWith(';');
  if (semicolon && before.trailing.endsWith('\\;')) return undefined;
  if (!after.operators.every((operator) => operator === '&&')) return undefined;
  return { dropTrailingSemicolon: semicolon };
}

/** A line continuation in this Dockerfile: its escape character (`\` or `` ` ``) and its line ending. */
export function continuation(context: RuleContext): string {
  return `${context.dockerfile.getEscapeCharacter()}${context.text.includes('\r\n') ? '\r\n' : '\n'}`;
}

/**
 * Where `&& ...` goes on the first RUN: its end, or its trailing `;` (replaced). Undefined when the
 * `;` is not on the RUN's last line (then the text to replace is not certain).
 */
export function appendStart(context: RuleContext, run: Instruction, shape: MergeShape): Position | undefined {
  const end = run.getRange().end;
  if (!shape.dropTrailingSemicolon) return end;
  const lastLine = (context.lines[end.line] ?? '').slice(0, end.character).trimEnd();
  return lastLine.endsWith(';') ? { line: end.line, character: lastLine.length - 1 } : undefined;
}
