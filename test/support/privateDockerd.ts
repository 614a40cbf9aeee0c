// Tests that need an engine of their own (TLS, restarts, an engine dying mid-stream) start a
// private dockerd. It must not use `--bridge=none`: dockerd then deletes the host's docker0, and
// every later `docker run` on the shared engine fails. Each private daemon gets its own bridge.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';

export interface PrivateBridge {
  name: string;
  /** dockerd arguments that make it use this bridge. */
  args: string[];
  remove(): void;
}

function ip(...args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${result.stderr.trim() || result.error?.message}`);
}

export function createPrivateBridge(): PrivateBridge {
  const suffix = randomBytes(3).toString('hex');
  const name = `stvd${suffix}`;
  // A /24 of its own, named after the random suffix; local to this machine, no traffic leaves it.
  const third = parseInt(suffix.slice(0, 2), 16);
  ip('link', 'add', name, 'type', 'bridge');
  ip('addr', 'add', `172.31.${third}.1/24`, 'dev', name);
  ip('link', 'set', name, 'up');
  return {
    name,
    args: ['--bridge', name],
    remove: () => {
      spawnSync('ip', ['link', 'delete', name]);
    },
  };
}

/**
 * Removes a private engine's folder. A stopped dockerd can leave mounts below its data root where
 * the machine's mounts propagate oddly (seen in a chroot with its own mount namespace: EBUSY), so
 * those are detached, deepest first, before a second try.
 */
export function removeEngineFolder(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EBUSY') throw error;
  }
  const below = readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
    .map((line) => line.split(' ')[4])
    .filter((mountPoint): mountPoint is string => mountPoint !== undefined && (mountPoint === dir || mountPoint.startsWith(`${dir}/`)))
    .sort((a, b) => b.length - a.length);
  for (const mountPoint of below) spawnSync('umount', ['-l', mountPoint]);
  rmSync(dir, { recursive: true, force: true });
}
