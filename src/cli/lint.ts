// `stevedore lint`: hadolint's command line, with fixes. Many files in one process, the formats
// CI pipelines already read (hadolint's JSON exactly, SARIF, checkstyle, GitLab code quality),
// and hadolint's exit status. The findings come from the same engine the editor uses.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { version } from '../../package.json';
import {
  findHadolintConfig,
  lint,
  mergeConfig,
  parseHadolintConfig,
  ruleByCode,
  SEVERITIES,
  tooLargeFinding,
  dockerignoreCandidates,
  type Finding,
  type LintConfig,
  type Severity,
} from '../dockerfile';
import { fixUntilStable } from '../dockerfile/fixes';
import { CliError } from './errors';
import { decodeKeepingBytes, encodeKeepingBytes, MAX_DOCKERFILE_BYTES, readDockerfileBytes, readStreamBytes, writeFileAtomically, type DockerfileBytes } from './dockerfileFile';

export const FORMATS = ['tty', 'json', 'sarif', 'checkstyle', 'gitlab'] as const;
export type OutputFormat = (typeof FORMATS)[number];
const THRESHOLDS = [...SEVERITIES, 'none'] as const;
type Threshold = Severity | 'none';

/** hadolint's names for the formats it shares with us, as they appear in `.hadolint.yaml`. */
const FORMAT_ALIASES: Record<string, OutputFormat> = { gitlab_codeclimate: 'gitlab', codeclimate: 'gitlab' };

/** One linted file: the name as given on the command line (`-` for standard input). */
export interface FileResult {
  file: string;
  text: string;
  findings: Finding[];
}

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
}

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
    .description('lint Dockerfiles like hadolint (DL rules), BuildKit checks and Stevedore\'s size and speed rules')
    .argument('<files...>', 'Dockerfiles to lint; - reads standard input')
    // createOption, not `new Option`: this module is also bundled into the editor, without commander.
    .addOption(program.createOption('-f, --format <format>', 'output format').choices([...FORMATS]))
    .option('--fix', 'apply the safe fixes in place, then report what is left')
    .option('-c, --config <file>', 'a .hadolint.yaml to use instead of the one found from the current folder')
    .addOption(program.createOption('-t, --failure-threshold <level>', 'exit 1 only for findings at or above this level').choices([...THRESHOLDS]))
    .option('--no-fail', 'exit 0 even when findings are at or above the failure threshold')
    .option('--ignore <code>', 'a rule code never reported (repeatable)', (code: string, codes: string[] = []) => [...codes, code])
    .option('--no-color', 'never colour the tty output (NO_COLOR is honoured too)')
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
  if (files.length === 0) throw new CliError('give one or more Dockerfiles to lint, or - to read standard input', 2);
  const config = loadConfig(options, io);
  const format = chooseFormat(options.format ?? config.format);
  const threshold: Threshold = (options.failureThreshold as Threshold | undefined) ?? config.failureThreshold;
  const noFail = options.fail === false || config.noFail;

  const results: FileResult[] = [];
  let unreadable = 0;
  let stdinRead = false;
  const maxBytes = io.maxBytes ?? MAX_DOCKERFILE_BYTES;
  const ignoredCodes = new Set(config.ignored.map((code) => code.toUpperCase()));
  for (const file of files) {
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
      results.push({ file, text: '', findings: ignoredCodes.has('DL1000') ? [] : [tooLargeFinding(size)] });
      continue;
    }
    // Invalid UTF-8 bytes survive a --fix exactly (dockerfileFile.ts).
    let text = decodeKeepingBytes(read.bytes);
    const dockerignore = file === '-' ? undefined : await readDockerignore(path);
    const lintText = (content: string): Finding[] => lint(content, { config, dockerignore }).findings;

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
    results.push({ file, text, findings: sortFindings(lintText(text)) });
  }

  io.stdout.write(formatResults(results, format, { color: options.color !== false && useColor(io) }));
  if (unreadable > 0) return 2;
  return failureExitCode(results, threshold, noFail);
}

function loadConfig(options: LintOptions, io: LintIo): LintConfig {
  const file = options.config ? (isAbsolute(options.config) ? options.config : join(io.cwd, options.config)) : findHadolintConfig(io.cwd, io.env);
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
  if (code === 'EISDIR') return 'it is a folder, not a Dockerfile';
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

function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code),
  );
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, style: 3 };

/** hadolint's exit status: 1 when any finding is at or above the threshold, unless --no-fail. */
export function failureExitCode(results: readonly FileResult[], threshold: Threshold, noFail: boolean): number {
  if (noFail || threshold === 'none') return 0;
  const failing = results.some((result) => result.findings.some((finding) => RANK[finding.severity] <= RANK[threshold]));
  return failing ? 1 : 0;
}

function useColor(io: LintIo): boolean {
  return Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined;
}

export function formatResults(results: readonly FileResult[], format: OutputFormat, options: { color: boolean }): string {
  switch (format) {
    case 'json':
      return formatJson(results);
    case 'sarif':
      return formatSarif(results);
    case 'checkstyle':
      return formatCheckstyle(results);
    case 'gitlab':
      return formatGitlab(results);
    default:
      return formatTty(results, options.color);
  }
}

// ---- tty -----------------------------------------------------------------------------------

const PAINT: Record<Severity, string> = { error: '31', warning: '33', info: '36', style: '2' };

/** hadolint's line format (`FILE:LINE CODE level: message`) with the column added. */
export function formatTty(results: readonly FileResult[], color: boolean): string {
  const paint = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  let out = '';
  for (const result of results) {
    for (const finding of result.findings) {
      const where = `${result.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      out += `${paint('1', where)} ${paint('35', finding.code)} ${paint(PAINT[finding.severity], finding.severity)}: ${finding.message}\n`;
    }
  }
  return out;
}

// ---- json (hadolint's) -----------------------------------------------------------------------

/**
 * Exactly hadolint's `--format json`: one array for all files of {code, column, file, level, line,
 * message}, keys in the order hadolint's encoder (aeson, sorted keys) prints them, 1-based.
 */
export function formatJson(results: readonly FileResult[]): string {
  const rows = results.flatMap((result) =>
    result.findings.map((finding) => ({
      code: finding.code,
      column: finding.range.start.character + 1,
      file: result.file,
      level: finding.severity,
      line: finding.range.start.line + 1,
      message: finding.message,
    })),
  );
  return JSON.stringify(rows) + '\n';
}

// ---- SARIF 2.1.0 (GitHub code scanning) ------------------------------------------------------

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', style: 'note' };

function artifactUri(file: string): string {
  if (file === '-') return 'stdin';
  if (isAbsolute(file)) return pathToFileURL(file).href;
  // Code scanning wants paths relative to the repository root, with forward slashes.
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

export function formatSarif(results: readonly FileResult[]): string {
  const ruleIndex = new Map<string, number>();
  const rules: object[] = [];
  const sarifResults: object[] = [];
  for (const result of results) {
    for (const finding of result.findings) {
      let index = ruleIndex.get(finding.code);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(finding.code, index);
        const rule = ruleByCode(finding.code);
        rules.push({
          id: finding.code,
          name: finding.code,
          shortDescription: { text: rule?.summary ?? finding.message },
          ...(rule ? { fullDescription: { text: rule.summary }, help: { text: rule.summary, markdown: rule.explanation } } : {}),
          helpUri: finding.docUrl,
          defaultConfiguration: { level: SARIF_LEVEL[rule?.severity ?? finding.severity] },
          properties: { tags: [finding.source] },
        });
      }
      const { start, end } = finding.range;
      sarifResults.push({
        ruleId: finding.code,
        ruleIndex: index,
        level: SARIF_LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(result.file) },
              region: {
                startLine: start.line + 1,
                startColumn: start.character + 1,
                endLine: end.line + 1,
                // SARIF's endColumn is exclusive: one past the last character, as our range end is.
                endColumn: Math.max(end.character + 1, end.line === start.line ? start.character + 2 : 1),
              },
            },
          },
        ],
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Stevedore',
            fullName: 'Stevedore Dockerfile linter (hadolint rules, BuildKit checks, size and speed rules)',
            version,
            semanticVersion: version,
            informationUri: 'https://github.com/hadolint/hadolint',
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

// ---- checkstyle ------------------------------------------------------------------------------

/** XML attribute text: markup escaped, characters XML 1.0 forbids dropped, line breaks kept as references. */
export function xmlAttribute(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

export function formatCheckstyle(results: readonly FileResult[]): string {
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n';
  for (const result of results) {
    out += `  <file name="${xmlAttribute(result.file)}">\n`;
    for (const finding of result.findings) {
      out +=
        `    <error line="${finding.range.start.line + 1}" column="${finding.range.start.character + 1}" ` +
        `severity="${finding.severity}" message="${xmlAttribute(finding.message)}" source="${xmlAttribute(finding.code)}"/>\n`;
    }
    out += '  </file>\n';
  }
  return out + '</checkstyle>\n';
}

// ---- GitLab code quality ---------------------------------------------------------------------

/** As hadolint's gitlab formatter maps them. */
const GITLAB_SEVERITY: Record<Severity, string> = { error: 'blocker', warning: 'major', info: 'minor', style: 'info' };

/**
 * A fingerprint that survives unrelated edits: the file, the code and the text of the offending
 * line (not its number), plus how many identical ones came before, so each stays unique.
 */
function lineFingerprint(result: FileResult, lines: readonly string[], finding: Finding, seen: Map<string, number>): string {
  const line = lines[finding.range.start.line]?.trim() ?? '';
  const key = `${result.file}\u0000${finding.code}\u0000${line}`;
  const occurrence = seen.get(key) ?? 0;
  seen.set(key, occurrence + 1);
  return createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
}

export function formatGitlab(results: readonly FileResult[]): string {
  const seen = new Map<string, number>();
  const issues = results.flatMap((result) => {
    // Split once per file, not once per finding: 20,000 findings took 44 s that way.
    const lines = result.findings.length > 0 ? result.text.split(/\r\n|\r|\n/) : [];
    return result.findings.map((finding) => ({
      description: `${finding.code} ${finding.message}`,
      check_name: finding.code,
      fingerprint: lineFingerprint(result, lines, finding, seen),
      severity: GITLAB_SEVERITY[finding.severity],
      location: { path: result.file === '-' ? 'stdin' : result.file.replace(/\\/g, '/').replace(/^(\.\/)+/, ''), lines: { begin: finding.range.start.line + 1 } },
    }));
  });
  return JSON.stringify(issues, null, 2) + '\n';
}

