// "Build and analyze" follows the engine's build output with a bound: an engine that streams a line
// without end no longer grows memory until the editor dies, and odd lines are skipped instead of
// throwing out of a stream handler. Fake engines are small Node servers on unix sockets.
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { createDockerClient, resolveDockerTarget } from '../../../src/docker/connection';
import { followBuildOutput, type BuildEvent } from '../../../src/vscode/image/buildOutput';
import { fakeHttpEngine, type FakeEngine } from '../docker/fakeEngines';

/** An engine whose POST /build answers `first`, then calls `rest` with the open response. */
function buildEngine(first: string, rest: (response: import('node:http').ServerResponse) => void): Promise<FakeEngine> {
  return fakeHttpEngine((request, response) => {
    if (request.url?.endsWith('/_ping')) {
      response.writeHead(200, { 'Content-Type': 'text/plain', 'Api-Version': '1.41' });
      response.end('OK');
      return;
    }
    request.resume();
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.write(first);
    rest(response);
  });
}

async function build(engine: FakeEngine, maxLine?: number): Promise<{ failure: string | undefined; events: BuildEvent[] }> {
  const docker = createDockerClient(resolveDockerTarget({ setting: engine.host, settingName: '--host', env: {} }));
  const stream = (await docker.buildImage(Readable.from([Buffer.alloc(1024)]), { t: 'stevedore-test/build-output' })) as unknown as Readable;
  const events: BuildEvent[] = [];
  const failure = await followBuildOutput(stream, (event) => events.push(event), maxLine);
  return { failure, events };
}

describe('build output: followed line by line with a bound', () => {
  it('an endless line is cut at the bound and stops the build with a message, not buffered without end', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'x');
    let sent = 0;
    const engine = await buildEngine('{"stream":"Step 1/2 : FROM scratch\\n"}\n', (response) => {
      const pump = (): void => {
        while (!response.destroyed && response.write(chunk)) sent += chunk.length;
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    });
    try {
      const started = performance.now();
      const { failure, events } = await build(engine, 64 * 1024);
      assert.ok(performance.now() - started < 5000, 'stops within seconds');
      assert.deepEqual(events, [{ stream: 'Step 1/2 : FROM scratch\n' }], 'the messages before the long line are shown');
      assert.match(failure ?? '', /build output line longer than 64 KiB, so Stevedore stopped the build there/);
      assert.ok(sent < 16 * 1024 * 1024, `reading stopped near the bound (${sent} bytes sent)`);
    } finally {
      await engine.close();
    }
  });

  it('the default bound is 1 MiB, as for the stats streams', async () => {
    const engine = await buildEngine('', (response) => {
      const chunk = Buffer.alloc(64 * 1024, 'y');
      const pump = (): void => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    });
    try {
      const { failure } = await build(engine);
      assert.match(failure ?? '', /longer than 1024 KiB/);
    } finally {
      await engine.close();
    }
  });

  it("resolves with the engine's error message, after passing every message on", async () => {
    const engine = await buildEngine(
      '{"stream":"Step 1/1 : RUN false\\n"}\r\n\n{"errorDetail":{"code":1,"message":"The command \'/bin/sh -c false\' returned a non-zero code: 1"},"error":"returned a non-zero code: 1"}\n',
      (response) => response.end(),
    );
    try {
      const { failure, events } = await build(engine);
      assert.equal(events.length, 2);
      assert.equal(failure, "The command '/bin/sh -c false' returned a non-zero code: 1");
    } finally {
      await engine.close();
    }
  });

  it('skips lines that are not build messages instead of throwing, and succeeds when the output ends', async () => {
    const engine = await buildEngine('<html>\nnull\n42\n{"stream":"Successfully built 0123456789ab\\n"}\n{"aux":{"ID":"sha256:0123"}}\n', (response) => response.end());
    try {
      const { failure, events } = await build(engine);
      assert.equal(failure, undefined);
      assert.deepEqual(events, [{ stream: 'Successfully built 0123456789ab\n' }, { aux: { ID: 'sha256:0123' } }]);
    } finally {
      await engine.close();
    }
  });
});
