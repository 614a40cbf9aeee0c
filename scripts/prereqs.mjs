// The machine set-up behind `npm start` and `npm test` (and so `.ci/run`): what each feature and
// test layer needs, what of it is missing, and, where it can act (root or passwordless sudo, on
// Debian/Ubuntu with apt-get), one `apt-get install` of the missing packages and a `dockerd` started
// when no engine answers, stopped again when the command ends. Where it cannot act it prints the
// commands for that platform and carries on with what works. STEVEDORE_NO_INSTALL=1: change nothing
// on the machine, only say what is missing. Plain Node, no dependencies: it runs before
// node_modules is complete.
//   node scripts/prereqs.mjs [--check] [start|test|NEED...] [-- COMMAND ARGS...]
// prepares for those needs (default: test), runs COMMAND if given, then stops what it started.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, statSync, accessSync, constants } from 'node:fs';
import { request } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Needs that bring others with them. */
const IMPLIES = {
  demo: ['engine'],
  integration: ['engine', 'demo'],
  extension: ['engine', 'demo', 'code-server'],
};
/** What the two commands need; npm start drops code-server when it opens desktop VS Code. */
export const PURPOSES = { start: ['demo', 'code-server'], test: ['unit', 'integration', 'extension'] };

const command = (...names) => (m) => names.some((name) => m.command(name));

/**
 * One row per thing a feature or a test layer needs: what it is in the user's words, which
 * Debian packages bring it (on macOS: `brew`, or `macos` when it comes otherwise; neither: Linux
 * only), which needs use it, and how to tell it is here.
 * Later features add a row here; nothing else lists packages.
 */
export const REQUIREMENTS = [
  { what: 'docker CLI', apt: ['docker.io'], for: ['engine'], present: command('docker') },
  { what: 'Docker engine (dockerd)', apt: ['docker.io'], for: ['engine'], engine: true, present: command('dockerd') },
  { what: 'Docker Compose', apt: ['docker-compose'], brew: 'docker-compose', for: ['demo', 'integration'], present: (m) => Boolean(m.command('docker-compose') || m.composePlugin()) },
  { what: 'static busybox (images built FROM scratch)', apt: ['busybox-static'], for: ['demo', 'integration'], present: (m) => m.staticBusybox() },
  { what: 'skopeo (image archive forms)', apt: ['skopeo'], brew: 'skopeo', for: ['integration'], present: command('skopeo') },
  { what: 'Podman (its Docker-compatible socket)', apt: ['podman'], brew: 'podman', for: ['integration'], present: command('podman') },
  { what: 'sshd (ssh:// engines)', apt: ['openssh-server'], macos: 'built in', for: ['integration'], present: command('sshd') },
  { what: 'openssl (TLS engines)', apt: ['openssl'], brew: 'openssl', for: ['integration'], present: command('openssl') },
  { what: 'ip (bridges of private engines)', apt: ['iproute2'], for: ['integration'], present: command('ip') },
  { what: 'Prometheus', apt: ['prometheus'], brew: 'prometheus', for: ['integration', 'extension'], present: command('prometheus') },
  { what: 'promtool', apt: ['prometheus'], brew: 'prometheus', for: ['integration', 'extension'], present: command('promtool') },
  { what: 'Node Exporter', apt: ['prometheus-node-exporter'], brew: 'node_exporter', for: ['integration'], present: command('prometheus-node-exporter', 'node_exporter') },
  { what: 'ab (ApacheBench, load)', apt: ['apache2-utils'], macos: 'built in', for: ['integration'], present: command('ab') },
  { what: 'ShellCheck', apt: ['shellcheck'], brew: 'shellcheck', for: ['unit', 'integration', 'extension'], present: command('shellcheck') },
  { what: 'ripgrep (code-server install)', apt: ['ripgrep'], brew: 'ripgrep', for: ['code-server'], present: command('rg') },
  { what: 'Kerberos headers (code-server install)', apt: ['libkrb5-dev'], macos: 'built in', for: ['code-server'], present: (m) => m.file('/usr/include/gssapi/gssapi.h') || m.file('/usr/include/gssapi.h') },
  { what: 'g++ and make (code-server native modules)', apt: ['g++', 'make'], macos: 'xcode-select --install', for: ['code-server'], present: (m) => Boolean(m.command('g++') && m.command('make')) },
  { what: 'python3 (code-server native modules)', apt: ['python3'], macos: 'xcode-select --install', for: ['code-server'], present: command('python3') },
  { what: 'Chromium (drives code-server in the extension tests)', apt: ['chromium'], brew: '--cask chromium', for: ['extension'], present: (m) => Boolean(m.chromium()) },
];

/** Every need, with the ones it implies. */
export function expandNeeds(needs) {
  const all = new Set();
  const add = (need) => {
    if (PURPOSES[need]) return PURPOSES[need].forEach(add);
    if (all.has(need)) return;
    all.add(need);
    (IMPLIES[need] ?? []).forEach(add);
  };
  needs.forEach(add);
  return all;
}

/** The rows these needs use, in table order. */
export function requirementsFor(needs) {
  const all = expandNeeds(needs);
  return REQUIREMENTS.filter((row) => row.for.some((need) => all.has(need)));
}

// ---------------------------------------------------------------------------------------------
// The real machine. Everything here is a file lookup except `run` and the engine ping, so a run
// on a machine where all is present costs milliseconds.

/** True when `path` is an ELF executable without an interpreter (statically linked). */
export function isStaticElf(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(64);
    if (readSync(fd, head, 0, 64, 0) < 52 || head.readUInt32BE(0) !== 0x7f454c46) return false;
    const is64 = head[4] === 2;
    const le = head[5] === 1;
    const u16 = (buffer, at) => (le ? buffer.readUInt16LE(at) : buffer.readUInt16BE(at));
    const u32 = (buffer, at) => (le ? buffer.readUInt32LE(at) : buffer.readUInt32BE(at));
    const tableAt = is64 ? Number(le ? head.readBigUInt64LE(32) : head.readBigUInt64BE(32)) : u32(head, 28);
    const entrySize = u16(head, is64 ? 54 : 42);
    const entries = u16(head, is64 ? 56 : 44);
    const table = Buffer.alloc(entrySize * entries);
    readSync(fd, table, 0, table.length, tableAt);
    for (let i = 0; i < entries; i++) if (u32(table, i * entrySize) === 3 /* PT_INTERP */) return false;
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function dockerConfigDir(env) {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/** Looks things up on this machine; the unit tests pass their own. */
export function machine(env = process.env) {
  // sbin is searched too: dockerd and sshd live there and a user's PATH often lacks it.
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'].filter(Boolean);
  const found = new Map();
  const isExecutableFile = (path) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  return {
    platform: process.platform,
    uid: typeof process.getuid === 'function' ? process.getuid() : undefined,
    // Only hits are remembered: the re-check after apt-get must see what it just installed.
    command(name) {
      if (!found.has(name)) {
        const path = dirs.map((dir) => join(dir, name)).find(isExecutableFile);
        if (!path) return undefined;
        found.set(name, path);
      }
      return found.get(name);
    },
    file: (path) => existsSync(path),
    staticBusybox: () => ['/bin/busybox', '/usr/bin/busybox'].some(isStaticElf),
    composePlugin: () =>
      [join(dockerConfigDir(env), 'cli-plugins'), '/usr/local/lib/docker/cli-plugins', '/usr/local/libexec/docker/cli-plugins', '/usr/lib/docker/cli-plugins', '/usr/libexec/docker/cli-plugins']
        .some((dir) => isExecutableFile(join(dir, 'docker-compose'))),
    chromium: () => env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p)),
    osRelease() {
      try {
        return readFileSync('/etc/os-release', 'utf8');
      } catch {
        return '';
      }
    },
    currentContext() {
      try {
        return JSON.parse(readFileSync(join(dockerConfigDir(env), 'config.json'), 'utf8')).currentContext;
      } catch {
        return undefined;
      }
    },
    /** Run to completion, output appended to `logFile`; returns { status, output }. */
    run(file, args, { logFile, env: extraEnv } = {}) {
      const result = spawnSync(file, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}`;
      if (logFile) appendFileSync(logFile, `$ ${file} ${args.join(' ')}\n${output}\n`);
      return { status: result.status ?? 1, output };
    },
    /** Start a daemon in its own process group, output to `logFile`. */
    startDaemon(file, args, logFile) {
      const out = openSync(logFile, 'a');
      const child = spawn(file, args, { detached: true, stdio: ['ignore', out, out] });
      closeSync(out);
      child.unref();
      const exited = new Promise((resolve) => {
        child.once('exit', (code, signal) => resolve(code ?? signal));
        child.once('error', (error) => resolve(error.message));
      });
      return { pid: child.pid, exited, hasExited: () => child.exitCode !== null || child.signalCode !== null, kill: (signal) => child.kill(signal) };
    },
    engineVersion: (target) => (target.kind === 'unix' ? pingSocket(target.socket) : cliVersion()),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    tempDir: () => mkdtempSync(join(tmpdir(), 'stevedore-prereqs-')),
    readLogTail(logFile, lines = 8) {
      try {
        return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
  };
}

/**
 * GET /_ping on a unix socket: { state: 'up', version } | { state: 'down' | 'denied', reason }.
 * /_ping names the engine in its Server header and costs 1 ms where /version costs 20-40 ms.
 */
function pingSocket(socket) {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: 3000 }, (res) => {
      res.resume();
      const server = /Docker\/(\S+)/.exec(String(res.headers.server ?? ''))?.[1];
      const api = res.headers['api-version'];
      if (res.statusCode === 200 && (server || api)) resolve({ state: 'up', version: server ?? `API ${api}` });
      else resolve({ state: 'down', reason: `something answers on ${socket} but it is not a Docker engine` });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 3 s')));
    req.on('error', (error) => {
      if (error.code === 'EACCES') resolve({ state: 'denied', reason: `permission denied on ${socket}` });
      else resolve({ state: 'down', reason: error.code === 'ENOENT' ? `no socket at ${socket}` : `${socket}: ${error.code ?? error.message}` });
    });
    req.end();
  });
}

/** For tcp://, ssh:// and contexts: ask the docker CLI, which knows them all. */
function cliVersion() {
  const result = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 15_000 });
  if (result.status === 0) return Promise.resolve({ state: 'up', version: result.stdout.trim() });
  return Promise.resolve({ state: 'down', reason: (result.stderr || result.error?.message || 'docker version failed').trim().split('\n')[0] });
}

// ---------------------------------------------------------------------------------------------

/** Where the product will look for the engine (as src/docker/connection does). */
export function engineTarget(env, m) {
  const host = env.DOCKER_HOST;
  if (host) return host.startsWith('unix://') ? { kind: 'unix', socket: host.slice('unix://'.length), url: host, custom: true } : { kind: 'remote', url: host };
  const context = env.DOCKER_CONTEXT || m.currentContext();
  if (context && context !== 'default') return { kind: 'context', url: `docker context ${context}` };
  if (m.platform === 'win32') return { kind: 'remote', url: 'npipe:////./pipe/docker_engine' };
  return { kind: 'unix', socket: '/var/run/docker.sock', url: 'unix:///var/run/docker.sock' };
}

/** 'apt' (Debian, Ubuntu and their kin with apt-get), 'linux', 'macos', 'windows' or 'other'. */
export function platformKind(m) {
  if (m.platform === 'darwin') return 'macos';
  if (m.platform === 'win32') return 'windows';
  if (m.platform !== 'linux') return 'other';
  const ids = /^(ID|ID_LIKE)=(.*)$/gm;
  const release = m.osRelease();
  let debianLike = false;
  for (const match of release.matchAll(ids)) if (/\b(debian|ubuntu)\b/.test(match[2])) debianLike = true;
  return debianLike && m.command('apt-get') ? 'apt' : 'linux';
}

const unique = (list) => [...new Set(list)];

/** The commands a person runs on this platform to get `rows` (and an engine running). */
export function manualSteps(kind, rows, { engineDown = false } = {}) {
  const apt = unique(rows.flatMap((row) => row.apt));
  const steps = [];
  if (kind === 'apt') {
    if (apt.length) steps.push(`sudo apt-get update && sudo apt-get install -y --no-install-recommends ${apt.join(' ')}`);
    if (engineDown) steps.push('sudo systemctl start docker   # without systemd: sudo dockerd --iptables=false >/tmp/dockerd.log 2>&1 &');
  } else if (kind === 'macos') {
    if (engineDown || rows.some((row) => row.for.includes('engine'))) {
      steps.push('Docker Desktop: brew install --cask docker && open -a Docker   # or Colima: brew install colima docker docker-compose && colima start');
    }
    const others = rows.filter((row) => !row.for.includes('engine'));
    const brew = unique(others.filter((row) => row.brew).map((row) => row.brew));
    const formulae = brew.filter((name) => !name.startsWith('--cask'));
    if (formulae.length) steps.push(`brew install ${formulae.join(' ')}`);
    for (const cask of brew.filter((name) => name.startsWith('--cask'))) steps.push(`brew install ${cask}`);
    for (const note of unique(others.filter((row) => row.macos && row.macos !== 'built in').map((row) => row.macos))) steps.push(note);
    const linuxOnly = others.filter((row) => !row.brew && !row.macos);
    if (linuxOnly.length) steps.push(`${linuxOnly.map((row) => row.what).join(', ')}: Linux only; run npm test inside Linux (colima ssh, or a Linux VM)`);
  } else if (kind === 'windows') {
    steps.push('use WSL: wsl --install -d Debian, then run npm install, npm start and npm test inside Debian (they install the rest)');
    steps.push('or Docker Desktop with its WSL 2 engine, then the same commands inside the WSL distribution');
  } else if (apt.length || engineDown) {
    if (apt.length) steps.push(`install the equivalents of these Debian packages with your package manager: ${apt.join(' ')}`);
    if (engineDown) steps.push('start the Docker engine: sudo systemctl start docker (or sudo dockerd --iptables=false &)');
  }
  return steps;
}

/** Package names apt-get said it does not know, from its output. */
export function unavailablePackages(output) {
  const names = new Set();
  for (const match of output.matchAll(/E: Unable to locate package (\S+)/g)) names.add(match[1]);
  for (const match of output.matchAll(/E: Package '([^']+)' has no installation candidate/g)) names.add(match[1]);
  return [...names];
}

function seconds(ms) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Check, install what is missing, start the engine when needed. Returns
 * { missing, unavailable, engine, startedEngine, release } where `release()` stops only what this
 * call started. Options: needs (names from PURPOSES or the `for` of REQUIREMENTS), purpose (words
 * for messages, e.g. 'npm test'), env, log, machine (the unit tests' fake), startEngine (default
 * true), dockerdArgs (extra arguments, e.g. a private data root).
 */
export async function preparePrerequisites(options = {}) {
  const env = options.env ?? process.env;
  const m = options.machine ?? machine(env);
  const log = options.log ?? ((line) => console.log(line));
  const needs = options.needs ?? ['test'];
  const began = m.now();
  let scratch;
  const run = {
    m,
    env,
    log,
    say: (line) => log(`prereqs: ${line}`),
    purpose: options.purpose ?? 'this command',
    rows: requirementsFor(needs),
    kind: platformKind(m),
    options,
    scratchDir: () => (scratch ??= m.tempDir()),
  };
  run.mayAct = whoMayAct(run);

  let missing = run.rows.filter((row) => !row.present(m));
  const needsEngine = expandNeeds(needs).has('engine');
  // An engine that already answers (Docker Desktop, a remote host) makes a local dockerd unneeded.
  let engine;
  if (needsEngine && missing.some((row) => row.engine)) {
    engine = await m.engineVersion(engineTarget(env, m));
    if (engine.state === 'up') missing = missing.filter((row) => !row.engine);
  }
  let unavailable = [];
  if (missing.length) ({ missing, unavailable } = installMissing(run, missing));
  let startedEngine;
  if (needsEngine) ({ engine, startedEngine } = await ensureEngine(run, engine));

  if (!missing.length && !startedEngine) {
    const present = run.rows.length;
    const engineText = engine?.state === 'up' ? `; Docker engine ${engine.version} at ${engineTarget(env, m).url}` : '';
    run.say(`${present === 1 ? 'the one prerequisite' : `all ${present} prerequisites`} of ${run.purpose} present${engineText} (${seconds(m.now() - began)})`);
  }
  return {
    missing,
    unavailable,
    engine,
    startedEngine: startedEngine && { pid: startedEngine.pid, logFile: startedEngine.logFile },
    release: releaser(run, startedEngine),
  };
}

/** How this run may change the machine: { sudo: boolean }, or { reason } when it may not. Asked once. */
function whoMayAct({ m, env, kind }) {
  let access;
  return () => {
    if (access) return access;
    if (env.STEVEDORE_NO_INSTALL === '1') access = { reason: 'STEVEDORE_NO_INSTALL=1' };
    else if (kind !== 'apt') access = { reason: kind === 'linux' ? 'no apt-get on this Linux' : `${{ macos: 'macOS', windows: 'Windows' }[kind] ?? m.platform}: no apt-get` };
    else if (m.uid === 0) access = { sudo: false };
    else if (m.command('sudo') && m.run('sudo', ['-n', 'true']).status === 0) access = { sudo: true };
    else access = { reason: 'not root and no passwordless sudo' };
    return access;
  };
}

/** One apt-get update and one apt-get install where allowed, else the commands; what is still missing. */
function installMissing({ m, say, log, purpose, rows, kind, mayAct, scratchDir }, missing) {
  say(`missing for ${purpose}: ${missing.map((row) => row.what).join(', ')}`);
  const action = mayAct();
  if (action.reason) {
    say(`not installing (${action.reason}); to install them yourself:`);
    for (const step of manualSteps(kind, missing)) log(`  ${step}`);
    return { missing, unavailable: [] };
  }
  let packages = unique(missing.flatMap((row) => row.apt));
  const logFile = join(scratchDir(), 'apt-get.log');
  say(`installing with apt-get: ${packages.join(' ')} (log: ${logFile})`);
  const began = m.now();
  const apt = (...args) => {
    const line = ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
    return action.sudo ? m.run('sudo', ['-n', 'env', ...line], { logFile }) : m.run('env', line, { logFile });
  };
  // Another npm start or npm test installing at the same time: wait for its lock, do not fail.
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  if (apt('update', '-qq', ...lock).status !== 0) say(`apt-get update failed (see ${logFile}); installing from the package lists already here`);
  const install = (list) => apt('install', '-y', '-qq', '--no-install-recommends', ...lock, ...list);
  let result = install(packages);
  let unavailable = [];
  if (result.status !== 0) {
    // One unknown name fails the whole run (e.g. Ubuntu has no `chromium` deb): retry without it.
    unavailable = unavailablePackages(result.output).filter((name) => packages.includes(name));
    if (unavailable.length) {
      say(`apt-get has no ${unavailable.join(', ')} here; installing the rest`);
      packages = packages.filter((name) => !unavailable.includes(name));
      result = packages.length ? install(packages) : { status: 0 };
    }
  }
  if (result.status === 0) say(`installed ${packages.join(' ')} in ${seconds(m.now() - began)}`);
  else say(`apt-get install failed after ${seconds(m.now() - began)}: ${m.readLogTail(logFile, 1)} (full log: ${logFile})`);
  const still = rows.filter((row) => !row.present(m));
  if (still.length) {
    say(`still missing: ${still.map((row) => row.what).join(', ')}; carrying on: what needs them will say so`);
    for (const step of manualSteps(kind, still)) log(`  ${step}`);
  }
  return { missing: still, unavailable };
}

/** The engine answers, or dockerd is started where that is possible and wanted, or it says why not. */
async function ensureEngine(run, engine) {
  const { m, env, say, log, kind, options, mayAct } = run;
  const target = engineTarget(env, m);
  if (engine?.state !== 'up') engine = await m.engineVersion(target);
  if (engine.state === 'up') return { engine };
  if (engine.state === 'denied') {
    say(`a Docker engine runs at ${target.url} but ${engine.reason}: sudo usermod -aG docker $USER, then log in again`);
    return { engine };
  }
  const dockerd = m.command('dockerd');
  const cannot = !dockerd ? 'dockerd is not installed' : target.kind !== 'unix' ? `the engine is ${target.url}, not a local socket` : undefined;
  if (!cannot && options.startEngine === false) {
    say(`no Docker engine answers at ${target.url} (${engine.reason}); npm start and npm test start one`);
    return { engine };
  }
  const why = cannot ?? mayAct().reason;
  if (why) {
    say(`no Docker engine answers at ${target.url} (${engine.reason}); not starting one: ${why}`);
    for (const step of manualSteps(kind, [], { engineDown: true })) log(`  ${step}`);
    return { engine };
  }
  const startedEngine = await startDockerd(run, target, dockerd, mayAct().sudo);
  return { engine: startedEngine ? { state: 'up', version: startedEngine.version } : engine, startedEngine };
}

/** Stops the engine this run started, once; a process exiting without calling it still sends SIGTERM. */
function releaser({ m, say }, startedEngine) {
  if (!startedEngine) return async () => {};
  let released = false;
  const emergencyStop = () => {
    if (!released) stopNow(m, startedEngine);
  };
  process.once('exit', emergencyStop);
  return async () => {
    if (released) return;
    released = true;
    process.removeListener('exit', emergencyStop);
    const began = m.now();
    stopNow(m, startedEngine);
    const exited = startedEngine.daemon.exited.then(() => true);
    // Containers that ignore SIGTERM hold dockerd up to 10 s (an idle one stops in about 1 s): say
    // so rather than hang silently.
    if (!(await Promise.race([exited, m.sleep(2000).then(() => false)]))) {
      say(`stopping the Docker engine it started (pid ${startedEngine.pid}); its containers get up to 10 s`);
    }
    if (!(await Promise.race([exited, m.sleep(30_000).then(() => false)]))) stopNow(m, startedEngine, 'KILL');
    say(`stopped the Docker engine it started (pid ${startedEngine.pid}) in ${seconds(m.now() - began)}`);
  };
}

function stopNow(m, started, signal = 'TERM') {
  try {
    if (started.sudo) m.run('sudo', ['-n', 'kill', `-${signal}`, String(started.pid)]);
    else started.daemon.kill(`SIG${signal}`);
  } catch {
    /* already gone */
  }
}

async function startDockerd({ m, say, scratchDir, purpose, options }, target, dockerd, sudo) {
  const extraArgs = options.dockerdArgs ?? [];
  const logFile = join(scratchDir(), 'dockerd.log');
  const args = ['--iptables=false', ...(target.custom ? ['-H', target.url] : []), ...extraArgs];
  // Under sudo the socket would be root:docker; give it the user's group so they can use it.
  if (sudo) {
    const group = m.run('id', ['-gn']).output.trim();
    if (group) args.push('--group', group);
  }
  say(`starting ${sudo ? 'sudo ' : ''}dockerd ${args.join(' ')} (log: ${logFile})`);
  const began = m.now();
  const daemon = sudo ? m.startDaemon('sudo', ['-n', dockerd, ...args], logFile) : m.startDaemon(dockerd, args, logFile);
  const deadline = began + 60_000;
  for (;;) {
    const engine = await m.engineVersion(target);
    if (engine.state === 'up') {
      if (daemon.hasExited()) {
        say(`another Docker engine (${engine.version}) came up at ${target.url} meanwhile; using it`);
        return undefined;
      }
      say(`Docker engine ${engine.version} started in ${seconds(m.now() - began)} (pid ${daemon.pid}); it stops when ${purpose} ends`);
      return { pid: daemon.pid, daemon, sudo, version: engine.version, logFile };
    }
    if (daemon.hasExited() || m.now() > deadline) {
      if (!daemon.hasExited()) stopNow(m, { pid: daemon.pid, daemon, sudo }, 'KILL');
      say(`dockerd ${daemon.hasExited() ? 'exited' : 'did not answer within 60 s'}; carrying on without an engine. Its last words (${logFile}):`);
      for (const line of m.readLogTail(logFile, 5).split('\n')) say(`  ${line}`);
      return undefined;
    }
    await m.sleep(200);
  }
}

/**
 * On Ctrl-C or a kill: `before()` (e.g. stop a server), stop what was started, exit with
 * `exitCode` (default 128 + the signal's number, as shells report it). Once.
 */
export function releaseOnSignals(release, { before = () => {}, exitCode } = {}) {
  let stopping = false;
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      before();
      await release();
      process.exit(exitCode ?? 128 + number);
    });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  const commandLine = dash >= 0 ? argv.slice(dash + 1) : [];
  const check = own.includes('--check');
  const needs = own.filter((arg) => arg !== '--check');
  const env = check ? { ...process.env, STEVEDORE_NO_INSTALL: '1' } : process.env;
  const chosen = needs.length ? needs : ['test'];
  const purpose = chosen.length === 1 && PURPOSES[chosen[0]] ? `npm ${chosen[0]}` : chosen.join(' ');
  const prereqs = await preparePrerequisites({ needs: chosen, purpose, env, startEngine: commandLine.length > 0 });
  if (commandLine.length) {
    const child = spawn(commandLine[0], commandLine.slice(1), { stdio: 'inherit' });
    releaseOnSignals(prereqs.release, { before: () => child.kill('SIGTERM') });
    const code = await new Promise((resolve) => child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
    await prereqs.release();
    process.exitCode = code;
  } else {
    process.exitCode = prereqs.missing.length ? 1 : 0;
  }
}
