import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { optionsForHost, resolveDockerTarget, unreachableMessage, DockerConfigError } from '../../../src/docker/connection';

function fakeHome(config?: object, contexts: Record<string, object> = {}): string {
  const home = mkdtempSync(join(tmpdir(), 'stevedore-home-'));
  mkdirSync(join(home, '.docker'), { recursive: true });
  if (config) writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify(config));
  for (const [name, meta] of Object.entries(contexts)) {
    const dir = join(home, '.docker', 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
  }
  return home;
}

describe('docker connection: which engine', () => {
  it('prefers the setting over DOCKER_HOST and the context', () => {
    const target = resolveDockerTarget({ setting: 'unix:///run/podman/podman.sock', env: { DOCKER_HOST: 'tcp://x:2375' }, home: fakeHome() });
    assert.equal(target.source, 'setting');
    assert.deepEqual(target.options, { socketPath: '/run/podman/podman.sock' });
  });

  it('uses DOCKER_HOST when no setting is given', () => {
    const target = resolveDockerTarget({ env: { DOCKER_HOST: 'tcp://build.example:2375' }, home: fakeHome() });
    assert.equal(target.source, 'DOCKER_HOST');
    assert.equal(target.options.host, 'build.example');
    assert.equal(target.options.port, 2375);
    assert.equal(target.options.protocol, 'http');
  });

  it('switches to TLS on port 2376 defaults when DOCKER_TLS_VERIFY is set', () => {
    const certs = mkdtempSync(join(tmpdir(), 'stevedore-certs-'));
    writeFileSync(join(certs, 'ca.pem'), 'CA');
    const target = resolveDockerTarget({ env: { DOCKER_HOST: 'tcp://secure.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, home: fakeHome() });
    assert.equal(target.options.protocol, 'https');
    assert.equal(target.options.port, 2376);
    assert.equal(String(target.options.ca), 'CA');
  });

  it('reads the current docker context from config.json and its metadata', () => {
    const home = fakeHome({ currentContext: 'remote' }, { remote: { Name: 'remote', Endpoints: { docker: { Host: 'ssh://deploy@box.example:2222' } } } });
    const target = resolveDockerTarget({ env: {}, home });
    assert.equal(target.source, 'context');
    assert.equal(target.contextName, 'remote');
    assert.equal(target.options.protocol, 'ssh');
    assert.equal(target.options.host, 'box.example');
    assert.equal(target.options.port, 2222);
    assert.equal(target.options.username, 'deploy');
  });

  it('DOCKER_CONTEXT overrides config.json', () => {
    const home = fakeHome({ currentContext: 'remote' }, {
      remote: { Endpoints: { docker: { Host: 'tcp://a:2375' } } },
      other: { Endpoints: { docker: { Host: 'tcp://b:2375' } } },
    });
    assert.equal(resolveDockerTarget({ env: { DOCKER_CONTEXT: 'other' }, home }).options.host, 'b');
  });

  it('falls back to the platform default socket or pipe', () => {
    assert.deepEqual(resolveDockerTarget({ env: {}, home: fakeHome(), platform: 'linux' }).options, { socketPath: '/var/run/docker.sock' });
    assert.equal(resolveDockerTarget({ env: {}, home: fakeHome(), platform: 'win32' }).options.socketPath, '\\\\.\\pipe\\docker_engine');
    assert.equal(resolveDockerTarget({ env: {}, home: fakeHome({ currentContext: 'default' }), platform: 'linux' }).source, 'default');
  });

  it('explains a selected context whose metadata is missing', () => {
    assert.throws(() => resolveDockerTarget({ env: {}, home: fakeHome({ currentContext: 'gone' }) }), /context "gone".*docker context use default/);
  });

  it('rejects hosts it cannot use with a message naming them', () => {
    assert.throws(() => optionsForHost('ftp://nope'), (e: unknown) => e instanceof DockerConfigError && /ftp:\/\//.test((e as Error).message));
    assert.deepEqual(optionsForHost('/run/user/1000/podman/podman.sock'), { socketPath: '/run/user/1000/podman/podman.sock' });
  });

  it('says which host was tried, where it came from, and what to do', () => {
    const target = resolveDockerTarget({ setting: 'unix:///nowhere.sock' });
    const message = unreachableMessage(target, Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' }));
    assert.match(message, /unix:\/\/\/nowhere\.sock \(from stevedore\.dockerHost\): the socket does not exist/);
    assert.match(message, /stevedore\.dockerHost setting or DOCKER_HOST/);
  });
});

describe('docker connection: a docker CLI config that is not JSON', () => {
  function homeWith(files: Record<string, string>): string {
    const home = mkdtempSync(join(tmpdir(), 'stevedore-home-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(home, '.docker', path, '..'), { recursive: true });
      writeFileSync(join(home, '.docker', path), text);
    }
    return home;
  }
  const metaPath = (name: string) => join('contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json');

  it('says a context\'s metadata is not valid JSON instead of "not found", without echoing it', () => {
    const home = homeWith({ 'config.json': JSON.stringify({ currentContext: 'remote' }), [metaPath('remote')]: '{"Endpoints": {"docker": {"Host": "tcp://secret-token@x"' });
    assert.throws(() => resolveDockerTarget({ env: {}, home }), (error: Error) => {
      assert.ok(error instanceof DockerConfigError);
      assert.match(error.message, /Docker context "remote" is selected but its metadata .*meta\.json is not valid JSON \(a syntax error/);
      assert.doesNotMatch(error.message, /not found|secret-token/);
      return true;
    });
  });

  it('still says "not found" when the metadata is missing', () => {
    const home = homeWith({ 'config.json': JSON.stringify({ currentContext: 'gone' }) });
    assert.throws(() => resolveDockerTarget({ env: {}, home }), /Docker context "gone" is selected but its metadata was not found/);
  });

  it('a config.json that is not JSON: the default engine, as the docker CLI does, with a warning that says why', () => {
    const home = homeWith({ 'config.json': '{"currentContext": "remote", "auths": {"x": "hunter2"' });
    const target = resolveDockerTarget({ env: {}, home, platform: 'linux' });
    assert.equal(target.source, 'default');
    assert.match(target.warning ?? '', /The docker CLI config .*config\.json is not valid JSON \(a syntax error.*\), so its current context is ignored/);
    assert.doesNotMatch(target.warning ?? '', /hunter2/);
    assert.match(unreachableMessage(target, Object.assign(new Error('x'), { code: 'ENOENT' })), /Note: The docker CLI config .* is not valid JSON/);
  });
});

describe('docker connection: key and certificate files that are not files', () => {
  it('a TLS file that is a folder is named, not an EISDIR', () => {
    const certs = mkdtempSync(join(tmpdir(), 'stevedore-certs-'));
    mkdirSync(join(certs, 'ca.pem'));
    assert.throws(
      () => resolveDockerTarget({ env: { DOCKER_HOST: 'tcp://secure.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, home: fakeHome() }),
      (error: Error) => error instanceof DockerConfigError && /The TLS file .*ca\.pem is not a regular file/.test(error.message),
    );
  });

  it('an ssh key path that is a folder is skipped (the next key or the agent is used)', () => {
    const home = fakeHome();
    mkdirSync(join(home, '.ssh', 'id_ed25519'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'id_rsa'), 'KEY');
    const target = resolveDockerTarget({ setting: 'ssh://me@box.example', env: {}, home });
    assert.equal(String((target.options as { sshOptions?: { privateKey?: Buffer } }).sshOptions?.privateKey), 'KEY');
  });
});
