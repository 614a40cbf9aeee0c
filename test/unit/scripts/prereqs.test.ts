// scripts/prereqs.mjs decides what to install and whether to start an engine from what it finds;
// here it finds a fake machine (what is present, who we are, what apt-get and dockerd do), so
// every platform and permission case runs anywhere. The real machine: test/integration/prereqs.
import * as assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Prereqs from '../../../scripts/prereqs.mjs';

let prereqs: typeof Prereqs;
before(async () => {
  prereqs = await import('../../../scripts/prereqs.mjs');
});

/** What each Debian package puts on the machine, as the fake's probe sees it. */
const PROVIDES: Record<string, string[]> = {
  'docker.io': ['docker', 'dockerd'],
  'docker-compose': ['docker-compose'],
  'busybox-static': ['busybox'],
  skopeo: ['skopeo'],
  podman: ['podman'],
  'openssh-server': ['sshd'],
  openssl: ['openssl'],
  iproute2: ['ip'],
  prometheus: ['prometheus', 'promtool'],
  'prometheus-node-exporter': ['prometheus-node-exporter'],
  'apache2-utils': ['ab'],
  shellcheck: ['shellcheck'],
  ripgrep: ['rg'],
  'libkrb5-dev': ['/usr/include/gssapi/gssapi.h'],
  'g++': ['g++'],
  make: ['make'],
  python3: ['python3'],
  chromium: ['chromium'],
};
const EVERYTHING = Object.values(PROVIDES).flat();

interface FakeOptions {
  present?: string[];
  platform?: string;
  uid?: number;
  osRelease?: string;
  sudo?: boolean;
  engineUp?: boolean;
  /** apt-get install fails naming these as unknown. */
  unknownPackages?: string[];
  /** dockerd exits at once instead of serving. */
  dockerdDies?: boolean;
  /** dockerd does not stop on SIGTERM (only SIGKILL ends it). */
  dockerdIgnoresTerm?: boolean;
}

function fakeMachine(options: FakeOptions = {}) {
  const present = new Set(options.present ?? []);
  const calls: string[][] = [];
  const daemons: { file: string; args: string[]; signals: string[] }[] = [];
  let engineUp = options.engineUp ?? false;
  let clock = 1_000;
  let exitDaemon: (value: unknown) => void = () => {};
  const m: Prereqs.Machine & { calls: string[][]; daemons: typeof daemons } = {
    calls,
    daemons,
    platform: options.platform ?? 'linux',
    uid: options.uid ?? 0,
    command: (name) => (present.has(name) || (name === 'apt-get' && (options.platform ?? 'linux') === 'linux') || (name === 'sudo' && options.sudo !== undefined) ? `/usr/bin/${name}` : undefined),
    file: (path) => present.has(path),
    staticBusybox: () => present.has('busybox'),
    composePlugin: () => false,
    chromium: () => (present.has('chromium') ? '/usr/bin/chromium' : undefined),
    osRelease: () => options.osRelease ?? 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n',
    currentContext: () => undefined,
    run(file, args) {
      calls.push([file, ...args]);
      const words = file === 'sudo' ? args.slice(1) : [file, ...args];
      if (words[0] === 'true') return { status: options.sudo ? 0 : 1, output: options.sudo ? '' : 'sudo: a password is required' };
      if (words[0] === 'id') return { status: 0, output: 'alice\n' };
      if (words[0] === 'kill') {
        daemons.at(-1)?.signals.push(words[1]);
        engineUp = false;
        exitDaemon(0);
        return { status: 0, output: '' };
      }
      if (words[0] === 'env' && words[2] === 'apt-get' && words[3] === 'install') {
        const packages = words.filter((word, i) => i > 3 && !word.startsWith('-') && words[i - 1] !== '-o');
        const unknown = packages.filter((name) => options.unknownPackages?.includes(name));
        if (unknown.length) return { status: 100, output: unknown.map((name) => `E: Unable to locate package ${name}`).join('\n') };
        for (const name of packages) for (const thing of PROVIDES[name] ?? []) present.add(thing);
      }
      return { status: 0, output: '' };
    },
    startDaemon(file, args) {
      const record = { file, args, signals: [] as string[] };
      daemons.push(record);
      let exited = options.dockerdDies ?? false;
      if (!exited) engineUp = true;
      return {
        pid: 4242,
        exited: new Promise((resolve) => {
          exitDaemon = (value) => {
            exited = true;
            resolve(value);
          };
          if (exited) resolve(1);
        }),
        hasExited: () => exited,
        kill: (signal) => {
          record.signals.push(signal);
          if (signal === 'SIGTERM' && options.dockerdIgnoresTerm) return;
          engineUp = false;
          exitDaemon(0);
        },
      };
    },
    engineVersion: async (target) => (engineUp ? { state: 'up', version: '20.10.24' } : { state: 'down', reason: `no socket at ${'socket' in target ? target.socket : target.url}` }),
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
    tempDir: () => '/tmp/stevedore-prereqs-fake',
    readLogTail: () => 'failed to start daemon: pid file found',
  };
  return m;
}

async function prepare(m: Prereqs.Machine, options: Partial<Prereqs.PrepareOptions> = {}) {
  const lines: string[] = [];
  const result = await prereqs.preparePrerequisites({ needs: ['test'], purpose: 'npm test', env: {}, machine: m, log: (line) => lines.push(line), ...options });
  return { result, lines, text: lines.join('\n') };
}

const aptCalls = (m: { calls: string[][] }) => m.calls.filter((call) => call.includes('apt-get'));
const installCall = (m: { calls: string[][] }) => aptCalls(m).filter((call) => call.includes('install'));

describe('prerequisites (scripts/prereqs.mjs)', () => {
  describe('a bare Debian machine, as root', () => {
    it('installs every missing package in one apt-get update and one apt-get install, then starts dockerd', async () => {
      const m = fakeMachine();
      const { result, lines } = await prepare(m);
      const apt = aptCalls(m);
      assert.equal(apt.length, 2, JSON.stringify(apt));
      assert.deepEqual(apt[0], ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update', '-qq', '-o', 'DPkg::Lock::Timeout=300']);
      const install = apt[1];
      for (const flag of ['install', '-y', '--no-install-recommends']) assert.ok(install.includes(flag), install.join(' '));
      const packages = install.filter((word, i) => i > 3 && !word.startsWith('-') && install[i - 1] !== '-o');
      assert.deepEqual([...packages].sort(), Object.keys(PROVIDES).sort(), 'each package once (docker.io brings docker and dockerd)');
      assert.equal(m.daemons.length, 1);
      assert.deepEqual(m.daemons[0].args, ['--iptables=false']);
      assert.ok(result.startedEngine);
      assert.deepEqual(result.missing, []);
      for (const line of lines) assert.ok(!line.includes('\n') && line.startsWith('prereqs: '), `one line per step: ${JSON.stringify(line)}`);
      assert.match(lines.join('\n'), /Docker engine 20\.10\.24 started in .* it stops when npm test ends/);
    });

    it('stops only the engine it started, once, when released', async () => {
      const m = fakeMachine();
      const { result, lines } = await prepare(m);
      await result.release();
      await result.release();
      assert.deepEqual(m.daemons[0].signals, ['SIGTERM']);
      assert.match(lines.at(-1)!, /^prereqs: stopped the Docker engine it started \(pid 4242\)/);
    });

    it('an engine slow to stop is announced, and killed after 30 s', async () => {
      const m = fakeMachine({ present: EVERYTHING, dockerdIgnoresTerm: true });
      const { result, lines } = await prepare(m);
      await result.release();
      assert.deepEqual(m.daemons[0].signals, ['SIGTERM', 'SIGKILL']);
      assert.match(lines.at(-2)!, /^prereqs: stopping the Docker engine it started \(pid 4242\); its containers get up to 10 s$/);
      assert.match(lines.at(-1)!, /^prereqs: stopped the Docker engine it started \(pid 4242\) in 32\.0 s$/);
    });

    it('a second run when everything is present prints no install step and acts on nothing', async () => {
      const m = fakeMachine();
      const first = await prepare(m);
      const before = { calls: m.calls.length, daemons: m.daemons.length };
      const { result, lines } = await prepare(m);
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0], /^prereqs: all 19 prerequisites of npm test present; Docker engine 20\.10\.24 at unix:\/\/\/var\/run\/docker\.sock \(\d+ ms\)$/);
      assert.doesNotMatch(lines[0], /install/);
      assert.equal(result.startedEngine, undefined);
      assert.deepEqual({ calls: m.calls.length, daemons: m.daemons.length }, before);
      await result.release();
      assert.deepEqual(m.daemons[0].signals, [], 'the second run does not stop the first run\'s engine');
      await first.result.release();
    });

    it('leaves a running engine alone: no dockerd started, nothing stopped', async () => {
      const m = fakeMachine({ present: EVERYTHING, engineUp: true });
      const { result } = await prepare(m);
      await result.release();
      assert.deepEqual(m.calls, []);
      assert.deepEqual(m.daemons, []);
    });

    it('npm start installs what the demo and code-server need, not the test tools', async () => {
      const m = fakeMachine();
      await (await prepare(m, { needs: ['start'], purpose: 'npm start' })).result.release();
      const install = installCall(m)[0];
      for (const name of ['docker.io', 'docker-compose', 'busybox-static', 'ripgrep', 'libkrb5-dev']) assert.ok(install.includes(name), `${name} in ${install.join(' ')}`);
      for (const name of ['skopeo', 'podman', 'chromium', 'prometheus', 'shellcheck']) assert.ok(!install.includes(name), `${name} not in ${install.join(' ')}`);
    });

    it('one test layer asks only for its own needs: the unit layer starts no engine', async () => {
      const m = fakeMachine();
      const { result } = await prepare(m, { needs: ['unit'] });
      assert.deepEqual(installCall(m)[0].slice(-1), ['shellcheck']);
      assert.deepEqual(m.daemons, []);
      assert.equal(result.startedEngine, undefined);
    });

    it('retries without a package apt-get does not know, and says which', async () => {
      const m = fakeMachine({ unknownPackages: ['chromium'] });
      const { result, text } = await prepare(m);
      const installs = installCall(m);
      assert.equal(installs.length, 2);
      assert.ok(installs[0].includes('chromium') && !installs[1].includes('chromium'));
      assert.deepEqual(result.unavailable, ['chromium']);
      assert.match(text, /apt-get has no chromium here; installing the rest/);
      assert.match(text, /still missing: Chromium/);
      await result.release();
    });

    it('a DOCKER_HOST on another unix socket gets its dockerd listening there', async () => {
      const m = fakeMachine({ present: EVERYTHING });
      const { result } = await prepare(m, { env: { DOCKER_HOST: 'unix:///tmp/x/docker.sock' }, dockerdArgs: ['--data-root', '/tmp/x/root'] });
      assert.deepEqual(m.daemons[0].args, ['--iptables=false', '-H', 'unix:///tmp/x/docker.sock', '--data-root', '/tmp/x/root']);
      await result.release();
    });

    it('a dockerd that dies at once is reported with its log, and the run carries on without an engine', async () => {
      const m = fakeMachine({ present: EVERYTHING, dockerdDies: true });
      const { result, text } = await prepare(m);
      assert.equal(result.startedEngine, undefined);
      assert.match(text, /dockerd exited; carrying on without an engine/);
      assert.match(text, /pid file found/);
    });

    it('a remote engine (tcp://) that answers needs no local dockerd; one that does not is never started locally', async () => {
      const present = EVERYTHING.filter((name) => name !== 'dockerd');
      const up = fakeMachine({ present, engineUp: true });
      const reached = await prepare(up, { env: { DOCKER_HOST: 'tcp://10.0.0.5:2376' } });
      assert.deepEqual(up.calls, []);
      assert.match(reached.lines.join('\n'), /Docker engine 20\.10\.24 at tcp:\/\/10\.0\.0\.5:2376/);
      const down = fakeMachine({ present: EVERYTHING });
      const unreached = await prepare(down, { env: { DOCKER_HOST: 'tcp://10.0.0.5:2376' } });
      assert.deepEqual(down.daemons, []);
      assert.match(unreached.text, /not starting one: the engine is tcp:\/\/10\.0\.0\.5:2376, not a local socket/);
    });
  });

  describe('where it cannot act, it prints the commands and carries on', () => {
    it('not root and no passwordless sudo: the apt-get line with sudo, nothing run but `sudo -n true`', async () => {
      const m = fakeMachine({ uid: 1000, sudo: false, present: EVERYTHING.filter((name) => name !== 'skopeo' && name !== 'podman') });
      const { text, result } = await prepare(m);
      assert.deepEqual(m.calls, [['sudo', '-n', 'true']]);
      assert.match(text, /missing for npm test: skopeo \(image archive forms\), Podman/);
      assert.match(text, /not installing \(not root and no passwordless sudo\)/);
      assert.match(text, /^ {2}sudo apt-get update && sudo apt-get install -y --no-install-recommends skopeo podman$/m);
      assert.match(text, /not starting one: not root and no passwordless sudo/);
      assert.equal(result.missing.length, 2);
    });

    it('passwordless sudo: apt-get and dockerd run through `sudo -n`, the socket goes to the user\'s group, the stop too', async () => {
      const m = fakeMachine({ uid: 1000, sudo: true, present: EVERYTHING.filter((name) => name !== 'skopeo') });
      const { result } = await prepare(m);
      assert.deepEqual(installCall(m)[0].slice(0, 5), ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get']);
      assert.deepEqual(m.daemons[0].file, 'sudo');
      assert.deepEqual(m.daemons[0].args, ['-n', '/usr/bin/dockerd', '--iptables=false', '--group', 'alice']);
      await result.release();
      assert.deepEqual(m.calls.at(-1), ['sudo', '-n', 'kill', '-TERM', '4242']);
    });

    it('STEVEDORE_NO_INSTALL=1 changes nothing, even as root: it lists the commands', async () => {
      const m = fakeMachine();
      const { text } = await prepare(m, { env: { STEVEDORE_NO_INSTALL: '1' } });
      assert.deepEqual(m.calls, []);
      assert.deepEqual(m.daemons, []);
      assert.match(text, /not installing \(STEVEDORE_NO_INSTALL=1\)/);
      assert.match(text, /sudo apt-get install -y --no-install-recommends docker\.io docker-compose busybox-static/);
      assert.match(text, /sudo systemctl start docker/);
    });

    it('macOS: Docker Desktop or Colima, brew for the tools, the Linux-only ones named', async () => {
      const m = fakeMachine({ platform: 'darwin', uid: 501 });
      const { text } = await prepare(m);
      assert.deepEqual(m.calls, []);
      assert.match(text, /not installing \(macOS: no apt-get\)/);
      assert.match(text, /brew install --cask docker && open -a Docker {3}# or Colima: brew install colima docker docker-compose && colima start/);
      assert.match(text, /^ {2}brew install docker-compose skopeo podman openssl prometheus node_exporter shellcheck ripgrep$/m);
      assert.match(text, /^ {2}brew install --cask chromium$/m);
      assert.match(text, /^ {2}xcode-select --install$/m);
      assert.match(text, /static busybox \(images built FROM scratch\), ip \(bridges of private engines\): Linux only/);
    });

    it('Windows: WSL', async () => {
      const m = fakeMachine({ platform: 'win32', uid: undefined });
      const { text } = await prepare(m);
      assert.deepEqual(m.calls, []);
      assert.match(text, /wsl --install -d Debian, then run npm install, npm start and npm test inside Debian/);
    });

    it('another Linux without apt-get: the Debian names to translate', async () => {
      const m = fakeMachine({ osRelease: 'ID=fedora\n', present: EVERYTHING.filter((name) => name !== 'rg') });
      const { text } = await prepare(m);
      assert.deepEqual(m.calls, []);
      assert.match(text, /not installing \(no apt-get on this Linux\)/);
      assert.match(text, /equivalents of these Debian packages with your package manager: ripgrep/);
    });

    it('Ubuntu counts as apt (ID_LIKE)', () => {
      const m = fakeMachine({ osRelease: 'ID=linuxmint\nID_LIKE="ubuntu debian"\n' });
      assert.equal(prereqs.platformKind(m), 'apt');
    });
  });

  describe('the table', () => {
    it('every row is needed by a known need, and every purpose expands to rows', () => {
      const known = prereqs.expandNeeds(['start', 'test']);
      for (const row of prereqs.REQUIREMENTS) for (const need of row.for) assert.ok(known.has(need), `${row.what}: unknown need ${need}`);
      assert.equal(prereqs.requirementsFor(['test']).length, prereqs.REQUIREMENTS.length, 'npm test needs every row');
    });

    it('reads apt-get\'s "unknown package" errors', () => {
      assert.deepEqual(prereqs.unavailablePackages("E: Unable to locate package skopeo\nE: Package 'chromium' has no installation candidate\n"), ['skopeo', 'chromium']);
    });
  });

  describe('the real machine probe', () => {
    it('finds a command installed after it first looked (the re-check after apt-get)', () => {
      const dir = mkdtempSync(join(tmpdir(), 'stevedore-path-'));
      try {
        const m = prereqs.machine({ PATH: dir });
        assert.equal(m.command('stevedore-t-tool'), undefined);
        writeFileSync(join(dir, 'stevedore-t-tool'), '#!/bin/sh\n', { mode: 0o755 });
        assert.equal(m.command('stevedore-t-tool'), join(dir, 'stevedore-t-tool'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('a static busybox is told from a dynamic one by its ELF header', () => {
    let scratch: string;
    before(() => {
      scratch = mkdtempSync(join(tmpdir(), 'stevedore-elf-'));
    });
    after(() => rmSync(scratch, { recursive: true, force: true }));

    it('node (dynamically linked) is not static; a text file is not an executable', () => {
      assert.equal(prereqs.isStaticElf(process.execPath), false);
      writeFileSync(join(scratch, 'busybox'), '#!/bin/sh\necho hi\n');
      assert.equal(prereqs.isStaticElf(join(scratch, 'busybox')), false);
      assert.equal(prereqs.isStaticElf(join(scratch, 'absent')), false);
    });

    it('an ELF without a PT_INTERP program header is static', () => {
      // Take node's own header and program table and blank out the PT_INTERP entry.
      const copy = Buffer.alloc(1 << 16);
      const fd = openSync(process.execPath, 'r');
      readSync(fd, copy, 0, copy.length, 0);
      closeSync(fd);
      const tableAt = Number(copy.readBigUInt64LE(32));
      const entrySize = copy.readUInt16LE(54);
      const entries = copy.readUInt16LE(56);
      let blanked = 0;
      for (let i = 0; i < entries; i++) {
        if (copy.readUInt32LE(tableAt + i * entrySize) === 3) {
          copy.writeUInt32LE(0, tableAt + i * entrySize);
          blanked++;
        }
      }
      assert.equal(blanked, 1, 'node has one PT_INTERP');
      writeFileSync(join(scratch, 'static'), copy);
      assert.equal(prereqs.isStaticElf(join(scratch, 'static')), true);
    });
  });
});
