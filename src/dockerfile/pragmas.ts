// What the Dockerfile says about its own linting: hadolint's comment pragmas and BuildKit's
// `# check=` parser directive.
//   # hadolint ignore=DL3008,SC2086      the instruction on the very next line (as hadolint: line + 1)
//   # hadolint global ignore=DL3059     the whole file
//   # hadolint shell=pwsh               the shell of the RUNs that follow (non-POSIX: no shell rules)
//   # check=skip=JSONArgsRecommended,StageNameCasing   (or skip=all; ;error=true) BuildKit checks
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
}

const IGNORE = /^#\s*hadolint\s+ignore\s*=\s*([A-Za-z0-9_,\s-]+?)\s*(?:#.*)?$/;
const GLOBAL_IGNORE = /^#\s*hadolint\s+global\s+ignore\s*=\s*([A-Za-z0-9_,\s-]+?)\s*(?:#.*)?$/;
const SHELL = /^#\s*hadolint\s+shell\s*=\s*(\S+)\s*(?:#.*)?$/;
const DIRECTIVE = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/;

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
): Pragmas {
  const pragmas: Pragmas = {
    ignoreByInstructionLine: new Map(),
    globalIgnore: new Set(),
    shellPragmas: [],
    checkSkip: new Set(),
    checkError: false,
  };
  readCheckDirective(lines, pragmas);
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

/** Parser directives sit at the very top: BuildKit stops at the first non-directive line, blank included. */
function readCheckDirective(lines: readonly string[], pragmas: Pragmas): void {
  for (const raw of lines) {
    const match = DIRECTIVE.exec(raw.trim());
    if (!match) return;
    if (match[1].toLowerCase() !== 'check') continue;
    for (const setting of match[2].split(';')) {
      const [key, value = ''] = setting.split('=', 2).map((part) => part.trim());
      if (key.toLowerCase() === 'skip') for (const name of codeList(value)) pragmas.checkSkip.add(name);
      else if (key.toLowerCase() === 'error') pragmas.checkError = value.toLowerCase() === 'true';
    }
  }
}

/** Shells whose syntax is not POSIX: RUN scripts are not shell-parsed under them. */
export function isNonPosixShell(shell: string): boolean {
  const program = shell.trim().split(/\s+/)[0] ?? '';
  const base = program.split(/[\\/]/).pop() ?? '';
  return /^(pwsh|powershell|cmd)(\.exe)?$/i.test(base);
}
