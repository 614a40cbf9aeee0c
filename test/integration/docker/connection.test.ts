import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { connectDocker, DockerUnreachableError } from '../../../src/docker/connection';
import { requireDocker } from '../../support/docker';

describe('docker connection against a real engine', () => {
  let docker: Docker;
  before(async function () {
    docker = await requireDocker(this);
  });

  it('connects through DOCKER_HOST-less defaults and reads the engine version', async () => {
    const version = await docker.version();
    assert.match(version.ApiVersion, /^1\.\d+$/);
  });

  it('connects through an explicit unix:// host as the setting would give it', async () => {
    const { docker: viaSetting, target } = await connectDocker({ setting: 'unix:///var/run/docker.sock', env: {} });
    assert.equal(target.source, 'setting');
    assert.equal((await viaSetting.ping()).toString(), 'OK');
  });

  it('names the host tried and what to do when no engine listens there', async () => {
    await assert.rejects(connectDocker({ setting: 'unix:///tmp/stevedore-no-engine.sock', env: {} }), (error: unknown) => {
      assert.ok(error instanceof DockerUnreachableError);
      assert.match(error.message, /unix:\/\/\/tmp\/stevedore-no-engine\.sock \(from stevedore\.dockerHost\): the socket does not exist/);
      assert.match(error.message, /Is Docker .* running\?/);
      return true;
    });
  });

  it('reports a refused TCP engine as refused, not as a crash', async () => {
    await assert.rejects(connectDocker({ setting: 'tcp://127.0.0.1:1', env: {} }), /tcp:\/\/127\.0\.0\.1:1 .*connection refused/);
  });
});
