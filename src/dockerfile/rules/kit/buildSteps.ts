// What the RUN steps of a stage do, as Stevedore's rules read them (memoised per lint): the
// normalised shell commands, package installs and removals, build steps, the COPY sources and
// destinations, and a path index for the rules that follow files through a stage.
import type { Instruction } from 'dockerfile-ast';
import type { RuleContext, ShellCommand, Stage } from '../../rule';
import type { Range } from '../../types';
import { runsOf, stageChain } from './stages';
import { argProperties, argumentsOutsideHeredocs, astFlagsOf, flagOf } from './words';

/** A shell command with `sudo`/`env VAR=x` prefixes removed, and the RUN it belongs to. */
export interface Command extends ShellCommand {
  instruction: Instruction;
  /** Index of the command in its RUN. */
  position: number;
}

const commandMemo = new WeakMap<RuleContext, Map<Instruction, Command[]>>();

export function commandsOf(context: RuleContext, instruction: Instruction): Command[] {
  let perRun = commandMemo.get(context);
  if (!perRun) {
    perRun = new Map();
    commandMemo.set(context, perRun);
  }
  const cached = perRun.get(instruction);
  if (cached) return cached;
  let parsed: { ok: boolean; commands: ShellCommand[] } = { ok: false, commands: [] };
  if (instruction.getKeyword() === 'RUN') {
    try {
      parsed = context.shell(instruction);
    } catch {
      // A script the parser cannot handle (e.g. too deeply nested): the rules stay silent on it.
    }
  }
  const commands: Command[] = [];
  if (parsed.ok) {
    for (let position = 0; position < parsed.commands.length; position++) {
      const command = parsed.commands[position];
      const words = command.args;
      // Index into [name, ...args] of the program: `sudo -E apt-get`, `env DEBIAN_FRONTEND=noninteractive
      // apt-get` run it further on.
      const wordAt = (at: number): string => (at === 0 ? command.name : words[at - 1]);
      let start = 0;
      while (start < words.length) {
        if (wordAt(start) === 'sudo') {
          start++;
          while (start < words.length && wordAt(start).startsWith('-')) start++;
        } else if (wordAt(start) === 'env') {
          start++;
          while (start < words.length && (wordAt(start).includes('=') || wordAt(start).startsWith('-'))) start++;
        } else break;
      }
      commands.push(new NormalisedCommand(command, instruction, position, start, wordAt(start).replace(PATH_PREFIX, '')));
    }
  }
  perRun.set(instruction, commands);
  return commands;
}

const PATH_PREFIX = /^.*\//;

/**
 * A shell command from its program on (`sudo`, `env` and their options left out). Its ranges are the
 * shell command's, read on first use: reading them for every command mapped every word of every RUN.
 */
class NormalisedCommand implements Command {
  readonly args: string[];
  private ownArgRanges: Range[] | undefined;

  constructor(
    private readonly command: ShellCommand,
    readonly instruction: Instruction,
    readonly position: number,
    /** Index into [name, ...args] of the program. */
    private readonly start: number,
    readonly name: string,
  ) {
    // Shared when nothing was left out: callers only read the arrays.
    this.args = start === 0 ? command.args : command.args.slice(start);
  }

  get range(): Range {
    return this.command.range;
  }

  get nameRange(): Range {
    if (this.start === 0) return this.command.nameRange;
    return this.command.argRanges[this.start - 1] ?? this.command.nameRange;
  }

  get argRanges(): Range[] {
    if (this.ownArgRanges === undefined) {
      this.ownArgRanges = this.start === 0 ? this.command.argRanges : this.command.argRanges.slice(this.start);
    }
    return this.ownArgRanges;
  }
}

/** True when the RUN mounts a cache (`--mount=type=cache`), optionally at a target containing `path`. */
export function hasCacheMount(instruction: Instruction, path?: string): boolean {
  return astFlagsOf(instruction).some((flag) => {
    if (flag.getName().toLowerCase() !== 'mount') return false;
    const value = flag.getValue() ?? '';
    if (!/(^|,)type=cache(,|$)/.test(value)) return false;
    if (!path) return true;
    const target = /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(value)?.[1] ?? '';
    return target.includes(path) || path.includes(target);
  });
}

export type PackageManager = 'apt' | 'apk' | 'yum' | 'dnf' | 'microdnf' | 'zypper';

export interface PackageInstall {
  manager: PackageManager;
  command: Command;
  packages: { name: string; range: Range }[];
  /** Alpine's `--virtual NAME` / `-t NAME`: deleting NAME removes the packages. */
  virtualName?: string;
}

const INSTALL_VERBS: Readonly<Record<string, { manager: PackageManager; verbs: string[] }>> = {
  'apt-get': { manager: 'apt', verbs: ['install'] },
  apt: { manager: 'apt', verbs: ['install'] },
  aptitude: { manager: 'apt', verbs: ['install'] },
  apk: { manager: 'apk', verbs: ['add'] },
  yum: { manager: 'yum', verbs: ['install', 'groupinstall'] },
  dnf: { manager: 'dnf', verbs: ['install', 'groupinstall'] },
  microdnf: { manager: 'microdnf', verbs: ['install'] },
  zypper: { manager: 'zypper', verbs: ['install', 'in'] },
};
/** Options that take the next word as their value (so it is not a package name). */
const VALUE_OPTIONS = new Set(['-o', '-t', '--virtual', '--repository', '-X', '--target-release', '-c', '--setopt', '--enablerepo', '--disablerepo']);

export function packageInstall(command: Command): PackageInstall | undefined {
  const known = INSTALL_VERBS[command.name];
  if (!known) return undefined;
  const verbAt = command.args.findIndex((arg) => !arg.startsWith('-'));
  if (verbAt === -1 || !known.verbs.includes(command.args[verbAt])) return undefined;
  const packages: { name: string; range: Range }[] = [];
  let virtualName: string | undefined;
  for (let i = verbAt + 1; i < command.args.length; i++) {
    const arg = command.args[i];
    if (VALUE_OPTIONS.has(arg)) {
      if ((arg === '--virtual' || arg === '-t') && known.manager === 'apk') virtualName = command.args[i + 1];
      i++;
      continue;
    }
    if (arg.startsWith('--virtual=')) virtualName = arg.slice('--virtual='.length);
    if (arg.startsWith('-') || arg.includes('$') || arg === '') continue;
    packages.push({ name: arg, range: command.argRanges[i] });
  }
  return { manager: known.manager, command, packages, virtualName };
}

/** Packages a command removes again (`apk del`, `apt-get purge/remove`, `yum remove`...). */
export function removedPackages(command: Command): string[] {
  const removeVerbs: Readonly<Record<string, string[]>> = {
    apk: ['del'],
    'apt-get': ['purge', 'remove'],
    apt: ['purge', 'remove'],
    yum: ['remove', 'erase'],
    dnf: ['remove', 'erase'],
    microdnf: ['remove'],
    zypper: ['remove', 'rm'],
  };
  const verbs = removeVerbs[command.name];
  if (!verbs) return [];
  const verbAt = command.args.findIndex((arg) => !arg.startsWith('-'));
  if (verbAt === -1 || !verbs.includes(command.args[verbAt])) return [];
  return command.args.slice(verbAt + 1).filter((arg) => !arg.startsWith('-'));
}

/** Every package install of a stage, with the RUN-level removals that follow it. */
export interface StageInstalls {
  installs: PackageInstall[];
  /** package or virtual name -> the command removing it. */
  removals: { name: string; command: Command }[];
}
const installsMemo = new WeakMap<RuleContext, Map<Stage, StageInstalls>>();
export function stageInstalls(context: RuleContext, stage: Stage): StageInstalls {
  let perStage = installsMemo.get(context);
  if (!perStage) {
    perStage = new Map();
    installsMemo.set(context, perStage);
  }
  const cached = perStage.get(stage);
  if (cached) return cached;
  const result: StageInstalls = { installs: [], removals: [] };
  for (const run of runsOf(context, stage)) {
    for (const command of commandsOf(context, run)) {
      const install = packageInstall(command);
      if (install) result.installs.push(install);
      for (const name of removedPackages(command)) result.removals.push({ name: name.replace(/[=<>].*$/, ''), command });
    }
  }
  perStage.set(stage, result);
  return result;
}

/**
 * The removal of a package installed by `install`, and whether it is in the same RUN (then the
 * files are really gone).
 */
export function removalOf(
  installs: StageInstalls, install: PackageInstall, name: string,
): { command: Command; sameRun: boolean } | undefined {
  const bare = name.replace(/[=<>].*$/, '');
  const installLine = install.command.instruction.getRange().start.line;
  for (const removal of installs.removals) {
    const line = removal.command.instruction.getRange().start.line;
    if (line < installLine) continue;
    const sameRun = removal.command.instruction === install.command.instruction;
    if (sameRun && removal.command.position < install.command.position) continue;
    if (removal.name === bare || (install.virtualName !== undefined && removal.name === install.virtualName)) {
      return { command: removal.command, sameRun: removal.command.instruction === install.command.instruction };
    }
  }
  return undefined;
}

/** Whether `ENV NODE_ENV=production` (or npm's own production setting) is in effect at `line` in the stage chain. */
export function nodeProductionAt(context: RuleContext, stage: Stage, line: number): boolean {
  for (const s of stageChain(context, stage)) {
    for (const instruction of s.instructions) {
      if (s === stage && instruction.getRange().start.line >= line) break;
      const keyword = instruction.getKeyword();
      if (keyword !== 'ENV' && keyword !== 'ARG') continue;
      for (const property of argProperties(instruction)) {
        const name = property.getName().toUpperCase();
        const value = (property.getValue() ?? '').toLowerCase();
        if (name === 'NODE_ENV' && value === 'production') return true;
        if (name === 'NPM_CONFIG_PRODUCTION' && value === 'true') return true;
        if (name === 'NPM_CONFIG_OMIT' && value.includes('dev')) return true;
      }
    }
  }
  return false;
}

/** The source argument of a COPY/ADD that copies the whole build context (`.`, `./`), if any. */
export function wholeContextSource(instruction: Instruction): { range: Range; value: string } | undefined {
  const keyword = instruction.getKeyword();
  if (keyword !== 'COPY' && keyword !== 'ADD') return undefined;
  if (flagOf(instruction, 'from')) return undefined;
  const args = argumentsOutsideHeredocs(instruction);
  for (const source of args.slice(0, -1)) {
    const value = source.getValue().replace(/^\[?\s*"?|"?\s*,?\s*\]?$/g, '');
    if (value === '.' || value === './' || value === '*' || value === './*') return { range: source.getRange(), value };
  }
  return undefined;
}

/** The destination argument of COPY/ADD. */
export function copyDestination(instruction: Instruction): string | undefined {
  const args = argumentsOutsideHeredocs(instruction);
  if (args.length < 2) return undefined;
  return args[args.length - 1].getValue().replace(/^"?|"?\s*\]?$/g, '');
}

export interface BuildStep {
  command: Command;
  /** What it builds, in words: "go build", "npm run build". */
  label: string;
  /** Toolchain-style compile (go, maven, gradle, cargo, dotnet, tsc, make) as opposed to a dependency install. */
  compiles: boolean;
}

const GRADLE_TASKS = /^(build|assemble|bootJar|jar|installDist|shadowJar|distZip|war)$/;
/** The build step a command is, if any. */
export function buildStep(command: Command): BuildStep | undefined {
  const { name, args } = command;
  const first = args.find((arg) => !arg.startsWith('-'));
  if (name === 'go' && (first === 'build' || first === 'install')) return { command, label: `go ${first}`, compiles: true };
  if (name === 'cargo' && (first === 'build' || first === 'install')) return { command, label: `cargo ${first}`, compiles: true };
  if ((name === 'mvn' || name === 'mvnw') && args.some((arg) => /^(package|install|verify|compile|deploy)$/.test(arg))) return { command, label: 'mvn package', compiles: true };
  if ((name === 'gradle' || name === 'gradlew') && args.some((arg) => GRADLE_TASKS.test(arg))) return { command, label: `${name} ${args.find((arg) => GRADLE_TASKS.test(arg))}`, compiles: true };
  if (name === 'dotnet' && (first === 'build' || first === 'publish')) return { command, label: `dotnet ${first}`, compiles: true };
  if ((name === 'npm' || name === 'yarn' || name === 'pnpm') && (first === 'run' || first === 'run-script') && /^build/.test(args[args.indexOf(first) + 1] ?? '')) return { command, label: `${name} run build`, compiles: true };
  if ((name === 'yarn' || name === 'pnpm') && first !== undefined && /^build/.test(first)) return { command, label: `${name} build`, compiles: true };
  if (name === 'tsc' || (name === 'npx' && first === 'tsc')) return { command, label: 'tsc', compiles: true };
  if (name === 'make' && !args.some((arg) => /^(install|clean)$/.test(arg))) return { command, label: 'make', compiles: true };
  return undefined;
}

/** Build steps of a stage, in order. */
export function buildSteps(context: RuleContext, stage: Stage): BuildStep[] {
  const steps: BuildStep[] = [];
  for (const run of runsOf(context, stage)) for (const command of commandsOf(context, run)) {
    const step = buildStep(command);
    if (step) steps.push(step);
  }
  return steps;
}

/** Longest path the path-tracking rules follow (Linux's PATH_MAX): a deeper WORKDIR chain is not tracked. */
export const MAX_TRACKED_PATH = 4096;

/**
 * Paths in the order rules met them, answering "the first one at or under this folder" and "the
 * first one above this path" by lookups instead of a scan per question (which made SD3003 and
 * SD3004 quadratic in COPYs x RUNs).
 */
/** Deepest path PathIndex follows (folders): each path costs a lookup per folder above it. */
const MAX_TRACKED_DEPTH = 64;

export class PathIndex<T> {
  private readonly exact = new Map<string, { order: number; value: T }>();
  private readonly under = new Map<string, { order: number; value: T }>();
  private count = 0;

  add(path: string, value: T): void {
    if (path.length > MAX_TRACKED_PATH || depthOver(path, MAX_TRACKED_DEPTH)) return;
    const entry = { order: this.count++, value };
    if (!this.exact.has(path)) this.exact.set(path, entry);
    for (let slash = path.indexOf('/', 1); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      const folder = path.slice(0, slash);
      if (!this.under.has(folder)) this.under.set(folder, entry);
    }
  }

  /** The first path equal to `path` or inside it. */
  firstAtOrUnder(path: string): T | undefined {
    return this.atOrUnder(path)?.value;
  }

  /** The first path equal to `path`, inside it, or a folder holding it. */
  firstRelated(path: string): T | undefined {
    let best = this.atOrUnder(path);
    // Nothing deeper than MAX_TRACKED_DEPTH was added: the folders above it are enough.
    let depth = 0;
    for (let slash = path.indexOf('/', 1); slash !== -1 && depth++ < MAX_TRACKED_DEPTH; slash = path.indexOf('/', slash + 1)) best = earliest(best, this.exact.get(path.slice(0, slash)));
    return best?.value;
  }

  private atOrUnder(path: string): { order: number; value: T } | undefined {
    return earliest(this.exact.get(path), this.under.get(path));
  }
}

function depthOver(path: string, limit: number): boolean {
  let depth = 0;
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) if (++depth > limit) return true;
  return false;
}

function earliest<E extends { order: number }>(a: E | undefined, b: E | undefined): E | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.order <= b.order ? a : b;
}
