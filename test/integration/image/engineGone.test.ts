// The engine going away mid-stream: our OWN dockerd (private socket, data root and pidfile) is
// killed while its image export is being read. The analysis must end with a clear error, not hang.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { analyzeImage, ImageSourceError } from '../../../src/image/index';
import { connectDocker } from '../../../src/docker/connection';
import { requireDocker } from '../../support/docker';
import { createPrivateBridge, type PrivateBridge, removeEngineFolder } from '../../support/privateDockerd';
import { buildImage, removeImage, run } from './support';

const TAG = 'stevedore-t-img-gone:1';
const ROOT = join(tmpdir(), 'stevedore-t-img-dockerd');
const SOCKET = join(ROOT, 'docker.sock');

function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve(true);
      } else if (Date.now() - started > ms) {
        clearInterval(timer);
        resolve(false);
      }
    }, 100);
  });
}

/** `docker save TAG | docker -H private load`, without a shell. */
function copyImage(tag: string, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const save = spawn('docker', ['save', tag], { stdio: ['ignore', 'pipe', 'inherit'] });
    const load = spawn('docker', ['-H', host, 'load', '-q'], { stdio: ['pipe', 'ignore', 'inherit'] });
    save.stdout.pipe(load.stdin);
    save.on('error', reject);
    load.on('error', reject);
    load.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker load exited ${code}`))));
  });
}

describe('image engine: the engine going away mid-stream (integration, private dockerd)', function () {
  this.timeout(180_000);
  let daemon: ChildProcess | undefined;
  let bridge: PrivateBridge;

  before(async function () {
    await requireDocker(this);
    removeEngineFolder(ROOT);
    mkdirSync(ROOT, { recursive: true });
    // Several large layers, so the export is still streaming when the daemon dies.
    await buildImage(TAG, 'RUN head -c 30000000 /dev/urandom > /one\nRUN head -c 30000000 /dev/urandom > /two\nRUN head -c 30000000 /dev/urandom > /three\n');
    bridge = createPrivateBridge();
    daemon = spawn(
      'dockerd',
      [
        '--host', `unix://${SOCKET}`,
        '--data-root', join(ROOT, 'root'),
        '--exec-root', join(ROOT, 'exec'),
        '--pidfile', join(ROOT, 'pid'),
        ...bridge.args, '--iptables=false', '--ip-masq=false',
        '--containerd-namespace', 'stevedore-t-img',
        '--containerd-plugins-namespace', 'stevedore-t-img-plugins',
      ],
      { stdio: 'ignore' },
    );
    const up = await waitFor(() => existsSync(SOCKET), 20_000);
    if (!up) {
      console.log('    skipped: a private dockerd did not start here');
      this.skip();
    }
    await copyImage(TAG, `unix://${SOCKET}`);
  });

  after(async () => {
    if (daemon?.pid && daemon.exitCode === null) daemon.kill('SIGKILL');
    await waitFor(() => daemon?.exitCode !== null, 5000);
    // A killed dockerd leaves its data root bind-mounted: unmount what lies under our root first.
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[4])
      .filter((point): point is string => Boolean(point) && point.startsWith(ROOT))
      .sort((a, b) => b.length - a.length);
    for (const point of mounts) await run('umount', ['-l', point]).catch(() => undefined);
    removeEngineFolder(ROOT);
    bridge?.remove();
    await removeImage(TAG);
  });

  it('ends with an "engine-gone" error naming the image, within seconds', async () => {
    const { docker } = await connectDocker({ setting: `unix://${SOCKET}` });
    const started = Date.now();
    let killedAt = 0;
    const error = await analyzeImage(
      { kind: 'engine', docker, image: TAG },
      {
        onProgress: () => {
          if (!killedAt && daemon?.pid) {
            killedAt = Date.now();
            daemon.kill('SIGKILL');
          }
        },
      },
    ).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    assert.ok(killedAt > 0, 'the export never reached its first layer');
    assert.ok(error instanceof ImageSourceError, `expected ImageSourceError, got ${String(error)}`);
    assert.equal(error.code, 'engine-gone');
    assert.match(error.message, /Docker engine stopped sending image stevedore-t-img-gone:1 mid-stream/);
    assert.ok(Date.now() - killedAt < 15_000, 'took too long to notice');
    assert.ok(Date.now() - started < 60_000);
  });
});
