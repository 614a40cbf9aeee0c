// What the Dockerfile says about its own linting: hadolint's comment pragmas and BuildKit's
// `# check=` parser directive.
//   # hadolint ignore=DL3008,SC2086      the instruction on the very next line (as hadolint: line + 1)
//   # hadolint global ignore=DL3059     the whole file
//   # hadolint shell=pwsh               the shell of the RUNs that follow (non-POSIX: no shell rules)
//   # check=skip=JSONArgsRecommended,StageNameCasing   (or skip=all; ;error=true; ;experimental=NAME|all)
//                                     BuildKit checks: as the parser directive at the top, the whole file;
//                                     in the comments right above an instruction, that instruction only
// Codes are any rule's: hadolint's DL/SC, BuildKit's names and Stevedore's SD codes alike.

export interface Pragmas {
  /** Codes ignored on the instruction starting at this line (0-based), upper-cased. */
  ignoreByInstructionLine: Map<number, Set<string>>;
  globalIgnore: Set<string>;
  /** Line (0-based) -> shell named by `# hadolint shell=` there. */
  shellPragmas: Array<{ line: number; shell: string }>;
  /** BuildKit check names skipped by `# check=skip=`, upper-cased; 'ALL' for skip=all. */
  checkSkip: Set<string>;
  /** `# check=error=true`: BuildKit check findings become errors. */
  checkError: boolean;
  /** BuildKit experimental checks turned on for the file by `# check=experimental=`, upper-cased; 'ALL' for all. */
  checkExperimental: Set<string>;
  /** `# check=` comments above one instruction (keyed by its first line, 0-based): for that instruction only. */
  checkByInstructionLine: Map<number, CheckOptions>;
}

/** What one `check=` value says: checks skipped and experimental checks turned on, upper-cased. */
export interface CheckOptions {
  skip: Set<string>;
  experimental: Set<string>;
  error?: boolean;
}

const IGNORE = /^#\s*hadolint\s+ignore\s*=\s*([A-Za-z0-9_,\s-]+?)\s*(?:#.*)?$/;
const GLOBAL_IGNORE = /^#\s*hadolint\s+global\s+ignore\s*=\s*([A-Za-z0-9_,\s-]+?)\s*(?:#.*)?$/;
const SHELL = /^#\s*hadolint\s+shell\s*=\s*(\S+)\s*(?:#.*)?$/;
const DIRECTIVE = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/;
const CHECK_WORD = /check/i;

function codeList(text: string): string[] {
  return text
    .split(',')
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code.length > 0);
}

/**
 * Reads the pragmas from the comment lines. `commentLines` are 0-based line numbers holding a
 * Dockerfile comment (not heredoc bodies); `instructionStarts` the sorted first lines of instructions.
 */
export function readPragmas(
  lines: readonly string[], commentLines: readonly number[], instructionStarts: readonly number[],
  instructionEnds?: readonly number[],
): Pragmas {
  const pragmas: Pragmas = {
    ignoreByInstructionLine: new Map(),
    globalIgnore: new Set(),
    shellPragmas: [],
    checkSkip: new Set(),
    checkError: false,
    checkExperimental: new Set(),
    checkByInstructionLine: new Map(),
  };
  const directiveLines = readCheckDirective(lines, pragmas);
  if (instructionEnds) {
    readInstructionChecks(lines, commentLines, instructionStarts, instructionEnds, directiveLines, pragmas);
  }
  for (const line of commentLines) {
    const text = lines[line]?.trim() ?? '';
    if (!text.startsWith('#')) continue;
    const global = GLOBAL_IGNORE.exec(text);
    if (global) {
      for (const code of codeList(global[1])) pragmas.globalIgnore.add(code);
      continue;
    }
    const ignore = IGNORE.exec(text);
    if (ignore) {
      const target = nextInstructionLine(line, instructionStarts);
      if (target === undefined) continue;
      const codes = pragmas.ignoreByInstructionLine.get(target) ?? new Set<string>();
      for (const code of codeList(ignore[1])) codes.add(code);
      pragmas.ignoreByInstructionLine.set(target, codes);
      continue;
    }
    const shell = SHELL.exec(text);
    if (shell) pragmas.shellPragmas.push({ line, shell: shell[1] });
  }
  return pragmas;
}

/** The instruction starting on the line right after `line`: hadolint applies the pragma to line + 1 only. */
function nextInstructionLine(line: number, starts: readonly number[]): number | undefined {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid] <= line) low = mid + 1;
    else high = mid;
  }
  return starts[low] === line + 1 ? line + 1 : undefined;
}

/**
 * Parser directives sit at the very top: BuildKit stops at the first non-directive line, blank
 * included. Returns how many lines they take.
 */
function readCheckDirective(lines: readonly string[], pragmas: Pragmas): number {
  let count = 0;
  for (const raw of lines) {
    const match = DIRECTIVE.exec(raw.trim());
    if (!match) break;
    count++;
    if (match[1].toLowerCase() !== 'check') continue;
    const options = parseCheckOptions(match[2]);
    if (!options) continue;
    for (const name of options.skip) pragmas.checkSkip.add(name);
    for (const name of options.experimental) pragmas.checkExperimental.add(name);
    if (options.error !== undefined) pragmas.checkError = options.error;
  }
  return count;
}

/** How many lines the parser directives at the top take (`# syntax=`, `# escape=`, `# check=`). */
export function directiveLineCount(lines: readonly string[]): number {
  let count = 0;
  while (count < lines.length && DIRECTIVE.test(lines[count].trim())) count++;
  return count;
}

/**
 * BuildKit's ParseLintOptions: `skip=A,B;experimental=C;error=true`. Undefined when BuildKit would
 * reject the value (then it ignores the comment).
 */
export function parseCheckOptions(value: string): CheckOptions | undefined {
  const options: CheckOptions = { skip: new Set(), experimental: new Set() };
  if (value.trim() === '') return options;
  for (const setting of value.split(';').slice(0, 3)) {
    const equals = setting.indexOf('=');
    if (equals < 0) return undefined;
    const key = setting.slice(0, equals).trim().toLowerCase();
    const text = setting.slice(equals + 1).trim();
    if (key === 'skip') for (const name of codeList(text)) options.skip.add(name);
    else if (key === 'experimental') for (const name of codeList(text)) options.experimental.add(name);
    else if (key === 'error') {
      if (!/^(1|t|true|0|f|false)$/i.test(text)) return undefined;
      options.error = /^(1|t|true)$/i.test(text);
    } else return undefined;
  }
  return options;
}

/**
 * The comments BuildKit keeps with an instruction (its "previous comments"): the comment lines after
 * the previous instruction, blank lines skipped, restarted by an empty `#`, parser directives left out.
 * `before` is the instruction's first line; `after` the previous instruction's last line (or -1).
 */
export function commentBlock(
  lines: readonly string[], commentLines: readonly number[], after: number, before: number, skipUntil = 0,
): string[] {
  let block: string[] = [];
  // commentLines is sorted: a binary search finds the first comment after `after`.
  let low = 0;
  let high = commentLines.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (commentLines[mid] <= after) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < commentLines.length && commentLines[i] < before; i++) {
    if (commentLines[i] < skipUntil) continue;
    const text = (lines[commentLines[i]] ?? '').trim().replace(/^#/, '').trim();
    if (text === '') block = [];
    else block.push(text);
  }
  return block;
}

/** The first `check=` comment above each instruction (its value cut at the first blank, as BuildKit does). */
function readInstructionChecks(
  lines: readonly string[], commentLines: readonly number[], starts: readonly number[], ends: readonly number[],
  directiveLines: number, pragmas: Pragmas,
): void {
  // Most files have no `check=` comment: then no instruction has one (3,003 comment blocks read for nothing).
  if (!commentLines.some((line) => CHECK_WORD.test(lines[line] ?? ''))) return;
  for (let i = 0; i < starts.length; i++) {
    const block = commentBlock(lines, commentLines, i === 0 ? -1 : ends[i - 1], starts[i], directiveLines);
    for (const comment of block) {
      const match = DIRECTIVE.exec(`#${comment}`);
      if (!match || match[1].toLowerCase() !== 'check') continue;
      const options = parseCheckOptions(match[2].split(/\s/)[0] ?? '');
      if (options) pragmas.checkByInstructionLine.set(starts[i], options);
      break;
    }
  }
}

/** Shells whose syntax is not POSIX: RUN scripts are not shell-parsed under them. */
export function isNonPosixShell(shell: string): boolean {
  const program = shell.trim().split(/\s+/)[0] ?? '';
  const base = program.split(/[\\/]/).pop() ?? '';
  return /^(pwsh|powershell|cmd)(\.exe)?$/i.test(base);
}
