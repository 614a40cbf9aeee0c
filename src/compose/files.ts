// Compose files on disk: discovery as Compose does it (walking up to the parent folders, override
// files, COMPOSE_FILE), the bounded reader, .env files and the project name's normal form.
import { closeSync, fstatSync, openSync, readSync, statSync, constants as fsConstants } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { Lexer } from 'yaml';

/** compose-go's DefaultFileNames and DefaultOverrideFileNames, in order of preference. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const COMPOSE_OVERRIDE_FILE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

export class ComposeFileError extends Error {
  override name = 'ComposeFileError';
}

/**
 * What Stevedore reads of a compose project. The editor reads a workspace's compose files on its own,
 * so a cloned repository's file must not be able to stall or exhaust the extension host: each bound is
 * far above real projects and refuses with a message naming the file. Measured on this machine: a
 * 1 MiB file of 30,000 services parses in about 2 s (yaml's own duplicate-key check, quadratic, took
 * 11 s for it: Stevedore checks duplicate keys itself, in one pass).
 */
export const COMPOSE_LIMITS = {
  /** A compose file's size (the largest real ones are a few hundred KB). */
  maxFileBytes: 1024 * 1024,
  /** A .env file's size. */
  maxDotEnvBytes: 1024 * 1024,
  /** Values (mappings, lists, scalars) once aliases and merge keys are expanded: the alias-bomb bound. */
  maxValues: 1_000_000,
  /** Alias nodes (`*name`) in one file: yaml resolves each by a scan of the earlier ones. */
  maxAliases: 5_000,
  /** Nesting of mappings and lists (compose files use about 8). */
  maxDepth: 64,
  /** Services in the project. */
  maxServices: 5_000,
  /** Text produced by ${...} substitution in one file. */
  maxInterpolatedChars: 16 * 1024 * 1024,
  /** ${A:-${B:-...}} nesting. */
  maxInterpolationDepth: 32,
} as const;

/** compose-go NormalizeProjectName: lowercase, keep [a-z0-9_-], drop leading '_' and '-'. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

/**
 * The compose files of a folder: the explicit ones, else COMPOSE_FILE, else the first default name
 * found in the folder or its parents plus the first override file beside it.
 */
export function findComposeFiles(
  folder: string,
  explicit: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): { files: string[]; warnings: string[] } {
  const warnings: string[] = [];
  const given = explicit.filter((file) => file.trim() !== '');
  if (given.length) return { files: given.map((file) => resolve(folder, file)), warnings };
  const fromEnv = env.COMPOSE_FILE?.trim();
  if (fromEnv) {
    const separator = env.COMPOSE_PATH_SEPARATOR || delimiter;
    return { files: fromEnv.split(separator).filter(Boolean).map((file) => resolve(folder, file)), warnings };
  }
  let dir = resolve(folder);
  for (;;) {
    const candidates = COMPOSE_FILE_NAMES.map((name) => join(dir, name)).filter(isFile);
    if (candidates.length) {
      if (candidates.length > 1) warnings.push(`Found several compose files (${candidates.map((f) => basename(f)).join(', ')}); using ${basename(candidates[0])}, as Compose does.`);
      const override = COMPOSE_OVERRIDE_FILE_NAMES.map((name) => join(dir, name)).find(isFile);
      return { files: override ? [candidates[0], override] : [candidates[0]], warnings };
    }
    const parent = dirname(dir);
    if (parent === dir) return { files: [], warnings };
    dir = parent;
  }
}


/**
 * An unquoted value without its comment: whitespace then `#` starts one. Linear: a regex here was
 * quadratic on long blank runs.
 */
function stripInlineComment(value: string): string {
  for (let hash = value.indexOf('#'); hash >= 0; hash = value.indexOf('#', hash + 1)) {
    if (hash > 0 && /\s/.test(value[hash - 1])) return value.slice(0, hash).trimEnd();
  }
  return value;
}

/** A .env file: KEY=VALUE lines, `export ` prefixes, quotes, # comments. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2];
    if (/^"(.*)"$/s.test(value)) value = value.slice(1, -1).replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    else if (/^'(.*)'$/s.test(value)) value = value.slice(1, -1);
    else value = stripInlineComment(value);
    out[match[1]] = value;
  }
  return out;
}

/**
 * A file's text, refused unless it is a regular file within `maxBytes`: read through one descriptor,
 * so a FIFO, a device or a file growing meanwhile cannot block or flood the reader.
 */
export function readBoundedFile(file: string, maxBytes: number, kind: string, fix: string): string {
  const tooBig = `${file} is larger than ${mib(maxBytes)}: Stevedore reads ${kind}s up to ${mib(maxBytes)}. Shorten or split it.`;
  let fd: number;
  try {
    fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new ComposeFileError(`Cannot read the ${kind} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. ${fix}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new ComposeFileError(`${file} is not a regular file: Stevedore reads only regular files as ${kind}s. ${fix}`);
    if (stat.size > maxBytes) throw new ComposeFileError(tooBig);
    const buffer = Buffer.allocUnsafe(maxBytes + 1);
    let length = 0;
    for (
      let read: number;
      length < buffer.length && (read = readSync(fd, buffer, length, buffer.length - length, null)) > 0;
    ) {
      length += read;
    }
    if (length > maxBytes) throw new ComposeFileError(tooBig);
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof ComposeFileError) throw error;
    throw new ComposeFileError(`Cannot read the ${kind} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. ${fix}`);
  } finally {
    closeSync(fd);
  }
}

function mib(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`;
}


/**
 * The line where the YAML nests deeper than `maxDepth`, from yaml's lexer (flat, no recursion): flow
 * brackets, plus indentation levels and `-`/`?` indicators for block collections. yaml's own parser
 * recurses per level: 2,000 levels overflowed its stack, 20,000 once aborted the process.
 */
export function yamlTooDeepAt(text: string, maxDepth: number): number | undefined {
  let flow = 0;
  let line = 1;
  let onLine = 0;
  let lineStart = true;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    if (token === '\n' || token === '\r\n') {
      line++;
      lineStart = true;
      onLine = 0;
      continue;
    }
    if (lineStart) {
      lineStart = false;
      const indent = token[0] === ' ' ? token.length : 0;
      if (flow === 0 && token[0] !== '#') {
        while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
      }
    }
    if (token === '[' || token === '{') flow++;
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    else if (token === '-' || token === '?') onLine++;
    if (flow + indents.length + onLine > maxDepth) return line;
    // Multi-line scalars are one token; a block scalar's ends with its last newline.
    for (let at = token.indexOf('\n'); at >= 0; at = token.indexOf('\n', at + 1)) line++;
    if (token.length > 1 && token.endsWith('\n')) {
      lineStart = true;
      onLine = 0;
    }
  }
  return undefined;
}

/** A file name Compose would pick up as a compose file (compose*.y(a)ml, docker-compose*.y(a)ml). */
export function isComposeFileName(path: string): boolean {
  return /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/i.test(basename(path));
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export const count = (n: number): string => n.toLocaleString('en-US');
