// Integration tests need a real Docker engine. Without one they are skipped with the reason,
// unless STEVEDORE_REQUIRE_DOCKER=1 (CI), where a missing engine is a failure.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { connectDocker, DockerUnreachableError } from '../../src/docker/connection';

const run = promisify(execFile);

export const dockerRequired = process.env.STEVEDORE_REQUIRE_DOCKER === '1';

let cached: Promise<Docker | string> | undefined;

/** The engine, or the reason there is none. */
export function dockerOrReason(): Promise<Docker | string> {
  cached ??= connectDocker({}, 5000).then(
    ({ docker }) => docker,
    (error: unknown) => (error instanceof DockerUnreachableError ? error.message : String(error)),
  );
  return cached;
}

/**
 * Call in a suite's `before` with `function () { ... }` so `this` is mocha's context.
 * Skips the suite (printing why) when no engine is reachable, or fails under STEVEDORE_REQUIRE_DOCKER=1.
 */
export async function requireDocker(ctx: Mocha.Context): Promise<Docker> {
  const result = await dockerOrReason();
  if (typeof result !== 'string') return result;
  if (dockerRequired) throw new Error(`STEVEDORE_REQUIRE_DOCKER=1 but ${result}`);
  const title = ctx.test?.parent?.fullTitle() ?? 'integration suite';
  console.log(`    skipped "${title}": ${result}`);
  recordSkipReason(`${title}: ${result}`);
  ctx.skip();
  throw new Error('unreachable');
}

function recordSkipReason(reason: string): void {
  const file = process.env.STEVEDORE_SKIP_REASONS;
  if (!file) return;
  try {
    writeFileSync(file, reason + '\n', { flag: 'a' });
  } catch {
    /* reasons are informational */
  }
}

/** Where busybox-static lives on Debian; every test image is built FROM scratch with it. */
export function busyboxPath(): string {
  for (const candidate of ['/bin/busybox', '/usr/bin/busybox']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('busybox not found: install busybox-static (apt-get install busybox-static)');
}

export const BUSYBOX_PREAMBLE = 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\n';

/**
 * Build an image with the real engine from a Dockerfile body that starts after BUSYBOX_PREAMBLE
 * (or a full Dockerfile when `full` is set). `files` are written into the context.
 */
export async function buildTestImage(
  tag: string,
  dockerfile: string,
  options: { files?: Record<string, string | Buffer>; full?: boolean } = {},
): Promise<string> {
  const context = mkdtempSync(join(tmpdir(), 'stevedore-ctx-'));
  try {
    copyFileSync(busyboxPath(), join(context, 'busybox'));
    chmodSync(join(context, 'busybox'), 0o755);
    for (const [name, content] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(context, name)), { recursive: true });
      writeFileSync(join(context, name), content);
    }
    writeFileSync(join(context, 'Dockerfile'), options.full ? dockerfile : BUSYBOX_PREAMBLE + dockerfile);
    await run('docker', ['build', '-q', '-t', tag, context], {
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return tag;
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** Run the docker CLI without a shell; returns stdout. */
export async function dockerCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run('docker', args, { env: { ...process.env, DOCKER_BUILDKIT: '0', ...env }, maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}
