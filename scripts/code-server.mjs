// A real VS Code for tests and `npm start` on machines without desktop VS Code: code-server
// (VS Code 1.100.3) installed from npm on first use into the git-ignored .vscode-test/, as
// @vscode/test-electron does with its downloads. See shared/notes/real-vscode-offline.md.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, cpSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, REQUIREMENTS } from './prereqs.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.100.3';
const installDir = join(root, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
export const codeServerBin = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function which(command) {
  try {
    return execFileSync('which', [command], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a machine lacks, from scripts/prereqs.mjs's table, before code-server can be installed
 * (`code-server`) and driven headless (`extension`: Chromium); empty when all is there.
 */
export function missingPrerequisites(needs = ['code-server', 'extension']) {
  const m = machine();
  return REQUIREMENTS.filter((row) => row.for.some((need) => needs.includes(need)) && !row.present(m))
    .map((row) => `${row.what} (apt-get install ${row.apt.join(' ')})`);
}

export function chromiumPath() {
  return machine().chromium();
}

/** Install code-server into .vscode-test/ unless it is there already. */
export function ensureCodeServer(log = console.log) {
  if (existsSync(codeServerBin)) return codeServerBin;
  const missing = missingPrerequisites(['code-server']);
  if (missing.length) throw new Error(`Cannot install code-server: missing ${missing.join(', ')}`);
  log(`Installing code-server ${CODE_SERVER_VERSION} into ${installDir} (first run only, about a minute)...`);
  mkdirSync(installDir, { recursive: true });
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'stevedore-vscode-test', private: true }));
  // @vscode/ripgrep downloads rg from GitHub in postinstall; it skips that when it finds this
  // cached archive, so we give it Debian's rg.
  const tmp = mkdtempSync(join(tmpdir(), 'stevedore-cs-install-'));
  const cache = join(tmp, 'vscode-ripgrep-cache-1.15.11');
  const staging = join(tmp, 'rg-staging');
  mkdirSync(cache, { recursive: true });
  mkdirSync(staging, { recursive: true });
  cpSync(which('rg'), join(staging, 'rg'));
  chmodSync(join(staging, 'rg'), 0o755);
  execFileSync('tar', ['-czf', join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', staging, 'rg']);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: installDir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, TMPDIR: tmp, npm_config_unsafe_perm: 'true', npm_config_yes: 'true', npm_config_foreground_scripts: 'false' },
  });
  if (!existsSync(codeServerBin)) throw new Error(`code-server installed but ${codeServerBin} is missing`);
  return codeServerBin;
}

/**
 * Start code-server on 127.0.0.1:port in its own process group; returns { child, url, stop }.
 * Workspace Trust is off (every folder trusted) unless `workspaceTrust` is set; `userSettings`
 * become the user's settings.json.
 */
export async function startCodeServer({ port, workspace, dataDir, log = () => {}, workspaceTrust = false, userSettings, env: extraEnv = {} }) {
  const bin = ensureCodeServer();
  if (userSettings) {
    mkdirSync(join(dataDir, 'user', 'User'), { recursive: true });
    writeFileSync(join(dataDir, 'user', 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  }
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(dataDir, 'config'),
    XDG_DATA_HOME: join(dataDir, 'data'),
    XDG_CACHE_HOME: join(dataDir, 'cache'),
    ...extraEnv,
  };
  const child = spawn(process.execPath, [
    bin,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', join(dataDir, 'user'),
    '--extensions-dir', join(dataDir, 'extensions'),
    workspace,
  ], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => log(String(chunk)));
  child.stderr.on('data', (chunk) => log(String(chunk)));
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it listened`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error('code-server did not start within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, url, stop };
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A free TCP port on loopback. */
export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureCodeServer();
  console.log(`code-server ready: ${codeServerBin}`);
}
