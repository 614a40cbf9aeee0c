// "Build and analyze" sends the Dockerfile's folder as the docker CLI would: .dockerignore honoured
// with Docker's own rules (`!` exceptions inside excluded folders too), the Dockerfile always sent.
// Checked by building with the real engine and listing what arrived.
import * as assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';
import { BUSYBOX_PREAMBLE, busyboxPath, dockerCli, requireDocker } from '../../support/docker';
import { contextEntries, contextFor, defaultBuildTag, packContext } from '../../../src/image';

const TAG = 'stevedore-t-imgui-context:1';

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'stevedore-t-imgui-ctx-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), content);
  }
  return folder;
}

async function build(docker: Docker, folder: string, dockerfile = 'Dockerfile'): Promise<void> {
  const context = await contextFor(join(folder, dockerfile));
  const stream = await docker.buildImage(packContext(context, await contextEntries(context)), { t: TAG, dockerfile: context.dockerfile, networkmode: 'none', rm: true });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, events: Array<{ error?: string }>) => {
      const failed = events?.find((event) => event.error);
      if (error || failed) reject(error ?? new Error(failed?.error));
      else resolve();
    }),
  );
}

describe('analyze panel: the build context sent by "Build and analyze" (real engine)', function () {
  this.timeout(120_000);
  let docker: Docker;
  const folders: string[] = [];

  before(async function () {
    docker = await requireDocker(this);
  });

  after(async () => {
    await dockerCli(['rmi', '-f', TAG]).catch(() => undefined);
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('leaves out what .dockerignore excludes, keeps its ! exceptions, and always sends the Dockerfile', async () => {
    const folder = folderWith({
      '.dockerignore': 'node_modules\n*.log\n!keep.log\nDockerfile\nsecrets/\n!secrets/public.pem\n',
      'Dockerfile': `${BUSYBOX_PREAMBLE}COPY . /ctx/\nRUN cd /ctx && find . -type f | sort > /listing.txt\n`,
      'app/main.js': 'console.log(1)\n',
      'app/debug.log': 'noise\n',
      'keep.log': 'wanted\n',
      'node_modules/left-pad/index.js': 'module.exports = 1\n',
      'secrets/private.key': 'PRIVATE\n',
      'secrets/public.pem': 'PUBLIC\n',
    });
    folders.push(folder);
    copyFileSync(busyboxPath(), join(folder, 'busybox'));
    chmodSync(join(folder, 'busybox'), 0o755);
    symlinkSync('app/main.js', join(folder, 'main-link.js'));
    await build(docker, folder);
    const listing = (await dockerCli(['run', '--rm', '--network', 'none', TAG, 'cat', '/listing.txt'])).trim().split('\n');
    // Docker's `*.log` matches at the top only (app/debug.log stays); an ignored Dockerfile is sent but not copied.
    assert.deepEqual(listing, ['./.dockerignore', './app/debug.log', './app/main.js', './busybox', './keep.log', './secrets/public.pem']);
    const link = (await dockerCli(['run', '--rm', '--network', 'none', TAG, 'readlink', '/ctx/main-link.js'])).trim();
    assert.equal(link, 'app/main.js', 'symlinks travel as links');
  });

  it('prefers <Dockerfile>.dockerignore next to a named Dockerfile, as BuildKit does', async () => {
    const folder = folderWith({
      '.dockerignore': 'a.txt\n',
      'api.Dockerfile': 'FROM scratch\nCOPY . /ctx/\n',
      'api.Dockerfile.dockerignore': 'b.txt\n',
      'a.txt': 'a\n',
      'b.txt': 'b\n',
    });
    folders.push(folder);
    const context = await contextFor(join(folder, 'api.Dockerfile'));
    assert.equal(context.ignoreFile, join(folder, 'api.Dockerfile.dockerignore'));
    assert.deepEqual(await contextEntries(context), ['.dockerignore', 'a.txt', 'api.Dockerfile', 'api.Dockerfile.dockerignore']);
  });

  it('names the image after the folder in Docker\'s reference alphabet', () => {
    assert.equal(defaultBuildTag('/work/My App_2/Dockerfile'), 'stevedore-build/my-app_2:latest');
    assert.equal(defaultBuildTag('/Dockerfile'), 'stevedore-build/image:latest');
  });
});
