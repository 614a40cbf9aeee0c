// Podman's Docker-compatible socket is an engine like any other: point stevedore.dockerHost at it.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker } from '../../../src/docker/connection';
import { dockerRequired } from '../../support/docker';
import { waitUntil } from '../../support/net';

function podmanPath(): string | undefined {
  try {
    return execFileSync('which', ['podman'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

describe("docker connection: Podman's Docker-compatible socket", function () {
  this.timeout(60_000);
  let scratch: string;
  let service: ChildProcess | undefined;
  let socket: string;

  before(async function () {
    const podman = podmanPath();
    if (!podman) {
      if (dockerRequired) throw new Error('podman not found: apt-get install podman (.ci/run installs it)');
      console.log('    skipped: podman not found (apt-get install podman)');
      this.skip();
    }
    scratch = mkdtempSync(join(tmpdir(), 'stevedore-podman-'));
    socket = join(scratch, 'podman.sock');
    // vfs storage: no overlay mount is left behind in the scratch folder.
    service = spawn(podman!, ['--storage-driver', 'vfs', '--root', join(scratch, 'root'), '--runroot', join(scratch, 'run'), 'system', 'service', '--time=0', `unix://${socket}`], { stdio: 'ignore' });
    await waitUntil(() => existsSync(socket), 30_000, 'the podman socket');
  });

  after(async () => {
    if (service && service.exitCode === null) {
      await new Promise<void>((resolve) => {
        service!.once('exit', () => resolve());
        service!.kill('SIGTERM');
      });
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('connects through the setting and reads the Podman engine version', async () => {
    const { docker, target } = await connectDocker({ setting: `unix://${socket}`, env: {} }, 10_000);
    assert.equal(target.source, 'setting');
    const version = await docker.version();
    assert.ok(version.Components?.some((component) => /podman/i.test(component.Name)), JSON.stringify(version.Components));
  });

  it('lists images and containers through the same Engine API calls Stevedore uses', async () => {
    const { docker } = await connectDocker({ setting: `unix://${socket}`, env: {} }, 10_000);
    assert.ok(Array.isArray(await docker.listImages()));
    assert.ok(Array.isArray(await docker.listContainers({ all: true })));
  });
});
