// The engine source at its edges, against the real engine: an export stream that goes silent
// without closing, a cancel before the engine has answered, a peer that accepts and never speaks,
// a name that is no image reference, and archives that hold two images or none by name.
import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { connectDocker, createDockerClient, DockerUnreachableError, resolveDockerTarget } from '../../../src/docker/connection';
import { analyzeImage, ImageSourceError, sourceKindFor } from '../../../src/image/index';
import { buildTestImage, dockerCli, requireDocker } from '../../support/docker';
import { freePort, waitUntil } from '../../support/net';
import { scratchDir, skopeo } from './support';

const TAG = 'stevedore-t-img-edges:1';
const SECOND = 'stevedore-t-img-edges:2';

type Mode = { kind: 'stall'; afterBytes: number } | { kind: 'hold' };

/**
 * A TCP front for the engine's unix socket. Requests pass; the answer to an image export
 * (`GET /images/…/get`) is cut as `mode` says, with the connection left open: a stalled engine, not
 * a closed one.
 */
async function engineProxy(socketPath: string, mode: Mode): Promise<{ host: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const engine = createConnection(socketPath);
    sockets.add(client).add(engine);
    let exporting = false;
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      if (/^GET \S*\/images\/\S+\/get /.test(chunk.toString('latin1', 0, 200))) exporting = true;
      engine.write(chunk);
    });
    engine.on('data', (chunk: Buffer) => {
      if (!exporting) return void client.write(chunk);
      if (mode.kind === 'hold') return;
      const room = mode.afterBytes - sent;
      if (room > 0) client.write(chunk.subarray(0, room));
      sent += chunk.length;
    });
    for (const socket of [client, engine]) socket.on('error', () => undefined);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    host: `tcp://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('image engine at its edges (integration, real engine)', function () {
  this.timeout(120_000);
  let socketPath: string;
  let docker: Docker;

  before(async function () {
    docker = await requireDocker(this);
    const path = (resolveDockerTarget().options as { socketPath?: string }).socketPath;
    if (!path) {
      console.log('    skipped: the engine is not on a unix socket here');
      this.skip();
    }
    socketPath = path;
    await buildTestImage(TAG, 'RUN head -c 2000000 /dev/urandom > /blob\n');
    await buildTestImage(SECOND, 'RUN echo 2 > /two\n');
  });

  after(async () => {
    await dockerCli(['rmi', '-f', TAG, SECOND]).catch(() => undefined);
  });

  it('fails as "engine gone" when the export goes silent mid-stream without closing', async () => {
    const proxy = await engineProxy(socketPath, { kind: 'stall', afterBytes: 300_000 });
    try {
      const through = createDockerClient(resolveDockerTarget({ setting: proxy.host }));
      const started = Date.now();
      await assert.rejects(analyzeImage({ kind: 'engine', docker: through, image: TAG }, { stallMs: 1000 }), (error: unknown) => {
        assert.ok(error instanceof ImageSourceError, String(error));
        assert.equal(error.code, 'engine-gone');
        assert.match(error.message, /stopped sending image stevedore-t-img-edges:1 mid-stream \(nothing received for 1 s\)/);
        return true;
      });
      assert.ok(Date.now() - started < 6000, `${Date.now() - started} ms`);
    } finally {
      await proxy.close();
    }
  });

  it('ends a cancelled analysis at once while the engine has not started answering', async () => {
    const proxy = await engineProxy(socketPath, { kind: 'hold' });
    try {
      const through = createDockerClient(resolveDockerTarget({ setting: proxy.host }));
      const controller = new AbortController();
      const analysis = analyzeImage({ kind: 'engine', docker: through, image: TAG }, { signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const aborted = Date.now();
      controller.abort();
      await assert.rejects(analysis, (error: unknown) => error instanceof ImageSourceError && error.code === 'cancelled');
      assert.ok(Date.now() - aborted < 1000, `${Date.now() - aborted} ms after the cancel`);
    } finally {
      await proxy.close();
    }
  });

  it('gives up on a peer that accepts and never answers, and closes the connection', async () => {
    const closed: boolean[] = [];
    const server = createServer((socket) => {
      closed.push(false);
      const index = closed.length - 1;
      socket.on('close', () => (closed[index] = true));
      socket.resume(); // read, so the client's FIN is seen
      socket.on('error', () => undefined);
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await assert.rejects(connectDocker({ setting: `tcp://127.0.0.1:${port}`, settingName: '--host' }, 500), (error: unknown) => {
        assert.ok(error instanceof DockerUnreachableError);
        assert.match(error.message, /timed out.*point Stevedore at it with --host or DOCKER_HOST/);
        return true;
      });
      await waitUntil(() => closed.length > 0 && closed.every(Boolean), 3000, 'the client to close its connection');
    } finally {
      server.close();
    }
  });

  it('says an invalid image name is not an image name, without the engine\'s raw text', async () => {
    await assert.rejects(analyzeImage({ kind: 'engine', docker, image: 'UPPER/Case:1' }), (error: unknown) => {
      assert.ok(error instanceof ImageSourceError);
      assert.equal(error.message, '"UPPER/Case:1" is not a valid image name (repository name must be lowercase). Name an image as docker does: name, name:tag or registry/name@sha256:….');
      return true;
    });
  });

  it('names the other images of an archive that holds several, and names an unnamed oci-archive after its file', async () => {
    const dir = scratchDir();
    try {
      const both = join(dir, 'both.tar');
      await dockerCli(['save', '-o', both, TAG, SECOND]);
      const { analysis, contents } = await analyzeImage({ kind: 'archive', path: both });
      assert.deepEqual([analysis.image, ...(contents.otherImages ?? [])].sort(), [TAG, SECOND]);
      const unnamed = join(dir, 'unnamed.tar');
      await skopeo([`docker-archive:${both}:${analysis.image}`, `oci-archive:${unnamed}`]);
      const single = await analyzeImage({ kind: 'archive', path: unnamed });
      assert.equal(single.analysis.image, unnamed);
      assert.equal(single.contents.otherImages, undefined);
      assert.equal(single.analysis.sizeBytes, analysis.sizeBytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a bare name that is also a plain folder as the image, and a path or an OCI layout as a folder', () => {
    const dir = scratchDir();
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      mkdirSync('myapp');
      assert.equal(sourceKindFor('myapp'), 'engine');
      assert.equal(sourceKindFor('./myapp'), 'oci-dir');
      assert.equal(sourceKindFor(join(dir, 'myapp')), 'oci-dir');
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
