// ShellCheck inside RUN, as hadolint does it (src/Hadolint/Rule/Shellcheck.hs, Shell.hs), with the
// `shellcheck` executable instead of the library linked into hadolint:
// - each shell-form RUN (and ONBUILD RUN, heredoc bodies included; exec form skipped) becomes one
//   script: `#!<shell>`, one `export NAME=1 ...` line naming every known variable (the proxy
//   variables Docker predefines, then the stage's ARG and ENV names; hadolint writes one export a
//   line, which ShellCheck reads the same, only slower), then the script as the shell receives it;
// - the shell is the stage's SHELL (its first word) or the `# hadolint shell=` pragma; a stage
//   built FROM an earlier stage inherits that stage's shell and variables; non-POSIX shells (pwsh,
//   powershell, cmd) and heredoc bodies with another interpreter's shebang are not checked;
// - SC1090, SC1091 (need a `# shellcheck source=` directive) and SC2187 (ash checked as dash) are
//   excluded, like hadolint;
// - findings keep ShellCheck's SC code, level and message, placed at ShellCheck's line and column
//   mapped back through continuation lines into the Dockerfile (hadolint reports the RUN's line).
// One process checks every script of a file (one temporary file per distinct script, all on one
// command line, `--format=json1`); many scripts (the CLI's files) are split over one process
// per core; answers are cached by script, so an edit re-checks only the RUN that changed.
// Spawned with argv (no shell), output bounded, a deadline, cancellable.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import { mergeConfig, overriddenSeverity, type LintConfig } from './config';
import { buildContext, execFormWords, parseDockerfile, type LintContext } from './context';
import { readPragmas, type Pragmas } from './pragmas';
import { joinContinuations, runScript, type RunScript } from './shell';
import type { Finding, Range, Severity } from './types';

/** hadolint's exclusions: SC1090/SC1091 need a directive a Dockerfile cannot carry; SC2187 is "ash checked as dash". */
export const SHELLCHECK_EXCLUSIONS: readonly string[] = ['SC1090', 'SC1091', 'SC2187'];
/** Variables Docker predefines for every build (hadolint's defaultShellOpts). */
const PREDEFINED_VARIABLES = [
  'FTP_PROXY', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'ftp_proxy', 'https_proxy', 'http_proxy', 'no_proxy',
];
const DEFAULT_SHELL = '/bin/sh';
/** Shebangs hadolint accepts on a script; any other (python, node, ...) is not a shell script. */
const SHELL_SHEBANG = /^#!\s*(\/bin\/(?:sh|bash|ksh)|\/usr\/bin\/env\s+(?:sh|bash|ksh))\b/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const DEFAULT_SHELLCHECK_TIMEOUT_MS = 20_000;
/** ShellCheck's JSON for a file is a few hundred bytes a finding; more than this is a runaway. */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;
/** Scripts per process: keeps the command line far below every platform's limit. */
const BATCH = 400;
const CACHE_LIMIT = 4_000;
/** Bumped when what is stored per script changes. */
const CACHE_FORMAT = 'stevedore-shellcheck-1';
/** Fewer scripts than this a process are not worth another process start (about 20 ms). */
const MIN_SHARE = 32;

function parallelism(): number {
  return Math.max(1, availableParallelism());
}

/** One RUN's script as ShellCheck gets it, and how to map its positions back. */
export interface ShellcheckScript {
  /** The RUN (or ONBUILD) instruction: pragmas are looked up by its first line. */
  instructionLine: number;
  /** What ShellCheck reads: header (shebang and exports) + the script. */
  source: string;
  /** Lines of `source` before the script's first line. */
  headerLines: number;
  /** The script as the shell receives it, and the Dockerfile offset of each of its characters. */
  run: RunScript;
}

interface ShellOptions {
  shell: string;
  variables: ReadonlySet<string>;
}

const DEFAULT_OPTIONS: ShellOptions = { shell: DEFAULT_SHELL, variables: new Set(PREDEFINED_VARIABLES) };

/** The scripts of every RUN that ShellCheck should read, in order. Pure: no process, no file. */
export function shellcheckScripts(context: LintContext, pragmas: Pragmas): ShellcheckScript[] {
  const scripts: ShellcheckScript[] = [];
  const shellPragmas = [...pragmas.shellPragmas];
  // hadolint's accumulator: the options in force, the ones a new stage starts with (a shell pragma
  // before the first FROM sets those), and the last options of each named stage.
  let current: ShellOptions = DEFAULT_OPTIONS;
  let stageDefault: ShellOptions = DEFAULT_OPTIONS;
  let seenFrom = false;
  let stageName: string | undefined;
  const byStage = new Map<string, ShellOptions>();
  const remember = (): void => {
    if (stageName !== undefined) byStage.set(stageName, current);
  };

  for (const instruction of context.instructions) {
    const line = instruction.getRange().start.line;
    while (shellPragmas.length > 0 && shellPragmas[0].line < line) {
      const shell = shellPragmas.shift()?.shell ?? DEFAULT_SHELL;
      current = { shell, variables: current.variables };
      if (!seenFrom) stageDefault = current;
      remember();
    }
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const words = instruction.getArguments().map((word) => word.getValue()).filter((word) => !word.startsWith('--'));
      const base = (words[0] ?? '').toLowerCase();
      current = byStage.get(base) ?? stageDefault;
      seenFrom = true;
      stageName = words.length >= 3 && words[1].toLowerCase() === 'as' ? words[2].toLowerCase() : undefined;
      remember();
    } else if (keyword === 'ARG' || keyword === 'ENV') {
      const names = propertyNames(instruction).filter((name) => NAME.test(name));
      if (names.length > 0) {
        current = { shell: current.shell, variables: new Set([...current.variables, ...names]) };
        if (!seenFrom) stageDefault = current;
        remember();
      }
    } else if (keyword === 'SHELL') {
      const words = execFormWords(instruction.getArgumentsContent() ?? '');
      if (words && words.length > 0) {
        current = { shell: words.join(' '), variables: current.variables };
        if (!seenFrom) stageDefault = current;
        remember();
      }
    } else if (keyword === 'RUN' || keyword === 'ONBUILD') {
      // An ONBUILD RUN runs in a later build whose shell and variables are unknown: the defaults.
      const script = scriptOf(instruction, context, keyword === 'RUN' ? current : DEFAULT_OPTIONS);
      if (script) scripts.push(script);
    }
  }
  return scripts;
}

function propertyNames(instruction: Instruction): string[] {
  type WithProperties = { getProperties?(): Array<{ getName(): string }> };
  const properties = (instruction as unknown as WithProperties).getProperties?.() ?? [];
  return properties.map((property) => property.getName());
}

function scriptOf(instruction: Instruction, context: LintContext, options: ShellOptions): ShellcheckScript | undefined {
  if (isNonPosix(options.shell)) return undefined;
  const { index, escapeChar } = context;
  let args = instruction.getArguments();
  let run: RunScript | undefined;
  if (instruction.getKeyword() === 'ONBUILD') {
    if (args.length < 2 || args[0].getValue().toUpperCase() !== 'RUN') return undefined;
    args = args.slice(1);
    const start = index.offsetAt(args[0].getRange().start);
    run = joinContinuations(index.text, start, index.offsetAt(instruction.getRange().end), escapeChar);
  } else {
    if (args.length === 0) return undefined;
    run = runScript(instruction, index, escapeChar);
  }
  if (!run || run.script.trim() === '') return undefined;
  // Exec form runs no shell.
  if (run.script.trimStart().startsWith('[') && execFormWords(run.script)) return undefined;

  let shell = firstWord(options.shell);
  // Same length, so every offset still maps: a CR before a line feed would be a literal character to ShellCheck.
  let body = run.script.replace(/\r(?=\n)/g, ' ');
  let offsets = run.offsets;
  if (body.startsWith('#!')) {
    // A heredoc body with its own interpreter: a shell one replaces SHELL, any other is not shell.
    const shebang = SHELL_SHEBANG.exec(body);
    if (!shebang) return undefined;
    shell = shebang[1].replace(/\s+/, ' ');
    // The shebang line becomes the header's; the body keeps its line feed so lines still match.
    const firstLineEnd = body.indexOf('\n');
    if (firstLineEnd === -1) return undefined;
    body = body.slice(firstLineEnd + 1);
    offsets = offsets.subarray(firstLineEnd + 1);
  }
  const exports = exportLine(options.variables);
  const ownShebang = offsets !== run.offsets;
  return {
    instructionLine: instruction.getRange().start.line,
    source: `#!${shell}\n${exports}${ownShebang ? '\n' : ''}${body}`,
    headerLines: 1 + (exports ? 1 : 0) + (ownShebang ? 1 : 0),
    run: { script: body, offsets, heredoc: run.heredoc },
  };
}

/**
 * The known variables as one `export A=1 B=1 ...` line. The same names exported one a line (as
 * hadolint writes them) give the same findings, but ShellCheck's analysis time grows with the number
 * of commands: measured with 0.9.0 on 400 scripts of 9 exports + one command line, 1.78 s with one
 * export a line, 1.24 s with one line (2 lines of script alone: 0.58 s).
 */
function exportLine(variables: ReadonlySet<string>): string {
  if (variables.size === 0) return '';
  return `export ${[...variables].sort().map((name) => `${name}=1`).join(' ')}\n`;
}

function firstWord(shell: string): string {
  return shell.trim().split(/\s+/)[0] || DEFAULT_SHELL;
}

/** hadolint's test: the shell's text names pwsh, powershell or cmd anywhere. */
function isNonPosix(shell: string): boolean {
  const lower = shell.toLowerCase();
  return ['pwsh', 'powershell', 'cmd'].some((name) => lower.includes(name));
}

/** One comment of ShellCheck's json1 output, in the coordinates of the script it read (1-based). */
interface ShellcheckComment {
  line: number;
  endLine: number;
  column: number;
  endColumn: number;
  level: string;
  code: number;
  message: string;
}

export interface ShellcheckOptions {
  config?: Partial<LintConfig>;
  /** The program: a path, or a name looked up on PATH. Default `shellcheck`. */
  executable?: string;
  /**
   * A folder keeping ShellCheck's answers between processes (the CLI's), one file per script named
   * by a hash of the script and of the executable (its path, size and time), so an upgraded
   * ShellCheck starts afresh. Undefined: answers are kept in memory only.
   */
  cacheFolder?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type ShellcheckProblemKind = 'missing' | 'failed' | 'timeout' | 'cancelled';

export interface ShellcheckResult {
  findings: Finding[];
  /** Set when ShellCheck did not run to the end; `findings` is then empty. */
  problem?: { kind: ShellcheckProblemKind; message: string };
}

/** The cure for a missing executable, in the words of each platform's package manager. */
export const SHELLCHECK_INSTALL_HINT =
  'install ShellCheck (Debian/Ubuntu: sudo apt-get install shellcheck; Fedora: sudo dnf install ShellCheck; ' +
  'macOS: brew install shellcheck; Windows: winget install koalaman.shellcheck) or give its path ' +
  '(setting stevedore.lint.shellcheckPath, flag --shellcheck-path)';

/** Quick test before any parse: a Dockerfile without RUN has nothing for ShellCheck. */
const HAS_RUN = /^[ \t]*(?:RUN|ONBUILD)[ \t\\]/im;

/**
 * ShellCheck's findings for a Dockerfile, filtered by the configuration (`ignored`, `override`)
 * and the pragmas (`# hadolint ignore=SC2086`, `global ignore`). Never throws: a missing
 * executable, a timeout or a ShellCheck failure comes back as `problem`.
 */
export async function shellcheckFindings(text: string, options: ShellcheckOptions = {}): Promise<ShellcheckResult> {
  return (await shellcheckFindingsOfTexts([text], options))[0];
}

/** The same for many Dockerfiles (the CLI's files) with one ShellCheck process for all their scripts. */
export async function shellcheckFindingsOfTexts(
  texts: readonly string[], options: ShellcheckOptions = {},
): Promise<ShellcheckResult[]> {
  const config = mergeConfig(options.config);
  const files = texts.map((text) => prepare(text));
  const sources = files.flatMap((file) => file?.scripts.map((script) => script.source) ?? []);
  if (sources.length === 0) return texts.map(() => ({ findings: [] }));
  const executable = options.executable?.trim() || 'shellcheck';
  const answers = await checkSources(executable, sources, options);
  if ('problem' in answers) return texts.map(() => ({ findings: [], problem: answers.problem }));
  let next = 0;
  return files.map((file) => {
    if (!file) return { findings: [] };
    const comments = answers.comments.slice(next, next + file.scripts.length);
    next += file.scripts.length;
    return { findings: findingsOf(file, comments, config) };
  });
}

interface PreparedFile {
  context: LintContext;
  pragmas: Pragmas;
  scripts: ShellcheckScript[];
}

function prepare(text: string): PreparedFile | undefined {
  if (!HAS_RUN.test(text)) return undefined;
  try {
    // A byte-order mark would glue itself to the first keyword; a space keeps every offset (as lint()).
    const unmarked = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    const noRuleConfig = { trustedRegistries: [], labelSchema: {}, strictLabels: false };
    const { context, pragmas } = buildContext(unmarked, parseDockerfile(unmarked), noRuleConfig, undefined, (ctx) =>
      readPragmas(ctx.lines, ctx.commentLines, ctx.instructions.map((each) => each.getRange().start.line)),
    );
    const scripts = shellcheckScripts(context, pragmas);
    return scripts.length > 0 ? { context, pragmas, scripts } : undefined;
  } catch {
    // lint() reports the parse error; there is nothing to check.
    return undefined;
  }
}

function findingsOf(file: PreparedFile, comments: ShellcheckComment[][], config: LintConfig): Finding[] {
  const { context, pragmas, scripts } = file;
  const ignored = new Set(config.ignored.map((code) => code.toUpperCase()));
  const silencedBy = (code: string, line: number): boolean =>
    ignored.has(code) ||
    (!config.disableIgnorePragma &&
      (pragmas.globalIgnore.has(code) || (pragmas.ignoreByInstructionLine.get(line)?.has(code) ?? false)));
  const findings: Finding[] = [];
  scripts.forEach((script, i) => {
    for (const comment of comments[i]) {
      const code = `SC${comment.code}`;
      if (silencedBy(code, script.instructionLine)) continue;
      const range = mapRange(comment, script, context);
      if (!range) continue;
      const severity = overriddenSeverity(config, code, severityOf(comment.level));
      findings.push({
        code, source: 'shellcheck', severity, message: comment.message, range,
        docUrl: `https://www.shellcheck.net/wiki/${code}`,
      });
    }
  });
  return findings.sort((a, b) =>
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function severityOf(level: string): Severity {
  return level === 'warning' || level === 'info' || level === 'style' ? level : 'error';
}

/** ShellCheck's 1-based line and column (code points, a tab is one: json1) -> the Dockerfile range. */
function mapRange(comment: ShellcheckComment, script: ShellcheckScript, context: LintContext): Range | undefined {
  const body = script.run.script;
  const lineStarts = [0];
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const toOffset = (line: number, column: number): number | undefined => {
    const bodyLine = line - script.headerLines - 1;
    if (bodyLine < 0) return undefined;
    if (bodyLine >= lineStarts.length) return body.length;
    const start = lineStarts[bodyLine];
    const end = bodyLine + 1 < lineStarts.length ? lineStarts[bodyLine + 1] - 1 : body.length;
    let at = start;
    for (let points = 1; points < column && at < end; points++) at += body.codePointAt(at)! > 0xffff ? 2 : 1;
    return Math.min(at, end);
  };
  const start = toOffset(comment.line, comment.column);
  if (start === undefined) return undefined;
  const end = Math.max(start, toOffset(comment.endLine, comment.endColumn) ?? start);
  const offsets = script.run.offsets;
  const documentOffset = (offset: number): number => offsets[Math.min(offset, offsets.length - 1)];
  const from = documentOffset(start);
  // The end is just after the last character ShellCheck names (it may sit before a continuation).
  const to = end > start ? documentOffset(end - 1) + 1 : from;
  return context.index.rangeOf(from, Math.max(from, to));
}

// ---- the process -------------------------------------------------------------------------------

const cache = new Map<string, ShellcheckComment[]>();
/** Executables that refused `--norc` (ShellCheck before 0.8 has no such flag). */
const withoutNorc = new Set<string>();

type Answers = { comments: ShellcheckComment[][] } | { problem: NonNullable<ShellcheckResult['problem']> };

/** Comments per source, from the cache or from one ShellCheck process per batch of new sources. */
async function checkSources(
  executable: string, sources: readonly string[], options: ShellcheckOptions,
): Promise<Answers> {
  const keyOf = (source: string): string => `${executable}\u0000${source}`;
  let missing = [...new Set(sources.filter((source) => !cache.has(keyOf(source))))];
  const disk = missing.length > 0 && options.cacheFolder ? await diskCache(options.cacheFolder, executable) : undefined;
  if (disk) {
    const stored = await Promise.all(missing.map((source) => disk.read(source)));
    missing.forEach((source, i) => {
      const comments = stored[i];
      if (comments) remember(keyOf(source), comments);
    });
    missing = missing.filter((_, i) => !stored[i]);
  }
  // ShellCheck is single-threaded and checks one script after another: with more scripts than a
  // process start is worth, one process per core, each an equal share (at most BATCH scripts).
  const processes = Math.max(1, Math.min(parallelism(), Math.floor(missing.length / MIN_SHARE)));
  const share = Math.min(BATCH, Math.ceil(missing.length / processes));
  const batches: string[][] = [];
  for (let from = 0; from < missing.length; from += share) batches.push(missing.slice(from, from + share));
  const found = new Map<string, ShellcheckComment[]>();
  let problem: Answers | undefined;
  const worker = async (): Promise<void> => {
    for (let batch = batches.shift(); batch && !problem; batch = batches.shift()) {
      const answer = await runOnce(executable, batch, options);
      if ('problem' in answer) problem ??= answer;
      else batch.forEach((source, i) => found.set(source, answer.comments[i]));
    }
  };
  await Promise.all(Array.from({ length: Math.min(processes, batches.length) }, worker));
  if (problem) return problem;
  for (const [source, comments] of found) remember(keyOf(source), comments);
  if (disk) await Promise.all([...found].map(([source, comments]) => disk.write(source, comments)));
  return { comments: sources.map((source) => found.get(source) ?? cache.get(keyOf(source)) ?? []) };
}

function remember(key: string, comments: ShellcheckComment[]): void {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, comments);
}

interface DiskCache {
  read(source: string): Promise<ShellcheckComment[] | undefined>;
  write(source: string, comments: ShellcheckComment[]): Promise<void>;
}

/** The executable as a file: a path, or the first match on PATH (no match: no disk cache). */
async function executableFile(executable: string): Promise<{ path: string; size: number; mtimeMs: number } | void> {
  const candidates = /[\\/]/.test(executable)
    ? [executable]
    : (process.env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((folder) =>
      (process.platform === 'win32' ? ['.exe', ''] : ['']).map((suffix) => join(folder, executable + suffix)));
  for (const path of candidates) {
    try {
      const found = await stat(path);
      if (found.isFile()) return { path, size: found.size, mtimeMs: found.mtimeMs };
    } catch {
      // Not here: the next folder.
    }
  }
  return undefined;
}

/**
 * Answers on disk, one JSON file per script: `<folder>/<2 hex>/<sha256>.json`, written atomically
 * (a temporary file renamed), created private to the user. Any read or write error is a miss.
 */
async function diskCache(folder: string, executable: string): Promise<DiskCache | undefined> {
  const file = await executableFile(executable);
  if (!file) return undefined;
  const identity = [CACHE_FORMAT, file.path, file.size, Math.floor(file.mtimeMs), SHELLCHECK_EXCLUSIONS.join(','), ''].join('\u0000');
  const pathOf = (source: string): string => {
    const hash = createHash('sha256').update(identity).update(source).digest('hex');
    return join(folder, hash.slice(0, 2), `${hash}.json`);
  };
  return {
    async read(source) {
      try {
        const stored: unknown = JSON.parse(await readFile(pathOf(source), 'utf8'));
        return Array.isArray(stored) ? (stored as ShellcheckComment[]) : undefined;
      } catch {
        return undefined;
      }
    },
    async write(source, comments) {
      const path = pathOf(source);
      const temporary = `${path}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        await writeFile(temporary, JSON.stringify(comments), { mode: 0o600 });
        await rename(temporary, path);
      } catch {
        await rm(temporary, { force: true }).catch(() => undefined);
      }
    },
  };
}

async function runOnce(executable: string, sources: readonly string[], options: ShellcheckOptions): Promise<Answers> {
  if (options.signal?.aborted) return { problem: { kind: 'cancelled', message: 'ShellCheck was cancelled' } };
  const folder = await mkdtemp(join(tmpdir(), 'stevedore-shellcheck-'));
  try {
    const names = sources.map((_, i) => `run${i}.sh`);
    await Promise.all(sources.map((source, i) => writeFile(join(folder, names[i]), source)));
    let outcome = await spawnShellcheck(executable, folder, names, options, !withoutNorc.has(executable));
    if (outcome.kind === 'norc-refused') {
      withoutNorc.add(executable);
      outcome = await spawnShellcheck(executable, folder, names, options, false);
    }
    if (outcome.kind === 'norc-refused') return { problem: { kind: 'failed', message: `ShellCheck (${executable}) refused its options` } };
    if (outcome.kind === 'problem') return { problem: outcome.problem };
    return parseOutput(outcome.stdout, names, executable);
  } finally {
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }
}

type SpawnOutcome =
  | { kind: 'output'; stdout: string }
  | { kind: 'norc-refused' }
  | { kind: 'problem'; problem: NonNullable<ShellcheckResult['problem']> };

function spawnShellcheck(
  executable: string, folder: string, names: readonly string[], options: ShellcheckOptions, norc: boolean,
): Promise<SpawnOutcome> {
  const args = [
    ...(norc ? ['--norc'] : []),
    '--format=json1', '--severity=style', `--exclude=${SHELLCHECK_EXCLUSIONS.join(',')}`, ...names,
  ];
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHELLCHECK_TIMEOUT_MS;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: SpawnOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const problem = (kind: ShellcheckProblemKind, message: string): void => {
      child.kill('SIGKILL');
      finish({ kind: 'problem', problem: { kind, message } });
    };
    const child = spawn(executable, args, { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    const timer = setTimeout(
      () => problem('timeout', `ShellCheck (${executable}) took longer than ${timeoutMs} ms and was stopped`), timeoutMs,
    );
    const onAbort = (): void => problem('cancelled', 'ShellCheck was cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= MAX_OUTPUT_BYTES) stdout.push(chunk);
      else problem('failed', `ShellCheck (${executable}) wrote more than ${MAX_OUTPUT_BYTES} bytes; its answer was dropped`);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        finish({ kind: 'problem', problem: { kind: 'missing', message: `ShellCheck was not found (${executable}): ${SHELLCHECK_INSTALL_HINT}` } });
      } else if (error.code === 'EACCES') {
        finish({ kind: 'problem', problem: { kind: 'missing', message: `ShellCheck (${executable}) cannot be run: permission denied; ${SHELLCHECK_INSTALL_HINT}` } });
      } else {
        finish({ kind: 'problem', problem: { kind: 'failed', message: `ShellCheck (${executable}) could not start: ${error.message}` } });
      }
    });
    child.on('close', (code) => {
      // 0: no comments, 1: comments, 2: a file could not be read. 3/4: bad options.
      if (code === 0 || code === 1 || code === 2) {
        finish({ kind: 'output', stdout: Buffer.concat(stdout).toString('utf8') });
      } else if (norc && /norc/i.test(stderr)) {
        finish({ kind: 'norc-refused' });
      } else {
        const reason = stderr.trim().split('\n')[0] || `exit status ${code}`;
        finish({ kind: 'problem', problem: { kind: 'failed', message: `ShellCheck (${executable}) failed: ${reason}` } });
      }
    });
  });
}

function parseOutput(stdout: string, names: readonly string[], executable: string): Answers {
  let document: unknown;
  try {
    document = JSON.parse(stdout || '{"comments":[]}');
  } catch {
    return { problem: { kind: 'failed', message: `ShellCheck (${executable}) did not answer in JSON (is it ShellCheck 0.7 or newer?)` } };
  }
  const comments = (document as { comments?: unknown }).comments;
  if (!Array.isArray(comments)) {
    return { problem: { kind: 'failed', message: `ShellCheck (${executable}) answered without a comment list (is it ShellCheck 0.7 or newer?)` } };
  }
  const byFile = new Map<string, ShellcheckComment[]>(names.map((name) => [name, []]));
  for (const raw of comments as Array<Record<string, unknown>>) {
    const list = byFile.get(String(raw?.file ?? ''));
    if (!list) continue;
    const number = (key: string): number => (typeof raw[key] === 'number' ? (raw[key] as number) : 1);
    if (typeof raw.code !== 'number') continue;
    list.push({
      line: number('line'), endLine: number('endLine'), column: number('column'), endColumn: number('endColumn'),
      level: String(raw.level ?? 'error'), code: raw.code, message: String(raw.message ?? '').slice(0, 2000),
    });
  }
  return { comments: names.map((name) => byFile.get(name) ?? []) };
}
