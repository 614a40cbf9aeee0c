// Images with known content, built by the real engine (FROM scratch + busybox, no network), and
// the other forms the same image can take (docker save, skopeo conversions).
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { BUSYBOX_PREAMBLE, busyboxPath } from '../../support/docker';

export const run = promisify(execFile);

/** Like buildTestImage, with `--network none`: RUN steps need no network and the bridge may be absent. */
export async function buildImage(tag: string, body: string, files: Record<string, string | Buffer> = {}): Promise<void> {
  const context = mkdtempSync(join(tmpdir(), 'stevedore-img-ctx-'));
  try {
    copyFileSync(busyboxPath(), join(context, 'busybox'));
    chmodSync(join(context, 'busybox'), 0o755);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(context, name)), { recursive: true });
      writeFileSync(join(context, name), content);
      chmodSync(join(context, name), 0o644);
    }
    writeFileSync(join(context, 'Dockerfile'), BUSYBOX_PREAMBLE + body);
    await run('docker', ['build', '--network', 'none', '-q', '-t', tag, context], {
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

export async function removeImage(tag: string): Promise<void> {
  await run('docker', ['rmi', '-f', tag]).catch(() => undefined);
}

export async function skopeo(args: string[]): Promise<void> {
  await run('skopeo', ['copy', '-q', ...args], { maxBuffer: 64 * 1024 * 1024 });
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'stevedore-img-it-'));
}
