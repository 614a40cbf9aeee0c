// Image names and IDs against the real engine: what Docker's grammar accepts still finds the image
// (names, full and short IDs, sha256:ID); what escaped the API path before is refused before any
// request (it used to end in "getaddrinfo ENOTFOUND images", "Invalid URL", or inspect another image).
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { DockerEngineError } from '../../../src/docker/connection';
import { readEngineImage } from '../../../src/image/sources/engine';
import { ImageSourceError } from '../../../src/image/errors';
import { requireDocker } from '../../support/docker';
import { buildImage, removeImage } from '../image/support';

const TAG = 'stevedore-test-references:1';

describe('image references against a real engine', function () {
  this.timeout(60_000);
  let docker: Docker;
  let id: string;
  before(async function () {
    docker = await requireDocker(this);
    await buildImage(TAG, 'LABEL purpose=references\n');
    id = ((await docker.getImage(TAG).inspect()) as { Id: string }).Id;
  });
  after(async () => {
    if (docker) await removeImage(TAG);
  });

  it('finds the image by name:tag, sha256:ID, the full ID and a short ID', async () => {
    const hex = id.replace(/^sha256:/, '');
    for (const name of [TAG, id, hex, hex.slice(0, 12)]) {
      const info = (await docker.getImage(name).inspect()) as { Id: string };
      assert.equal(info.Id, id, name);
    }
  });

  it('analyze refuses names outside the grammar before any request, with Docker\'s reason', async () => {
    for (const name of ['a/../b', 'x/../../v1.41/containers/json', `${TAG}?`, 'Busybox']) {
      await assert.rejects(readEngineImage(docker, name), (error: unknown) => {
        assert.ok(error instanceof ImageSourceError, `${name}: ${String(error)}`);
        assert.match(error.message, /is not a valid image name \((invalid reference format|repository name must be lowercase)\)/);
        assert.doesNotMatch(error.message, /ENOTFOUND|Invalid URL/);
        return true;
      });
    }
  });

  it('a name that would leave its path segment never reaches the engine through the client either', async () => {
    await assert.rejects(docker.getImage(`${TAG}?x=../../containers/json`).inspect(), (error: unknown) => error instanceof DockerEngineError && error.kind === 'bad-path');
  });
});
