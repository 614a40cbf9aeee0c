// The engine goes away while streaming and comes back. Uses a private dockerd (own socket, data
// root, exec root, pidfile) so the shared engine and everyone on it are not disturbed.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { buildTestImage, dockerCli, requireDocker } from '../../support/docker';
import { ComposeStatsMonitor } from '../../../src/stats/monitor';
import type { ConnectionState } from '../../../src/stats/types';
import { createPrivateBridge, type PrivateBridge, removeEngineFolder } from '../../support/privateDockerd';
import { IMAGE, compose, sampled, service, waitForState, writeProject } from './helpers';

const run = promisify(execFile);
const PROJECT = 'stevedore-t-stats-restart';

const COMPOSE_YAML = `
services:
  ticker:
    image: ${IMAGE}
    command: ["sh", "-c", "while :; do i=0; while [ $$i -lt 3000 ]; do i=$$((i+1)); done; sleep 0.2; done"]
    network_mode: none
    restart: unless-stopped
`;

class PrivateEngine {
  readonly root = mkdtempSync(join(tmpdir(), 'stevedore-t-stats-dockerd-'));
  readonly socket = join(this.root, 'docker.sock');
  readonly host = `unix://${this.socket}`;
  private child?: ChildProcess;
  private bridge?: PrivateBridge;

  /** Start dockerd and wait until it answers. --live-restore keeps containers running while it is down. */
  async start(): Promise<void> {
    const log = openSync(join(this.root, 'dockerd.log'), 'a');
    this.bridge ??= createPrivateBridge();
    this.child = spawn('dockerd', [
      '--host', this.host, '--data-root', join(this.root, 'data'), '--exec-root', join(this.root, 'exec'),
      '--pidfile', join(this.root, 'dockerd.pid'), ...this.bridge.args, '--iptables=false', '--live-restore',
    ], { stdio: ['ignore', log, log] });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        await run('docker', ['-H', this.host, 'version'], { timeout: 5000 });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    throw new Error(`the private dockerd did not start; see ${join(this.root, 'dockerd.log')}`);
  }

  /** Stop it by its PID and wait for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }

  removeBridge(): void {
    this.bridge?.remove();
    this.bridge = undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  /** dockerd leaves its data root bind-mounted on itself (and overlays if containers live on): unmount, deepest first. */
  unmountLeftovers(): void {
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1])
      .filter((path): path is string => path !== undefined && path.startsWith(this.root))
      .sort((a, b) => b.length - a.length);
    for (const path of mounts) spawnSync('umount', [path]);
  }

  log(): string {
    const file = join(this.root, 'dockerd.log');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-15).join('\n') : '';
  }
}

function nextConnection(monitor: ComposeStatsMonitor, state: ConnectionState['state'], timeoutMs = 30_000): Promise<ConnectionState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${state}' connection state within ${timeoutMs} ms (now ${monitor.connectionState.state})`)), timeoutMs);
    const listener = (connection: ConnectionState) => {
      if (connection.state !== state) return;
      clearTimeout(timer);
      monitor.off('connection', listener);
      resolve(connection);
    };
    monitor.on('connection', listener);
  });
}

describe('stats when the engine restarts while streaming (a private dockerd)', function () {
  this.timeout(180_000);
  const engine = new PrivateEngine();
  let dir: string | undefined;
  let monitor: ComposeStatsMonitor | undefined;

  before(async function () {
    await requireDocker(this);
    if (process.getuid?.() !== 0) {
      console.log('    skipped: starting a private dockerd needs root');
      this.skip();
    }
    await buildTestImage(IMAGE, '');
    await engine.start();
    // The private engine cannot pull either: hand it the image built on the shared one.
    const archive = join(engine.root, 'image.tar');
    await dockerCli(['save', '-o', archive, IMAGE]);
    await run('docker', ['-H', engine.host, 'load', '-i', archive]);
    dir = writeProject('restartdemo', COMPOSE_YAML);
    await compose(dir, PROJECT, ['up', '-d'], { DOCKER_HOST: engine.host });
  });

  after(async function () {
    this.timeout(90_000);
    monitor?.dispose();
    if (dir) {
      // Containers outlive a stopped dockerd (--live-restore): bring it back to remove them.
      if (!engine.running) await engine.start().catch(() => undefined);
      await compose(dir, PROJECT, ['down', '-t', '1'], { DOCKER_HOST: engine.host }).catch(() => '');
      rmSync(dirname(dir), { recursive: true, force: true });
    }
    await engine.stop();
    engine.unmountLeftovers();
    engine.removeBridge();
    removeEngineFolder(engine.root);
  });

  it('reports the engine unreachable with what to do, then recovers and streams again by itself', async () => {
    monitor = new ComposeStatsMonitor({ folder: dir!, projectName: PROJECT, dockerHost: engine.host, reconnectMinMs: 200, reconnectMaxMs: 1000, stateIntervalMs: 300 });
    await monitor.start();
    assert.equal(monitor.connectionState.state, 'connected', engine.log());
    await waitForState(monitor, 'the ticker streaming from the private engine', (s) => sampled(service(s, 'ticker'), 1));

    const lost = nextConnection(monitor, 'disconnected');
    await engine.stop();
    const disconnected = await lost;
    assert.equal(disconnected.state, 'disconnected');
    if (disconnected.state === 'disconnected') {
      assert.match(disconnected.message, new RegExp(`^Docker engine not reachable at ${engine.host.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(from stevedore.dockerHost\\)`));
      assert.match(disconnected.message, /Is Docker .* running\?/);
      assert.ok(disconnected.retryInMs > 0);
    }
    const stale = monitor.states();
    assert.ok(!sampled(service(stale, 'ticker'), 1), 'no stale numbers while the engine is away');

    const back = nextConnection(monitor, 'connected');
    await engine.start();
    await back;
    const states = await waitForState(monitor, 'samples again after the restart', (s) => sampled(service(s, 'ticker'), 1), 30_000);
    assert.equal(service(states, 'ticker').status, 'running');
    assert.ok(service(states, 'ticker').containers[0].sample!.cpuPercent >= 0);
  });
});
