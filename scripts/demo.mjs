// The demo workspace's containers: an image built FROM scratch with busybox (no registry needed)
// and the demo compose project (demo/compose.yaml) brought up, when a Docker engine is reachable.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_IMAGE = 'stevedore-demo-busybox:latest';
export const DEMO_PROJECT = 'stevedore-demo';
/** An image with wasted bytes of every cause, built from demo/wasteful/Dockerfile, to analyse. */
export const WASTEFUL_IMAGE = 'stevedore-demo-wasteful:latest';

const quiet = { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' };

export function engineReachable() {
  return spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], quiet).status === 0;
}

export function composeCommand() {
  if (spawnSync('docker', ['compose', 'version'], quiet).status === 0) return ['docker', ['compose']];
  if (spawnSync('docker-compose', ['version'], quiet).status === 0) return ['docker-compose', ['--compatibility']];
  return undefined;
}

/** Build `tag` from a Dockerfile whose context holds only busybox, unless it exists already. */
function ensureBusyboxImage(tag, dockerfile) {
  if (spawnSync('docker', ['image', 'inspect', tag], quiet).status === 0) return;
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => existsSync(p));
  if (!busybox) throw new Error('busybox not found: apt-get install busybox-static');
  const context = mkdtempSync(join(tmpdir(), 'stevedore-demo-'));
  try {
    copyFileSync(busybox, join(context, 'busybox'));
    chmodSync(join(context, 'busybox'), 0o755);
    writeFileSync(join(context, 'Dockerfile'), dockerfile);
    execFileSync('docker', ['build', '-q', '-t', tag, context], { ...quiet, env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

export function ensureDemoImage() {
  ensureBusyboxImage(DEMO_IMAGE, 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\nCMD ["sh"]\n');
  ensureBusyboxImage(WASTEFUL_IMAGE, readFileSync(join(root, 'demo', 'wasteful', 'Dockerfile'), 'utf8'));
}

/** Bring the demo project up; returns a sentence saying what happened. */
export function demoUp() {
  if (!engineReachable()) return 'No Docker engine reachable: the Container stats view will say so (start Docker to see live stats).';
  const compose = composeCommand();
  if (!compose) return 'Neither `docker compose` nor `docker-compose` is installed: the demo services stay down.';
  ensureDemoImage();
  const [command, prefix] = compose;
  const result = spawnSync(command, [...prefix, '-p', DEMO_PROJECT, '-f', join(root, 'demo', 'compose.yaml'), 'up', '-d'], quiet);
  if (result.status !== 0) return `Could not start the demo services: ${result.stderr.trim()}`;
  return `Demo services running (stop them with: ${command} ${prefix.join(' ')} -p ${DEMO_PROJECT} -f demo/compose.yaml down).`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(demoUp());
}
