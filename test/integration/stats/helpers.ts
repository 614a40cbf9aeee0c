// Shared by the stats integration suites: a compose project of busybox services on disk, Compose v1
// with --compatibility (so deploy limits apply), docker stats for comparison, and waiting on the monitor.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ComposeStatsMonitor } from '../../../src/stats/monitor';
import type { ServiceState } from '../../../src/stats/types';

const run = promisify(execFile);

export const IMAGE = 'stevedore-t-stats-busybox:latest';

/** A folder named `folderName` holding compose.yaml; returns its real path. */
export function writeProject(folderName: string, composeYaml: string): string {
  const dir = join(realpathSync(mkdtempSync(join(tmpdir(), 'stevedore-t-stats-'))), folderName);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'compose.yaml'), composeYaml);
  return dir;
}

export async function compose(dir: string, project: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout, stderr } = await run('docker-compose', ['--compatibility', '-p', project, '-f', join(dir, 'compose.yaml'), ...args], {
    cwd: dir,
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout + stderr;
}

export interface DockerStatsLine {
  Name: string;
  CPUPerc: string;
  MemUsage: string;
  MemPerc: string;
  NetIO: string;
  BlockIO: string;
  PIDs: string;
}

/** `docker stats --no-stream --format '{{json .}}'` for the named containers. */
export async function dockerStats(names: string[], env: NodeJS.ProcessEnv = {}): Promise<Map<string, DockerStatsLine>> {
  const { stdout } = await run('docker', ['stats', '--no-stream', '--format', '{{json .}}', ...names], { env: { ...process.env, ...env } });
  const lines = stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as DockerStatsLine);
  return new Map(lines.map((line) => [line.Name, line]));
}

/** "40.41MiB" / "1.52kB" back to bytes. */
export function parseSize(text: string): number {
  const match = /^([0-9.e+]+)([A-Za-z]+)$/.exec(text.trim());
  if (!match) throw new Error(`not a size: ${text}`);
  const binary = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  const decimal = ['B', 'kB', 'MB', 'GB', 'TB'];
  const value = Number(match[1]);
  if (binary.includes(match[2])) return value * 1024 ** binary.indexOf(match[2]);
  if (decimal.includes(match[2])) return value * 1000 ** decimal.indexOf(match[2]);
  throw new Error(`unknown unit in ${text}`);
}

/** Resolve with the first 'state' payload that satisfies `predicate`; reject after `timeoutMs` saying what was last seen. */
export function waitForState(monitor: ComposeStatsMonitor, what: string, predicate: (states: ServiceState[]) => boolean, timeoutMs = 20_000): Promise<ServiceState[]> {
  return new Promise((resolve, reject) => {
    let last: ServiceState[] = [];
    const timer = setTimeout(() => {
      monitor.off('state', listener);
      const seen = last.map((s) => `${s.service}:${s.status}[${s.containers.map((c) => `${c.container}=${c.state}${c.sample ? '+sample' : ''}`).join(',')}]`).join(' ');
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last state: ${seen}`));
    }, timeoutMs);
    const listener = (states: ServiceState[]) => {
      last = states;
      if (!predicate(states)) return;
      clearTimeout(timer);
      monitor.off('state', listener);
      resolve(states);
    };
    monitor.on('state', listener);
    const current = monitor.states();
    if (current.length) listener(current);
  });
}

export const service = (states: ServiceState[], name: string): ServiceState => {
  const found = states.find((s) => s.service === name);
  if (!found) throw new Error(`no service ${name} in ${states.map((s) => s.service).join(', ')}`);
  return found;
};

export const sampled = (state: ServiceState, count: number) => state.containers.filter((c) => c.sample).length === count;
