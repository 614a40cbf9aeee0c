// The `stevedore` executable (package.json "bin": dist/cli.js), kept to a few lines so a start
// costs little more than Node's own: it loads the command line (dist/cli/main.js) with V8's code
// cache, so functions compiled by an earlier run of the same subcommand are not compiled again.
// Measured on this project's 2-core machine (Node 20): the cache takes `stevedore lint` of a
// one-line Dockerfile from about 90 to about 40 ms of CPU above `node -e 0` (notes/shellcheck.md).
//   Node 22.1+: module.enableCompileCache(), Node's own cache.
//   Node 20: vm.Script with cachedData, one cache file per bundle build and subcommand.
// The cache lives in the user's cache folder (created private, 0700): V8 rejects data made by
// another V8 or for another source length, and the file name carries the bundle's size and mtime.
// NODE_DISABLE_COMPILE_CACHE=1 (Node's switch) turns it off.
import nodeModule from 'node:module';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';
import { version } from '../../package.json';
import type * as CommandLine from './main';

const MAIN = join(__dirname, 'cli', 'main.js');

interface ModuleInternals {
  new (id: string, parent?: NodeJS.Module): NodeJS.Module & { filename: string; paths: string[]; loaded: boolean };
  wrap(source: string): string;
  _nodeModulePaths(folder: string): string[];
  _cache: Record<string, NodeJS.Module>;
  enableCompileCache?(directory?: string): unknown;
}
const Module = nodeModule as unknown as ModuleInternals;

function cacheFolder(): string | undefined {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : '');
  return base ? join(base, 'stevedore', `v8-${process.version}-${process.arch}`) : undefined;
}

function loadCommandLine(): typeof CommandLine {
  const folder = cacheFolder();
  if (!process.env.NODE_DISABLE_COMPILE_CACHE && folder) {
    if (typeof Module.enableCompileCache === 'function') {
      Module.enableCompileCache(folder);
    } else {
      const loaded = loadWithCodeCache(MAIN, folder);
      if (loaded) return loaded;
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(MAIN) as typeof CommandLine;
}

/** What Node's CommonJS loader does for one file, with V8's cached data: wrap, compile, run. */
function loadWithCodeCache(file: string, folder: string): typeof CommandLine | undefined {
  let script: vm.Script;
  let cacheFile: string;
  let cached: Buffer | undefined;
  let command: string;
  try {
    const { size, mtimeMs } = statSync(file);
    const stamp = `main-${size}-${Math.floor(mtimeMs)}`;
    // Each subcommand runs different functions: each keeps its own cache of them.
    command = /^[a-z][a-z-]*$/.test(process.argv[2] ?? '') ? process.argv[2] : 'options';
    cacheFile = join(folder, `${stamp}-${command}.v8`);
    try {
      cached = readFileSync(cacheFile);
    } catch {
      cached = undefined;
    }
    const source = readFileSync(file, 'utf8');
    // A vm.Script has no import() without an experimental flag: the build turns the CLI's into
    // require(), and a bundle that still has one is loaded the ordinary way.
    if (source.includes('import(')) return undefined;
    script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cached });
    if (!cached || script.cachedDataRejected) {
      process.once('exit', () => {
        // The cache holds what has been compiled: all of the lint engine, whatever this run's files needed.
        if (command === 'lint') compileLintEngine(loaded);
        saveCache(script, folder, cacheFile, stamp);
      });
    }
  } catch {
    return undefined;
  }
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(dirname(file));
  Module._cache[file] = loaded;
  const requireHere = nodeModule.createRequire(file);
  (script.runInThisContext() as (...args: unknown[]) => void).call(
    loaded.exports, loaded.exports, requireHere, loaded, file, dirname(file),
  );
  loaded.loaded = true;
  return loaded.exports as typeof CommandLine;
}

function compileLintEngine(loaded: NodeJS.Module): void {
  try {
    (loaded.exports as Partial<typeof CommandLine>).compileLintEngine?.();
  } catch {
    // The cache then holds what this run compiled, as before.
  }
}

/** After the run, so the functions it compiled are in the cache. Atomic; old builds' files go. */
function saveCache(script: vm.Script, folder: string, cacheFile: string, stamp: string): void {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, cacheFile);
    for (const name of readdirSync(folder)) {
      if (name.startsWith('main-') && !name.startsWith(`${stamp}-`)) rmSync(join(folder, name), { force: true });
    }
  } catch {
    // A read-only home or a full disk: the next start compiles again, nothing else changes.
  }
}

/**
 * `stevedore lint` runs its code a few thousand times at most and exits: V8's optimising compiler
 * (TurboFan) compiles hot functions on background threads for code that arrives when the run is
 * nearly over, and on a machine whose cores are busy those threads take CPU from the run itself.
 * Measured on this project's 2-core machine under load (main-thread CPU / all threads / wall, min
 * of 3, notes/lint-speed.md): 200 files in one process 1,255 / 2,745 / 12,812 ms with TurboFan,
 * 1,167 / 1,261 / 3,416 ms with Sparkplug (V8's baseline compiler) as the top tier. Set before any
 * code is compiled, so the code cache is made and read under the same flags. A user's own
 * `--max-opt` (node's command line or NODE_OPTIONS) is left alone.
 */
function baselineTierOnly(): void {
  const own = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (own.some((flag) => flag.startsWith('--max-opt'))) return;
  setFlagsFromString('--max-opt=1');
}

const args = process.argv.slice(2);
if (args[0] === 'lint') baselineTierOnly();
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // What commander prints for it, without loading the command line (590 KB): measured +55 -> +11 ms
  // over `node -e 0` (median of 21 starts).
  process.stdout.write(`${version}\n`);
} else {
  loadCommandLine().runAsProgram(args);
}
