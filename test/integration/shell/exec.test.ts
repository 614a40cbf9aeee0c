// A shell through the engine's exec API with a TTY on a real busybox replica: a command's output
// comes back, a resize reaches the TTY (stty size), and stopping the container ends the session
// with a message that says so.
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { ShellSession, chooseShell, commandWords, publishedPorts, type ShellEnd } from '../../../src/stats';
import { buildTestImage, requireDocker } from '../../support/docker';

const IMAGE = 'stevedore-test-logsview-busybox:latest';
const NAME = `stevedore-test-logsview-shell-${process.pid}`;

/** Collects the TTY's output; `until` waits for a pattern in what arrived since `from`. */
class Screen {
  text = '';
  constructor(session: ShellSession) {
    session.on('data', (chunk) => {
      this.text += chunk.toString('utf8');
    });
  }

  async until(pattern: RegExp, from = 0, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.text.slice(from).match(pattern);
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern} in ${JSON.stringify(this.text.slice(from))}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('shell: an exec session with a TTY on a real busybox container', function () {
  this.timeout(120_000);
  let docker: Docker;
  let containerId: string;
  const sessions: ShellSession[] = [];

  before(async function () {
    docker = await requireDocker(this);
    await buildTestImage(IMAGE, 'CMD ["sleep", "100000"]\n');
    await docker.getContainer(NAME).remove({ force: true }).catch(() => undefined);
    const container = await docker.createContainer({
      name: NAME,
      Image: IMAGE,
      Cmd: ['sleep', '100000'],
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
    });
    await container.start();
    containerId = container.id;
  });

  after(async () => {
    for (const session of sessions) session.dispose();
    await docker?.getContainer(NAME).remove({ force: true }).catch(() => undefined);
  });

  it('chooses sh when the container has no bash', async () => {
    assert.deepEqual(await chooseShell(docker, containerId), ['sh']);
  });

  it('splits a configured command into words, quotes grouping', () => {
    assert.deepEqual(commandWords(`/bin/sh -c 'echo "a b"'`), ['/bin/sh', '-c', 'echo "a b"']);
    assert.deepEqual(commandWords('  ash  -l '), ['ash', '-l']);
  });

  it('runs a command and reads its output, then follows a resize, then ends when the container stops', async () => {
    const session = new ShellSession(docker, containerId, { columns: 80, rows: 24 });
    sessions.push(session);
    const screen = new Screen(session);
    const ended = new Promise<ShellEnd>((resolve) => session.once('end', resolve));
    await session.start();
    assert.deepEqual(session.command, ['sh']);
    assert.ok(session.running);

    session.write('echo marker-$((6*7))\n');
    await screen.until(/marker-42/);

    const before = screen.text.length;
    session.write('stty size\n');
    assert.deepEqual([...(await screen.until(/(\d+) (\d+)\r?\n/, before))].slice(1), ['24', '80'], 'the TTY starts at the given size');

    await session.resize(132, 41);
    const afterResize = screen.text.length;
    session.write('stty size\n');
    assert.deepEqual([...(await screen.until(/(\d+) (\d+)\r?\n/, afterResize))].slice(1), ['41', '132'], 'the TTY follows the resize');

    await docker.getContainer(containerId).stop({ t: 1 });
    const end = await Promise.race([ended, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 30_000))]);
    assert.ok(end, 'the session ended when the container stopped');
    assert.equal(end.reason, 'container-stopped');
    assert.match(end.message, /container stopped/i);
    assert.equal(session.running, false);
  });

  it('says the container is not running instead of opening a session on a stopped one', async () => {
    const session = new ShellSession(docker, containerId);
    sessions.push(session);
    await assert.rejects(session.start(), /The container is exited: start it, then open the shell again/);
  });

  it('reports the shell exiting by itself, with its code', async () => {
    await docker.getContainer(containerId).start();
    const session = new ShellSession(docker, containerId, { command: ['sh'] });
    sessions.push(session);
    const ended = new Promise<ShellEnd>((resolve) => session.once('end', resolve));
    await session.start();
    session.write('exit 3\n');
    const end = await ended;
    assert.equal(end.reason, 'exited');
    assert.equal(end.exitCode, 3);
  });

  it('lists the TCP ports a container publishes on the host', async () => {
    const ports = await publishedPorts(docker, [containerId]);
    assert.equal(ports.length, 1);
    assert.equal(ports[0].privatePort, 8080);
    assert.equal(ports[0].hostIp, '127.0.0.1');
    assert.ok(ports[0].publicPort > 0);
  });
});
