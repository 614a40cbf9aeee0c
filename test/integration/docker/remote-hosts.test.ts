// tcp+TLS and ssh:// engines, for real: a private dockerd with TLS certificates made here by
// openssl, and an sshd on loopback whose user runs `docker system dial-stdio` against the engine.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker, DockerUnreachableError } from '../../../src/docker/connection';
import { dockerRequired, requireDocker } from '../../support/docker';
import { freePort, waitUntil } from '../../support/net';
import { createPrivateBridge, type PrivateBridge, removeEngineFolder } from '../../support/privateDockerd';

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, as `docker` expects them. */
function makeCertificates(dir: string): void {
  openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=stevedore-test-ca', '-keyout', 'ca-key.pem', '-out', 'ca.pem');
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server-key.pem', '-out', 'server.csr');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl(dir, 'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server-cert.pem');
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=client', '-keyout', 'key.pem', '-out', 'client.csr');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  openssl(dir, 'x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '2', '-extfile', 'client.ext', '-out', 'cert.pem');
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

describe('docker connection: a tcp+TLS engine (private dockerd with certificates)', function () {
  this.timeout(90_000);
  let scratch: string;
  let dockerd: ChildProcess | undefined;
  let bridge: PrivateBridge | undefined;
  let port: number;

  before(async function () {
    await requireDocker(this);
    scratch = mkdtempSync(join(tmpdir(), 'stevedore-tls-'));
    const certs = join(scratch, 'certs');
    mkdirSync(certs);
    makeCertificates(certs);
    port = await freePort();
    bridge = createPrivateBridge();
    dockerd = spawn('dockerd', [
      '--tlsverify', `--tlscacert=${join(certs, 'ca.pem')}`, `--tlscert=${join(certs, 'server-cert.pem')}`, `--tlskey=${join(certs, 'server-key.pem')}`,
      '-H', `tcp://127.0.0.1:${port}`,
      '--data-root', join(scratch, 'root'), '--exec-root', join(scratch, 'exec'), '--pidfile', join(scratch, 'dockerd.pid'),
      ...bridge.args, '--iptables=false',
    ], { stdio: 'ignore' });
    await waitUntil(async () => {
      try {
        await connectDocker({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs } }, 2000);
        return true;
      } catch {
        return false;
      }
    }, 45_000, 'the TLS dockerd to accept connections');
  });

  after(async () => {
    await stop(dockerd);
    bridge?.remove();
    if (scratch) removeEngineFolder(scratch);
  });

  it('connects with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, as the docker CLI does', async () => {
    const { docker, target } = await connectDocker({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(scratch, 'certs') } });
    assert.equal(target.options.protocol, 'https');
    const info = await docker.info();
    assert.equal(typeof info.ServerVersion, 'string');
  });

  it('without the client certificate the engine refuses and the message names the host', async () => {
    await assert.rejects(
      connectDocker({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } }, 3000),
      (error: unknown) => error instanceof DockerUnreachableError && error.message.includes(`tcp://127.0.0.1:${port} (from DOCKER_HOST)`),
    );
  });
});

describe('docker connection: an ssh:// engine (sshd on loopback running docker system dial-stdio)', function () {
  this.timeout(60_000);
  let scratch: string;
  let sshd: ChildProcess | undefined;
  let port: number;
  let home: string;

  before(async function () {
    await requireDocker(this);
    const sshdPath = ['/usr/sbin/sshd', '/usr/bin/sshd'].find((p) => existsSync(p));
    if (!sshdPath) {
      if (dockerRequired) throw new Error('sshd not found: apt-get install openssh-server (.ci/run installs it)');
      console.log('    skipped: sshd not found (apt-get install openssh-server)');
      this.skip();
    }
    scratch = mkdtempSync(join(tmpdir(), 'stevedore-ssh-'));
    home = join(scratch, 'home');
    mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(scratch, 'host_key')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(home, '.ssh', 'id_ed25519')]);
    writeFileSync(join(scratch, 'authorized_keys'), readFileSync(join(home, '.ssh', 'id_ed25519.pub')));
    chmodSync(join(scratch, 'authorized_keys'), 0o600);
    mkdirSync('/run/sshd', { recursive: true });
    port = await freePort();
    const user = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
    writeFileSync(join(scratch, 'sshd_config'), [
      `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(scratch, 'host_key')}`,
      `AuthorizedKeysFile ${join(scratch, 'authorized_keys')}`, `AllowUsers ${user}`,
      'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PermitRootLogin prohibit-password',
      'UsePAM no', 'StrictModes no', `PidFile ${join(scratch, 'sshd.pid')}`, 'Subsystem sftp internal-sftp', '',
    ].join('\n'));
    sshd = spawn(sshdPath!, ['-D', '-e', '-f', join(scratch, 'sshd_config')], { stdio: 'ignore' });
    await waitUntil(async () => {
      try {
        const { createConnection } = await import('node:net');
        return await new Promise<boolean>((resolve) => {
          const socket = createConnection(port, '127.0.0.1', () => {
            socket.end();
            resolve(true);
          });
          socket.on('error', () => resolve(false));
        });
      } catch {
        return false;
      }
    }, 15_000, 'sshd to listen');
  });

  after(async () => {
    await stop(sshd);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('reaches the engine over ssh with the user\'s default key', async () => {
    const user = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
    const { docker, target } = await connectDocker({ setting: `ssh://${user}@127.0.0.1:${port}`, env: {}, home }, 20_000);
    assert.equal(target.options.protocol, 'ssh');
    const version = await docker.version();
    assert.match(version.ApiVersion, /^1\.\d+$/);
  });

  it('a refused ssh login gives the unreachable message, not a crash', async () => {
    const emptyHome = join(scratch, 'nokeys');
    mkdirSync(emptyHome, { recursive: true });
    await assert.rejects(
      connectDocker({ setting: `ssh://nobody@127.0.0.1:${port}`, env: {}, home: emptyHome }, 10_000),
      (error: unknown) => error instanceof DockerUnreachableError && /ssh:\/\/nobody@127\.0\.0\.1/.test(error.message),
    );
  });
});
