// The panel's "Export JSON" writes exactly what `stevedore analyze --format json|dive-json` prints
// for the same image: one engine, one document, checked against the CLI run as a user would.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { analyzeImage } from '../../../src/image';
import { exportDocument } from '../../../src/vscode/image/session';
import { BUSYBOX_PREAMBLE, busyboxPath, dockerCli, requireDocker } from '../../support/docker';

const run = promisify(execFile);
const TAG = 'stevedore-t-imgui-export:1';
const root = join(__dirname, '../../..');

describe('analyze panel: Export JSON matches the CLI (real engine)', function () {
  this.timeout(180_000);
  let docker: Docker;

  before(async function () {
    docker = await requireDocker(this);
    const context = mkdtempSync(join(tmpdir(), 'stevedore-t-imgui-export-'));
    try {
      copyFileSync(busyboxPath(), join(context, 'busybox'));
      writeFileSync(join(context, 'Dockerfile'), `${BUSYBOX_PREAMBLE}RUN echo one > /a && echo two > /b\nRUN rm /a && chmod 600 /b\n`);
      await dockerCli(['build', '--network', 'none', '-q', '-t', TAG, context]);
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  });

  after(async () => {
    await dockerCli(['rmi', '-f', TAG]).catch(() => undefined);
  });

  for (const format of ['json', 'dive-json'] as const) {
    it(`writes the document \`stevedore analyze --format ${format}\` prints`, async () => {
      const session = await analyzeImage({ kind: 'engine', docker, image: TAG });
      const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'analyze', TAG, '--format', format], {
        cwd: root,
        maxBuffer: 64 * 1024 * 1024,
      });
      assert.equal(exportDocument(session, format), stdout);
    });
  }
});
