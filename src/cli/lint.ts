// `stevedore lint`: hadolint's command line, with fixes. Many files in one process, the formats
// CI pipelines already read (hadolint's JSON exactly, SARIF, checkstyle, GitLab code quality),
// and hadolint's exit status. The findings come from the same engines the editor uses: Dockerfiles
// through src/dockerfile, compose files (by name, or `--kind compose`) through src/compose.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Command } from 'commander';
import {
  failsThreshold,
  findHadolintConfig,
  fixUntilStable,
  lint,
  mergeConfig,
  parseHadolintConfig,
  SEVERITIES,
  tooLargeFinding,
  dockerignoreCandidates,
  allRules,
  type Finding,
  type LintConfig,
  type Severity,
} from '../dockerfile';
import { lintCompose, MAX_COMPOSE_LENGTH, tooLargeComposeFinding } from '../compose';
import { composeDockerignoreReader, kindOf, LINT_KINDS, type LintKind } from './composeLint';
import { CliError } from './errors';
import {
  decodeKeepingBytes,
  encodeKeepingBytes,
  MAX_DOCKERFILE_BYTES,
  readDockerfileBytes,
  readStreamBytes,
  writeFileAtomically,
  type DockerfileBytes,
} from './dockerfileFile';
import { FORMAT_ALIASES, FORMATS, formatResults, type FileResult, type OutputFormat } from './lintFormats';
import { SHELLCHECK_MODES, shellcheckCli } from './shellcheck';

const THRESHOLDS = [...SEVERITIES, 'none'] as const;
type Threshold = Severity | 'none';

export interface LintOptions {
  format?: string;
  fix?: boolean;
  config?: string;
  failureThreshold?: string;
  /** commander turns `--no-fail` into `fail: false`. */
  fail?: boolean;
  /** `--ignore CODE`, repeatable, as hadolint's: added to `ignored`. */
  ignore?: string[];
  /** `--no-color` gives `color: false`. */
  color?: boolean;
  /** ShellCheck inside RUN: auto (when installed), on (required), off. */
  shellcheck?: string;
  shellcheckPath?: string;
  /** Whose names a problem both hadolint and BuildKit report goes by: hadolint (default) or buildkit. */
  codes?: string;
  /** What the files are: auto (compose files by name, the rest Dockerfiles), dockerfile or compose. */
  kind?: string;
}

const CODE_NAMES = ['hadolint', 'buildkit'] as const;

/** Where the CLI reads and writes: the real process by default, captured in tests. */
export interface LintIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Standard input: its text, or (the real process) its bytes, read no further than `limit` + 1 bytes. */
  readStdin(limit: number): Promise<string | DockerfileBytes>;
  /** Replaces a file's content (tests inject failures); atomic by default. */
  writeFile?(path: string, bytes: Uint8Array): Promise<void>;
  /** Bytes read at most per file (tests lower it). */
  maxBytes?: number;
}

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('lint Dockerfiles like hadolint (DL rules), BuildKit checks and Stevedore\'s size and speed rules, and compose files (SDC rules)')
    .argument('<files...>', 'Dockerfiles and compose files (compose*.yaml, docker-compose*.yml) to lint; - reads standard input')
    // createOption, not `new Option`: this module is also bundled into the editor, without commander.
    .addOption(program.createOption('-f, --format <format>', 'output format').choices([...FORMATS]))
    .option('--fix', 'apply the safe fixes in place, then report what is left')
    .option('-c, --config <file>', 'a .hadolint.yaml to use instead of the one found from the current folder')
    .addOption(program.createOption('-t, --failure-threshold <level>', 'exit 1 only for findings at or above this level').choices([...THRESHOLDS]))
    .option('--no-fail', 'exit 0 even when findings are at or above the failure threshold')
    .option('--ignore <code>', 'a rule code never reported (repeatable)', (code: string, codes: string[] = []) => [...codes, code])
    .option('--no-color', 'never colour the tty output (NO_COLOR is honoured too)')
    .addOption(program.createOption('--shellcheck <mode>', 'ShellCheck inside RUN: auto (when installed), on, off').choices([...SHELLCHECK_MODES]))
    .option('--shellcheck-path <file>', 'the shellcheck executable (default: shellcheck on PATH)')
    .addOption(program.createOption('--kind <kind>', 'what the files are: auto (compose*.y(a)ml and docker-compose*.y(a)ml are compose files), dockerfile, compose').choices([...LINT_KINDS]))
    .addOption(program.createOption('--codes <names>', 'name problems both hadolint and BuildKit report as hadolint (default) or buildkit (as `docker build --check`)').choices([...CODE_NAMES]))
    .action(async (files: string[], options: LintOptions) => {
      process.exitCode = await runLint(files, options, processIo());
    });
}

function processIo(): LintIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    // Bounded: an endless `cat /dev/zero | stevedore lint -` stops at the limit.
    readStdin: (limit) => readStreamBytes(process.stdin, limit),
  };
}

/** Runs the whole command and returns the exit status; output goes to `io`. */
export async function runLint(files: string[], options: LintOptions, io: LintIo): Promise<number> {
  if (files.length === 0) throw new CliError('give one or more Dockerfiles or compose files to lint, or - to read standard input', 2);
  if (options.kind !== undefined && !(LINT_KINDS as readonly string[]).includes(options.kind)) {
    throw new CliError(`unknown --kind '${options.kind}'; use one of ${LINT_KINDS.join(', ')}`, 2);
  }
  const config = loadConfig(options, io);
  const format = chooseFormat(options.format ?? config.format);
  const threshold: Threshold = (options.failureThreshold as Threshold | undefined) ?? config.failureThreshold;
  const noFail = options.fail === false || config.noFail;
  const twinNames = options.codes === 'buildkit' ? 'buildkit' : 'hadolint';

  const results: FileResult[] = [];
  let unreadable = 0;
  let stdinRead = false;
  const ignoredCodes = new Set(config.ignored.map((code) => code.toUpperCase()));
  const shellcheck = shellcheckCli(options, io);
  // Which results are Dockerfiles: only their RUN scripts go to ShellCheck.
  const dockerfileResults: number[] = [];
  for (const file of files) {
    const kind = kindOf(file, options.kind as LintKind | undefined);
    // The same bound on bytes as for a Dockerfile: never more UTF-16 units than bytes, nor fewer than a third.
    const maxBytes = io.maxBytes ?? (kind === 'compose' ? 3 * MAX_COMPOSE_LENGTH : MAX_DOCKERFILE_BYTES);
    let read: DockerfileBytes;
    const path = isAbsolute(file) ? file : join(io.cwd, file);
    try {
      if (file === '-') {
        if (stdinRead) continue;
        stdinRead = true;
        const input = await io.readStdin(maxBytes);
        read = typeof input === 'string' ? { bytes: Buffer.from(input, 'utf8'), size: Buffer.byteLength(input) } : input;
      } else {
        read = await readDockerfileBytes(path, maxBytes);
      }
    } catch (error) {
      unreadable++;
      io.stderr.write(`stevedore: cannot read ${file}: ${readProblem(error)}; skipping it\n`);
      continue;
    }
    if (!read.bytes) {
      // Over the limit: reported like lint() reports a large text, without reading the rest.
      const size = file === '-' ? `more than ${maxBytes.toLocaleString('en')} bytes` : `${read.size.toLocaleString('en')} bytes`;
      const tooLarge = kind === 'compose' ? tooLargeComposeFinding(size) : tooLargeFinding(size);
      results.push({ file, text: '', findings: ignoredCodes.has(tooLarge.code) ? [] : [tooLarge] });
      continue;
    }
    // Invalid UTF-8 bytes survive a --fix exactly (dockerfileFile.ts).
    let text = decodeKeepingBytes(read.bytes);
    let lintText: (content: string) => Finding[];
    if (kind === 'compose') {
      // Standard input has no folder: SDC3007 stays silent rather than guess.
      const dockerignore = file === '-' ? undefined : composeDockerignoreReader(path);
      lintText = (content) => lintCompose(content, { config, dockerignore }).findings;
    } else {
      const dockerignore = file === '-' ? undefined : await readDockerignore(path);
      lintText = (content) => lint(content, { config, dockerignore, twinNames }).findings;
    }

    if (options.fix && file === '-') {
      io.stderr.write('stevedore: --fix cannot rewrite standard input; linting it unchanged\n');
    } else if (options.fix) {
      const run = fixUntilStable(text, lintText);
      if (run.text !== text) {
        try {
          await (io.writeFile ?? writeFileAtomically)(path, encodeKeepingBytes(run.text));
          io.stderr.write(`${file}: ${describeFixes(run.fixedCodes)}\n`);
          text = run.text;
        } catch (error) {
          unreadable++;
          io.stderr.write(`stevedore: cannot write the fixes to ${file}: ${readProblem(error)}; the file is unchanged\n`);
        }
      }
    }
    if (kind === 'dockerfile') dockerfileResults.push(results.length);
    results.push({ file, text, findings: sortFindings(lintText(text)) });
  }
  // ShellCheck's findings for every Dockerfile from one process (or one per 400 scripts).
  const scripts = dockerfileResults.map((i) => results[i].text);
  const scriptFindings = scripts.length > 0 ? await shellcheck.findings(scripts, config) : [];
  for (const [n, found] of scriptFindings.entries()) {
    const i = dockerfileResults[n];
    if (found.length > 0) results[i].findings = sortFindings([...results[i].findings, ...found]);
  }

  io.stdout.write(formatResults(results, format, { color: options.color !== false && useColor(io) }));
  if (unreadable > 0 || shellcheck.failed) return 2;
  return failureExitCode(results, threshold, noFail);
}

function loadConfig(options: LintOptions, io: LintIo): LintConfig {
  const file = options.config
    ? isAbsolute(options.config)
      ? options.config
      : join(io.cwd, options.config)
    : findHadolintConfig(io.cwd, io.env);
  const flags: Partial<LintConfig> = { ignored: options.ignore ?? [] };
  if (!file) return mergeConfig(flags);
  let yamlText: string;
  try {
    // Synchronous on purpose: one small file, read before anything else happens.
    yamlText = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read the configuration ${options.config ?? file}: ${readProblem(error)}`, 2);
  }
  try {
    return mergeConfig(parseHadolintConfig(yamlText, options.config ?? file), flags);
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}`, 2);
  }
}

function chooseFormat(name: string | undefined): OutputFormat {
  if (!name) return 'tty';
  const format = FORMAT_ALIASES[name] ?? name;
  if ((FORMATS as readonly string[]).includes(format)) return format as OutputFormat;
  throw new CliError(`unknown output format '${name}' in the configuration; use one of ${FORMATS.join(', ')}`, 2);
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  if (code === 'EROFS') return 'the file system is read-only';
  return error instanceof Error ? error.message : String(error);
}

export async function readDockerignore(dockerfilePath: string): Promise<string | null> {
  for (const candidate of dockerignoreCandidates(dockerfilePath)) {
    try {
      return await readFile(candidate, 'utf8');
    } catch {
      // Not there: try the next place.
    }
  }
  return null;
}

function describeFixes(codes: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  const list = [...counts].map(([code, count]) => (count > 1 ? `${code} x${count}` : code)).join(', ');
  return `${codes.length} ${codes.length === 1 ? 'fix' : 'fixes'}: ${list}`;
}

/**
 * Runs every rule on its own examples (the Dockerfiles of its explanation), so that the code cache
 * dist/cli.js writes after a run (bin.ts) holds the whole engine and not only the functions that
 * run's files happened to need: a later lint of a larger file then compiles no rule again. Called
 * once per build of the CLI, by the run that writes the cache. Measured on the 3,003-instruction
 * bench file after a cache written by a one-line run: +136-142 -> +130-134 ms over the one-line
 * file (medians of 21 starts, quiet machine), 1,456 -> 1,429 M instructions (callgrind).
 */
export function compileLintEngine(): void {
  for (const rule of allRules) {
    for (const example of rule.explanation.matchAll(/```dockerfile\n([\s\S]*?)```/g)) lint(example[1]);
  }
}

function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.code.localeCompare(b.code),
  );
}

/** hadolint's exit status: 1 when any finding is at or above the threshold, unless --no-fail. */
export function failureExitCode(results: readonly FileResult[], threshold: Threshold, noFail: boolean): number {
  if (noFail) return 0;
  return results.some((result) => failsThreshold(result.findings, threshold)) ? 1 : 0;
}

function useColor(io: LintIo): boolean {
  return Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined;
}
